"""The private safety check-in, read: the questions (in our own words), the
result a set of answers leads to, and a person's own saved check-ins.

Couples exercises assume both people can speak freely without paying for it
later. Where there is violence, coercive control or fear of the partner,
couples work is widely advised against and individual, specialist support
comes first. The check-in points to the resources page; it is not a
diagnosis or a risk assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from couples.models import SafetyCheck, User

ANSWERS = {"yes": "Yes", "no": "No", "unsure": "Not sure", "skip": "I'd rather not say"}
"""The possible answers to each question, and their words."""


@dataclass(frozen=True, slots=True)
class Question:
    """One check-in question; ``worrying`` is the answer that signals a
    concern (``"yes"`` or ``"no"``, depending on how it is asked)."""

    id: str
    text: str
    worrying: str


QUESTIONS = (
    Question("safe_now", "Do you feel safe where you are right now?", "no"),
    Question(
        "afraid",
        "In the past year, have you been afraid of your partner, or of how they might react?",
        "yes",
    ),
    Question(
        "hurt",
        "Has your partner hit, pushed, grabbed, choked or otherwise hurt you, or threatened to?",
        "yes",
    ),
    Question(
        "control",
        "Does your partner check your phone or messages, control the money, or keep you "
        "from seeing friends or family?",
        "yes",
    ),
    Question(
        "pressure",
        "Has your partner pressured or forced you into sexual contact you did not want?",
        "yes",
    ),
    Question(
        "speak_freely",
        "Could you say what you honestly think in a session without worrying about what "
        "happens afterwards?",
        "no",
    ),
)


QUESTION_IDS = tuple(q.id for q in QUESTIONS)


RESULTS = ("urgent", "concern", "unsure", "clear")
"""Results, most pressing first: ``urgent`` (not safe right now), ``concern``
(an answer that signals violence, fear or control), ``unsure`` (some "not
sure"), ``clear`` (nothing in the answers points to a concern)."""


@sensitive_variables()
def safety_result(answers: dict[str, str]) -> str:
    """The result (one of RESULTS) for cleaned ``answers``."""
    by_id = {q.id: q for q in QUESTIONS}
    if answers.get("safe_now") == by_id["safe_now"].worrying:
        return "urgent"
    if any(answers.get(q.id) == q.worrying for q in QUESTIONS):
        return "concern"
    if any(value == "unsure" for value in answers.values()):
        return "unsure"
    return "clear"


@sensitive_variables()
def safety_checks_of(author: User) -> list[dict[str, Any]]:
    """``author``'s kept check-ins, newest first: ``[{"id", "created_at",
    "result", "answers": [{"question", "answer"}], "unreadable"}]``."""
    found = []
    for check in SafetyCheck.objects.filter(author=author):
        try:
            body = crypto.unseal(check.sealed)
            unreadable = False
        except crypto.Unreadable:
            body, unreadable = {"answers": {}, "result": ""}, True
        found.append(
            {
                "id": str(check.public_id),
                "created_at": check.created_at,
                "result": body["result"],
                "answers": [
                    {"question": q.text, "answer": ANSWERS[body["answers"][q.id]]}
                    for q in QUESTIONS
                    if q.id in body["answers"]
                ],
                "unreadable": unreadable,
            }
        )
    return found
