"""The schema, one module per area; this face is what Django loads.

Every model is re-exported here, so the app label ``couples``, its migrations
(``0001_initial`` names ``couples.models.UserManager``) and
``AUTH_USER_MODEL = "couples.User"`` stay as they were.
"""

from couples.models.account import User, UserManager
from couples.models.plans import PlanItem
from couples.models.reflections import Reflection, ReflectionShare
from couples.models.rituals import CalendarFeed, Ritual
from couples.models.safety import SafetyCheck
from couples.models.sessions import PracticeSession, SessionEvent
from couples.models.space import Couple, Invitation, Membership
from couples.models.therapy import Homework, TherapistAccess, TherapistConsent, TherapistLink

__all__ = [
    "CalendarFeed",
    "Couple",
    "Homework",
    "Invitation",
    "Membership",
    "PlanItem",
    "PracticeSession",
    "Reflection",
    "ReflectionShare",
    "Ritual",
    "SafetyCheck",
    "SessionEvent",
    "TherapistAccess",
    "TherapistConsent",
    "TherapistLink",
    "User",
    "UserManager",
]
