"""I-statement rewriting: the exercise and its analyzer, as one package.

- :mod:`exercises.i_statements.exercise`: the live exercise (registration with
  the engine, its commands, private drafts, the reveal and the offer).
- :mod:`exercises.i_statements.analyzer`: ``analyze()``, the deterministic,
  explainable coach (codes, character offsets, a suggestion).
- :mod:`exercises.i_statements.rules` and :mod:`exercises.i_statements.patterns`:
  the rules the analyzer applies and the word patterns they read.
- :mod:`exercises.i_statements.builder`: the guided builder (feeling,
  situation, need, request) and the draft limits.

Importing the package registers the exercise; its public names are re-exported
here so callers write ``from exercises.i_statements import analyze``.
"""

from exercises.i_statements.exercise import *  # noqa: F403  (registration and public API)
from exercises.i_statements.exercise import __all__  # noqa: F401
