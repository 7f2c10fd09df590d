"""Scenario: the aftermath in full (issue #14, items 9 to 12). Alex on a
desktop, Sam on a phone: Sam is not calm yet, then both are; they go through
the steps; Alex apologises and Sam accepts; Alex asks one thing of Sam, who
adjusts it; the plan then waits on the couple page until both mark an item
done."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Person, expect
from tests.e2e.people import (
    announcer,
    choose_exercise,
    couple_joined,
    expect_step,
    now,
    settled,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def button(person: Person, name: str) -> object:
    return now(person).get_by_role("button", name=name, exact=True)


def share(person: Person, label: str, text: str, submit: str = "Share") -> None:
    now(person).get_by_label(label).fill(text)
    button(person, submit).click()


def test_an_apology_a_request_and_the_plan_that_comes_back(scenario):
    alex, sam = couple_joined(scenario)

    choice = choose_exercise(alex, "Aftermath of a regrettable incident")
    choice.get_by_label("I will").check()
    choice.get_by_role("button", name="Start the aftermath conversation").click()
    for person in (alex, sam):
        expect_step(person, "Are you calm enough to go back over it?")
    scenario.step("calm-check")
    button(sam, "Not yet").click()
    expect(announcer(alex)).to_contain_text("Sam is not calm enough yet.")
    for person in (alex, sam):
        expect(now(person).get_by_role("button", name="Take a time-out")).to_be_visible()
    scenario.step("not-yet")
    for person in (alex, sam):
        settled(alex, sam)
        button(person, "I'm calm enough").click()
    expect_step(alex, "Which feelings came up for you during it?")

    for person in (alex, sam):
        now(person).locator("details.feeling-group summary").first.click()
        now(person).locator("input[type=checkbox]").first.check()
        button(person, "Share my feelings").click()
    for describer, validator in ((alex, sam), (sam, alex)):
        share(describer, "How it was for me", "It felt rushed.", "Share my view")
        share(validator, "What I understand", "It makes sense you felt rushed.",
              "Share my understanding")
        button(describer, "Yes, you understand").click()
    for person in (alex, sam):
        share(person, "What set me off", "Being hurried.")
    # So far: grammatical, and oldest first (the feelings before what set each off).
    so_far = sam.page.locator("#history-list")
    expect(so_far).to_contain_text("You were set off by: Being hurried.")
    expect(so_far).to_contain_text("Alex was set off by: Being hurried.")
    expect(so_far.locator("li").first).to_contain_text("felt:")
    expect(so_far.locator("li").last).to_contain_text("set off by")

    share(alex, "My part", "I snapped at you.")
    expect_step(alex, "Would you like to apologise?")
    share(alex, "My apology", "I'm sorry I snapped at you.", "Offer my apology")
    expect_step(sam, "How do you answer the apology?")
    scenario.step("apology")
    button(sam, "I accept your apology").click()
    expect(announcer(alex)).to_contain_text("Sam accepts your apology.")
    share(sam, "My part", "I went quiet.")
    button(sam, "Go on without an apology").click()

    now(alex).get_by_label("Next time I will…").fill("Say when I'm tired.")
    now(alex).get_by_label("One thing I ask of Sam next time (optional)").fill(
        "Never invite guests without asking.")
    button(alex, "Share").click()
    expect_step(sam, "Can you do what Alex asks?")
    scenario.step("request")
    now(sam).get_by_text("Adjust it to what I can promise").click()
    share(sam, "What I can promise", "Ask you a day before inviting guests.", "Promise this")
    expect(announcer(alex)).to_contain_text("Sam adjusted your request.")
    share(sam, "Next time I will…", "Stay and talk.")
    for person in (alex, sam):
        expect(now(person).get_by_role(
            "heading", name="Aftermath of a regrettable incident: complete")).to_be_visible()
        expect(now(person).locator(".plan-item").first).to_contain_text("Say when I'm tired.")
    scenario.step("plan-agreed")

    for person in (alex, sam):
        person.page.get_by_role("link", name="Couple space").click()
        plan = person.page.get_by_role("region", name="Our plan from the aftermath")
        expect(plan).to_contain_text("Ask you a day before inviting guests.")
    scenario.step("plan-on-couple-page")

    def item(person: Person) -> object:
        return person.page.locator("li.plan-item").filter(has_text="Stay and talk.")

    item(alex).get_by_role("button", name="Mark done").click()
    expect(item(alex)).to_contain_text("You marked it done.")
    sam.page.reload()
    expect(item(sam)).to_contain_text("Your partner marked it done.")
    item(sam).get_by_role("button", name="Mark done").click()
    expect(item(sam)).to_have_count(0)
    scenario.step("plan-item-done")
