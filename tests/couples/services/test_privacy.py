"""Each privacy rule of reflections (docs/architecture.md, "Privacy and safety"), tested
so that it fails if the rule breaks: a reflection is readable by its author
alone (not the partner's pages or socket, not the admin, not a database dump,
not a log line or an error report) until the author shares one entry; the
export holds only the person's own data; account deletion is real and
leaves the couple's transcripts to the other partner."""

from __future__ import annotations

import json
import logging
import sys
import uuid

import pytest
from channels.db import database_sync_to_async
from django.contrib import admin
from django.core.signals import got_request_exception
from django.db import connection
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.views.debug import ExceptionReporter

from couples.lib import crypto
from couples.models import (
    Membership,
    PracticeSession,
    Reflection,
    ReflectionShare,
    SafetyCheck,
    SessionEvent,
    User,
)
from couples.services.commands import session_command_apply
from couples.services.reflections import reflection_share
from couples.services.safety import safety_check_record
from tests.factories import PASSWORD, UserFactory, complete_an_exercise, marker, write

pytestmark = pytest.mark.django_db


# --- helpers ----------------------------------------------------------------------------


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def app_urls(ids) -> list[str]:
    """Every URL of the site's own routes (the admin has its own test), with
    each of ``ids`` in the UUID parameters and placeholders elsewhere."""
    urls = set()
    for pattern in get_resolver().url_patterns:
        if not isinstance(pattern, URLPattern) or not pattern.name:
            continue
        converters = getattr(pattern.pattern, "converters", {})
        if not converters:
            urls.add(reverse(pattern.name))
            continue
        for value in ids:
            kwargs = {}
            for name, converter in converters.items():
                if isinstance(converter, UUIDConverter):
                    kwargs[name] = value
                elif isinstance(converter, IntConverter):
                    kwargs[name] = 1
                else:
                    kwargs[name] = "x"
            urls.add(reverse(pattern.name, kwargs=kwargs))
    return sorted(urls)


def pages_containing(client: Client, text: str, urls) -> list[str]:
    """The URLs among ``urls`` whose GET response contains ``text``."""
    found = []
    for url in urls:
        if url == reverse("away"):
            continue  # the quick exit signs out by design: nothing there to find
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if text in body.decode(errors="replace"):
            found.append(url)
    return found


def every_stored_value() -> str:
    """Every value of every row of every table, as one string: what a
    database dump would show."""
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            dump.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(dump)


@pytest.fixture
def written(practice, partners):
    """The first partner's reflection, after an exercise of the live session,
    with a unique text and tag to look for."""
    index = complete_an_exercise(practice, partners)
    text, tag = marker("text"), marker("tag")[:30]
    reflection = write(partners[0], f"I was hurt when {text}", tags=tag, mood=2,
                       session_public_id=str(practice.public_id), exercise_index=index)
    return reflection, text, tag


# --- only the author --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("reflection_detail", "get"),
        ("reflection_delete", "get"),
        ("reflection_delete", "post"),
        ("reflection_share", "post"),
        ("reflection_unshare", "post"),
    ],
)
def test_the_partner_gets_404_on_the_authors_entry_urls(written, partners, name, method):
    reflection, _, _ = written
    reflection_share(reflection=reflection, audience="therapist")
    url = reverse(name, args=[reflection.public_id])
    response = getattr(signed_in(partners[1]), method)(url, {"audience": "partner"})
    assert response.status_code == 404
    assert Reflection.objects.filter(pk=reflection.pk).exists()
    assert list(reflection.shares.values_list("audience", flat=True)) == ["therapist"]


def test_the_author_can_read_what_the_partner_cannot(written, partners):
    reflection, text, _ = written
    page = signed_in(partners[0]).get(reverse("reflection_detail", args=[reflection.public_id]))
    assert text in page.content.decode()


