"""Scenario 5: the quick exit. The "Quick exit" link and Escape pressed three
times leave at once for the neutral page (/away/), which signs the person
out; the page being left is replaced in the tab's history, so Back does not
bring it back."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import expect, tab_to
from tests.e2e.people import couple_create, now, practice_start, session_url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def history_length(page) -> int:
    return page.evaluate("() => history.length")


def expect_away(scenario, person) -> None:
    expect(person.page).to_have_url(f"{scenario.site.url}/away/")
    expect(person.page).to_have_title("Weather")
    expect(person.page.get_by_role("heading", level=1)).to_have_text("Weather")


def expect_signed_out_landing(scenario, person) -> None:
    """Back leads to the page before, which no longer shows the couple space."""
    person.page.go_back()
    expect(person.page).to_have_url(f"{scenario.site.url}/")
    expect(person.page.get_by_role("heading", level=1)).to_contain_text("Practise talking")
    expect(person.page.get_by_text("You and Alex share this space.")).to_have_count(0)


def test_quick_exit_leaves_for_the_neutral_page_and_out_of_history(scenario):
    people = couple_create(scenario)
    practice = practice_start(scenario, people)
    sam = scenario.person("sam", phone=True, user=people.sam)  # signed in: history starts at "/"
    sam.page.goto("/reflections/new/")
    sam.page.get_by_label("Your reflection").fill(
        "Something I would not want seen over my shoulder."
    )
    scenario.step("writing-a-reflection")
    entries = history_length(sam.page)

    # The link, reached from the keyboard: a few Shift+Tabs back from the text.
    exit_link = sam.page.get_by_role("navigation", name="Safety").get_by_role(
        "link", name="Quick exit"
    )
    tab_to(sam.page, exit_link, backwards=True, limit=20)
    sam.page.keyboard.press("Enter")
    expect_away(scenario, sam)
    assert history_length(sam.page) == entries  # replaced, not added
    scenario.step("away-after-the-link", sam)
    expect_signed_out_landing(scenario, sam)
    scenario.step("back-after-the-link", sam)

    # Escape three times, from the live session with the focus in a text field.
    scenario.sign_in(sam, people.sam, next_path=session_url(practice))
    now(sam).locator("details.repair-send summary").click()
    now(sam).get_by_label("Or in your own words").fill("I need a moment")
    scenario.step("in-the-session", sam)
    entries = history_length(sam.page)
    for _ in range(3):
        sam.page.keyboard.press("Escape")
    expect_away(scenario, sam)
    assert history_length(sam.page) == entries
    scenario.step("away-after-escape", sam)
    expect_signed_out_landing(scenario, sam)
