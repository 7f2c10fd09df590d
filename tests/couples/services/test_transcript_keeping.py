"""Keep or let go (couples/services/sessions.py, transcript_choose): at the
end of a session each partner chooses whether its words are kept; the words
stay until both have chosen, and unless both keep them they are deleted from
the event log and the state for good, while the events, their order, times
and counts stay. "Keep" can become "let go" later; "let go" is final. Only a
partner of the couple can choose (404 for anyone else)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from couples.lib.errors import SessionNotFound, TranscriptChoiceRefused
from couples.models import PracticeSession, SessionEvent
from couples.selectors.sessions import carried_over_statements, session_transcript
from couples.services.sessions import practice_session_start, transcript_choose
from couples.services.therapy import consent_give, link_create
from tests.couples.services.test_private_session_text import say
from tests.factories import CoupleFactory, UserFactory, marker

pytestmark = pytest.mark.django_db


def spoken_and_ended(practice, partners) -> list[str]:
    """An active-listening exchange, both closing lines revealed, a repair
    attempt, then the session ends. Returns every text written."""
    alex, sam = partners
    texts = [marker("topic"), marker("statement"), marker("paraphrase"), marker("alex-line"),
             marker("sam-line"), marker("repair")]
    topic, statement, paraphrase, alex_line, sam_line, repair = texts
    say(practice, alex, "exercise_start", exercise="active_listening", topic=topic,
        mode="typed", first_speaker=str(alex.pk))
    say(practice, alex, "statement_make", text=statement)
    say(practice, sam, "paraphrase_submit", text=paraphrase)
    say(practice, alex, "paraphrase_confirm")
    say(practice, sam, "listening_close")
    say(practice, alex, "understanding_share", text=alex_line)
    say(practice, sam, "understanding_share", text=sam_line)
    say(practice, sam, "repair_send", text=repair)
    say(practice, alex, "session_end")
    return texts


def stored() -> str:
    """The session state and event columns as the database holds them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM couples_practicesession")
        states = [str(row[0]) for row in cursor.fetchall()]
        cursor.execute("SELECT events FROM couples_sessionevent")
        events = [str(row[0]) for row in cursor.fetchall()]
    return "\n".join(states + events)


def shape(practice) -> list[tuple[int, str, list[str], object]]:
    """What must stay when the words go: each event row's seq, command,
    event types and time."""
    return [
        (row.seq, row.command, [e["type"] for e in row.events], row.created_at)
        for row in SessionEvent.objects.filter(session=practice)
    ]


def transcript_text(practice) -> str:
    practice.refresh_from_db()
    return " ".join(
        f"{line['text']} {' '.join(line['items'])}".strip() for line in session_transcript(practice)
    )


def test_both_keep_and_the_words_stay(practice, partners):
    alex, sam = partners
    texts = spoken_and_ended(practice, partners)
    first = transcript_choose(public_id=practice.public_id, user=alex, choice="keep")
    assert first["outcome"] == "waiting"
    assert [row["text"] for row in first["choices"]] == [
        "You chose to keep it.", f"{sam.display_name} has not chosen yet."
    ]
    both = transcript_choose(public_id=practice.public_id, user=sam, choice="keep")
    assert both["outcome"] == "kept"
    assert f"{alex.display_name} chose to keep it." in [row["text"] for row in both["choices"]]
    practice.refresh_from_db()
    assert practice.text_let_go_at is None
    raw = stored()
    assert all(text in raw for text in texts)
    assert texts[1] in transcript_text(practice)


def test_until_both_have_chosen_the_words_are_kept_and_the_page_says_so(practice, partners):
    alex, _sam = partners
    texts = spoken_and_ended(practice, partners)
    view = transcript_choose(public_id=practice.public_id, user=alex, choice="let_go")
    assert view["outcome"] == "waiting"
    assert all(text in stored() for text in texts)
    page = Client()
    page.force_login(alex)
    body = page.get(reverse("session_transcript", args=[practice.public_id])).content.decode()
    assert "kept until both of you have chosen" in body
    assert "You chose to let it go." in body
    assert texts[1] in body


def test_one_lets_go_and_the_words_are_gone_the_events_and_counts_stay(practice, partners):
    alex, sam = partners
    texts = spoken_and_ended(practice, partners)
    before = shape(practice)
    practice.refresh_from_db()
    summary_before = practice.state["completed"][0]["summary"]
    transcript_choose(public_id=practice.public_id, user=alex, choice="keep")
    view = transcript_choose(public_id=practice.public_id, user=sam, choice="let_go")

    assert view["outcome"] == "let_go"
    raw = stored()
    assert not [text for text in texts if text in raw]
    assert shape(practice) == before  # types, seq, times
    practice.refresh_from_db()
    assert practice.version == before[-1][0]
    summary = practice.state["completed"][0]["summary"]
    assert summary["exchanges"] == summary_before["exchanges"] == 1
    assert summary["talk_time"] == summary_before["talk_time"]
    assert practice.state["completed"][0]["title"] == "Active listening"
    assert transcript_text(practice) == "The words of this session were let go."
    assert [row["text"] for row in view["choices"]] == [
        f"{alex.display_name} chose to keep it.", "You chose to let it go."
    ]


