"""Scenario: earned security in the browser. A person on their own uses the
solo parts (check-in, a self-assessment with its chart, the boundary
builder with coaching, a rehearsal, the practice record); a couple shares
one self-assessment result, and only that one, then takes it back."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import expect
from tests.e2e.people import couple_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _solo_person():
    from tests.factories import UserFactory

    return UserFactory(display_name="Robin")


def answer_every_statement(page, answer: str) -> None:
    items = page.locator("fieldset.assessment-item")
    for index in range(items.count()):
        items.nth(index).get_by_label(answer).check()


def test_a_person_on_their_own_practises_every_solo_part(scenario):
    robin = scenario.person("robin", user=scenario.db(_solo_person))
    page = robin.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Your practice")
    expect(page.get_by_role("button", name="Invite a partner")).to_be_visible()
    scenario.step("solo-home")

    page.get_by_role("link", name="Daily check-in").click()
    page.get_by_label("One feeling word").select_option("calm")
    page.get_by_label("4 · Good").check()
    page.get_by_label("A note (optional)").fill("A slow morning with tea.")
    page.get_by_role("button", name="Check in").click()
    expect(page.locator(".messages")).to_contain_text("Checked in. Only you can see it.")
    expect(page.locator(".checkin-list")).to_contain_text("A slow morning with tea.")
    scenario.step("checked-in")

    page.goto("/assessments/")
    page.get_by_role("link", name="Take it").nth(1).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My emotional regulation")
    page.get_by_role("button", name="See what this says").click()
    expect(page.get_by_role("alert")).to_contain_text("Please answer every statement")
    answer_every_statement(page, "Quite like me")
    scenario.step("assessment-answered")
    page.get_by_role("button", name="See what this says").click()
    expect(page.get_by_role("heading", name="Noticing")).to_be_visible()
    expect(page.get_by_role("link", name="Self-soothing: calming your body before you talk again")
           .first).to_be_visible()
    expect(page.get_by_text("You are practising on your own")).to_be_visible()
    scenario.step("assessment-result")
    page.get_by_role("link", name="Back to my self-assessments").click()
    expect(page.get_by_role("img", name="My results over time: My emotional regulation")
           ).to_be_visible()
    scenario.step("results-chart")

    page.goto("/boundaries/")
    page.get_by_role("textbox", name="What I need").fill("You never let me finish a sentence.")
    page.get_by_label("Where my limit is").fill("Being talked over in front of friends.")
    page.get_by_role("textbox", name="What I will do if it is crossed").fill("You must stop or I leave.")
    page.get_by_role("button", name="Coach me").click()
    expect(page.locator(".coach-note").first).to_be_visible()
    expect(page.get_by_text("This reads as an order to your partner.")).to_be_visible()
    scenario.step("boundary-coached")
    page.get_by_role("textbox", name="What I need").fill("I need to finish my sentences when we talk.")
    page.get_by_role("textbox", name="What I will do if it is crossed").fill(
        "I will say that I had not finished and go on calmly."
    )
    page.get_by_role("button", name="Coach me").click()
    expect(page.get_by_text("This reads as a clear, calm boundary.")).to_be_visible()
    page.get_by_role("button", name="Keep this boundary").click()
    expect(page.locator(".messages")).to_contain_text("Only you can see it.")

    page.goto("/rehearsals/")
    page.get_by_label("What it is about (optional)").fill("Sunday plans")
    page.get_by_label("What I want to say").fill(
        "I feel lonely when we spend Sundays apart, because I need time together. "
        "Could we plan one walk this weekend?"
    )
    page.get_by_role("button", name="Coach me").click()
    expect(page.get_by_text("This reads as a calm I-statement.")).to_be_visible()
    page.get_by_role("button", name="Save as a private draft").click()
    expect(page.locator(".messages")).to_contain_text("Saved as a private draft.")
    expect(page.get_by_role("link", name="Sunday plans")).to_be_visible()
    scenario.step("rehearsal-saved")

    page.goto("/progress/")
    first_week = page.locator("table.record tbody tr").first
    expect(first_week.locator("td").nth(4)).to_have_text("0")  # rituals kept (solo: none)
    expect(first_week.locator("td").nth(5)).to_have_text("1")  # daily check-ins
    expect(first_week.locator("td").nth(7)).to_have_text("3")  # assessment, boundary, rehearsal
    scenario.step("practice-record")


def test_a_couple_shares_one_result_and_takes_it_back(scenario):
    people = couple_create(scenario)
    alex = scenario.person("alex", user=people.alex)
    sam = scenario.person("sam", phone=True, user=people.sam)

    alex.page.goto("/assessments/take/patterns/")
    answer_every_statement(alex.page, "Somewhat like me")
    alex.page.get_by_role("button", name="See what this says").click()
    expect(alex.page.get_by_role("heading", name="Reaching for reassurance")).to_be_visible()
    kept_private = alex.page.url
    alex.page.goto("/assessments/take/relationship_now/")
    answer_every_statement(alex.page, "Quite like me")
    alex.page.get_by_role("button", name="See what this says").click()
    expect(alex.page.get_by_role("heading", name="Trust")).to_be_visible()
    alex.page.get_by_role("button", name="Share with your partner").click()
    expect(alex.page.locator(".messages")).to_contain_text("Shared with your partner")
    scenario.step("alex-shared-one", alex)

    sam.page.goto("/assessments/shared/")
    expect(sam.page.locator(".shared-result")).to_have_count(1)
    expect(sam.page.get_by_role("heading", name="Alex: Our relationship now")).to_be_visible()
    expect(sam.page.get_by_text("My relationship patterns")).to_have_count(0)
    sam.page.goto(kept_private)
    expect(sam.page.get_by_role("heading", level=1)).not_to_have_text("My relationship patterns")
    scenario.step("sam-sees-one", sam)

    alex.page.get_by_role("button", name="Stop sharing with your partner").click()
    expect(alex.page.locator(".messages")).to_contain_text("No longer shared")
    sam.page.goto("/assessments/shared/")
    expect(sam.page.locator(".shared-result")).to_have_count(0)
    expect(sam.page.get_by_text("Nothing is shared with you.")).to_be_visible()
    scenario.step("taken-back")
