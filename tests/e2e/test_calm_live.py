"""Issue #12, items 4–6, on two phones (390×844): a reflection written
inside the live session (the partner sees no change of presence), the couple
page telling each partner what is waiting (the partner joined, a therapist
waits for consent, a reflection shared with you), live, and the browser
notification when a session starts while the couple page is in the
background (permission granted in the browser context, asked for by a
button)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import expect
from tests.e2e.people import connection, couple_create, join, practice_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WATCH_PRESENCE = """() => {
    window.presenceSeen = [];
    const list = document.getElementById("presence");
    const note = () => window.presenceSeen.push(list.textContent);
    new MutationObserver(note).observe(list, {subtree: true, childList: true, characterData: true});
    note();
}"""


def _reflections_of(user):
    from couples.selectors.reflections import reflections_search

    return [entry.text for entry in reflections_search(author=user)]


def test_a_reflection_written_inside_the_session(scenario):
    people = couple_create(scenario)
    practice = practice_start(scenario, people)
    alex = scenario.person("alex", phone=True, user=people.alex)
    sam = scenario.person("sam", phone=True, user=people.sam)
    join(alex, practice)
    join(sam, practice)
    presence = alex.page.locator("#presence")
    expect(presence).to_contain_text("Sam: here")
    alex.page.evaluate(WATCH_PRESENCE)
    session_url = sam.page.url
    opener = sam.page.get_by_role("button", name="Write a reflection (private)")
    opener.click()
    panel = sam.page.get_by_role("dialog", name="A reflection, for you alone")
    expect(panel).to_be_visible()
    # Where Sam was on the session page when the panel opened.
    scroll_before = sam.page.evaluate("() => window.scrollY")
    assert scroll_before > 0
    expect(panel.get_by_label("Your reflection")).to_be_focused()
    # Saving nothing is refused beside the field, which says why.
    panel.get_by_role("button", name="Save privately").click()
    expect(panel.get_by_role("alert")).to_contain_text("Your reflection")
    expect(panel.get_by_label("Your reflection")).to_have_attribute("aria-invalid", "true")
    scenario.step("reflection-panel-open", alex, sam)
    text = "I slowed down when Alex paused; that helped me listen."
    panel.get_by_label("Your reflection").fill(text)
    expect(presence).to_contain_text("Sam: here")
    panel.get_by_role("button", name="Save privately").click()

    expect(panel).to_be_hidden()
    expect(sam.page.locator("#reflection-saved")).to_contain_text("Saved in your reflection log")
    # Back where Sam was: same page, same socket, same scroll, focus on the opener.
    assert sam.page.url == session_url
    expect(connection(sam)).to_have_text("Connected")
    expect(opener).to_be_focused()
    assert sam.page.evaluate("() => window.scrollY") == scroll_before
    scenario.step("reflection-saved-in-session", alex, sam)
    # Alex's view of Sam never changed while Sam wrote and saved.
    seen = alex.page.evaluate("() => window.presenceSeen")
    assert seen and all("Sam: here" in text_seen for text_seen in seen), seen
    expect(presence).to_contain_text("Sam: here")
    assert scenario.db(_reflections_of, people.sam) == [text]
    assert scenario.db(_reflections_of, people.alex) == []