def test_the_text_is_on_no_page_the_partner_can_load(written, practice, couple, partners):
    reflection, text, tag = written
    ids = [reflection.public_id, practice.public_id, couple.public_id, uuid.uuid4()]
    urls = [
        *app_urls(ids),
        f"{reverse('reflection_create')}?session={practice.public_id}&exercise=0",
    ]
    partner = signed_in(partners[1])
    assert pages_containing(partner, text, urls) == []
    assert pages_containing(partner, tag, urls) == []
    # The same crawl finds the entry once it is shared, on the one page meant for it.
    reflection_share(reflection=reflection, audience="partner")
    assert pages_containing(partner, text, urls) == [reverse("reflections_shared")]


def test_the_text_is_on_no_page_of_a_therapist_or_a_stranger(written, practice, couple):
    reflection, text, _ = written
    reflection_share(reflection=reflection, audience="partner")
    urls = app_urls([reflection.public_id, practice.public_id, couple.public_id])
    for visitor in (UserFactory(is_therapist=True), UserFactory()):
        assert pages_containing(signed_in(visitor), text, urls) == []


def test_sharing_shows_one_entry_to_the_partner_and_unsharing_takes_it_back(written, partners):
    reflection, text, _ = written
    other_text = marker("not shared")
    write(partners[0], other_text)
    author, partner = signed_in(partners[0]), signed_in(partners[1])
    shared_page = reverse("reflections_shared")

    author.post(reverse("reflection_share", args=[reflection.public_id]), {"audience": "partner"})
    page = partner.get(shared_page).content.decode()
    assert text in page and other_text not in page
    assert partner.get(reverse("reflection_detail", args=[reflection.public_id])).status_code == 404

    author.post(reverse("reflection_unshare", args=[reflection.public_id]), {"audience": "partner"})
    assert text not in partner.get(shared_page).content.decode()
    assert not ReflectionShare.objects.filter(reflection=reflection).exists()


def test_an_entry_shared_with_the_therapist_is_not_shown_to_the_partner(written, partners):
    reflection, text, _ = written
    reflection_share(reflection=reflection, audience="therapist")
    assert text not in signed_in(partners[1]).get(reverse("reflections_shared")).content.decode()


async def _session_frames_while_the_author_writes(practice, partners, session_socket):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    a_id = alex.snapshot["me"]
    await alex.command("exercise_start", 0, str(uuid.uuid4()), exercise="active_listening",
                       topic="Chores", mode="typed", first_speaker=a_id)
    await sam.at_version(1)
    await alex.command("exercise_stop", 1, str(uuid.uuid4()))
    await sam.at_version(2)

    text = marker("during the session")

    def write_share_and_browse():
        author = signed_in(partners[0])
        author.post(f"{reverse('reflection_create')}?session={practice.public_id}&exercise=0",
                    {"text": text, "tags": "session", "mood": "3",
                     "session": str(practice.public_id), "exercise": "0"})
        reflection = Reflection.objects.get(author=partners[0])
        author.post(reverse("reflection_share", args=[reflection.public_id]),
                    {"audience": "therapist"})
        author.get(reverse("reflection_list"))

    await database_sync_to_async(write_share_and_browse)()
    quiet = await sam.nothing_more()
    await alex.command("exercise_start", 2, str(uuid.uuid4()), exercise="active_listening",
                       topic="Money", mode="typed", first_speaker=a_id)
    await sam.at_version(3)
    fresh = await session_socket(partners[1], practice)
    return text, quiet, sam.seen + fresh.seen


@pytest.mark.django_db(transaction=True)
async def test_the_partners_socket_never_carries_the_text(practice, partners, session_socket):
    text, quiet, frames = await _session_frames_while_the_author_writes(
        practice, partners, session_socket
    )
    assert quiet, "writing a reflection sent the partner a frame"
    assert frames and text not in json.dumps(frames)


@pytest.mark.django_db(transaction=True)
async def test_writing_a_reflection_adds_no_session_event(practice, partners, session_socket):
    await _session_frames_while_the_author_writes(practice, partners, session_socket)
    commands = SessionEvent.objects.filter(session=practice).values_list("command", flat=True)
    events = await database_sync_to_async(lambda: list(commands))()
    assert events == ["exercise_start", "exercise_stop", "exercise_start"]


