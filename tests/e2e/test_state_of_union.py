"""Scenario: the State of the Union (issue #14, item 14). Alex on a desktop,
Sam on a phone: appreciations written privately (Sam's draft survives a
reload; neither sees the other's until both are in), what went well, one
issue through the speaker-listener exchange, and the "feel loved" answers,
revealed together and then shown on the couple page."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Person, expect
from tests.e2e.people import (
    choose_exercise,
    couple_joined,
    expect_step,
    now,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

APPRECIATE = "What did you appreciate about your partner this week?"
LOVED = "What would make you feel loved this week?"


def button(person: Person, name: str) -> object:
    return now(person).get_by_role("button", name=name, exact=True)


def test_the_weekly_meeting_from_appreciations_to_feeling_loved(scenario):
    alex, sam = couple_joined(scenario)

    choice = choose_exercise(alex, "State of the Union")
    expect(choice).to_contain_text("After Gottman's State of the Union meeting.")
    choice.get_by_role("button", name="Start our State of the Union").click()
    for person in (alex, sam):
        expect_step(person, APPRECIATE)
    scenario.step("appreciations", alex, sam)

    sam.page.get_by_label("Things I appreciated (one per line)").fill("The note in my bag")
    sam.page.reload()
    expect(sam.page.get_by_label("Things I appreciated (one per line)")).to_have_value(
        "The note in my bag")
    now(alex).get_by_label("Things I appreciated (one per line)").fill(
        "You made coffee every morning\nYou listened on Friday")
    button(alex, "Keep mine until we both have written").click()
    expect_step(alex, "Waiting for Sam to write theirs.")
    expect(now(sam)).to_contain_text("Alex has written theirs.")
    expect(now(sam)).not_to_contain_text("coffee")
    expect(now(alex)).not_to_contain_text("The note in my bag")
    scenario.step("appreciations-private", alex, sam)

    button(sam, "Keep mine until we both have written").click()
    for person in (alex, sam):
        expect_step(person, "What went well for the two of you this week?")
        expect(now(person)).to_contain_text("You made coffee every morning")
        expect(now(person)).to_contain_text("The note in my bag")
    now(alex).get_by_label("What went well").fill("Our Sunday walk")
    button(alex, "Share").click()
    expect(now(sam)).to_contain_text("Our Sunday walk")
    now(sam).get_by_label("What went well").fill("Laughing at dinner")
    button(sam, "Share").click()
    expect_step(alex, "Is there one issue to talk through this week?")
    scenario.step("revealed-and-went-well", alex, sam)

    now(sam).get_by_label("The issue, in a few words").fill("Phones at dinner")
    now(sam).get_by_label("I will").check()
    button(sam, "Talk it through, speaker and listener").click()
    expect_step(sam, "Share one short piece of what you feel or think.")
    now(sam).get_by_label("Your piece").fill("I miss talking at dinner.")
    button(sam, "Share this piece").click()
    now(alex).get_by_label("Your paraphrase").fill("You miss our talks at dinner.")
    button(alex, "Share my paraphrase").click()
    button(sam, "That's it").click()
    scenario.step("the-issue", alex, sam)
    button(alex, "We're done with this issue").click()
    for person in (alex, sam):
        expect_step(person, LOVED)

    now(alex).get_by_label("What would make me feel loved").fill("A slow breakfast on Saturday")
    button(alex, "Keep mine until we both have answered").click()
    expect(now(sam)).to_contain_text("Alex has answered.")
    expect(now(sam)).not_to_contain_text("A slow breakfast on Saturday")
    scenario.step("loved-private", alex, sam)
    now(sam).get_by_label("What would make me feel loved").fill("A call at lunch")
    button(sam, "Keep mine until we both have answered").click()
    for person in (alex, sam):
        expect(now(person)).to_contain_text("State of the Union: complete")
        expect(now(person)).to_contain_text("A slow breakfast on Saturday")
        expect(now(person)).to_contain_text("Kept on your couple page until")
    scenario.step("complete", alex, sam)

    sam.page.goto("/")
    loved = sam.page.locator("section.loved")
    expect(loved).to_contain_text("Alex")
    expect(loved).to_contain_text("A slow breakfast on Saturday")
    expect(loved).to_contain_text("A call at lunch")
    scenario.step("couple-page", sam)
