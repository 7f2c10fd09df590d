"""Scenario: the boundary conversation (issue #15, item 8). Alex on a
desktop, Sam on a phone. Alex starts from a boundary saved in the builder
(offered to Alex alone), asks for coaching that only Alex sees, and shares;
Sam says it back, Alex corrects, Sam says it back again and Alex confirms;
only then Sam says what they can honour and what they find hard. The roles
swap; Sam's answer draft survives a reload; both see both rounds at the end."""

from __future__ import annotations

import pytest

from couples.services.boundaries import boundary_create
from tests.e2e.conftest import Person, expect
from tests.e2e.people import (
    choose_exercise,
    couple_create,
    expect_step,
    join,
    now,
    practice_start,
    settled,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAVED_NEED = "I need an hour to myself after work"


def button(person: Person, name: str) -> object:
    return now(person).get_by_role("button", name=name, exact=True)


def test_a_boundary_is_stated_understood_and_answered_then_the_roles_swap(scenario):
    people = couple_create(scenario)
    scenario.db(boundary_create, author=people.alex, need=SAVED_NEED,
                limit="Money talk the moment I walk in", action="I will say so and take a walk")
    practice = practice_start(scenario, people)
    alex = scenario.person("alex", user=people.alex)
    sam = scenario.person("sam", phone=True, user=people.sam)
    for person in (alex, sam):
        join(person, practice)

    choice = choose_exercise(alex, "Boundary conversation")
    expect(choice).to_contain_text("Speaker–Listener technique")
    choice.get_by_label("I will").check()
    choice.get_by_role("button", name="Start the boundary conversation").click()
    expect_step(alex, "Say what you need and where your limit is.")
    expect_step(sam, "Alex is writing a boundary.")
    expect(now(sam)).not_to_contain_text("saved boundaries")
    scenario.step("alex-writes", alex, sam)

    now(alex).get_by_label("Start from one of my saved boundaries").select_option(index=1)
    button(alex, "Use it").click()
    expect(now(alex).get_by_label("What I need")).to_have_value(SAVED_NEED)
    now(alex).get_by_label("What I will do if it is crossed").fill("You must stop doing that")
    button(alex, "Coach me first (only I see it)").click()
    coach = now(alex).get_by_role("region", name="Coaching, only for you")
    expect(coach).to_contain_text("reads as an order to your partner")
    settled(alex, sam)
    expect(now(sam)).not_to_contain_text(SAVED_NEED)
    expect(now(sam)).not_to_contain_text("Coaching")
    scenario.step("coached-privately", alex, sam)

    now(alex).get_by_label("What I will do if it is crossed").fill(
        "I will say so and take a walk, then come back")
    button(alex, "Share my boundary").click()
    expect_step(sam, "Say it back in your own words.")
    expect(now(sam).locator("figure.boundary")).to_contain_text(SAVED_NEED)
    now(sam).get_by_label("What I heard").fill("You never want to talk about money")
    button(sam, "Say it back").click()
    expect_step(alex, "Is that it?")
    now(alex).get_by_label("What was missed").fill("Not never: just not the moment I walk in")
    button(alex, "Not quite: say what was missed").click()
    expect(now(sam)).to_contain_text("What was missed: Not never: just not the moment I walk in")
    now(sam).get_by_label("What I heard").fill("An hour first, then we can talk money")
    button(sam, "Say it back").click()
    button(alex, "That's it").click()
    expect_step(sam, "Understood. Now: what can you honour?")
    scenario.step("understood", alex, sam)

    now(sam).get_by_label("What I can honour").fill("I can wait an hour")
    now(sam).get_by_label("What I find hard (optional)").fill("Bills that are due that day")
    sam.page.reload()
    expect(now(sam).get_by_label("What I find hard (optional)")).to_have_value(
        "Bills that are due that day")
    button(sam, "Share my answer").click()
    expect(now(alex).locator("ul.boundary-response")).to_contain_text("I can wait an hour")
    expect(now(alex).locator("ul.boundary-response")).to_contain_text("Bills that are due that day")
    button(alex, "Swap: Sam states a boundary").click()
    expect_step(sam, "Say what you need and where your limit is.")
    scenario.step("swapped", alex, sam)

    now(sam).get_by_label("What I need").fill("I need a warning before guests come over")
    now(sam).get_by_label("Where my limit is").fill("Guests arriving with no notice")
    now(sam).get_by_label("What I will do if it is crossed").fill("I will join later")
    button(sam, "Share my boundary").click()
    now(alex).get_by_label("What I heard").fill("A heads-up before guests")
    button(alex, "Say it back").click()
    button(sam, "That's it").click()
    now(alex).get_by_label("What I can honour").fill("I will text you first")
    button(alex, "Share my answer").click()
    button(sam, "Finish the conversation").click()
    for person in (alex, sam):
        expect(now(person)).to_contain_text("Boundary conversation: complete")
        expect(now(person)).to_contain_text("I can wait an hour")
        expect(now(person)).to_contain_text("I will text you first")
    scenario.step("both-rounds", alex, sam)
