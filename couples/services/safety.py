"""The private safety check-in, writes: recording and deleting a check-in.

Answers are kept only when their author asks for it, sealed
(``couples.lib.crypto``) and for the author's eyes only; they never reach a
session, an event, a presence record or a log line (docs/architecture.md,
"Privacy and safety"). The questions and results: ``couples.selectors.safety``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from couples.lib.errors import SafetyAnswerInvalid
from couples.models import SafetyCheck, User
from couples.selectors.safety import ANSWERS, QUESTION_IDS, RESULTS


@sensitive_variables()
def answers_clean(answers: dict[str, Any]) -> dict[str, str]:
    """Return an answer for every question (``"skip"`` where none was
    given). Raises SafetyAnswerInvalid for an unknown question or answer."""
    unknown = set(answers) - set(QUESTION_IDS)
    if unknown:
        raise SafetyAnswerInvalid("Please answer the questions on this page.")
    cleaned = {}
    for qid in QUESTION_IDS:
        value = answers.get(qid) or "skip"
        if value not in ANSWERS:
            raise SafetyAnswerInvalid("Please choose one of the answers offered.")
        cleaned[qid] = value
    return cleaned


@sensitive_variables()
def safety_check_record(*, author: User, answers: dict[str, str], result: str) -> SafetyCheck:
    """Keep a check-in for ``author``: cleaned ``answers`` and its
    ``result``, sealed together. Raises SafetyAnswerInvalid."""
    cleaned = answers_clean(answers)
    if result not in RESULTS:
        raise SafetyAnswerInvalid("Please answer the questions on this page.")
    return SafetyCheck.objects.create(
        author=author, sealed=crypto.seal({"answers": cleaned, "result": result})
    )


def safety_check_delete(*, author: User, public_id: Any) -> bool:
    """Delete one of ``author``'s check-ins for good. Returns False when
    ``author`` has none with ``public_id`` (someone else's looks the same)."""
    try:
        deleted, _ = SafetyCheck.objects.filter(author=author, public_id=public_id).delete()
    except (ValueError, TypeError, ValidationError):
        return False
    return bool(deleted)


def safety_checks_delete_all(*, author: User) -> int:
    """Delete every check-in ``author`` kept. Returns how many."""
    deleted, _ = SafetyCheck.objects.filter(author=author).delete()
    return deleted
