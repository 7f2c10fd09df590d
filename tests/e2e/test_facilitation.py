"""Scenario 4: the couple's therapist starts a live session from their own
screen and facilitates it: starts an exercise, pauses it (both partners'
exercise is held), sends a prompt both partners see and hear announced, and
resumes exactly where it was."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import expect, tab_to
from tests.e2e.people import (
    announcer,
    connection,
    couple_create,
    expect_step,
    now,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAUSED = "Your therapist has paused the session for a moment."


def test_the_therapist_pauses_prompts_and_resumes(scenario):
    people = couple_create(scenario, with_therapist=True)
    therapist = scenario.person("therapist")
    scenario.sign_in(therapist, people.therapist, next_path="/therapist/")
    alex = scenario.person("alex", user=people.alex)
    sam = scenario.person("sam", phone=True, user=people.sam)

    expect(therapist.page.get_by_role("heading", level=1)).to_have_text("Welcome, Dr. Okafor")
    scenario.step("therapist-dashboard", therapist)
    therapist.page.get_by_role("link", name="Alex & Sam").click()
    expect(therapist.page.get_by_role("heading", level=1)).to_have_text("Alex & Sam")
    scenario.step("therapist-couple-page", therapist)
    therapist.page.get_by_role("button", name="Start a live session for them").click()
    expect(connection(therapist)).to_have_text("Connected")
    expect(now(therapist).get_by_role("heading", name="You are facilitating")).to_be_visible()

    # Each partner's couple space offers to join the session the therapist opened.
    for person in (alex, sam):
        person.page.goto("/")
        expect(person.page.locator("#session-notice")).to_contain_text("started by Dr. Okafor")
        person.page.get_by_role("link", name="Join the session").click()
        expect(connection(person)).to_have_text("Connected")
    presence = therapist.page.get_by_role("list", name="Who is here")
    expect(presence).to_contain_text("Alex: here")
    expect(presence).to_contain_text("Sam: here")
    expect(alex.page.get_by_role("list", name="Who is here")).to_contain_text(
        "Dr. Okafor (therapist): here"
    )
    scenario.step("all-three-here")

    # The therapist starts active listening, Sam taking the floor first.
    choice = now(therapist).locator("details.exercise-choice").filter(has_text="Active listening")
    choice.locator("summary").click()
    choice.get_by_label("Sam", exact=True).check()
    choice.get_by_role("button", name="Start active listening").click()
    expect_step(sam, "Share one short piece of what you feel or think.")
    expect_step(alex, "Listen. Sam is writing.")
    expect(announcer(alex)).to_contain_text("Dr. Okafor started Active listening.")
    mirrors = now(therapist).locator(".mirrors")
    expect(mirrors.get_by_role("region", name="Sam's screen (view only)")).to_contain_text(
        "You hold the floor"
    )
    scenario.step("exercise-started")

    # Sam is half-way through a piece when the therapist pauses.
    now(sam).get_by_label("Your piece").fill("I get tense when the evenings are planned for us.")
    now(therapist).get_by_role("button", name="Pause the session").click()
    for person in (alex, sam):
        expect(now(person).get_by_role("heading", name=PAUSED)).to_be_visible()
        expect(now(person).locator(".topic")).to_have_count(0)  # the exercise is held
        expect(announcer(person)).to_contain_text("Your therapist paused the session.")
    expect(now(therapist).get_by_role("button", name="Resume the session")).to_be_visible()
    scenario.step("paused")

    prompt = "Slow down: one short piece at a time, and say it back before answering."
    now(therapist).get_by_label("A prompt both partners see").fill(prompt)
    now(therapist).get_by_role("button", name="Send the prompt").click()
    for person in (alex, sam):
        aside = now(person).get_by_role("complementary", name="A prompt from your therapist")
        expect(aside).to_contain_text("Dr. Okafor (your therapist) says:")
        expect(aside).to_contain_text(prompt)
        expect(announcer(person)).to_contain_text(f"Dr. Okafor says: {prompt}")
    expect(now(therapist).get_by_label("A prompt both partners see")).to_have_value("")
    scenario.step("prompt-seen")

    now(therapist).get_by_role("button", name="Resume the session").click()
    for person in (alex, sam):
        expect(now(person).get_by_role("heading", name=PAUSED)).to_have_count(0)
        expect(announcer(person)).to_contain_text("The session goes on.")
    expect_step(sam, "Share one short piece of what you feel or think.")
    expect_step(alex, "Listen. Sam is writing.")
    # Exactly where it was: Sam's unsent piece is still there.
    expect(now(sam).get_by_label("Your piece")).to_have_value(
        "I get tense when the evenings are planned for us."
    )
    scenario.step("resumed")

    # The prompt stays until each partner sets it aside (Alex from the keyboard).
    aside = now(alex).get_by_role("complementary", name="A prompt from your therapist")
    tab_to(alex.page, aside.get_by_role("button", name="OK"))
    alex.page.keyboard.press("Enter")
    expect(aside).to_have_count(0)
    expect(
        now(sam).get_by_role("complementary", name="A prompt from your therapist")
    ).to_be_visible()

    now(sam).get_by_role("button", name="Share this piece").click()
    expect(announcer(alex)).to_contain_text("Sam shared a piece. Your turn to say it back.")
    expect(mirrors.get_by_role("region", name="Alex's screen (view only)")).to_contain_text(
        "I get tense when the evenings are planned for us."
    )
    scenario.step("the-exercise-goes-on")
