"""Every refusal on the Django side, under one base: :class:`DomainError`.

A service or selector that cannot do what it was asked raises a subclass
(nothing was written); the view or consumer that called it shows ``message``
to the person and, over the socket, sends ``code``. Codes are stable and
listed in docs/protocol.md ("Error codes"). The exercise engine keeps its own
base, :class:`exercises.engine.RuleError` (the rules of an exercise); both
carry the same three things, so a door can answer either the same way.

Families (each a plain subclass of DomainError, grouped here by area):
couple space and invitations, practice sessions, therapist links and
homework, rituals of connection, the reflection log, the safety check-in.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A request the Django side refuses.

    ``code`` (class attribute) is a stable machine-readable name;
    ``message`` a calm sentence for people; ``details`` extra fields for the
    client (for example ``field``, the form field at fault).
    """

    code = "refused"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


# --- couple space and invitations -------------------------------------------------


class InvitationInvalid(DomainError):
    """The link was edited, never issued, revoked, or is for another kind of account."""

    code = "invitation_invalid"


class InvitationExpired(DomainError):
    """The link is past its expiry."""

    code = "invitation_expired"


class InvitationUsed(DomainError):
    """The link was already used."""

    code = "invitation_used"


class CoupleFull(DomainError):
    """The couple already has two partners."""

    code = "couple_full"


class AlreadyInACouple(DomainError):
    """The person already belongs to a couple."""

    code = "already_in_a_couple"


# --- practice sessions -------------------------------------------------------------


class NotEnoughPartners(DomainError):
    """A practice session needs both partners in the couple (or is started by
    someone who is neither a partner nor the couple's linked therapist)."""

    code = "not_enough_partners"


class StaleVersion(DomainError):
    """The command was made against an older version than the session's;
    ``current`` is the session's version now."""

    code = "stale_version"

    def __init__(self, current: int) -> None:
        super().__init__(f"session is at version {current}", current_version=current)
        self.current = current


class NoLongerTakingPart(DomainError):
    """The user no longer takes part in the session: their membership ended,
    or (for a therapist) the link ended or lost a partner's consent."""

    code = "not_a_participant"

    def __init__(self, message: str = "You no longer take part in this session.") -> None:
        super().__init__(message)


class SignInEnded(DomainError):
    """The sign-in a socket was opened with has ended (signed out, password
    changed, signed out everywhere, or the Django session expired): the
    command was not applied and the socket closes with 4401
    (docs/protocol.md)."""

    code = "signed_out"

    def __init__(self) -> None:
        super().__init__("Your sign-in has ended.")


# --- therapist links and homework ------------------------------------------------------


class TherapyError(DomainError):
    """A therapist-mode action that cannot be done (link, consent, homework,
    joining a session as facilitator)."""

    code = "therapy_refused"


# --- aftermath plans ------------------------------------------------------------------


class PlanItemNotFound(DomainError):
    """No such plan item in the person's couple (another couple's answers the same)."""

    code = "plan_item_not_found"


# --- rituals of connection ------------------------------------------------------------


class RitualChangedMeanwhile(DomainError):
    """The ritual was changed (by the partner) after the form was opened."""

    code = "ritual_changed"


class RitualRetired(DomainError):
    """A retired ritual is brought back before it is edited."""

    code = "ritual_retired"


class RitualNotActive(DomainError):
    """A paused or retired ritual cannot be marked as kept."""

    code = "ritual_not_active"


class TransitionNotAllowed(DomainError):
    """Pause, resume or retire does not apply to the ritual's current status."""

    code = "transition_not_allowed"


# --- the reflection log -------------------------------------------------------------------
# ``details["field"]`` names the form field at fault, when there is one.


class ReflectionTextRequired(DomainError):
    code = "text_required"


class ReflectionTextTooLong(DomainError):
    code = "text_too_long"


class MoodOutOfRange(DomainError):
    code = "mood_out_of_range"


class TooManyTags(DomainError):
    code = "too_many_tags"


class TagTooLong(DomainError):
    code = "tag_too_long"


class SessionNotFound(DomainError):
    code = "session_not_found"


class TranscriptChoiceRefused(DomainError):
    """Keep or let go cannot be chosen now: ``code`` says why
    (``transcript_session_open``: the session still runs;
    ``transcript_choice_invalid``: neither "keep" nor "let_go";
    ``transcript_let_go_final``: the words were let go, or this partner
    already chose to let them go)."""

    code = "transcript_choice_refused"

    def __init__(self, message: str, *, code: str, **details: Any) -> None:
        super().__init__(message, **details)
        self.code = code


class ExerciseNotFound(DomainError):
    code = "exercise_not_found"


class UnknownAudience(DomainError):
    code = "unknown_audience"


class NoCoupleToShareWith(DomainError):
    code = "no_couple"


class NoTherapistToShareWith(DomainError):
    """Sharing with a therapist needs an active therapist link of the couple
    (both partners consented), and the one named must be one of them."""

    code = "no_therapist"


class TherapistChoiceRequired(DomainError):
    """The couple has several linked therapists: the author names one
    (``details["choices"]``: the link ids)."""

    code = "therapist_choice_required"


# --- the safety check-in --------------------------------------------------------------------


class SafetyAnswerInvalid(DomainError):
    code = "answer_invalid"


# --- earned security: check-ins, boundaries, rehearsals -----------------------------


class PartRequired(DomainError):
    """A required part of a check-in, boundary or rehearsal was left empty
    (``details["field"]``)."""

    code = "text_required"


class PartTooLong(DomainError):
    """A part is past its limit (``details["field"]``, ``details["limit"]``: characters)."""

    code = "text_too_long"


class FeelingUnknown(DomainError):
    """A daily check-in's feeling word is not one of the lexicon's feeling words."""

    code = "feeling_unknown"