def test_keep_can_become_let_go_later_from_the_transcript_page(practice, partners):
    alex, sam = partners
    texts = spoken_and_ended(practice, partners)
    transcript_choose(public_id=practice.public_id, user=alex, choice="keep")
    transcript_choose(public_id=practice.public_id, user=sam, choice="keep")
    assert all(text in stored() for text in texts)

    page = Client()
    page.force_login(sam)
    url = reverse("session_transcript", args=[practice.public_id])
    assert "Let it go" in page.get(url).content.decode()
    answer = page.post(reverse("session_keeping", args=[practice.public_id]),
                       {"choice": "let_go", "back": "transcript"})
    assert answer.status_code == 302 and answer.url == url
    assert not [text for text in texts if text in stored()]
    body = page.get(url).content.decode()
    assert "The words of this session were let go." in body
    assert texts[1] not in body
    with pytest.raises(TranscriptChoiceRefused) as refused:  # let go is final
        transcript_choose(public_id=practice.public_id, user=alex, choice="keep")
    assert refused.value.code == "transcript_let_go_final"


def test_nothing_to_choose_while_the_session_runs(practice, partners):
    with pytest.raises(TranscriptChoiceRefused) as refused:
        transcript_choose(public_id=practice.public_id, user=partners[0], choice="let_go")
    assert refused.value.code == "transcript_session_open"
    assert PracticeSession.objects.get(pk=practice.pk).transcript_choices == {}


def test_another_couple_a_stranger_and_the_therapist_cannot_choose(practice, partners, couple):
    texts = spoken_and_ended(practice, partners)
    other_couple = CoupleFactory()
    neighbour = other_couple.memberships.first().user
    stranger = UserFactory()
    therapist = UserFactory(is_therapist=True)
    link = link_create(couple=couple, therapist=therapist, invited_by=partners[0])
    consent_give(link_id=link.pk, partner=partners[1])
    url = reverse("session_keeping", args=[practice.public_id])
    for person in (neighbour, stranger, therapist):
        with pytest.raises(SessionNotFound):
            transcript_choose(public_id=practice.public_id, user=person, choice="let_go")
        page = Client()
        page.force_login(person)
        assert page.post(url, {"choice": "let_go"}).status_code == 404
    practice.refresh_from_db()
    assert practice.transcript_choices == {}
    assert all(text in stored() for text in texts)


def test_a_linked_therapist_reads_the_same_rule(practice, partners, couple):
    alex, sam = partners
    therapist = UserFactory(is_therapist=True)
    link = link_create(couple=couple, therapist=therapist, invited_by=alex)
    consent_give(link_id=link.pk, partner=sam)
    texts = spoken_and_ended(practice, partners)
    transcript_choose(public_id=practice.public_id, user=alex, choice="let_go")
    transcript_choose(public_id=practice.public_id, user=sam, choice="keep")
    page = Client()
    page.force_login(therapist)
    body = page.get(reverse("therapist_transcript",
                            args=[couple.public_id, practice.public_id])).content.decode()
    assert "The words of this session were let go." in body
    assert texts[1] not in body


def test_a_statement_carried_over_is_not_brought_back_once_let_go(couple, partners):
    alex, sam = partners
    practice = practice_session_start(couple=couple, started_by=alex)
    statement = "I feel " + marker("carried")
    say(practice, alex, "exercise_start", exercise="i_statements", first_writer=str(alex.pk))
    say(practice, alex, "i_statement_share", feeling="lonely", situation="we eat apart",
        need="closeness", request="eat together", text=statement)
    say(practice, sam, "i_statement_paraphrase", text="You feel something.")
    say(practice, alex, "i_statement_paraphrase_confirm")
    say(practice, sam, "i_statement_offer", text="I can try.")
    say(practice, alex, "i_statement_close", outcome="carried_over")
    say(practice, sam, "i_statement_close", outcome="carried_over")
    say(practice, alex, "session_end")
    practice.refresh_from_db()
    later = practice_session_start(couple=couple, started_by=alex)
    carried = carried_over_statements(later)
    transcript_choose(public_id=practice.public_id, user=alex, choice="let_go")
    transcript_choose(public_id=practice.public_id, user=sam, choice="let_go")
    assert [item["text"] for item in carried] == [statement]
    assert carried_over_statements(later) == []