def test_the_admin_shows_no_reflection_or_check_in(written, partners):
    reflection, text, tag = written
    reflection_share(reflection=reflection, audience="partner")
    safety_check_record(author=partners[0], answers={"afraid": "yes"}, result="concern")
    superuser = User.objects.create_superuser("root@example.test", PASSWORD, display_name="Root")
    client = signed_in(superuser)
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        for pk in model.objects.values_list("pk", flat=True)[:20]:
            pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk]))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert text not in body and tag not in body, url
        assert reflection.sealed not in body, url
    assert Reflection not in admin.site._registry and SafetyCheck not in admin.site._registry


def test_a_database_dump_holds_no_reflection_text_or_tag(written):
    reflection, text, tag = written
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT sealed FROM {Reflection._meta.db_table} WHERE id = %s", [reflection.pk]
        )
        (raw,) = cursor.fetchone()
    assert text not in raw and tag not in raw
    assert crypto.unseal(raw)["text"].endswith(text)  # the column really holds this entry
    dump = every_stored_value()
    assert text not in dump and tag not in dump


def test_a_database_dump_holds_no_safety_answer(partners):
    safety_check_record(author=partners[0], answers={"hurt": "yes", "control": "unsure"},
                               result="concern")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {SafetyCheck._meta.db_table}")
        row = repr(cursor.fetchone())
    for plain in ("hurt", "control", "concern", "unsure", "answers"):
        assert plain not in row


def test_the_export_holds_only_the_persons_own_data(practice, partners):
    mine, theirs = marker("mine"), marker("theirs")
    write(partners[0], mine)
    shared_by_partner = write(partners[1], theirs)
    reflection_share(reflection=shared_by_partner, audience="partner")
    my_check = safety_check_record(author=partners[0], answers={}, result="clear")
    their_check = safety_check_record(author=partners[1], answers={}, result="clear")
    client = signed_in(partners[0])

    data = json.loads(client.get(reverse("account_export_json")).content)
    assert [r["text"] for r in data["reflections"]] == [mine]
    assert [c["id"] for c in data["safety_check_ins"]] == [str(my_check.public_id)]
    assert data["account"]["email"] == partners[0].email

    document = client.get(reverse("account_export_md")).content.decode()
    assert mine in document and partners[0].email in document
    for other in (theirs, partners[1].email, str(their_check.public_id)):
        assert other not in document
        assert other not in json.dumps(data)


def test_the_export_is_a_download(partners):
    response = signed_in(partners[0]).get(reverse("account_export_md"))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


# --- account deletion -------------------------------------------------------------------


def _say(practice, user, command, payload):

    practice.refresh_from_db()
    session_command_apply(session_id=practice.pk, user_id=user.pk, command=command,
                                   payload=payload, client_id=uuid.uuid4(),
                                   base_version=practice.version, now=0.0)


@pytest.fixture
def leaving(practice, partners):
    """The first partner said something in a session, wrote and shared
    reflections and kept a safety check-in; the second partner shared one
    reflection with them."""
    alex, sam = partners
    words = marker("said aloud")
    _say(practice, alex, "exercise_start", {"exercise": "active_listening", "topic": "Chores",
                                            "mode": "typed", "first_speaker": str(alex.pk)})
    _say(practice, alex, "statement_make", {"text": words})
    kept = [write(alex, "first"), write(alex, "second")]
    reflection_share(reflection=kept[0], audience="partner")
    safety_check_record(author=alex, answers={}, result="clear")
    sams = write(sam, "sam's own")
    reflection_share(reflection=sams, audience="partner")
    return alex, sam, words, sams


def test_deleting_the_account_really_deletes_the_persons_rows(leaving):
    alex, _sam, _, _ = leaving
    response = signed_in(alex).post(reverse("account_delete"), {"confirmation": PASSWORD})
    assert response["Location"] == reverse("account_deleted")
    assert not User.objects.filter(pk=alex.pk).exists()
    assert not Reflection.objects.filter(author_id=alex.pk).exists()
    assert not SafetyCheck.objects.filter(author_id=alex.pk).exists()
    assert not Membership.objects.filter(user_id=alex.pk).exists()
    assert not ReflectionShare.objects.filter(reflection__author_id=alex.pk).exists()


