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


def _alex_alone():
    from couples.models import Membership
    from couples.services.space import invitation_create
    from tests.factories import CoupleFactory, UserFactory

    couple = CoupleFactory(partners=0, name="Alex & Sam")
    alex = UserFactory(display_name="Alex")
    sam = UserFactory(display_name="Sam")
    Membership.objects.create(couple=couple, user=alex)
    _, token = invitation_create(couple=couple, created_by=alex)
    return couple, alex, sam, token


def _sam_joins(token, sam):
    from couples.services.space import invitation_accept

    invitation_accept(signed_token=token, user=sam)


def _therapist_invited_by(couple, alex):
    from couples.services.therapy import link_create
    from tests.factories import UserFactory

    therapist = UserFactory(display_name="Dr. Okafor", is_therapist=True)
    link_create(couple=couple, therapist=therapist, invited_by=alex)


def _alex_shares(alex, text):
    from couples.services.reflections import reflection_create, reflection_share

    reflection = reflection_create(author=alex, text=text)
    reflection_share(reflection=reflection, audience="partner")


def test_the_couple_page_says_what_is_waiting_live(scenario):
    couple, alex_user, sam_user, token = scenario.db(_alex_alone)
    alex = scenario.person("alex", phone=True, user=alex_user)
    waiting = alex.page.locator("#waiting-list")
    expect(alex.page.get_by_text("Nothing is waiting for you right now.")).to_be_visible()
    expect(alex.page.get_by_role("heading", name="Invite your partner")).to_be_visible()
    wait_for_couple_socket(alex)

    # Sam accepts the invitation on their own phone: Alex's page says so at once.
    scenario.db(_sam_joins, token, sam_user)
    expect(waiting.get_by_role("listitem")).to_have_text(["Sam joined your space. Show our space"])
    expect(alex.page.get_by_role("heading", name="Invite your partner")).to_be_hidden()
    expect(alex.page.get_by_text("Nothing is waiting for you right now.")).to_be_hidden()
    scenario.step("partner-joined", alex)

    alex.page.reload()
    sam = scenario.person("sam", phone=True, user=sam_user)
    wait_for_couple_socket(alex)
    wait_for_couple_socket(sam)
    # Alex invites their therapist, who accepts: Sam's consent is now awaited.
    scenario.db(_therapist_invited_by, couple, alex_user)
    consent = sam.page.locator("#waiting-list li", has_text="Dr. Okafor is waiting for your consent")
    expect(consent).to_be_visible()
    expect(consent.get_by_role("link", name="Review and consent")).to_have_attribute(
        "href", "/couple/therapist/"
    )
    # Alex consented by inviting: nothing waits for them.
    expect(alex.page.locator("#waiting-list li")).to_have_count(0)

    # Alex shares a reflection with Sam: Sam is told who, with a link, not the words.
    private = "The quiet Sunday walk mattered more than I said."
    scenario.db(_alex_shares, alex_user, private)
    shared = sam.page.locator("#waiting-list li", has_text="Alex shared a reflection with you.")
    expect(shared).to_be_visible()
    expect(shared.get_by_role("link", name="Read it")).to_have_attribute(
        "href", "/reflections/shared/"
    )
    expect(sam.page.locator("body")).not_to_contain_text(private)
    expect(alex.page.locator("#waiting-list li")).to_have_count(0)
    scenario.step("consent-and-reflection-waiting", alex, sam)

    # A reload keeps what is waiting (read from the database, not the socket).
    sam.page.reload()
    expect(sam.page.locator("#waiting-list li")).to_have_text(
        [
            "Dr. Okafor is waiting for your consent to work with you both. Review and consent",
            "Alex shared a reflection with you. Read it",
        ]
    )


RECORD_NOTIFICATIONS = """() => {
    window.shownNotifications = [];
    const Real = window.Notification;
    class Recorded extends Real {
        constructor(title, options) {
            super(title, options);
            window.shownNotifications.push({title, body: (options || {}).body || ""});
        }
    }
    window.Notification = Recorded;
}"""

