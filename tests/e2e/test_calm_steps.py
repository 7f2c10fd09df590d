"""Scenario: what a new couple tripped on, made calm (issue #12).
Alex on a desktop, Sam on a phone: an I-statement the coach already reads as
complete is shared as written, without the builder; both partners share
their closing lines of active listening at the same moment, several times,
and neither is ever told that something changed just before they acted."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Person, expect
from tests.e2e.people import (
    announcer,
    choose_exercise,
    couple_joined,
    expect_step,
    now,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMPLETE = (
    "I feel lonely when we eat dinner in front of the TV, because I need time to talk "
    "with you. Could we keep weeknight dinners screen-free?"
)


def button(person: Person, name: str) -> object:
    return now(person).get_by_role("button", name=name, exact=True)


def test_a_complete_i_statement_is_shared_as_written(scenario):
    alex, sam = couple_joined(scenario)

    choice = choose_exercise(alex, "I-statement rewriting")
    choice.get_by_label("I will").check()
    choice.get_by_role("button", name="Start I-statement rewriting").click()
    expect_step(alex, "Write what bothers you, then build an I-statement from it.")
    now(alex).get_by_label("What bothers you, as it comes").fill(COMPLETE)
    expect(alex.page.locator("#is-coach-complaint").get_by_role("status")).to_contain_text(
        "This reads as an I-statement"
    )
    scenario.step("complete-as-written")
    button(alex, "Share it as written").click()

    expect(announcer(sam)).to_contain_text("Alex shared their rewrite.")
    expect(now(sam).locator("figure.quote blockquote").first).to_have_text(COMPLETE)
    expect(now(alex)).not_to_contain_text("Please write something first")
    scenario.step("shared-as-written")


def click_at(person: Person, name: str, at_ms: float) -> None:
    """Arrange for ``person``'s button ``name`` to be clicked by the page
    itself at the wall-clock moment ``at_ms`` (milliseconds since the epoch),
    so two partners on one machine tap within a few milliseconds. The button
    is looked up at that moment, as a finger would find it on the screen.
    The caller first waits until the button is shown, so that only this call
    runs between reading the clock and the moment."""
    person.page.evaluate(
        """([name, at]) => setTimeout(() => {
             const buttons = [...document.querySelectorAll("button")];
             buttons.find((b) => b.textContent.trim() === name).click();
           }, Math.max(0, at - Date.now()))""",
        [name, at_ms],
    )


@pytest.mark.parametrize("trials", [2])
def test_partners_sharing_their_lines_at_the_same_moment_are_never_refused(scenario, trials):
    alex, sam = couple_joined(scenario)

    for trial in range(trials):
        choice = choose_exercise(alex, "Active listening")
        choice.get_by_label("Or write your own:").fill(f"Our evenings, part {trial + 1}")
        choice.get_by_label("I will").check()
        choice.get_by_role("button", name="Start active listening").click()
        now(alex).get_by_label("Your piece").fill("Evenings feel rushed to me.")
        button(alex, "Share this piece").click()
        now(sam).get_by_label("Your paraphrase").fill("What I hear is that evenings feel rushed.")
        button(sam, "Share my paraphrase").click()
        button(alex, "That's it").click()
        button(sam, "We're done: close with what we understood").click()
        for person, line in ((alex, "I was heard."), (sam, "Evenings need more room.")):
            now(person).get_by_label("What I understood").fill(line)
        for person in (alex, sam):
            button(person, "Share my line").wait_for()
        start = alex.page.evaluate("Date.now()") + 400
        click_at(alex, "Share my line", start + (trial * 17) % 50)
        click_at(sam, "Share my line", start)
        for person in (alex, sam):
            expect(now(person).get_by_text("Sam: Evenings need more room.").or_(
                now(person).get_by_text("Evenings need more room.")).first).to_be_visible()
            expect(now(person)).not_to_contain_text("Something changed just before you acted")
        scenario.step(f"lines-shared-together-{trial + 1}")


def test_ending_the_session_asks_once(scenario):
    alex, sam = couple_joined(scenario)

    button(sam, "End the session for both of us").click()
    expect(now(sam).get_by_role("alert")).to_contain_text("This ends the session for both of you.")
    scenario.step("ending-asked")
    button(sam, "Keep going").click()
    expect(button(sam, "End the session for both of us")).to_be_focused()
    expect(now(alex)).not_to_contain_text("This session has ended")

    button(sam, "End the session for both of us").click()
    button(sam, "Yes, end it for both of us").click()
    for person in (alex, sam):
        expect(now(person)).to_contain_text("This session has ended")
    scenario.step("ended-for-both")


def test_a_refusal_is_shown_beside_the_field_that_caused_it_on_a_phone(scenario):
    _alex, sam = couple_joined(scenario)

    choice = choose_exercise(sam, "Rituals of connection")
    choice.get_by_role("button", name="Start planning rituals").click()
    form = now(sam).locator("#ritual-new")
    roles = form.get_by_label("Who does what")
    expect(roles).to_have_attribute("aria-required", "true")  # marked before submitting
    form.get_by_label("Kind of ritual").select_option(label="Weekly date")
    form.get_by_label("What exactly happens").fill("Dinner out or a walk.")
    roles.fill("")
    form.get_by_role("button", name="Propose it").click()

    roles = now(sam).locator("#ritual-new").get_by_label("Who does what")
    expect(roles).to_have_attribute("aria-invalid", "true")
    note = now(sam).locator(".field-error")
    expect(note).to_contain_text("Who does what")
    expect(note).to_be_in_viewport()
    expect(roles).to_be_focused()
    expect(now(sam).locator("#session-feedback")).to_have_count(0)
    scenario.step("refusal-beside-the-field")
    roles.fill("We take turns choosing the place.")
    expect(note).to_have_count(0)


def test_twenty_repair_attempts_sent_at_the_same_moment_are_never_refused(scenario):
    """Issue #12's proof: two partners tapping 0–50 ms apart, 20 trials, no
    refusal shown (repair attempts and their acknowledgements are
    independent commands, docs/protocol.md §8)."""
    alex, sam = couple_joined(scenario)
    for person in (alex, sam):
        now(person).get_by_text("Reach out: send a repair attempt").click()

    phrase = "I'm sorry. That came out harsher than I meant."
    for trial in range(20):
        # Both buttons are on screen before the clock is read, so the 200 ms
        # lead covers only the two calls that arm the taps.
        for person in (alex, sam):
            button(person, phrase).wait_for()
        start = alex.page.evaluate("Date.now()") + 200
        click_at(alex, phrase, start + (trial * 7) % 51)
        click_at(sam, phrase, start)
        for person, other in ((alex, "Sam"), (sam, "Alex")):
            incoming = now(person).get_by_role("region", name=f"{other} reaches out")
            incoming.get_by_role("button", name="Thank you, I'm with you").click()
            expect(incoming).to_have_count(0)
        for person in (alex, sam):
            expect(now(person)).not_to_contain_text("Something changed just before you acted")
            if not now(person).get_by_role("button", name=phrase, exact=True).is_visible():
                now(person).get_by_text("Reach out: send a repair attempt").click()
    for person in (alex, sam):
        expect(now(person).locator(".repair-counts, p").filter(
            has_text="Repair attempts so far").first).to_contain_text("20 sent, 20 received")
    scenario.step("twenty-repairs-at-once")
