"""Attune's exercise engine: pure Python, no Django, no Channels.

Importing the package registers every exercise and session-level command with
:mod:`exercises.engine`, so ``from exercises import engine`` is all a caller
needs.
"""

from exercises import active_listening, session_flow  # noqa: F401  (registration)
