"""The reflection log, writes: creating, sharing, unsharing and deleting a
reflection (docs/architecture.md, "Privacy and safety").

A reflection is readable by its author alone; its text and tags are sealed
(``couples.lib.crypto``) before they reach the database. Bad input raises a
``couples.lib.errors`` refusal with a stable ``code`` (and ``details["field"]``
naming the form field); then nothing changed. Nothing here logs, broadcasts
or touches a practice session.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.views.decorators.debug import sensitive_variables

from couples.lib import crypto
from couples.lib.errors import (
    MoodOutOfRange,
    NoCoupleToShareWith,
    NoTherapistToShareWith,
    ReflectionTextRequired,
    ReflectionTextTooLong,
    TagTooLong,
    TherapistChoiceRequired,
    TooManyTags,
    UnknownAudience,
)
from couples.lib.relay import couple_notice_deliveries, deliver_on_commit
from couples.models import Reflection, ReflectionShare, User
from couples.selectors.nudges import notice_reflection_shared
from couples.selectors.reflections import (
    AUDIENCES,
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TEXT_CHARS,
    MOODS,
    _exercise_link,
)
from couples.selectors.space import couple_of
from couples.selectors.therapy import active_links


@sensitive_variables()
def text_clean(text: str) -> str:
    """Return ``text`` stripped. Raises ReflectionTextRequired when empty,
    ReflectionTextTooLong past MAX_TEXT_CHARS (characters, after stripping)."""
    text = (text or "").strip()
    if not text:
        raise ReflectionTextRequired("Write a few words, or skip this reflection.", field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise ReflectionTextTooLong(
            f"Please keep a reflection under {MAX_TEXT_CHARS:,} characters.",
            field="text",
            limit=MAX_TEXT_CHARS,
        )
    return text


def mood_clean(mood: int | str | None) -> int | None:
    """Return the mood as 1–5, or None when not given. Raises MoodOutOfRange."""
    if mood is None or mood == "":
        return None
    try:
        value = int(mood)
    except (TypeError, ValueError):
        value = 0
    if value not in MOODS:
        raise MoodOutOfRange("Choose a mood from 1 (very low) to 5 (very good).", field="mood")
    return value


@sensitive_variables()
def tags_clean(tags: str | Iterable[str]) -> tuple[str, ...]:
    """Return the tags as a tuple: split on commas (from a string), stripped,
    a leading ``#`` dropped, inner spaces collapsed, empty and repeated
    (ignoring case) tags removed, first spelling kept.

    Raises TooManyTags past MAX_TAGS, TagTooLong past MAX_TAG_CHARS characters.
    """
    raw = tags.split(",") if isinstance(tags, str) else list(tags)
    cleaned: list[str] = []
    seen: set[str] = set()
    for item in raw:
        tag = re.sub(r"\s+", " ", str(item)).strip().lstrip("#").strip()
        if not tag or tag.casefold() in seen:
            continue
        if len(tag) > MAX_TAG_CHARS:
            raise TagTooLong(
                f"Keep each tag under {MAX_TAG_CHARS} characters.",
                field="tags",
                limit=MAX_TAG_CHARS,
            )
        seen.add(tag.casefold())
        cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise TooManyTags(f"Use at most {MAX_TAGS} tags.", field="tags", limit=MAX_TAGS)
    return tuple(cleaned)


@sensitive_variables()
def reflection_create(
    *,
    author: User,
    text: str,
    mood: int | str | None = None,
    tags: str | Iterable[str] = (),
    session_public_id: str | None = None,
    exercise_index: int | str | None = None,
) -> Reflection:
    """Save a reflection for ``author`` and return it (text and tags sealed).

    ``session_public_id`` and ``exercise_index`` link it to the exercise it
    follows: the practice session (one ``author`` takes part in as a partner)
    and a position in that session's ``completed`` list. The session itself
    is not touched. Raises ReflectionTextRequired, ReflectionTextTooLong,
    MoodOutOfRange, TooManyTags, TagTooLong, SessionNotFound (unknown, not the
    author's, or an index without a session) and ExerciseNotFound.
    """
    clean_text = text_clean(text)
    clean_mood = mood_clean(mood)
    clean_tags = tags_clean(tags)
    session, index, kind = _exercise_link(author, session_public_id, exercise_index)
    return Reflection.objects.create(
        author=author,
        couple=couple_of(author),
        session=session,
        exercise_index=index,
        exercise_kind=kind,
        mood=clean_mood,
        sealed=crypto.seal({"text": clean_text, "tags": list(clean_tags)}),
    )


def reflection_delete(*, reflection: Reflection) -> None:
    """Delete ``reflection`` and its shares for good (no soft delete)."""
    reflection.delete()


def reflection_share(
    *, reflection: Reflection, audience: str, therapist_link_id: int | str | None = None
) -> ReflectionShare:
    """Show ``reflection`` to ``audience`` (``"partner"`` or ``"therapist"``)
    of the couple the author belonged to when writing it; sharing twice is
    one share. Returns the share.

    A therapist share names the therapist: ``therapist_link_id``, one of the
    couple's active therapist links (``couples/selectors/therapy.py``); it may
    be left out when the couple has exactly one. Only that therapist sees the
    entry, and only while that link lasts (docs/architecture.md, "Privacy
    and safety").

    Raises UnknownAudience, NoCoupleToShareWith when the entry was written
    outside a couple or its author has left that couple,
    NoTherapistToShareWith when no such active link exists, and
    TherapistChoiceRequired when several do and none is named. A new share
    with the partner is announced on the partner's couple page
    (``couple.notice``: the author's name and a link, after the commit).
    """
    if audience not in AUDIENCES:
        raise UnknownAudience("Choose your partner or your therapist.")
    if reflection.couple is None or not reflection.couple.memberships.filter(
        user_id=reflection.author_id
    ).exists():
        raise NoCoupleToShareWith(
            "This reflection was written outside your current couple space, so it cannot be shared."
        )
    link_id = None
    if audience == ReflectionShare.Audience.THERAPIST:
        link_id = _therapist_link_to_share_with(reflection.couple.pk, therapist_link_id)
    share, created = ReflectionShare.objects.get_or_create(
        reflection=reflection, audience=audience, therapist_link_id=link_id
    )
    if created and audience == ReflectionShare.Audience.PARTNER:
        # The partner's couple page says so at once: the author's name and a
        # link, never the text.
        partners = set(reflection.couple.memberships.values_list("user_id", flat=True))
        deliver_on_commit(
            couple_notice_deliveries(
                couple_id=reflection.couple.pk,
                to=partners - {reflection.author_id},
                notice=notice_reflection_shared(reflection.author.display_name),
            )
        )
    return share


def _therapist_link_to_share_with(couple_id: int, wanted: int | str | None) -> int:
    links = sorted(active_links().filter(couple_id=couple_id).values_list("pk", flat=True))
    if wanted is not None and wanted != "":
        try:
            link_id = int(wanted)
        except (TypeError, ValueError):
            link_id = -1
        if link_id not in links:
            raise NoTherapistToShareWith("That therapist is not linked to your couple space.")
        return link_id
    if not links:
        raise NoTherapistToShareWith(
            "No therapist is linked to your couple space with both partners' consent."
        )
    if len(links) > 1:
        raise TherapistChoiceRequired("Choose which therapist to share it with.", choices=links)
    return links[0]


def reflection_unshare(
    *, reflection: Reflection, audience: str, therapist_link_id: int | str | None = None
) -> bool:
    """Take a share back (the share row is deleted): with ``"therapist"``,
    the share made for ``therapist_link_id``, or every therapist share when
    it is left out. Returns False when it was not shared with ``audience``."""
    shares = ReflectionShare.objects.filter(reflection=reflection, audience=audience)
    wanted = therapist_link_id
    if audience == ReflectionShare.Audience.THERAPIST and wanted is not None and wanted != "":
        try:
            shares = shares.filter(therapist_link_id=int(wanted))
        except (TypeError, ValueError):
            return False
    deleted, _ = shares.delete()
    return bool(deleted)
