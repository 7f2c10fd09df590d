"""Scenario 1, from the keyboard only (Tab, Enter): a partner creates an
account and a couple space, invites the second partner, who signs up on a
phone through the invitation link; then one starts a practice session and the
other's couple page learns of it at once and takes them in."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import expect, tab_to
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def keyboard_sign_up(page, *, name: str, email: str) -> None:
    """Fill the sign-up form with Tab and typing, and submit it with Enter."""
    for label, text in (
        ("Your first name (your partner sees it)", name),
        ("E-mail address", email),
        ("Password", PASSWORD),
        ("Password confirmation", PASSWORD),
    ):
        tab_to(page, page.get_by_label(label, exact=True))
        page.keyboard.type(text)
    page.keyboard.press("Enter")


def activate(page, target, key: str = "Enter") -> None:
    """Reach ``target`` with Tab and press ``key`` on it."""
    tab_to(page, target)
    page.keyboard.press(key)


def test_sign_up_and_invite_the_second_partner_with_the_keyboard_only(scenario):
    alex = scenario.person("alex")
    sam = scenario.person("sam", phone=True)

    alex.page.goto("/")
    expect(alex.page.get_by_role("heading", level=1)).to_contain_text("Practise talking")
    scenario.step("landing", alex)

    activate(alex.page, alex.page.get_by_role("main").get_by_role("link", name="Create an account"))
    expect(alex.page.get_by_role("heading", name="Create an account")).to_be_visible()
    scenario.step("sign-up-form", alex)
    keyboard_sign_up(alex.page, name="Alex", email="alex@example.test")

    # Sign-up leads to solo practice; inviting a partner is one step away.
    expect(alex.page.get_by_role("heading", level=1)).to_have_text("Your practice")
    scenario.step("solo-practice", alex)
    tab_to(alex.page, alex.page.get_by_label("A name for your shared space (optional)"))
    alex.page.keyboard.type("Alex & Sam")
    alex.page.keyboard.press("Enter")

    expect(alex.page.get_by_role("heading", name="Invite your partner")).to_be_visible()
    expect(alex.page.get_by_text("Your partner has not joined yet.")).to_be_visible()
    scenario.step("invite-card", alex)
    link_field = alex.page.get_by_label("Invitation link")
    expect(link_field).to_have_value(
        re.compile(re.escape(f"{scenario.site.url}/invitations/") + ".+")
    )
    invite_url = link_field.input_value()
    scenario.step("invitation-link", alex)

    # Sam gets the link (a message, an e-mail) and opens it on a phone.
    sam.page.goto(invite_url)
    expect(sam.page.get_by_role("heading", level=1)).to_have_text("Alex invited you to Alex & Sam")
    scenario.step("invitation", sam)
    activate(sam.page, sam.page.get_by_role("link", name="Create an account to join"))
    expect(sam.page.get_by_role("heading", name="Create an account")).to_be_visible()
    keyboard_sign_up(sam.page, name="Sam", email="sam@example.test")

    join = sam.page.get_by_role("button", name="Join as Sam")
    expect(join).to_be_visible()
    scenario.step("invitation-signed-up", sam)
    activate(sam.page, join)
    expect(sam.page.locator("[role=status]:has(.messages)")).to_contain_text(
        "You and your partner now share Alex & Sam"
    )
    expect(sam.page.get_by_text("You and Alex share this space.")).to_be_visible()
    scenario.step("joined", sam)

    alex.page.reload()
    expect(alex.page.get_by_text("You and Sam share this space.")).to_be_visible()
    scenario.step("partner-joined", alex)

    # The invitation was single-use.
    sam.page.goto(invite_url)
    expect(sam.page.get_by_role("heading", level=1)).to_have_text(
        "We could not use this invitation"
    )
    scenario.step("invitation-used", sam)

    # Sam starts a session; Alex's couple page is told live and offers to join.
    sam.page.goto("/")
    activate(sam.page, sam.page.get_by_role("button", name="Start a practice session"))
    expect(sam.page.locator("#connection")).to_have_text("Connected")
    notice = alex.page.locator("#session-notice[aria-live]")
    expect(notice).to_contain_text("Sam started a practice session.")
    scenario.step("session-started", alex, sam)
    activate(alex.page, notice.get_by_role("link", name="Join the session"))
    expect(alex.page.locator("#connection")).to_have_text("Connected")
    presence = sam.page.get_by_role("list", name="Who is here")
    expect(presence).to_contain_text("Alex: here")
    expect(alex.page.get_by_role("list", name="Who is here")).to_contain_text("Sam: here")
    scenario.step("both-in-the-session", alex, sam)
