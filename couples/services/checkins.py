"""The daily check-in, writes: one feeling word from the lexicon, a 1–5
mood and an optional note, sealed for their author alone (the daily
emotional check-in of earned-security practice; naming a feeling softens it,
Lieberman et al. 2007).

Bad input raises a ``couples.lib.errors`` refusal with a stable code and
``details["field"]``; then nothing changed.
"""

from __future__ import annotations

from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from couples.lib.errors import FeelingUnknown, PartTooLong
from couples.models import DailyCheckIn, User
from couples.selectors.checkins import MAX_NOTE_CHARS, feeling_word_set
from couples.services.reflections import mood_clean


@sensitive_variables()
def checkin_create(*, author: User, feeling: str, mood: int | str, note: str = "") -> DailyCheckIn:
    """Keep a check-in for ``author``: ``feeling`` one word of
    ``selectors.checkins.feeling_choices`` (any case), ``mood`` 1–5, ``note``
    up to MAX_NOTE_CHARS characters (optional). Returns the row. Raises
    FeelingUnknown, MoodOutOfRange (also when the mood is left out) and
    PartTooLong."""
    word = (feeling or "").strip().lower()
    if word not in feeling_word_set():
        raise FeelingUnknown("Choose one feeling word from the list.", field="feeling")
    clean_mood = mood_clean(mood if mood not in (None, "") else 0)
    assert clean_mood is not None  # 0 is refused by mood_clean
    clean_note = (note or "").strip()
    if len(clean_note) > MAX_NOTE_CHARS:
        raise PartTooLong(
            f"Please keep the note under {MAX_NOTE_CHARS:,} characters.",
            field="note", limit=MAX_NOTE_CHARS,
        )
    return DailyCheckIn.objects.create(
        author=author, mood=clean_mood, sealed=crypto.seal({"feeling": word, "note": clean_note})
    )


def checkin_delete(*, checkin: DailyCheckIn) -> None:
    """Delete one check-in for good."""
    checkin.delete()
