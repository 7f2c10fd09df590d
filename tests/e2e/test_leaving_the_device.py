"""Quick exit and signing out leave nothing of Attune on the device and end
every tab of that browser: no "attune." key is left in localStorage or
sessionStorage, the other tab is on the neutral page, and the partner sees
the person away at once: the server holds none of their live sockets any
more (docs/protocol.md, "Leaving the device")."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import expect
from tests.e2e.people import (
    choose_exercise,
    couple_create,
    expect_step,
    join,
    now,
    practice_start,
    session_url,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DRAFT = "You never listen to me when I talk about my day."
ATTUNE_KEYS = """() => [localStorage, sessionStorage].flatMap((s) =>
    Object.keys(s).filter((k) => k.startsWith("attune.")))"""


def alex_with_two_tabs(scenario, people, practice):
    """Alex's browser: the live session in two tabs, an I-statement draft
    typed in the first (kept on the device); Sam on a phone, connected, sees
    both of Alex's tabs. Returns (alex, second tab, sam)."""
    sam = scenario.person("sam", phone=True, user=people.sam)
    alex = scenario.person("alex", user=people.alex)
    join(sam, practice)
    join(alex, practice)
    second = alex.context.new_page()
    second.goto(session_url(practice))
    expect(second.locator("#connection")).to_have_text("Connected")

    choice = choose_exercise(alex, "I-statement rewriting")
    choice.get_by_label("I will").check()
    choice.get_by_role("button", name="Start I-statement rewriting").click()
    expect_step(alex, "Write what bothers you, then build an I-statement from it.")
    now(alex).get_by_label("What bothers you, as it comes").fill(DRAFT)
    alex.page.wait_for_function(
        "(draft) => Object.keys(localStorage).some((k) => k.startsWith('attune.')"
        " && localStorage.getItem(k).includes(draft))",
        arg=DRAFT,
    )
    expect(alex_as_sam_sees(sam)).to_have_text("Alex: here on 2 devices")
    return alex, second, sam


def alex_as_sam_sees(sam):
    """Alex's line in Sam's "Who is here" list."""
    return (
        sam.page.get_by_role("list", name="Who is here")
        .get_by_role("listitem")
        .filter(has_text="Alex:")
    )


def expect_left(scenario, alex, second, sam) -> None:
    """Both of Alex's tabs left the session. The second is on the neutral
    page, neither keeps anything of Attune, and Sam sees Alex away, neither
    here nor reconnecting: the server no longer holds a socket of either
    tab, and each was closed as leaving on purpose (a dropped one would show
    "reconnecting…" for two minutes). This is checked where the person and
    the partner see it, not with Playwright's WebSocket "close" event:
    Chromium may report that late, or never, once the page that held the
    socket has moved on."""
    expect(second).to_have_url(f"{scenario.site.url}/away/")
    expect(second).to_have_title("Weather")
    expect(alex_as_sam_sees(sam)).to_have_text("Alex: away")
    assert alex.page.evaluate(ATTUNE_KEYS) == []
    assert second.evaluate(ATTUNE_KEYS) == []
    expect(now(sam)).not_to_contain_text("never listen")


def test_quick_exit_clears_the_device_and_ends_every_tab(scenario):
    people = couple_create(scenario)
    practice = practice_start(scenario, people)
    alex, second, sam = alex_with_two_tabs(scenario, people, practice)
    scenario.step("two-tabs-and-a-draft")

    alex.page.get_by_role("link", name="Quick exit").click()
    expect(alex.page).to_have_url(f"{scenario.site.url}/away/")
    expect_left(scenario, alex, second, sam)
    scenario.step("after-quick-exit")


def test_signing_out_clears_the_device_and_ends_every_tab(scenario):
    people = couple_create(scenario)
    practice = practice_start(scenario, people)
    alex, second, sam = alex_with_two_tabs(scenario, people, practice)

    alex.page.get_by_role("button", name="Sign out").click()
    expect(alex.page).to_have_url(f"{scenario.site.url}/login/")
    expect_left(scenario, alex, second, sam)
    scenario.step("after-signing-out")


def test_leaving_the_page_shows_the_person_away_at_once_and_keeps_the_draft(scenario):
    people = couple_create(scenario)
    practice = practice_start(scenario, people)
    alex, second, sam = alex_with_two_tabs(scenario, people, practice)
    second.close()
    expect(alex_as_sam_sees(sam)).to_have_text("Alex: here")
    # Alex follows a link away from the session: no "reconnecting" grace.
    alex.page.goto(f"{scenario.site.url}/couple/")
    expect(alex_as_sam_sees(sam)).to_have_text("Alex: away")
    scenario.step("left-the-page", sam)
    # Coming back: here again, and the draft typed before is still there.
    alex.page.goto(session_url(practice))
    expect(alex_as_sam_sees(sam)).to_have_text("Alex: here")
    expect(now(alex).get_by_label("What bothers you, as it comes")).to_have_value(DRAFT)