def test_after_a_deletion_the_partner_still_reads_the_transcript(leaving, practice):
    alex, sam, words, _ = leaving
    signed_in(alex).post(reverse("account_delete"), {"confirmation": PASSWORD})
    partner = signed_in(sam)
    transcript = partner.get(reverse("session_transcript", args=[practice.public_id]))
    assert transcript.status_code == 200
    body = transcript.content.decode()
    assert words in body and "Former partner" in body
    assert partner.get(reverse("home")).status_code == 200
    assert PracticeSession.objects.filter(pk=practice.pk).exists()


def test_after_a_deletion_the_partner_keeps_their_own_reflections(leaving):
    alex, _sam, _, sams = leaving
    signed_in(alex).post(reverse("account_delete"), {"confirmation": PASSWORD})
    assert Reflection.objects.filter(pk=sams.pk).exists()
    # What they had shared with the person who left is no longer shared.
    assert not ReflectionShare.objects.filter(reflection=sams).exists()


def test_a_wrong_password_deletes_nothing(leaving):
    alex, _, _, _ = leaving
    response = signed_in(alex).post(reverse("account_delete"), {"confirmation": "not it"})
    assert response.status_code == 200 and "not your password" in response.content.decode()
    assert User.objects.filter(pk=alex.pk).exists()
    assert Reflection.objects.filter(author=alex).count() == 2


# --- logs and error reports -------------------------------------------------------------


def test_no_log_line_carries_reflection_text_through_a_full_flow(
    caplog, settings, practice, partners
):
    settings.DEBUG = True  # also logs every SQL statement with its parameters
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    text, tag = marker("logged"), marker("tg")[:30]
    index = complete_an_exercise(practice, partners)
    author, partner = signed_in(partners[0]), signed_in(partners[1])

    author.post(reverse("reflection_create"),
                {"text": text, "tags": tag, "mood": "4", "session": str(practice.public_id),
                 "exercise": str(index)})
    reflection = Reflection.objects.get(author=partners[0])
    detail = reverse("reflection_detail", args=[reflection.public_id])
    author.get(reverse("reflection_list"))
    author.post(reverse("reflection_list"), {"q": text, "tag": tag})
    author.get(detail)
    author.post(reverse("reflection_share", args=[reflection.public_id]), {"audience": "partner"})
    partner.get(reverse("reflections_shared"))
    partner.get(detail)  # 404, logged as "Not Found"
    author.get(reverse("account_export_json"))
    author.get(reverse("account_export_md"))
    author.post(reverse("reflection_unshare", args=[reflection.public_id]), {"audience": "partner"})
    author.post(reverse("reflection_create"), {"text": text * 400})  # refused: too long
    author.post(reverse("safety_check_in"), {"afraid": "yes", "keep": "on"})
    author.post(reverse("reflection_delete", args=[reflection.public_id]))
    author.post(reverse("account_delete"), {"confirmation": PASSWORD})

    assert any("couples_reflection" in r.getMessage() for r in caplog.records)  # SQL was logged
    for record in caplog.records:
        line = record.getMessage()
        assert text not in line and tag not in line, record.name
    assert text not in caplog.text and tag not in caplog.text


def test_an_error_while_saving_shows_and_reports_no_text(monkeypatch, caplog, partners):
    text = marker("crash")
    reports = []

    def failing_seal(value):
        raise RuntimeError("storage failed")

    def on_error(sender, request, **kwargs):
        reports.append(ExceptionReporter(request, *sys.exc_info()).get_traceback_html())

    monkeypatch.setattr(crypto, "seal", failing_seal)
    got_request_exception.connect(on_error)
    try:
        response = signed_in(partners[0]).post(reverse("reflection_create"), {"text": text})
    finally:
        got_request_exception.disconnect(on_error)
    assert response.status_code == 500
    assert text not in response.content.decode()
    assert reports and "storage failed" in reports[0]  # the report is about this error
    # ...without the text: the HTML report (a debug page, an error e-mail) lists
    # each frame's local variables, and these are hidden.
    assert text not in reports[0]
    assert text not in caplog.text
