"""Security: WebSocket authentication, Origin and membership; the Content
Security Policy and what it needs from the templates; escaping of every
text people write, on every page that shows it; CSRF on every form; the
sign-in lock-out and the invitation rate limit; the production profile;
and no private words in any log line."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import couples.asgi  # noqa: F401 - sets up logging (dictConfig) before caplog attaches
from couples.lib.ratelimits import client_address
from couples.live import consumers, protocol
from couples.models import Invitation, Membership, User
from couples.selectors.safety import QUESTIONS
from couples.services import privacy
from couples.services.reflections import reflection_create
from couples.services.safety import safety_check_record
from tests.conftest import Socket, cookie_headers
from tests.factories import PASSWORD, CoupleFactory, UserFactory
from tests.system.test_authorization import MARKUP, World, build_couple, pages_of, signed_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    """Many accounts are made here; the hasher's cost is not what is tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def cid() -> str:
    return str(uuid.uuid4())


# --- WebSockets: cookie, Origin, membership ---------------------------------------------


async def raw_socket(practice, headers) -> Socket:
    socket = Socket(f"/ws/sessions/{practice.public_id}/", headers)
    socket.accepted, socket.refusal_code = await socket.connect()
    return socket


@pytest.mark.django_db(transaction=True)
async def test_a_forged_session_cookie_is_not_signed_in(practice):
    socket = await raw_socket(practice, [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1"),
                                         (b"cookie", b"sessionid=forged0123456789abcdef")])
    assert await socket.closed_with() == protocol.CLOSE_NOT_AUTHENTICATED


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("origin", [
    None,  # a browser always sends one; refusing none costs no browser anything
    "null",  # sandboxed frames, file:// pages
    "http://127.0.0.1.evil.example",
    "http://evil.example/http://127.0.0.1",
], ids=["missing", "null", "look-alike host", "allowed host in the path"])
async def test_a_websocket_without_an_allowed_origin_is_refused_at_the_handshake(
    practice, partners, origin
):
    headers = await database_sync_to_async(cookie_headers)(partners[0])
    headers = [(k, v) for k, v in headers if k != b"origin"]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    socket = await raw_socket(practice, headers)
    assert socket.accepted is False  # no frame, no session data
    await socket.close()


@pytest.mark.django_db(transaction=True)
async def test_an_allowed_host_on_another_port_is_the_same_site(practice, partners, session_socket):
    socket = await session_socket(partners[0], practice, origin="http://127.0.0.1:8443")
    assert socket.snapshot["type"] == "snapshot"


