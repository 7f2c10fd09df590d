"""Attune's exercise engine: pure Python, no Django, no Channels.

Importing the package registers every exercise and session-level command with
:mod:`exercises.engine`, so ``from exercises import engine`` is all a caller
needs.
"""

from exercises import active_listening, session_flow  # noqa: F401  (registration)
from exercises import aftermath, repair  # noqa: F401  (registration: repair, time-out)
from exercises import rituals  # noqa: F401  (registration: ritual planning)
from exercises import i_statements  # noqa: F401  (registration: I-statement rewriting)
from exercises import facilitation  # noqa: F401  (registration: therapist facilitation)
from exercises import stress_conversation  # noqa: F401  (registration: guided conversation)
from exercises import state_of_union  # noqa: F401  (registration: guided conversation)
