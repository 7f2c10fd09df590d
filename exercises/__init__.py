"""Attune's exercise engine: pure Python, no Django, no Channels.

Importing the package registers every exercise and session-level command with
:mod:`exercises.engine`, so ``from exercises import engine`` is all a caller
needs.
"""

from exercises import (  # noqa: F401  (importing each module registers its commands)
    active_listening,
    aftermath,
    boundary_conversation,
    facilitation,
    i_statements,
    repair,
    repair_list,
    rituals,
    session_flow,
    state_of_union,
    stress_conversation,
)