@pytest.mark.django_db(transaction=True)
async def test_deleting_an_account_disconnects_its_sockets_at_once(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    leaving = alex.snapshot["me"]
    await database_sync_to_async(privacy.account_delete)(user=partners[0])
    assert await alex.closed_with() == protocol.CLOSE_MEMBERSHIP_ENDED
    await sam.send({"type": "sync"})  # the partner who stays goes on
    assert (await sam.next("snapshot"))["participants"][leaving]["name"] == "Former partner"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("frame", [
    {"type": "sync"},
    {"type": "heartbeat"},
    {"type": "command", "command": "repair_send", "version": 0, "payload": {"text": "Still here?"},
     "client_id": "c0ffee00-0000-4000-8000-000000000000"},
], ids=["sync", "heartbeat", "command"])
async def test_a_partner_whose_membership_ended_is_closed_on_their_next_frame(
    practice, partners, session_socket, frame, monkeypatch, settings
):
    """Even when the revocation message was missed (the layer drops at most
    once), the next frame that reads the database closes with 4410: a sync or
    a command at once, a heartbeat once its re-check is due (at most
    LIVE_RECHECK_SECONDS after the socket last checked: here that much time
    has passed; docs/protocol.md §10)."""
    alex = await session_socket(partners[0], practice)
    await database_sync_to_async(Membership.objects.filter(user=partners[0]).delete)()
    later = time.monotonic() + settings.LIVE_RECHECK_SECONDS
    monkeypatch.setattr(consumers, "_clock", lambda: later)
    await alex.send(frame)
    assert await alex.closed_with() == protocol.CLOSE_MEMBERSHIP_ENDED


# --- Content Security Policy and what it needs from the pages ----------------------------


@pytest.fixture
def world(db) -> World:
    return build_couple("ours")


def all_pages(world: World) -> dict[str, list[str]]:
    """Every GET page, by who opens it (``None``: signed out)."""
    pages = dict(pages_of(world).items())
    anonymous = [reverse("home"), reverse("login"), reverse("signup"),
                 reverse("password_reset"), reverse("safety_resources"),
                 reverse("safety_check_in"), reverse("away"),
                 reverse("invitation", args=[world.invitation_token])]
    return {None: anonymous, **pages}


def html_responses(world: World):
    """``(who, path, response)`` for every page that is HTML."""
    for user, paths in all_pages(world).items():
        client = signed_in(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            if response["Content-Type"].startswith("text/html"):
                yield user, path, response


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block or what
    would run user text: inline scripts, style attributes and elements,
    event-handler attributes, javascript: URLs; and POST forms without a
    CSRF token."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.form_open = False
        self.form_has_token = False
        self.post_forms = 0
        self.script_type: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.script_type = attrs.get("type") or "text/javascript"
            if "src" not in attrs and self.script_type != "application/json":
                self.problems.append("an inline <script>")
        if tag == "style":
            self.problems.append("a <style> element")
        for name, value in attrs.items():
            if name == "style":
                self.problems.append(f"a style attribute on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"an {name} attribute on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.problems.append(f"a javascript: URL on <{tag}>")
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.form_open, self.form_has_token = True, False
            self.post_forms += 1
        if tag == "input" and self.form_open and attrs.get("name") == "csrfmiddlewaretoken":
            self.form_has_token = True

    def handle_endtag(self, tag):
        if tag == "form" and self.form_open:
            if not self.form_has_token:
                self.problems.append("a POST form without a CSRF token")
            self.form_open = False


def test_every_page_sends_a_policy_without_unsafe_inline(world):
    for _, path, response in html_responses(world):
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'", path
        assert directives["style-src"] == "'self'", path
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in policy, path


def test_no_page_needs_inline_code_and_every_post_form_carries_a_csrf_token(world):
    post_forms = 0
    for _, path, response in html_responses(world):
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert not parser.problems, f"{path}: {parser.problems}"
        post_forms += parser.post_forms
    assert post_forms > 10  # the crawl did reach the forms


def test_the_client_code_never_parses_text_as_html():
    """User text reaches the DOM through h() (text nodes) or textContent."""
    sinks = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|"
                       r"new Function|\.html\(|srcdoc")
    for script in (ROOT / "static" / "js").rglob("*.js"):
        for number, line in enumerate(script.read_text().splitlines(), 1):
            assert not sinks.search(line), f"{script.relative_to(ROOT)}:{number}: {line.strip()}"


def test_no_template_or_view_switches_escaping_off():
    risky = re.compile(r"\|\s*safe\b|autoescape\s+off|\|\s*safeseq\b")
    plain_text = {"registration/password_reset_email.html"}  # an e-mail body, not a page
    for template in (ROOT / "templates").rglob("*.html"):
        if str(template.relative_to(ROOT / "templates")) in plain_text:
            continue
        for number, line in enumerate(template.read_text().splitlines(), 1):
            # Form help texts are ours (Django's password rules are a list in HTML).
            line = line.replace("field.help_text|safe", "")
            assert not risky.search(line), f"{template.relative_to(ROOT)}:{number}"
    for module in (ROOT / "couples").rglob("*.py"):
        text = module.read_text()
        assert "mark_safe" not in text and "SafeString" not in text, module.relative_to(ROOT)


# --- escaping of every text people write ---------------------------------------------------

SHOWN_ON_PAGES = ["couple", "alex", "sam", "doc", "statement", "paraphrase", "prompt",
                  "ritual", "details", "roles", "homework", "reflection"]
"""The fields of build_couple() that pages show back (the topic is shown by
the live page's script only: see the browser test)."""


def test_every_text_people_write_is_escaped_on_every_page(world):
    shown: set[str] = set()
    for _, path, response in html_responses(world):
        body = response.content.decode()
        assert "<script>x()" not in body and "<img src=x" not in body, path
        for field in SHOWN_ON_PAGES:
            # HTML-escaped in the page, or \u003C-escaped inside json_script.
            if (f"ours-{field}&lt;script&gt;x()&lt;/script&gt;&quot;&gt;&lt;img" in body
                    or f"ours-{field}\\u003Cscript\\u003Ex()" in body):
                shown.add(field)
    assert shown == set(SHOWN_ON_PAGES)  # each field was found, escaped, somewhere


def test_downloads_of_written_text_are_never_served_as_html(world):
    client = signed_in(world.alex)
    for name in ("account_export_json", "account_export_md", "ritual_calendar"):
        response = client.get(reverse(name))
        assert not response["Content-Type"].startswith("text/html"), name
        assert response["X-Content-Type-Options"] == "nosniff"
    feed = Client().get(reverse("calendar_feed", args=[world.feed_token]))
    assert feed["Content-Type"].startswith("text/calendar")


def test_a_message_shown_back_after_a_form_is_escaped(db):
    user = UserFactory()
    response = signed_in(user).post(reverse("couple_create"), {"name": MARKUP}, follow=True)
    assert "<script>x()" not in response.content.decode()
    assert "&lt;script&gt;x()" in response.content.decode()


# --- CSRF on every form ----------------------------------------------------------------------


def _routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if "admin" not in str(entry.pattern):
                yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry.name, prefix + str(entry.pattern)


def test_every_post_endpoint_refuses_a_request_without_the_csrf_token(world):
    values = {"public_id": world.ritual.public_id, "token": world.invitation_token,
              "link_id": world.link_id, "couple_id": world.couple.public_id,
              "session_id": world.session.public_id, "uidb64": "x", "url": "x"}
    refused = 0
    for user in (world.alex, world.therapist):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        for name, pattern in _routes():
            if name is None:
                continue
            kwargs = {k: values[k] for k in re.findall(r"<(?:\w+:)?(\w+)>", pattern) if k in values}
            try:
                path = reverse(name, kwargs=kwargs)
            except Exception:
                continue
            status = client.post(path, {"name": "x"}).status_code
            assert status in (403, 404, 405), f"{name} answered {status} without a CSRF token"
            refused += status == 403
    assert refused > 15


# --- sign-in lock-out ------------------------------------------------------------------------


def sign_in(client: Client, email: str, password: str, address: str = "203.0.113.5"):
    return client.post(reverse("login"), {"username": email, "password": password},
                       REMOTE_ADDR=address)


@pytest.fixture
def person(db) -> User:
    return UserFactory(email="kai@example.test")


def test_five_wrong_passwords_pause_sign_in_with_a_clear_page(person):
    client = Client()
    for _ in range(4):
        assert sign_in(client, person.email, "wrong").status_code == 200  # the usual form
    locked = sign_in(client, person.email, "wrong")
    body = locked.content.decode()
    assert locked.status_code == 429
    assert "Sign-in is paused for 15 minutes" in body and "set a new one" in body
    assert "Traceback" not in body


def test_while_paused_even_the_right_password_is_refused(person):
    client = Client()
    for _ in range(5):
        sign_in(client, person.email, "wrong")
    assert sign_in(client, person.email, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_pause_holds_only_for_that_address(person):
    for _ in range(5):
        sign_in(Client(), person.email, "wrong")
    other = Client()
    assert sign_in(other, person.email, PASSWORD, address="198.51.100.7").status_code == 302


def test_the_pause_holds_only_for_that_account(person):
    for _ in range(5):
        sign_in(Client(), person.email, "wrong")
    neighbour = UserFactory(email="ari@example.test")
    assert sign_in(Client(), neighbour.email, PASSWORD).status_code == 302


def test_after_the_pause_the_right_password_works(person, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt

    for _ in range(5):
        sign_in(Client(), person.email, "wrong")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time
                                 - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert sign_in(Client(), person.email, PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_count(person):
    for _ in range(4):
        sign_in(Client(), person.email, "wrong")
    assert sign_in(Client(), person.email, PASSWORD).status_code == 302
    for _ in range(4):
        assert sign_in(Client(), person.email, "wrong").status_code == 200


def test_the_client_address_behind_a_proxy_is_the_one_the_proxy_saw(rf, settings):

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.9", REMOTE_ADDR="127.0.0.1")
    assert client_address(request) == "203.0.113.9"  # not what the client wrote to the left
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "127.0.0.1"


# --- one-time sign-in links and the lock-out ---------------------------------------------


def open_link(client: Client, query: str, address: str = "203.0.113.5"):
    return client.get(reverse("login_link") + query, REMOTE_ADDR=address)


def test_a_used_sign_in_link_shows_a_clear_page_with_a_way_back_in(person):
    from sesame.utils import get_query_string

    link = get_query_string(person)
    assert open_link(Client(), link).status_code == 302  # signs in, once
    again = open_link(Client(), link)
    body = again.content.decode()
    assert again.status_code == 410
    assert "already been used or has expired" in body
    assert reverse("login") in body and reverse("password_reset") in body
    assert "_auth_user_id" not in Client().session


def test_reloading_a_used_link_locks_out_nobody_else_from_that_address(person):
    from axes.models import AccessAttempt
    from sesame.utils import get_query_string

    used = get_query_string(person)
    open_link(Client(), used)
    for _ in range(6):
        assert open_link(Client(), used).status_code == 410  # never the lock-out page
    neighbour = UserFactory(email="ari@example.test")
    fresh = Client()
    assert open_link(fresh, get_query_string(neighbour)).status_code == 302
    assert fresh.session["_auth_user_id"] == str(neighbour.pk)
    assert not AccessAttempt.objects.exists()  # counted against no one
    # and the person's own password sign-in is not paused either
    assert sign_in(Client(), person.email, PASSWORD).status_code == 302


def test_the_documented_command_lifts_a_password_lock_out(person):
    from io import StringIO

    from django.core.management import call_command

    for _ in range(5):
        sign_in(Client(), person.email, "wrong")
    assert sign_in(Client(), person.email, PASSWORD).status_code == 429
    readme = (ROOT / "README.md").read_text()
    assert "python manage.py axes_reset_username <e-mail>" in readme
    out = StringIO()
    call_command("axes_reset_username", person.email, stdout=out)
    assert "attempts removed" in out.getvalue()
    assert sign_in(Client(), person.email, PASSWORD).status_code == 302


# --- invitation rate limit ---------------------------------------------------------------------


def test_too_many_invitation_links_get_a_clear_message_and_no_new_link(db, settings):
    settings.INVITATION_RATE_LIMIT = "2/hour"
    waiting = CoupleFactory(partners=1)
    client = signed_in(waiting.memberships.get().user)
    for _ in range(2):
        client.post(reverse("invitation_create"))
    made = Invitation.objects.filter(couple=waiting).count()
    response = client.post(reverse("invitation_create"), follow=True)
    assert response.status_code == 200
    assert "you can make a new one in about 60 minutes" in response.content.decode()
    assert Invitation.objects.filter(couple=waiting).count() == made == 2


def test_the_invitation_limit_counts_each_couple_on_its_own(db, settings):
    settings.INVITATION_RATE_LIMIT = "1/hour"
    for waiting in (CoupleFactory(partners=1), CoupleFactory(partners=1)):
        signed_in(waiting.memberships.get().user).post(reverse("invitation_create"))
        assert Invitation.objects.filter(couple=waiting).count() == 1


def test_the_invitation_limit_allows_links_while_its_store_is_down(db, settings, caplog):
    settings.RATELIMIT_STORAGE_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    waiting = CoupleFactory(partners=1)
    signed_in(waiting.memberships.get().user).post(reverse("invitation_create"))
    assert Invitation.objects.filter(couple=waiting).count() == 1
    assert "invitation rate limit not checked" in caplog.text


# --- the production profile -------------------------------------------------------------------


def production_env(**extra: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "couples.settings.production",
        "SECRET_KEY": "a-long-random-secret-of-this-test-0123456789-abcdefghijklmnop-qrstuv",
        "ALLOWED_HOSTS": "attune.example.org", "REFLECTION_KEYS": Fernet.generate_key().decode(),
        **extra,
    }


def test_the_production_profile_passes_the_deployment_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_http_only_and_same_site():
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
            "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
            "s.CSRF_COOKIE_SAMESITE, s.DEBUG)")
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.stdout.split() == ["True", "True", "True", "Lax", "Lax", "False"], result.stderr


# --- nothing private in any log line ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_no_log_line_carries_drafts_private_lines_or_safety_answers(
    caplog, practice, partners, session_socket, monkeypatch
):
    """A whole session through the consumer with private words at every
    step (I-statement drafts, live coaching, a private line, refused and
    failing commands), a reflection and a kept safety check-in, logged at
    DEBUG everywhere: none of it is in any log line."""
    caplog.set_level("DEBUG")
    secret = f"PRIVATE-{uuid.uuid4().hex[:8]}"
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    a_id = alex.snapshot["me"]

    async def act(socket, name, version, **payload):
        await socket.command(name, version, cid(), **payload)
        answer = await socket.next("ack", "error")
        return answer.get("version", version)

    v = await act(alex, "exercise_start", 0, exercise="i_statements", first_writer=a_id)
    v = await act(alex, "i_statement_draft_save", v, complaint=f"You always {secret}")
    await alex.send({"type": "analyze", "request_id": "r1", "text": f"You never {secret}"})
    await alex.next("analysis")
    await alex.send({"type": "analyze", "request_id": "r2", "text": secret * 500})  # too long
    await alex.next("error")
    await act(alex, "i_statement_draft_save", v, complaint=secret * 200)  # refused: too long
    await act(alex, "i_statement_draft_save", v - 1, need=secret)  # refused: stale

    from couples.services import commands

    def database_fails(**fields):
        from django.db import OperationalError

        raise OperationalError("could not write")

    monkeypatch.setattr(commands, "_event_insert", database_fails)  # the event's INSERT
    # The batched writer's batch fails too (a missing table: PostgreSQL's own
    # error), so the command goes alone and meets the failing INSERT there.
    from couples.services import command_writer

    monkeypatch.setattr(command_writer, "_SQL_UPDATE",
                        "UPDATE no_such_table SET a = %s, b = %s, c = %s, d = %s, e = %s")
    await act(alex, "i_statement_draft_save", v, situation=f"When {secret} happens")
    monkeypatch.undo()
    await act(alex, "exercise_stop", v)

    def write_and_check_in():
        from couples.selectors.safety import QUESTIONS

        reflection_create(author=partners[0], text=f"I felt {secret}")
        answers = {q.id: "yes" for q in QUESTIONS}
        safety_check_record(author=partners[0], answers=answers, result="concern")
        client = signed_in(partners[0])
        client.post(reverse("reflection_create"), {"text": f"Later {secret}"})
        client.post(reverse("safety_check_in"), {**answers, "keep": "on"})

    await database_sync_to_async(write_and_check_in)()
    await sam.send({"type": "sync"})
    await sam.next("snapshot")

    assert any(r.name == "attune.realtime" for r in caplog.records)  # the failure was logged
    questions = [q.text for q in QUESTIONS]
    for record in caplog.records:
        line = record.getMessage() + (record.exc_text or "")
        assert secret not in line, record.name
        assert not any(q in line for q in questions), record.name


# --- in a real browser: no CSP violation, no markup run -----------------------------------------


def chromium() -> str | None:
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else shutil.which(
        "chromium")


WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`));
window.__ran = false;
window.x = () => { window.__ran = true; };
"""
"""Installed before any page script: records CSP violations, and ``x()``
(what MARKUP calls) notes that injected markup ran."""


def html_pages(world: World) -> dict[User | None, list[str]]:
    """:func:`all_pages` without the downloads (a browser saves those)."""
    return {
        user: [path for path in paths
               if signed_in(user).get(path)["Content-Type"].startswith("text/html")]
        for user, paths in all_pages(world).items()
    }


@pytest.mark.e2e
@pytest.mark.multiprocess
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(chromium() is None, reason="needs Chromium (apt-get install chromium)")
async def test_every_page_loads_in_a_browser_without_a_csp_violation_or_running_markup():
    """Chromium, enforcing the policy (not bypassed), opens every page of a
    couple whose every text carries script and markup: nothing is blocked
    (so the pages need nothing the policy forbids, the live session's
    WebSocket included) and nothing written runs or becomes an element."""
    playwright_api = pytest.importorskip("playwright.async_api")
    from tests.servers import Server, session_cookie

    world = await database_sync_to_async(build_couple)("ours")
    pages = await database_sync_to_async(html_pages)(world)
    cookies = {user: await database_sync_to_async(session_cookie)(user)
               for user in pages if user is not None}
    server = await asyncio.to_thread(Server().start)
    try:
        async with playwright_api.async_playwright() as driver:
            browser = await driver.chromium.launch(
                executable_path=chromium(), args=["--headless", "--no-sandbox", "--disable-gpu"])
            for user, paths in pages.items():
                context = await browser.new_context(base_url=server.url)
                context.set_default_timeout(10_000)
                if user is not None:
                    await context.add_cookies([{"name": "sessionid", "value": cookies[user],
                                                "url": server.url}])
                await context.add_init_script(WATCH)
                page = await context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
                for path in paths:
                    await page.goto(path, wait_until="load")
                    if path.startswith("/sessions/") and not path.endswith("transcript/"):
                        # The live page renders over its WebSocket (connect-src 'self').
                        shown = ["topic", "statement", "paraphrase", "sam"]
                        if not user.is_therapist:  # the prompt is for the partners
                            shown.append("prompt")
                        for field in shown:
                            await page.get_by_text(f"ours-{field}<script>x()").first.wait_for(
                                state="attached")
                    who = user.display_name[:9] if user else "signed out"
                    assert await page.evaluate("window.__violations") == [], (path, who)
                    assert await page.evaluate("window.__ran") is False, (path, who)
                    assert await page.evaluate(
                        "document.querySelectorAll('img[src=\"x\"], script:not([src])"
                        ":not([type=\"application/json\"])').length") == 0, (path, who)
                assert errors == [], errors
                await context.close()
            await browser.close()
    finally:
        await asyncio.to_thread(server.stop)
