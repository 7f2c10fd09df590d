"""The safety tools: the resources page and the check-in one tap away on
every page, the quick exit (a neutral page of our own; location.replace; the
Escape key three times), the check-in's results, keeping and deleting
check-ins, and that nothing about any of it reaches the other partner."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from couples.lib.errors import SafetyAnswerInvalid
from couples.models import PracticeSession, SafetyCheck, SessionEvent
from couples.selectors.safety import QUESTIONS, safety_result
from couples.services.presence import presence_read
from couples.services.safety import answers_clean, safety_check_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- one tap away on every page ---------------------------------------------------------


def _header(html: str) -> str:
    return html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def test_every_page_has_the_safety_links_and_the_quick_exit(practice, partners):
    partner = signed_in(partners[0])
    visitor = Client()
    pages = [
        (visitor, reverse("home")),
        (visitor, reverse("login")),
        (visitor, reverse("safety_resources")),
        (visitor, "/no-such-page/"),
        (partner, reverse("home")),
        (partner, reverse("session", args=[practice.public_id])),
        (partner, reverse("session_transcript", args=[practice.public_id])),
        (partner, reverse("reflection_list")),
        (partner, reverse("reflection_create")),
        (partner, reverse("safety_check_in")),
        (partner, reverse("account")),
    ]
    for client, url in pages:
        html = client.get(url).content.decode()
        header = _header(html)
        assert f'href="{reverse("safety_resources")}"' in header, url
        assert f'href="{reverse("safety_check_in")}"' in header, url
        assert re.search(rf'<a href="{reverse("away")}"[^>]*data-quick-exit', header), url
        assert "js/safety.js" in html, url


def test_the_resources_page_is_open_to_everyone_and_says_where_help_is():
    page = Client().get(reverse("safety_resources"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "call your local emergency number" in text
    assert "domestic-abuse helpline" in text
    assert "not meant for relationships where there is violence" in text


def test_the_away_page_is_neutral_and_self_contained():
    response = Client().get(reverse("away"))
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Weather</title>" in html
    assert "attune" not in html.lower().replace("/static/css/away.css", "")
    assert "<script" not in html and "site-header" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing from another site


def test_the_safety_pages_are_never_cached(partners):
    client = signed_in(partners[0])
    for url in (reverse("safety_resources"), reverse("safety_check_in"), reverse("away"),
                reverse("safety_history")):
        assert "no-store" in client.get(url)["Cache-Control"], url


# --- quick exit behaviour (static/js/safety.js, run in Node with a stub page) ------------

QUICK_EXIT_HARNESS = r"""
const listeners = {};
const replaced = [];
let clock = 0;
Date.now = () => clock;
global.document = {
  addEventListener: (type, fn) => (listeners[type] = fn),
  querySelector: () => ({ href: "http://testserver/away/" }),
  documentElement: { style: {} },
};
global.window = { location: { replace: (url) => replaced.push(url) } };
require(process.argv[1]);
const press = (key, at) => { clock = at; listeners.keydown({ key, preventDefault() {} }); };
const steps = JSON.parse(process.argv[2]);
for (const [what, at] of steps) {
  const exitLink = (s) => (s === "[data-quick-exit]" ? {} : null);
  if (what === "click-exit")
    listeners.click({ target: { closest: exitLink }, preventDefault() {} });
  else if (what === "click-other")
    listeners.click({ target: { closest: () => null }, preventDefault() {} });
  else press(what, at);
}
const hidden = document.documentElement.style.visibility === "hidden";
console.log(JSON.stringify({ replaced, hidden }));
"""


def quick_exit(steps) -> dict:
    done = subprocess.run(
        ["node", "-e", QUICK_EXIT_HARNESS, str(ROOT / "static/js/safety.js"), json.dumps(steps)],
        capture_output=True, text=True, timeout=30, check=True,
    )
    return json.loads(done.stdout)


@needs_node
def test_three_quick_escapes_replace_the_page_with_the_neutral_one():
    outcome = quick_exit([["Escape", 0], ["Escape", 300], ["Escape", 600]])
    assert outcome == {"replaced": ["http://testserver/away/"], "hidden": True}


@needs_node
def test_two_escapes_or_slow_ones_do_not_leave():
    assert quick_exit([["Escape", 0], ["Escape", 300]])["replaced"] == []
    assert quick_exit([["Escape", 0], ["Escape", 1000], ["Escape", 2000]])["replaced"] == []
    assert quick_exit([["Escape", 0], ["a", 100], ["Enter", 200]])["replaced"] == []


@needs_node
def test_the_quick_exit_link_replaces_the_page_and_other_clicks_do_not():
    assert quick_exit([["click-other", 0]])["replaced"] == []
    assert quick_exit([["click-exit", 0]])["replaced"] == ["http://testserver/away/"]


LEAVING_HARNESS = r"""
// A browser without BroadcastChannel: the other tabs hear of a Quick exit
// or a sign-out through the `storage` event alone.
const store = (entries) => {
  const s = { ...entries };
  const method = (name, fn) =>
    Object.defineProperty(s, name, { value: fn, writable: true, configurable: true });
  method("removeItem", (k) => delete s[k]);
  method("setItem", (k, v) => (s[k] = String(v)));
  method("getItem", (k) => (k in s ? s[k] : null));
  return s;
};
const docListeners = {};
const winListeners = {};
const replaced = [];
const dispatched = [];
global.Event = class { constructor(type) { this.type = type; } };
global.document = {
  addEventListener: (type, fn) => (docListeners[type] = fn),
  querySelector: () => ({ href: "http://testserver/away/" }),
  documentElement: { style: {} },
};
global.window = {
  location: { replace: (url) => replaced.push(url) },
  addEventListener: (type, fn) => (winListeners[type] = fn),
  dispatchEvent: (event) => dispatched.push(event.type),
  localStorage: store({ "attune.s.1.is.0.1.complaint": "draft", "attune.s.1.pending": "[]",
                        "elsewhere": "kept" }),
  sessionStorage: store({ "attune.s.1.note": "x" }),
};
global.localStorage = window.localStorage;
require(process.argv[1]);
const what = process.argv[2];
const seen = [];
if (what === "told") {
  winListeners.storage({ key: "attune.leave", newValue: "1" });
} else if (what === "sign-out") {
  const keysSet = [];
  const setItem = window.localStorage.setItem;
  window.localStorage.setItem = (k, v) => { keysSet.push(k); setItem(k, v); };
  docListeners.submit({ target: { matches: (sel) => sel === "form[data-sign-out]" } });
  seen.push(...keysSet);
}
console.log(JSON.stringify({
  replaced, dispatched, seen,
  local: Object.keys(window.localStorage), session: Object.keys(window.sessionStorage),
}));
"""


def leaving(what: str) -> dict:
    done = subprocess.run(
        ["node", "-e", LEAVING_HARNESS, str(ROOT / "static/js/safety.js"), what],
        capture_output=True, text=True, timeout=30, check=True,
    )
    return json.loads(done.stdout)


@needs_node
def test_a_tab_told_through_the_storage_event_closes_clears_and_leaves():
    outcome = leaving("told")
    assert outcome["dispatched"] == ["attune:leave"]  # session.js closes its socket for good
    assert outcome["replaced"] == ["http://testserver/away/"]
    assert outcome["local"] == ["elsewhere"] and outcome["session"] == []


@needs_node
def test_signing_out_clears_the_device_and_signals_the_other_tabs_and_stays_to_post():
    outcome = leaving("sign-out")
    assert outcome["dispatched"] == ["attune:leave"]
    assert outcome["seen"] == ["attune.leave"]  # the storage-event signal, removed at once
    assert outcome["local"] == ["elsewhere"] and outcome["session"] == []
    assert outcome["replaced"] == []  # the form itself goes on to POST /logout/


# --- the check-in -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "result"),
    [
        ({"safe_now": "no", "afraid": "no"}, "urgent"),
        ({"safe_now": "yes", "hurt": "yes"}, "concern"),
        ({"control": "yes"}, "concern"),
        ({"speak_freely": "no"}, "concern"),
        ({"afraid": "unsure", "speak_freely": "yes"}, "unsure"),
        ({"safe_now": "yes", "afraid": "no", "speak_freely": "yes"}, "clear"),
        ({}, "clear"),
    ],
)
def test_the_result_follows_the_most_pressing_answer(answers, result):
    assert safety_result(answers_clean(answers)) == result


@pytest.mark.parametrize("answers", [{"afraid": "maybe"}, {"favourite_colour": "yes"}])
def test_an_answer_not_offered_is_refused(answers):
    with pytest.raises(SafetyAnswerInvalid) as refused:
        answers_clean(answers)
    assert refused.value.code == "answer_invalid"


def test_someone_signed_out_can_take_the_check_in_and_nothing_is_kept():
    page = Client().post(reverse("safety_check_in"), {"hurt": "yes", "keep": "on"})
    assert "may not be safe for you right now" in page.content.decode()
    assert not SafetyCheck.objects.exists()


def test_a_check_in_is_not_kept_unless_asked(partners):
    page = signed_in(partners[0]).post(reverse("safety_check_in"), {"safe_now": "no"})
    assert "call your local emergency number" in page.content.decode()
    assert "Nothing was kept" in page.content.decode()
    assert not SafetyCheck.objects.exists()


def test_a_kept_check_in_is_listed_for_its_author(partners):
    client = signed_in(partners[0])
    client.post(reverse("safety_check_in"), {"afraid": "yes", "keep": "on"})
    check = SafetyCheck.objects.get(author=partners[0])
    page = client.get(reverse("safety_history")).content.decode()
    assert QUESTIONS[1].text in page
    assert reverse("safety_check_delete", args=[check.public_id]) in page


def test_the_author_deletes_a_check_in_for_good(partners):
    check = safety_check_record(author=partners[0], answers={}, result="clear")
    signed_in(partners[0]).post(reverse("safety_check_delete", args=[check.public_id]))
    assert not SafetyCheck.objects.filter(pk=check.pk).exists()


def test_the_author_deletes_every_check_in_at_once(partners):
    for _ in range(3):
        safety_check_record(author=partners[0], answers={}, result="clear")
    mine_only = safety_check_record(author=partners[1], answers={}, result="clear")
    signed_in(partners[0]).post(reverse("safety_checks_delete_all"))
    assert list(SafetyCheck.objects.values_list("pk", flat=True)) == [mine_only.pk]


def test_the_partner_can_neither_see_nor_delete_a_check_in(partners):
    check = safety_check_record(author=partners[0], answers={"hurt": "yes"},
                                       result="concern")
    partner = signed_in(partners[1])
    assert str(check.public_id) not in partner.get(reverse("safety_history")).content.decode()
    response = partner.post(reverse("safety_check_delete", args=[check.public_id]))
    assert response.status_code == 404
    assert SafetyCheck.objects.filter(pk=check.pk).exists()


def test_the_partners_export_holds_no_check_in_of_the_author(partners):
    safety_check_record(author=partners[0], answers={"hurt": "yes"}, result="concern")
    data = json.loads(signed_in(partners[1]).get(reverse("account_export_json")).content)
    assert data["safety_check_ins"] == []


# --- nothing reaches the other partner during a session ---------------------------------


@pytest.mark.django_db(transaction=True)
async def test_using_the_safety_tools_during_a_session_reaches_nobody(
    practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)

    def before():
        return (
            PracticeSession.objects.get(pk=practice.pk).version,
            SessionEvent.objects.count(),
        )

    def visit():
        client = signed_in(partners[0])
        client.get(reverse("safety_resources"))
        client.get(reverse("safety_check_in"))
        client.post(reverse("safety_check_in"), {"afraid": "yes", "keep": "on"})
        client.get(reverse("safety_history"))
        client.get(reverse("away"))

    stored_before = await database_sync_to_async(before)()
    presence_before = await presence_read(session_id=practice.pk)
    await database_sync_to_async(visit)()
    assert await sam.nothing_more()
    assert await alex.nothing_more()
    assert await database_sync_to_async(before)() == stored_before
    assert await presence_read(session_id=practice.pk) == presence_before


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_partners_pages_are_the_same_before_and_after_a_check_in(practice, partners):
    partner = signed_in(partners[1])
    urls = (reverse("home"), reverse("session", args=[practice.public_id]),
            reverse("session_transcript", args=[practice.public_id]),
            reverse("reflections_shared"), reverse("account"), reverse("safety_history"))
    before = {url: _without_tokens(partner.get(url).content.decode()) for url in urls}
    author = signed_in(partners[0])
    author.get(reverse("safety_resources"))
    author.post(reverse("safety_check_in"), {"hurt": "yes", "keep": "on"})
    after = {url: _without_tokens(partner.get(url).content.decode()) for url in urls}
    assert SafetyCheck.objects.filter(author=partners[0]).exists()
    assert after == before


def test_a_therapist_cannot_open_a_partners_check_in(partners):
    check = safety_check_record(author=partners[0], answers={}, result="clear")
    therapist = signed_in(UserFactory(is_therapist=True))
    assert therapist.post(reverse("safety_check_delete", args=[check.public_id])).status_code == 404
    assert str(check.public_id) not in therapist.get(reverse("safety_history")).content.decode()


def test_a_check_in_id_that_does_not_exist_is_not_found(partners):
    url = reverse("safety_check_delete", args=[uuid.uuid4()])
    assert signed_in(partners[0]).post(url).status_code == 404


@pytest.mark.django_db
def test_the_quick_exit_signs_out_so_back_shows_no_couple_space(client, partners):
    client.force_login(partners[0])
    assert client.get(reverse("home")).context["user"].is_authenticated
    client.get(reverse("away"))
    assert not client.get(reverse("home")).context["user"].is_authenticated
