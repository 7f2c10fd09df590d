"""Scenario: the stress-reducing conversation (issue #14, item 13). Alex on a
desktop, Sam on a phone: Alex talks first with a calm 5-minute turn timer on
both screens; Sam's unasked advice is held back with a nudge and kept through
a reload; Sam takes Alex's side; Alex asks for ideas and Sam offers one; Alex
says what helped; then Sam's turn, to the end, where both see what helped."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Person, expect
from tests.e2e.people import (
    announcer,
    choose_exercise,
    couple_create,
    expect_step,
    join,
    now,
    practice_start,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SPEAKING = "Tell what is weighing on you, a piece at a time."


def button(person: Person, name: str) -> object:
    return now(person).get_by_role("button", name=name, exact=True)


def test_two_turns_with_advice_held_until_asked(scenario):
    people = couple_create(scenario)
    practice = practice_start(scenario, people)
    alex = scenario.person("alex", user=people.alex)
    sam = scenario.person("sam", phone=True, user=people.sam)
    for person in (alex, sam):
        join(person, practice)

    choice = choose_exercise(alex, "Stress-reducing conversation")
    expect(choice).to_contain_text("After Gottman's stress-reducing conversation.")
    choice.get_by_label("I will").check()
    choice.get_by_label("Each turn").select_option("5")
    choice.get_by_role("button", name="Start the stress-reducing conversation").click()
    expect_step(alex, SPEAKING)
    expect_step(sam, "Listen to Alex, and be on their side.")
    for person in (alex, sam):
        expect(now(person).locator(".practice-timer")).to_contain_text("of about 5 minutes")
    scenario.step("turn-one", alex, sam)

    now(alex).get_by_label("What's on my mind").fill("My manager moved the deadline again.")
    button(alex, "Share this").click()
    expect(now(sam)).to_contain_text("My manager moved the deadline again.")
    now(sam).get_by_label("In my own words (optional)").fill("You should just quit.")
    button(sam, "Take your side").click()
    expect(now(sam).get_by_role("alert")).to_contain_text("Advice can wait until your partner asks")
    sam.page.reload()
    expect(now(sam).get_by_label("In my own words (optional)")).to_have_value("You should just quit.")
    expect(now(alex)).not_to_contain_text("You should just quit.")
    scenario.step("advice-held-back", alex, sam)

    now(sam).get_by_label("In my own words (optional)").fill("That is not fair to you.")
    button(sam, "Take your side").click()
    expect(now(alex).locator("figure.quote")).to_contain_text("Sam (Take your side)")
    expect(now(alex)).to_contain_text("That is not fair to you.")
    button(alex, "What would you do? (I'd like your ideas)").click()
    expect(now(sam)).to_contain_text("Alex asked for your ideas.")
    now(sam).get_by_label("My idea").fill("Ask for one more week.")
    button(sam, "Offer this idea").click()
    expect(now(alex)).to_contain_text("Ask for one more week.")
    scenario.step("ideas-when-asked", alex, sam)

    now(alex).get_by_text("I've said what I needed to").click()
    now(alex).get_by_role("checkbox", name="Take your side").check()
    now(alex).get_by_label("Anything else that helped (optional)").fill("Being heard first")
    button(alex, "I'm done: my partner's turn").click()
    expect_step(sam, SPEAKING)
    expect(announcer(alex)).to_contain_text("Sam's turn to talk. You listen.")
    scenario.step("turn-two", alex, sam)

    now(sam).get_by_label("What's on my mind").fill("My sister calls every night.")
    button(sam, "Share this").click()
    expect(now(alex)).to_contain_text("My sister calls every night.")
    button(alex, "Us against the world").click()
    expect(announcer(sam)).to_contain_text("Alex: Us against the world.")
    expect(sam.page.locator("#history-list")).to_contain_text("Alex (Us against the world)")
    now(sam).get_by_text("I've said what I needed to").click()
    button(sam, "I'm done: finish the conversation").click()
    for person in (alex, sam):
        expect(now(person)).to_contain_text("Stress-reducing conversation: complete")
        helped = now(person).locator("ul.helped")
        expect(helped).to_contain_text("Take your side; Being heard first")
        expect(helped).to_contain_text("Nothing named, and that is fine.")
    scenario.step("what-helped", alex, sam)
