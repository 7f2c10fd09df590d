"""Scenario: our repair list (issue #14, item 4). Made while calm in the
couple space: Sam (on a phone) would be irritated by "Can we slow down a
little?"; both welcome "I love you, even while we disagree.". In the live
session Alex's picker offers the shared favourite first and never the
irritating phrase, and a change Sam saves during the session reaches Alex's
open picker at once."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Person, expect
from tests.e2e.people import couple_create, join, now, practice_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLOW_DOWN = "Can we slow down a little?"
LOVE = "I love you, even while we disagree."
GENTLE = "I'm feeling raw. Soft words would help me right now."


def mark(person: Person, phrase: str, choice: str) -> None:
    row = person.page.locator("fieldset.repair-mark").filter(has_text=phrase)
    row.get_by_label(choice).check()


def save(person: Person) -> None:
    person.page.get_by_role("button", name="Save my marks").click()
    expect(person.page.get_by_text("Saved. Your repair list applies")).to_be_visible()


def picker(person: Person):
    details = now(person).page.locator("details.repair-send")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def test_the_repair_list_orders_and_hides_phrases_in_a_live_session(scenario):
    people = couple_create(scenario)
    alex = scenario.person("alex", user=people.alex)
    sam = scenario.person("sam", phone=True, user=people.sam)

    sam.page.get_by_role("link", name="Our repair list").click()
    expect(sam.page.get_by_role("heading", name="Our repair list")).to_be_visible()
    mark(sam, SLOW_DOWN, "It would irritate me")
    mark(sam, LOVE, "I'd welcome it")
    scenario.step("repair-list-marking", sam)
    save(sam)

    alex.page.goto("/couple/repair-list/")
    # Sam's marks are not Alex's: nothing is checked for Alex yet.
    expect(alex.page.locator("fieldset.repair-mark").filter(has_text=SLOW_DOWN)
           .get_by_label("No mark")).to_be_checked()
    mark(alex, LOVE, "I'd welcome it")
    save(alex)
    both = alex.page.get_by_role("region", name="Welcome to you both")
    expect(both).to_contain_text(LOVE)
    expect(alex.page.locator("#left-out")).to_have_text(
        "1 phrase will not be offered to you, at your partner's wish.")
    scenario.step("repair-list-combined", alex)

    practice = practice_start(scenario, people)
    for person in (alex, sam):
        join(person, practice)
    alex_picker = picker(alex)
    expect(alex_picker.locator("fieldset.phrase-group").first).to_contain_text(
        "Welcome to you both")
    expect(alex_picker.locator("button.phrase").first).to_have_text(LOVE)
    expect(alex_picker.get_by_role("button", name=SLOW_DOWN, exact=True)).to_have_count(0)
    expect(alex_picker.get_by_role("button", name=GENTLE, exact=True)).to_have_count(1)
    expect(picker(sam).get_by_role("button", name=SLOW_DOWN, exact=True)).to_have_count(1)
    scenario.step("repair-picker-ordered")

    # During the session Sam adds a phrase they would rather not get.
    list_page = sam.context.new_page()
    list_page.goto("/couple/repair-list/")
    list_page.locator("fieldset.repair-mark").filter(has_text=GENTLE).get_by_label(
        "It would irritate me").check()
    list_page.get_by_role("button", name="Save my marks").click()
    expect(list_page.get_by_text("Saved. Your repair list applies")).to_be_visible()
    expect(alex_picker.get_by_role("button", name=GENTLE, exact=True)).to_have_count(0)
    expect(alex_picker.locator("button.phrase").first).to_have_text(LOVE)
