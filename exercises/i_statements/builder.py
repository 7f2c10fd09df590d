"""The guided builder of I-statement rewriting: the field limits, the
rewrite template, the feeling check and the live coaching of a private draft.

Pure Python, no state: :mod:`exercises.i_statements` (the exercise's
commands) uses it, and so does the consumer for the ``analyze`` message. The
four parts follow Nonviolent Communication (Rosenberg: feeling, observation,
need, request) in the order of Gottman's gentle start-up ("I feel … about …
and I need …"); the template wording is Attune's own.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from exercises.engine import TextTooLong
from exercises.i_statements.analyzer import analyze, feeling_lexicon

MAX_COMPLAINT_CHARS = 1000
"""The complaint as it comes (characters, after stripping)."""
MAX_SITUATION_CHARS = 300
MAX_NEED_CHARS = 120
MAX_REQUEST_CHARS = 300
MAX_REWRITE_CHARS = 1000
"""The final wording of the rewrite, composed or edited by the writer."""
MAX_ANALYZE_CHARS = max(MAX_COMPLAINT_CHARS, MAX_REWRITE_CHARS)
"""Longest text the live coaching (``analyze`` message) accepts (characters)."""

DRAFT_LIMITS: dict[str, int] = {
    "complaint": MAX_COMPLAINT_CHARS,
    "feeling": 40,
    "situation": MAX_SITUATION_CHARS,
    "need": MAX_NEED_CHARS,
    "request": MAX_REQUEST_CHARS,
    "rewrite": MAX_REWRITE_CHARS,
}
"""Fields of a private draft and their limits (characters, after stripping)."""

REWRITE_TEMPLATE = (
    "I feel {feeling} when {situation}, because I need {need}. "
    "Would you be willing to {request}?"
)
"""Attune's own wording of the four parts (static/js/exercises/i_statement_coach.js
composes the same preview)."""


@cache
def feeling_words() -> frozenset[str]:
    """Every feeling word of the builder's picker (lower case), from data/feelings.json."""
    return frozenset(w.lower() for g in feeling_lexicon() for w in g["words"])


def draft_analyze(text: str) -> dict[str, Any]:
    """Live coaching of a private draft: ``analyze(text).to_dict()``.

    Changes nothing and stores nothing (the text is a private draft). ``text``
    is any string up to MAX_ANALYZE_CHARS characters (not stripped: the
    findings' offsets refer to it exactly). Raises TextTooLong past the limit.
    """
    if len(text) > MAX_ANALYZE_CHARS:
        raise TextTooLong(
            f"Please keep it under {MAX_ANALYZE_CHARS} characters.",
            field="text",
            limit=MAX_ANALYZE_CHARS,
            length=len(text),
        )
    return analyze(text).to_dict()


_LOWER_FIRST = frozenset(
    "a an the my our your you we it there this that he she they his her their "
    "after before on at in last yesterday today every each".split()
)
_LEAD_WHEN = re.compile(r"^(?:when|whenever)\s+", re.IGNORECASE)
_LEAD_NEED = re.compile(r"^(?:because\s+)?(?:i\s+need\s+)?", re.IGNORECASE)
_LEAD_REQUEST = re.compile(
    r"^(?:(?:would|could|will|can)\s+you\s+(?:be\s+willing\s+to\s+)?)?(?:please\s+)?",
    re.IGNORECASE,
)


def compose_rewrite(*, feeling: str, situation: str, need: str, request: str) -> str:
    """Fill :data:`REWRITE_TEMPLATE` with the builder's four parts.

    Connective words the writer typed themselves ("when …", "because I need
    …", "would you be willing to …") and trailing punctuation (". ? ! …") are
    dropped so they are not doubled. Returns the sentence (a str).
    """

    def tidy(part: str, lead: re.Pattern[str], lower_first: frozenset[str] | None) -> str:
        text = lead.sub("", part.strip(), count=1).strip().rstrip(".?!…").strip()
        # Mid-sentence, "The dishes" reads "the dishes" and "Tell me" "tell me";
        # "I", "TV" and a situation's names ("Sam is out") stay as written.
        first = text.split(" ", 1)[0]
        if (
            first[:1].isupper()
            and first != "I"
            and not first[1:2].isupper()
            and (lower_first is None or first.lower() in lower_first)
        ):
            text = text[0].lower() + text[1:]
        return text

    return REWRITE_TEMPLATE.format(
        feeling=feeling.strip().lower(),
        situation=tidy(situation, _LEAD_WHEN, _LOWER_FIRST),
        need=tidy(need, _LEAD_NEED, None),
        request=tidy(request, _LEAD_REQUEST, None),
    )
