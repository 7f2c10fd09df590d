"""Our repair list on the Django side (issue #14 item 4): each partner's
marks kept in the couple space, the page where a partner edits only their
own marks and sees only the combined effect, and the list carried into a
live session (when it opens and when marks change during it) through the
real ASGI app."""

from __future__ import annotations

import time
import uuid

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from couples.models import PracticeSession, RepairMarks, SessionEvent
from couples.selectors.sessions import session_snapshot
from couples.services.privacy import account_delete, account_export
from couples.services.repair_list import repair_marks_save
from couples.services.sessions import practice_session_start
from exercises.engine import RuleError


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def offered(view) -> list[str]:
    """Every phrase id in a partner's repair picker, both-welcome first."""
    menu = view["repair_menu"]
    return [p["id"] for p in menu["both_welcome"]] + [
        p["id"] for g in menu["groups"] for p in g["phrases"]
    ]


# --- the service ---------------------------------------------------------------------


def test_a_session_opened_after_the_list_was_made_uses_it(couple, partners):
    alex, sam = partners
    repair_marks_save(couple=couple, user=alex, marks={"appreciate_love": "welcome"}, now=0)
    repair_marks_save(couple=couple, user=sam, marks={"appreciate_love": "welcome",
                                                     "calm_slow": "irritating"}, now=0)
    practice = practice_session_start(couple=couple, started_by=alex)
    assert practice.version == 1
    event = SessionEvent.objects.get(session=practice)
    assert (event.command, event.events[0]["type"]) == ("repair_lists_set", "repair_list_updated")
    view = session_snapshot(session_id=practice.pk, user_id=alex.pk)["view"]
    assert offered(view)[0] == "appreciate_love" and "calm_slow" not in offered(view)
    assert "repair_lists" not in view


def test_a_couple_without_a_list_opens_a_session_as_before(couple, partners):
    practice = practice_session_start(couple=couple, started_by=partners[0])
    assert practice.version == 0 and not SessionEvent.objects.filter(session=practice).exists()


@pytest.mark.parametrize(
    ("marks", "code"),
    [({"not_a_phrase": "welcome"}, "unknown_repair_phrase"),
     ({"calm_slow": "love it"}, "invalid_choice")],
)
def test_bad_marks_are_refused_and_nothing_changes(couple, partners, marks, code):
    repair_marks_save(couple=couple, user=partners[0], marks={"calm_slow": "welcome"}, now=0)
    practice = practice_session_start(couple=couple, started_by=partners[0])
    with pytest.raises(RuleError) as error:
        repair_marks_save(couple=couple, user=partners[0], marks=marks, now=0)
    assert error.value.code == code
    assert RepairMarks.objects.get(user=partners[0]).marks == {"calm_slow": "welcome"}
    assert PracticeSession.objects.get(pk=practice.pk).version == practice.version


# --- the page --------------------------------------------------------------------------------


def test_the_couple_space_links_to_the_repair_list(partners):
    assert reverse("repair_list").encode() in signed_in(partners[0]).get(reverse("home")).content


def test_a_partner_saves_their_own_marks_from_the_page(couple, partners):
    client = signed_in(partners[0])
    response = client.post(reverse("repair_list"), {
        "mark-calm_slow": "welcome", "mark-sorry_harsh": "irritating", "mark-yes_point": ""})
    assert response.status_code == 302
    assert RepairMarks.objects.get(user=partners[0]).marks == {
        "sorry_harsh": "irritating", "calm_slow": "welcome"}
    page = client.get(reverse("repair_list")).content.decode()
    assert 'name="mark-calm_slow" value="welcome" checked' in page
    assert not RepairMarks.objects.filter(user=partners[1]).exists()


