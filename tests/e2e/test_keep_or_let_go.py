"""Keep or let go, on two screens: when the session ends each partner is
asked whether its words are kept; each sees the other's choice as it is
made ("Alex chose to keep it."), and once one of them lets go the words are
deleted and the transcript says so (docs/protocol.md, "keeping")."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import expect
from tests.e2e.people import couple_create, join, now, practice_start, session_url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def keeping(person):
    return now(person).locator("section.keeping")


def test_each_partner_chooses_and_sees_the_others_choice(scenario):
    people = couple_create(scenario)
    practice = practice_start(scenario, people)
    alex = scenario.person("alex", user=people.alex)
    sam = scenario.person("sam", phone=True, user=people.sam)
    join(alex, practice)
    join(sam, practice)

    now(alex).get_by_role("button", name="End the session for both of us").click()
    now(alex).get_by_role("button", name="Yes, end it for both of us").click()  # asked once
    for person in (alex, sam):
        expect(now(person).get_by_role("heading", name="This session has ended.")).to_be_visible()
        expect(keeping(person)).to_contain_text("Keep the words of this session?")
        expect(keeping(person)).to_contain_text("kept until both of you have chosen")
    scenario.step("asked-to-keep-or-let-go")

    keeping(alex).get_by_role("button", name="Keep it").click()
    expect(alex.page).to_have_url(scenario.site.url + session_url(practice))
    expect(keeping(alex)).to_contain_text("You chose to keep it.")
    expect(keeping(alex)).to_contain_text("Sam has not chosen yet.")
    expect(keeping(sam)).to_contain_text("Alex chose to keep it.")  # live, no reload
    scenario.step("alex-keeps")

    keeping(sam).get_by_role("button", name="Let it go").click()
    expect(keeping(sam)).to_contain_text("The words of this session were let go.")
    expect(keeping(sam)).to_contain_text("You chose to let it go.")
    expect(keeping(alex)).to_contain_text("Sam chose to let it go.")
    expect(keeping(alex)).to_contain_text("The words of this session were let go.")
    expect(keeping(alex).get_by_role("button")).to_have_count(0)  # let go is final
    scenario.step("sam-lets-go")

    alex.page.goto(session_url(practice) + "transcript/")
    expect(alex.page.locator("ol.transcript")).to_have_text(
        "The words of this session were let go."
    )
    scenario.step("the-transcript-after", alex)