GO_TO_BACKGROUND = """() => {
    Object.defineProperty(document, "visibilityState", {configurable: true, get: () => "hidden"});
    document.dispatchEvent(new Event("visibilitychange"));
}"""


def wait_for_couple_socket(person) -> None:
    """Wait until the couple page's socket listens (its ``ready`` frame)."""
    expect(person.page.locator("#couple-live")).to_have_attribute("data-socket", "ready")


def test_a_browser_notification_when_the_page_is_in_the_background(scenario):
    people = couple_create(scenario)
    sam = scenario.person("sam", phone=True, user=people.sam)
    sam.context.grant_permissions(["notifications"], origin=scenario.site.url)
    sam.page.add_init_script(RECORD_NOTIFICATIONS.join(["(", ")()"]))
    sam.page.reload()
    offer = sam.page.locator("#notify-offer")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Browser notifications are on")
    scenario.step("notifications-on", sam)
    wait_for_couple_socket(sam)

    # In the foreground the page itself shows the start: no notification.
    first = practice_start(scenario, people)
    expect(sam.page.get_by_text("Alex started a practice session.")).to_be_visible()
    assert sam.page.evaluate("() => window.shownNotifications") == []

    # In the background: one notification, who started it and nothing more.
    scenario.db(_session_end, first)
    expect(sam.page.get_by_text("The practice session has ended.")).to_be_visible()
    sam.page.evaluate(GO_TO_BACKGROUND)
    practice_start(scenario, people)
    sam.page.wait_for_function("() => window.shownNotifications.length === 1")
    assert sam.page.evaluate("() => window.shownNotifications") == [
        {"title": "Alex started a practice session", "body": "Open Attune to join when you are ready."}
    ]


def _session_end(practice):
    import time
    import uuid

    from asgiref.sync import async_to_sync

    from couples.lib.relay import deliver
    from couples.services.commands import session_command_apply

    practice.refresh_from_db()
    outcome = session_command_apply(
        session_id=practice.pk, user_id=practice.started_by_id, command="session_end",
        payload={}, client_id=uuid.uuid4(), base_version=practice.version, now=time.time(),
    )
    async_to_sync(deliver)(outcome.deliveries)


def _prefs_of(user):
    from couples.selectors.nudges import nudge_preferences_of

    prefs = nudge_preferences_of(user)
    return prefs.email_session_started, prefs.quiet_start, prefs.quiet_end, prefs.time_zone


def test_choosing_the_email_nudge_and_quiet_hours_on_the_account_page(scenario):
    import datetime

    people = couple_create(scenario)
    sam = scenario.person("sam", phone=True, user=people.sam)
    sam.page.goto("/account/")
    form = sam.page.locator("form", has=sam.page.get_by_role("button", name="Save my choices"))
    email = form.get_by_label("E-mail me when my partner starts a practice session")
    expect(email).to_be_checked()  # on until turned off
    # Half a span is refused beside the field, and nothing is saved.
    form.get_by_label("Quiet hours from (optional)").fill("22:30")
    form.get_by_role("button", name="Save my choices").click()
    expect(sam.page.get_by_text("Give both times of your quiet hours, or neither.")).to_be_visible()
    scenario.step("nudge-choices-refused", sam)
    form.get_by_label("Quiet hours until (optional)").fill("07:00")
    # Never chosen before: the browser's own time zone is proposed.
    expect(form.get_by_label("Your time zone")).to_have_value("Europe/Paris")
    email.uncheck()
    form.get_by_role("button", name="Save my choices").click()
    expect(sam.page.get_by_text("Your nudge choices are saved.")).to_be_visible()
    expect(form.get_by_label("Quiet hours from (optional)")).to_have_value("22:30")
    expect(email).not_to_be_checked()
    scenario.step("nudge-choices-saved", sam)
    assert scenario.db(_prefs_of, people.sam) == (
        False, datetime.time(22, 30), datetime.time(7, 0), "Europe/Paris"
    )