def test_the_page_shows_the_combined_effect_not_the_partners_marks(couple, partners):
    alex, sam = partners
    repair_marks_save(couple=couple, user=alex, marks={"appreciate_love": "welcome"}, now=0)
    repair_marks_save(couple=couple, user=sam, marks={
        "appreciate_love": "welcome", "calm_slow": "irritating", "sorry_harsh": "welcome"}, now=0)
    page = signed_in(alex).get(reverse("repair_list")).content.decode()
    welcome = page.split('id="both-welcome-heading"')[1].split("</section>")[0]
    assert "I love you, even while we disagree." in welcome
    assert "1 phrase will not be offered to you, at your partner's wish." in page
    # Sam's own marks are not shown to Alex: only Alex's own radios are checked.
    assert 'name="mark-sorry_harsh" value="welcome" checked' not in page
    assert 'name="mark-calm_slow" value="irritating" checked' not in page
    assert 'name="mark-appreciate_love" value="welcome" checked' in page


def test_an_unknown_phrase_in_the_form_is_refused_clearly(couple, partners):
    response = signed_in(partners[0]).post(
        reverse("repair_list"), {"mark-invented": "welcome"}, follow=True)
    assert "That phrase is not on the list." in response.content.decode()
    assert not RepairMarks.objects.exists()


def test_someone_without_a_couple_gets_not_found(outsider):
    assert signed_in(outsider).get(reverse("repair_list")).status_code == 404


def test_saving_needs_the_csrf_token(couple, partners):
    client = Client(enforce_csrf_checks=True)
    client.force_login(partners[0])
    assert client.post(reverse("repair_list"), {"mark-calm_slow": "welcome"}).status_code == 403
    assert not RepairMarks.objects.exists()


# --- a live session ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_marks_changed_during_a_session_reach_both_screens_and_hide_the_phrase(
    couple, practice, partners, session_socket
):
    alex_user, sam_user = partners
    alex = await session_socket(alex_user, practice)
    sam = await session_socket(sam_user, practice)
    await database_sync_to_async(repair_marks_save)(
        couple=couple, user=sam_user, marks={"calm_slow": "irritating"}, now=time.time())
    update = await alex.at_version(1)
    assert "calm_slow" not in offered(update["view"]) and "repair_lists" not in update["view"]
    assert [e["type"] for e in update["events"]] == ["repair_list_updated"]
    sam_update = await sam.at_version(1)
    assert "calm_slow" in offered(sam_update["view"])

    await alex.command("repair_send", 1, str(uuid.uuid4()), phrase_id="calm_slow")
    error = await alex.next("ack", "error")
    assert (error["type"], error["code"]) == ("error", "phrase_hidden")
    # Sam can still send it to Alex, who did not mark it.
    await sam.command("repair_send", 1, str(uuid.uuid4()), phrase_id="calm_slow")
    assert (await sam.next("ack", "error"))["type"] == "ack"


@pytest.mark.django_db(transaction=True)
async def test_a_client_cannot_set_the_repair_list_itself(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    await alex.command("repair_lists_set", 0, str(uuid.uuid4()),
                       lists={"x": {"calm_slow": "irritating"}})
    error = await alex.next("ack", "error")
    assert (error["type"], error["code"]) == ("error", "unknown_command")


def test_a_partner_exports_their_own_marks_only(couple, partners):
    repair_marks_save(couple=couple, user=partners[0], marks={"calm_slow": "welcome"}, now=0)
    repair_marks_save(couple=couple, user=partners[1], marks={"yes_point": "irritating"}, now=0)
    assert account_export(partners[0])["repair_list"] == {"calm_slow": "welcome"}


def test_deleting_an_account_takes_its_marks_out_of_the_couples_sessions(couple, partners):
    alex, sam = partners
    repair_marks_save(couple=couple, user=alex, marks={"calm_slow": "welcome"}, now=0)
    repair_marks_save(couple=couple, user=sam, marks={"yes_point": "irritating"}, now=0)
    practice = practice_session_start(couple=couple, started_by=alex)
    account_delete(user=sam)
    state = PracticeSession.objects.get(pk=practice.pk).state
    assert state["repair_lists"] == {str(alex.pk): {"calm_slow": "welcome"}}
    assert not RepairMarks.objects.filter(user_id=sam.pk).exists()
