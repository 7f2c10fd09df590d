"""Self-assessment results, writes: taking one, sharing it, taking a share
back, deleting it (docs/self_assessments.md).

The answers and scores are sealed (``couples.lib.crypto``) before they reach
the database. Bad answers raise the engine's refusals
(``exercises.assessments``: ``assessment_unknown``,
``assessment_answer_missing``, ``assessment_answer_out_of_range``); sharing
raises the ``couples.lib.errors`` refusals of ``services.sharing``. Then
nothing changed.
"""

from __future__ import annotations

from typing import Any

from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from couples.models import AssessmentResult, AssessmentShare, User
from couples.services.sharing import share_target
from exercises import assessments


@sensitive_variables()
def assessment_take(*, author: User, kind: str, answers: dict[str, Any]) -> AssessmentResult:
    """Score ``answers`` (``{item id: 1..5}``) of assessment ``kind`` and
    keep the result, sealed, for ``author`` alone. Returns the result.
    Raises UnknownAssessment, AnswerMissing, AnswerOutOfRange
    (``exercises.assessments``)."""
    clean = assessments.answers_clean(kind, answers)
    scores = assessments.score(kind, clean)
    return AssessmentResult.objects.create(
        author=author, kind=kind, sealed=crypto.seal({"answers": clean, "scores": scores})
    )


def assessment_share(
    *, result: AssessmentResult, audience: str, therapist_link_id: int | str | None = None
) -> AssessmentShare:
    """Show this one ``result`` to ``audience`` (``"partner"`` or
    ``"therapist"``) of its author's current couple; sharing twice is one
    share. Returns the share. Raises what ``services.sharing.share_target``
    raises (UnknownAudience, NoCoupleToShareWith, NoTherapistToShareWith,
    TherapistChoiceRequired)."""
    couple, link_id = share_target(
        author=result.author, audience=audience, therapist_link_id=therapist_link_id
    )
    share, _ = AssessmentShare.objects.get_or_create(
        result=result, couple=couple, audience=audience, therapist_link_id=link_id
    )
    return share


def assessment_unshare(
    *, result: AssessmentResult, audience: str, therapist_link_id: int | str | None = None
) -> bool:
    """Take a share back (rows deleted): with ``"therapist"`` the share for
    ``therapist_link_id``, or every therapist share when it is left out.
    Returns False when nothing was shared with ``audience``."""
    shares = AssessmentShare.objects.filter(result=result, audience=audience)
    if audience == AssessmentShare.Audience.THERAPIST and therapist_link_id not in (None, ""):
        try:
            shares = shares.filter(therapist_link_id=int(str(therapist_link_id)))
        except ValueError:
            return False
    deleted, _ = shares.delete()
    return bool(deleted)


def assessment_delete(*, result: AssessmentResult) -> None:
    """Delete ``result`` and its shares for good."""
    result.delete()
