"""The schema, one module per area; this face is what Django loads.

Every model is re-exported here, so the app label ``couples``, its migrations
(``0001_initial`` names ``couples.models.UserManager``) and
``AUTH_USER_MODEL = "couples.User"`` stay as they were.
"""

from couples.models.account import User, UserManager
from couples.models.assessments import AssessmentResult, AssessmentShare
from couples.models.boundaries import Boundary, BoundaryShare
from couples.models.checkins import DailyCheckIn
from couples.models.nudges import NudgePreferences
from couples.models.plans import PlanItem
from couples.models.reflections import Reflection, ReflectionShare
from couples.models.rehearsals import Rehearsal
from couples.models.repair_list import RepairMarks
from couples.models.rituals import CalendarFeed, Ritual, RitualKept
from couples.models.safety import SafetyCheck
from couples.models.sessions import PracticeSession, SessionEvent
from couples.models.space import Couple, Invitation, Membership
from couples.models.therapy import (
    Homework,
    HomeworkPlan,
    PracticeSummary,
    PracticeSummaryPart,
    TherapistAccess,
    TherapistConsent,
    TherapistLink,
)

__all__ = [
    "AssessmentResult",
    "AssessmentShare",
    "Boundary",
    "BoundaryShare",
    "CalendarFeed",
    "Couple",
    "DailyCheckIn",
    "Homework",
    "HomeworkPlan",
    "Invitation",
    "Membership",
    "NudgePreferences",
    "PlanItem",
    "PracticeSession",
    "PracticeSummary",
    "PracticeSummaryPart",
    "Reflection",
    "ReflectionShare",
    "Rehearsal",
    "RepairMarks",
    "Ritual",
    "RitualKept",
    "SafetyCheck",
    "SessionEvent",
    "TherapistAccess",
    "TherapistConsent",
    "TherapistLink",
    "User",
    "UserManager",
]
