"""Scenario: calm breathing practised alone, on a phone (issue #14, item 7).
Sam opens it from the couple space, starts the calm pace and is guided in
and out (the browser's clock is driven by the test, no waiting); the
practice ends by itself; with reduced motion the circle stays still and the
words guide. Nothing is stored in the browser or sent to the server."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import expect
from tests.e2e.people import couple_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_paced_breathing_on_a_phone(scenario):
    people = couple_create(scenario)
    sam = scenario.person("sam", phone=True, user=people.sam)
    page = sam.page
    page.clock.install()
    page.get_by_role("link", name="Calm breathing, just for you").click()
    expect(page.get_by_role("heading", name="Calm breathing, just for you")).to_be_visible()
    scenario.step("soothing-page", sam)

    sent = []
    page.on("request", lambda request: request.method != "GET" and sent.append(request.url))
    page.get_by_label("Calm: in 4, out 6").check()
    page.get_by_label("For how long?").select_option(label="1 minute")
    page.get_by_role("button", name="Start").click()
    word = page.locator("#pacer-word")
    expect(word).to_have_text("Breathe in")
    expect(page.locator("#pacer-circle")).to_have_attribute("data-phase", "in")
    scenario.step("breathing-in", sam)
    page.clock.run_for(4500)
    expect(word).to_have_text("Breathe out, slowly")
    expect(page.locator("#pacer-count")).to_contain_text("breath 1")
    page.clock.run_for(6000)
    expect(word).to_have_text("Breathe in")
    expect(page.locator("#pacer-count")).to_contain_text("breath 2")
    page.clock.run_for(60_000)
    expect(page.locator("#pacer-done")).to_have_text("Well done. Notice how your body feels now.")
    expect(page.locator("#pacer")).to_be_hidden()

    # Reduced motion: the circle does not move; the words still guide.
    page.emulate_media(reduced_motion="reduce")
    page.get_by_role("button", name="Start").click()
    expect(word).to_have_text("Breathe in")
    circle = page.locator("#pacer-circle")
    assert circle.evaluate("el => getComputedStyle(el).transform") == "none"
    assert circle.evaluate("el => getComputedStyle(el).transitionDuration") == "0s"
    page.get_by_role("button", name="Stop").click()
    expect(page.locator("#pacer-done")).to_have_text("Stopped. Come back to it whenever you like.")

    assert page.evaluate("() => localStorage.length") == 0
    assert sent == []
