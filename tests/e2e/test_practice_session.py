"""Scenario 2: a whole practice session, Alex on a desktop and Sam on a
phone: active listening typed and spoken, a reflection after it, an
I-statement rewrite shared and answered, a repair attempt acknowledged, a
ritual agreed and its calendar file downloaded, and a time-out that counts
down identically on both screens after one of them reloads."""

from __future__ import annotations

import datetime
import re
import time

import icalendar
import pytest

from tests.e2e.conftest import Person, expect, tab_to
from tests.e2e.people import (
    announcer,
    choose_exercise,
    connection,
    couple_joined,
    expect_step,
    now,
    settled,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def button(person: Person, name: str) -> object:
    return now(person).get_by_role("button", name=name, exact=True)


def typed_active_listening(scenario, alex: Person, sam: Person) -> None:
    choice = choose_exercise(alex, "Active listening")
    choice.get_by_label("Or write your own:").fill("How we spend Sunday mornings")
    choice.get_by_label("Typed: each of you writes").check()
    choice.get_by_label("I will").check()
    scenario.step("active-listening-options")
    choice.get_by_role("button", name="Start active listening").click()

    expect_step(alex, "Share one short piece of what you feel or think.")
    expect_step(sam, "Listen. Alex is writing.")
    expect(announcer(sam)).to_contain_text("Alex started Active listening.")
    scenario.step("typed-speaker-turn")

    statement = "I miss having slow Sunday mornings with you, without phones."
    now(alex).get_by_label("Your piece").fill(statement)
    button(alex, "Share this piece").click()
    expect(announcer(sam)).to_contain_text("Alex shared a piece. Your turn to say it back.")
    expect(now(sam).locator("blockquote")).to_have_text(statement)
    expect_step(alex, "Wait while Sam says back what they heard.")
    scenario.step("typed-statement-made")

    now(sam).get_by_label("Your paraphrase").fill(
        "What I hear is that you want Sundays to be slower."
    )
    button(sam, "Share my paraphrase").click()
    expect(announcer(alex)).to_contain_text("Sam said back what they heard. Did they get it?")
    expect_step(alex, "Did Sam get it?")
    scenario.step("typed-paraphrase-given")

    # Not quite: Alex says what was missed and Sam tries again.
    now(alex).get_by_text("Not quite: say what was missed").click()
    now(alex).get_by_label("What did they miss?").fill("Slower, and together: without our phones.")
    button(alex, "Send my correction").click()
    expect(announcer(sam)).to_contain_text("Alex added what was missed. Try again.")
    scenario.step("typed-correction")
    now(sam).get_by_label("Your paraphrase").fill(
        "You want slow Sunday mornings together, the two of us, phones away."
    )
    button(sam, "Share my paraphrase").click()
    button(alex, "That's it").click()
    expect(announcer(sam)).to_contain_text("Alex says you got it.")
    expect(page_history(sam)).to_contain_text("✓ That's it")
    scenario.step("typed-exchange-confirmed")

    button(alex, "We're done: close with what we understood").click()
    expect(announcer(sam)).to_contain_text("Time to write one line of what you understood.")
    for person in (alex, sam):
        expect_step(person, "In one line: what did you understand about your partner today?")
    scenario.step("typed-closing")
    now(alex).get_by_label("What I understood").fill("Sam heard that I mean together.")
    button(alex, "Share my line").click()
    expect_step(alex, "Waiting for Sam to write theirs.")
    settled(alex, sam)
    expect(now(sam)).not_to_contain_text(
        "Sam heard that I mean together."
    )  # hidden until both wrote
    now(sam).get_by_label("What I understood").fill("Alex misses our slow mornings.")
    button(sam, "Share my line").click()
    for person in (alex, sam):
        expect(
            now(person).get_by_role("heading", name="Active listening: complete")
        ).to_be_visible()
        expect(now(person).locator(".understandings")).to_contain_text(
            "Alex misses our slow mornings."
        )
    expect(announcer(alex)).to_contain_text("Active listening is complete.")
    scenario.step("typed-complete")


def page_history(person: Person) -> object:
    return person.page.locator("#history")


def write_a_reflection(scenario, alex: Person, sam: Person) -> None:
    """After the exercise each partner is invited, privately, to reflect;
    Alex writes one in a panel inside the session (the page and its socket
    stay) and is back where they were."""
    for person in (alex, sam):
        expect(
            now(person).get_by_role(
                "complementary", name="Active listening is over. A moment for yourself?"
            )
        ).to_be_visible()
    session_page = alex.page.url
    now(alex).get_by_role("button", name="Write a reflection (private)").click()
    panel = alex.page.get_by_role("dialog", name="A reflection, for you alone")
    expect(panel).to_be_visible()
    expect(panel.get_by_text("After Active listening.")).to_be_visible()
    scenario.step("reflection-form", alex)
    text = "I could say what I wanted without it turning into a debate."
    panel.get_by_label("Your reflection").fill(text)
    panel.get_by_label("Tags (optional)").fill("sundays")
    panel.get_by_role("button", name="Save privately").click()
    expect(panel).to_be_hidden()
    expect(
        alex.page.get_by_text("Saved in your reflection log. Only you can read it.")
    ).to_be_visible()
    scenario.step("reflection-saved", alex)
    assert alex.page.url == session_page
    expect(connection(alex)).to_have_text("Connected")
    # The invitation is answered on Alex's device; Sam skips theirs.
    expect(now(alex).get_by_role("heading", name="Active listening: complete")).to_be_visible()
    expect(now(alex).get_by_role("button", name="Write a reflection (private)")).to_have_count(0)
    now(sam).get_by_role("button", name="Skip").click()
    expect(now(sam).get_by_role("button", name="Write a reflection (private)")).to_have_count(0)
    scenario.step("reflection-invitations-answered")


def press_on(person: Person, name: str, key: str = "Space") -> None:
    """Reach a button of the exercise with Tab and press it from the keyboard."""
    tab_to(person.page, button(person, name), limit=120)
    person.page.keyboard.press(key)


def spoken_active_listening(scenario, alex: Person, sam: Person) -> None:
    """Spoken mode, driven from the keyboard: the app holds the floor and
    records taps; the floor passes to Sam and back."""
    choice = choose_exercise(sam, "Active listening")
    choice.get_by_label("Spoken: you talk aloud").check()
    choice.get_by_label("I will").check()
    choice.get_by_role("button", name="Start active listening").click()
    expect_step(sam, "Say one short piece aloud, then tap.")
    expect_step(alex, "Listen. Sam is speaking.")
    scenario.step("spoken-speaker-turn")

    press_on(sam, "I've said my piece")
    expect(announcer(alex)).to_contain_text("Sam shared a piece. Your turn to say it back.")
    expect_step(alex, "Say back aloud what you heard, then tap.")
    scenario.step("spoken-statement-made")
    press_on(alex, "I've said it back", key="Enter")
    expect_step(sam, "Did Alex get it?")
    scenario.step("spoken-paraphrase-given")
    press_on(sam, "That's it")
    expect(announcer(alex)).to_contain_text("Sam says you got it.")
    press_on(sam, "I feel heard: pass the floor")
    expect(announcer(alex)).to_contain_text("You now hold the floor.")
    expect(now(alex).locator(".role")).to_have_text("You hold the floor: you are the speaker.")
    expect(now(sam).locator(".role")).to_have_text("You are the listener. Alex holds the floor.")
    scenario.step("spoken-floor-passed")
    press_on(alex, "I've said my piece")
    press_on(sam, "I've said it back")
    press_on(alex, "That's it")
    expect(now(sam).locator(".role")).to_have_text("You are the listener. Alex holds the floor.")
    expect(page_history(sam).locator("li")).to_have_count(2)
    expect(page_history(sam)).to_contain_text("(spoken aloud)")
    # So far runs oldest first, numbered 1, 2: Sam's piece, then Alex's.
    expect(page_history(sam).locator("li").first).to_contain_text("Sam:")
    expect(page_history(sam).locator("li").nth(1)).to_contain_text("Alex:")
    expect(page_history(sam).locator("ol")).not_to_have_attribute("reversed", "")
    press_on(alex, "We're done: close with what we understood")
    for person, line in (
        (alex, "Sam wants to be asked before plans change."),
        (sam, "Alex needs a calm start."),
    ):
        tab_to(person.page, now(person).get_by_label("What I understood"))
        person.page.keyboard.type(line)
        settled(alex, sam)
        press_on(person, "Share my line", key="Enter")
        expect(now(person).get_by_label("What I understood")).to_have_count(0)
    for person in (alex, sam):
        expect(
            now(person).get_by_role("heading", name="Active listening: complete")
        ).to_be_visible()
        expect(now(person)).to_contain_text("2 exchanges")
    scenario.step("spoken-complete")
    for person in (alex, sam):
        now(person).get_by_role("button", name="Skip").click()


def i_statement_rewrite(scenario, alex: Person, sam: Person) -> None:
    choice = choose_exercise(alex, "I-statement rewriting")
    choice.get_by_label("I will").check()
    choice.get_by_role("button", name="Start I-statement rewriting").click()
    expect_step(alex, "Write what bothers you, then build an I-statement from it.")
    expect_step(sam, "Alex is writing.")
    scenario.step("i-statement-drafting")

    complaint = "You never listen to me, you are always on your phone."
    now(alex).get_by_label("What bothers you, as it comes").fill(complaint)
    coach = alex.page.locator("#is-coach-complaint")
    expect(coach.get_by_role("status")).to_contain_text("to look at")
    expect(coach.locator(".finding-absolute").first).to_contain_text("Absolute")
    expect(coach.locator("mark.flag-absolute").first).to_have_text(re.compile("never|always"))
    # The raw complaint is private: nothing of it reaches Sam.
    expect(now(sam)).not_to_contain_text("never listen")
    scenario.step("i-statement-coached")

    now(alex).get_by_role("button", name="Builder", exact=True).click()
    now(alex).get_by_label("1. I feel…").select_option("lonely")
    now(alex).get_by_label("2. …when (one moment a camera could record)").fill(
        "we sit together in the evening and you scroll through your phone"
    )
    now(alex).get_by_label("3. …because I need").fill("closeness")
    now(alex).get_by_label("4. Would you be willing to…").fill(
        "leave our phones in the hall after dinner"
    )
    rewrite = (
        "I feel lonely when we sit together in the evening and you scroll through your phone, "
        "because I need closeness. "
        "Would you be willing to leave our phones in the hall after dinner?"
    )
    expect(alex.page.locator("#is-preview")).to_have_text(rewrite)
    expect(alex.page.locator("#is-coach-rewrite").get_by_role("status")).to_contain_text(
        "This reads as an I-statement"
    )
    scenario.step("i-statement-built")
    button(alex, "Share with Sam").click()

    expect(announcer(sam)).to_contain_text("Alex shared their rewrite. Say it back in your own words.")
    expect(now(sam).locator("figure.quote blockquote").first).to_have_text(rewrite)
    expect(now(sam)).not_to_contain_text(complaint)
    scenario.step("i-statement-shared")
    now(sam).get_by_label("Your paraphrase").fill(
        "What I hear is that you feel alone when I am on my phone in the evening."
    )
    button(sam, "Share my paraphrase").click()
    button(alex, "That's it").click()
    expect(announcer(sam)).to_contain_text("Alex says you got it. What can you offer?")
    expect_step(sam, "What can you offer?")
    scenario.step("i-statement-offer")
    offer = "Yes: phones in the hall after dinner on weekdays, starting tonight."
    now(sam).get_by_label("What I can offer").fill(offer)
    button(sam, "Share my answer").click()
    expect(announcer(alex)).to_contain_text("Sam answered what they can offer.")
    expect(now(alex)).to_contain_text(offer)
    scenario.step("i-statement-answered")
    for person in (alex, sam):
        settled(alex, sam)
        button(person, "Resolved for now").click()
        if person is alex:
            expect(now(alex)).to_contain_text("You chose: resolved for now.")
    for person in (alex, sam):
        expect(
            now(person).get_by_role("heading", name="I-statement rewriting: complete")
        ).to_be_visible()
        expect(now(person)).to_contain_text("✓ Resolved for now")
    scenario.step("i-statement-complete")
    for person in (alex, sam):
        now(person).get_by_role("button", name="Skip").click()


def repair_attempt(scenario, alex: Person, sam: Person) -> None:
    phrase = "I'm sorry. That came out harsher than I meant."
    now(alex).get_by_text("Reach out: send a repair attempt").click()
    scenario.step("repair-checklist", alex)
    now(alex).get_by_role("button", name=phrase).click()
    incoming = now(sam).get_by_role("region", name="Alex reaches out")
    expect(incoming.locator("blockquote")).to_have_text(phrase)
    expect(announcer(sam)).to_contain_text(f"Alex sent a repair attempt: {phrase}")
    expect(now(alex)).to_contain_text("Waiting for Sam to see it.")
    scenario.step("repair-sent")
    incoming.get_by_role("button", name="Thank you, I'm with you").click()
    expect(incoming).to_have_count(0)
    expect(now(alex).locator(".repair-answer")).to_contain_text(
        "Sam answered: Thank you, I'm with you"
    )
    expect(announcer(alex)).to_contain_text("Sam answered your repair attempt.")
    for person in (alex, sam):
        expect(now(person).locator(".repair-counts")).to_contain_text("1 sent, 0 received")
    scenario.step("repair-acknowledged")
    now(alex).locator(".repair-answer").get_by_role("button", name="OK").click()


def ritual_planning(scenario, alex: Person, sam: Person) -> str:
    """Agree on a weekly date; return the ritual's name."""
    choice = choose_exercise(sam, "Rituals of connection")
    choice.get_by_role("button", name="Start planning rituals").click()
    for person in (alex, sam):
        expect_step(person, "Propose a first ritual.")
    form = now(alex).locator("#ritual-new")
    form.get_by_label("Kind of ritual").select_option(label="Weekly date")
    expect(form.get_by_label("Name")).to_have_value("Weekly date")
    expect(form.get_by_label("Fri")).to_be_checked()
    form.get_by_label("Name").fill("Friday date night")
    form.get_by_label("What exactly happens").fill("Dinner out or a walk, just the two of us.")
    form.get_by_label("Who does what").fill("We take turns choosing the place.")
    expect(form.get_by_label("Time zone")).to_have_value("Europe/Paris")
    scenario.step("ritual-proposal-form")
    form.get_by_role("button", name="Propose it").click()

    expect(announcer(sam)).to_contain_text("Alex proposed “Friday date night”.")
    card = now(sam).locator("li.ritual-proposal").filter(has_text="Friday date night")
    expect(card).to_contain_text("Fri at 19:30 · 2 h · Europe/Paris")
    expect(card).to_contain_text("Alex accepted this version. Do you?")
    # Proposing counted as Alex's yes: Alex has nothing left to accept.
    expect(now(alex).get_by_role("button", name="Accept this version")).to_be_disabled()
    expect(now(alex)).to_contain_text("Proposing it counts as your yes. Waiting for Sam.")
    scenario.step("ritual-proposed")
    card.get_by_role("button", name="Accept this version").click()
    for person in (alex, sam):
        expect(now(person)).to_contain_text("✓ Agreed by both of you.")
        expect(announcer(person)).to_contain_text("You both agreed on “Friday date night”.")
    scenario.step("ritual-agreed")
    button(alex, "We're done: keep our 1 agreed ritual").click()
    for person in (alex, sam):
        expect(
            now(person).get_by_role("heading", name="Rituals of connection: complete")
        ).to_be_visible()
    scenario.step("ritual-planning-complete")
    for person in (alex, sam):
        now(person).get_by_role("button", name="Skip").click()
    return "Friday date night"


def calendar_download(scenario, sam: Person, title: str) -> None:
    """The agreed ritual is in the couple space and in the .ics file."""
    session_page = sam.page.url
    now(sam).get_by_role("link", name="See our rituals").click()
    expect(sam.page.get_by_role("heading", name=title)).to_be_visible()
    scenario.step("rituals-page", sam)
    with sam.page.expect_download() as download:
        sam.page.get_by_role("link", name="Download the calendar file (.ics)").click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == [title]
    rule = events[0]["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["FR"]
    start = events[0].start
    assert (start.hour, start.minute, str(start.tzinfo)) == (19, 30, "Europe/Paris")
    assert events[0].duration == datetime.timedelta(minutes=120)
    sam.page.goto(session_page)
    expect(connection(sam)).to_have_text("Connected")


def seconds_left(person: Person) -> int:
    minutes, seconds = person.page.locator("#time-out-left").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def time_out(scenario, alex: Person, sam: Person) -> None:
    now(alex).get_by_text("Flooded? Call a time-out").click()
    expect(now(alex).get_by_label("How long?")).to_have_value("20")
    scenario.step("time-out-offer", alex)
    button(alex, "Call a time-out for both of us").click()
    for person in (alex, sam):
        expect(
            now(person).get_by_role("heading", name="Time-out: a break for both of you")
        ).to_be_visible()
        expect(now(person).get_by_role("timer")).to_have_text(re.compile(r"^(20:00|19:[0-5]\d)$"))
        expect(button(person, "I'm ready to come back")).to_be_disabled()
    expect(announcer(sam)).to_contain_text("A time-out has started: 20 minutes. Take a break.")
    # The exercise choice is held while the break runs.
    expect(now(sam).locator("details.exercise-choice")).to_have_count(0)
    scenario.step("time-out-running")

    # Sam's phone clock runs five minutes fast, and Sam reloads the page: the
    # countdown comes from the server's deadline and clock, so it still agrees.
    sam.context.clock.install(time=time.time() + 5 * 60)
    sam.page.reload()
    expect(connection(sam)).to_have_text("Connected")
    expect(now(sam).get_by_role("timer")).to_be_visible()
    # Let each page's ticker run once after the reload, then read both at once.
    expect(now(sam).get_by_role("timer")).not_to_have_text(
        now(sam).get_by_role("timer").inner_text()
    )
    left_alex, left_sam = seconds_left(alex), seconds_left(sam)
    assert abs(left_alex - left_sam) <= 1, (left_alex, left_sam)
    assert 18 * 60 < left_sam <= 20 * 60
    scenario.step("time-out-after-reload")


def test_a_whole_practice_session(scenario):
    alex, sam = couple_joined(scenario)
    expect_step(alex, "Choose an exercise to start")
    scenario.step("session-open")

    typed_active_listening(scenario, alex, sam)
    write_a_reflection(scenario, alex, sam)
    spoken_active_listening(scenario, alex, sam)
    i_statement_rewrite(scenario, alex, sam)
    repair_attempt(scenario, alex, sam)
    title = ritual_planning(scenario, alex, sam)
    calendar_download(scenario, sam, title)
    time_out(scenario, alex, sam)
    transcript(scenario, alex)


def transcript(scenario, alex: Person) -> None:
    """The shared transcript has what was said and agreed, never a private draft."""
    alex.page.get_by_role("navigation", name="Session").get_by_role(
        "link", name="Transcript"
    ).click()
    lines = alex.page.locator("ol.transcript")
    expect(lines).to_contain_text("I miss having slow Sunday mornings with you, without phones.")
    expect(lines).to_contain_text(
        "Would you be willing to leave our phones in the hall after dinner?"
    )
    expect(lines).to_contain_text("Friday date night")
    expect(lines).not_to_contain_text("You never listen to me")  # the raw complaint stayed private
    scenario.step("transcript", alex)
