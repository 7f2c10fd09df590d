"""Scenario: the steps active listening gained (issue #14, items 1 to 3).
Alex on a desktop, Sam on a phone: a practice length with its small timer,
Sam asks one clarifying question and Alex answers it, Sam calls a short pause
that both see counting down and Alex ends early, and at the close both see
the talk-time balance."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import Person, expect
from tests.e2e.people import (
    announcer,
    choose_exercise,
    couple_create,
    couple_joined,
    expect_step,
    join,
    now,
    practice_start,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def button(person: Person, name: str) -> object:
    return now(person).get_by_role("button", name=name, exact=True)


def test_a_question_a_short_pause_and_the_talk_time(scenario):
    people = couple_create(scenario)
    practice = practice_start(scenario, people)
    alex = scenario.person("alex", user=people.alex)
    sam = scenario.person("sam", phone=True, user=people.sam)
    for person in (alex, sam):
        join(person, practice)

    choice = choose_exercise(alex, "Active listening")
    choice.get_by_label("Or write your own:").fill("Our mornings")
    choice.get_by_label("I will").check()
    choice.get_by_label("Practice length").select_option("5")
    choice.get_by_role("button", name="Start active listening").click()
    for person in (alex, sam):
        expect(now(person).locator(".practice-timer")).to_contain_text("of about 5 minutes")
    scenario.step("practice-timer")

    now(alex).get_by_label("Your piece").fill("Mornings wear me out.")
    button(alex, "Share this piece").click()
    now(sam).get_by_text("Not sure what they meant? Ask one short question instead").click()
    now(sam).get_by_label("Your question").fill("Which part of the morning?")
    button(sam, "Ask my question").click()
    expect(announcer(alex)).to_contain_text("Sam asks a question about your piece.")
    expect_step(alex, "Answer the question with a short piece.")
    expect_step(sam, "Wait while Alex answers your question.")
    scenario.step("clarifying-question")

    now(alex).get_by_label("Your answer").fill("Getting everyone out of the door.")
    button(alex, "Share my answer").click()
    expect(announcer(sam)).to_contain_text("Alex answered. Now say the piece back.")
    expect(now(sam)).to_contain_text("Getting everyone out of the door.")
    expect(now(sam).get_by_text("Ask one short question instead")).to_have_count(0)
    for person in (alex, sam):  # mid-exchange, either partner can still stop
        expect(button(person, "Stop this exercise")).to_be_visible()
    now(sam).get_by_label("Your paraphrase").fill("Getting everyone out drains you.")
    button(sam, "Share my paraphrase").click()
    button(alex, "That's it").click()
    scenario.step("question-answered-and-paraphrased")

    now(sam).get_by_label("Pause length").select_option("2")
    button(sam, "Let's stop for a minute, we're drifting").click()
    for person in (alex, sam):
        expect_step(person, "A short pause")
        expect(now(person).locator("#pause-clock")).to_have_text(re.compile(r"^[12]:\d\d$"))
    expect(announcer(alex)).to_contain_text("Sam called a short pause of 2 minutes.")
    scenario.step("short-pause")
    button(alex, "We're ready to go on").click()
    for person in (alex, sam):
        expect(now(person).locator("h2.step")).not_to_have_text(["A short pause"])
    expect_step(alex, "Share one short piece of what you feel or think.")
    scenario.step("pause-ended")

    button(sam, "We're done: close with what we understood").click()
    for person in (alex, sam):
        talk = now(person).locator("ul.talk-time")
        expect(talk).to_contain_text("1 piece")
        expect(talk).to_contain_text("0 pieces")
    expect(now(alex)).to_contain_text("there is no right balance")
    scenario.step("talk-time")


def test_the_speakers_piece_gets_gentle_notes_only_the_speaker_sees(scenario):
    """Issue #13: before sharing, the speaker's own piece may get the I-statement
    coach's notes (the Speaker–Listener rules ask speakers to avoid blame), folded,
    to the speaker only, never blocking; emptying the piece takes the count away."""
    alex, sam = couple_joined(scenario)
    errors: list[str] = []
    alex.page.on("pageerror", lambda error: errors.append(str(error)))

    choice = choose_exercise(alex, "Active listening")
    choice.get_by_label("Or write your own:").fill("Weekends")
    choice.get_by_label("I will").check()
    choice.get_by_role("button", name="Start active listening").click()
    expect_step(alex, "Share one short piece of what you feel or think.")

    piece = now(alex).get_by_label("Your piece")
    piece.fill("You never listen to me, you always pick your phone over me.")
    summary = now(alex).locator("details.piece-coach > summary")
    expect(summary).to_contain_text(re.compile(r"\(\d+ notes?\)"))
    summary.click()
    expect(now(alex).locator("details.piece-coach")).to_contain_text("never")
    scenario.step("piece-coach-open")
    expect(now(sam).locator("details.piece-coach")).to_have_count(0)

    piece.fill("")
    expect(summary.locator(".piece-coach-count")).to_have_text("")
    assert not errors, errors

    piece.fill("I felt lonely on Saturday when the day went by without us talking.")
    button(alex, "Share this piece").click()  # the notes never block sharing
    expect(now(sam)).to_contain_text("I felt lonely on Saturday")
