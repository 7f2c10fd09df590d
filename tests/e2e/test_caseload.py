"""The therapist's side between sessions (issue 16): a therapist with two
couples assigns weekly homework from their caseload, one couple does the
exercise in a practice session (over the real socket), and the caseload
shows it at once, without a reload; when the other couple ends the link,
their row goes at once too."""

from __future__ import annotations

import asyncio
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.conftest import expect
from tests.e2e.people import announcer, connection, couple_create
from tests.servers import Peer, session_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _second_couple(therapist):
    from couples.models import Membership
    from couples.services.therapy import consent_give, link_create
    from tests.factories import CoupleFactory, UserFactory

    couple = CoupleFactory(partners=0, name="Jo & Kim")
    jo, kim = UserFactory(display_name="Jo"), UserFactory(display_name="Kim")
    for user in (jo, kim):
        Membership.objects.create(couple=couple, user=user)
    link = link_create(couple=couple, therapist=therapist, invited_by=jo)
    consent_give(link_id=link.pk, partner=kim)
    return link, jo


async def _finish_active_listening(site, practice, first: str, cookies) -> None:
    """Both partners, on their own sockets to the running server, do one
    active-listening exercise to its end (spoken mode: nothing typed)."""
    alex = Peer(site, cookies[0], f"/ws/sessions/{practice.public_id}/")
    sam = Peer(site, cookies[1], f"/ws/sessions/{practice.public_id}/")
    version = (await alex.connect())["version"]
    await sam.connect()
    a = first
    steps = [
        (alex, "exercise_start", {"exercise": "active_listening", "topic": "Evenings",
                                  "mode": "spoken", "first_speaker": a}),
        (alex, "statement_make", {}), (sam, "paraphrase_submit", {}),
        (alex, "paraphrase_confirm", {}), (sam, "listening_close", {}),
        (alex, "understanding_share", {"text": "You need a quiet hour."}),
        (sam, "understanding_share", {"text": "You want us to plan less."}),
    ]
    try:
        for peer, name, payload in steps:
            await peer.command(name, version, str(uuid.uuid4()), **payload)
            answer = await peer.next("ack", "error")
            assert answer["type"] == "ack", answer
            version = answer["version"]
    finally:
        await alex.close()
        await sam.close()


def test_a_therapist_with_two_couples_sees_homework_done_live(scenario):
    from couples.selectors.sessions import open_session_of

    people = couple_create(scenario, with_therapist=True)
    _link, jo = scenario.db(_second_couple, people.therapist)
    therapist = scenario.person("therapist")
    scenario.sign_in(therapist, people.therapist, next_path="/therapist/")
    page = therapist.page
    caseload = page.locator("#caseload")
    expect(caseload.get_by_role("heading", name="Alex & Sam")).to_be_visible()
    expect(caseload.get_by_role("heading", name="Jo & Kim")).to_be_visible()
    scenario.step("caseload-two-couples", therapist)

    # Weekly homework, on today's weekday for four weeks.
    from django.utils import timezone

    today = scenario.db(timezone.localdate)
    caseload.get_by_role("link", name="Alex & Sam").click()
    page.get_by_label("Exercise").select_option(label="Active listening")
    page.get_by_label("How often").select_option(label="Every week on one day")
    page.get_by_label("Due on (the first time)").fill(today.isoformat())
    page.get_by_label("Day of the week (every week)").select_option(
        label=WEEKDAYS[today.weekday()]
    )
    page.get_by_label("How many times (weeks or rounds)").fill("4")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Homework assigned.")).to_be_visible()
    expect(page.locator("ul.homework li")).to_have_count(4)
    scenario.step("recurring-homework-assigned", therapist)

    page.get_by_role("link", name="All couples").click()
    row = caseload.locator(".caseload-row").filter(has_text="Alex & Sam")
    expect(row.locator(".homework-counts")).to_contain_text("4 due, 0 overdue, 0 done")
    expect(caseload).to_have_attribute("data-live", "yes")
    page.evaluate("() => { window.stayedOnThisPage = true; }")

    # Alex opens a session from the couple space: the row says so at once.
    alex = scenario.person("alex", user=people.alex)
    alex.page.get_by_role("button", name="Start a practice session").click()
    expect(alex.page).to_have_url(re.compile(r"/sessions/"))
    expect(row.locator(".live-now")).to_have_text("live session now")
    practice = scenario.db(open_session_of, people.couple)

    # They do the exercise; the homework turns done by itself, live.
    cookies = [scenario.db(session_cookie, people.alex), scenario.db(session_cookie, people.sam)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(
            asyncio.run, _finish_active_listening(scenario.site, practice, str(people.alex.pk), cookies)
        ).result(timeout=60)
    expect(row.locator(".homework-counts")).to_contain_text("3 due, 0 overdue, 1 done")
    scenario.step("homework-done-live", therapist)

    # Jo ends the link with the therapist: that couple leaves the caseload at once.
    jo_person = scenario.person("jo", user=jo)
    jo_person.page.goto("/couple/therapist/")
    jo_person.page.get_by_role("button", name="End the link").click()
    expect(jo_person.page.get_by_text("no longer has access")).to_be_visible()
    expect(caseload.get_by_role("heading", name="Jo & Kim")).to_have_count(0)
    expect(caseload.get_by_role("heading", name="Alex & Sam")).to_be_visible()
    assert page.evaluate("() => window.stayedOnThisPage === true")  # never reloaded
    scenario.step("link-ended-live", therapist)


def test_a_practice_summary_previewed_by_both_partners_then_received(scenario):
    people = couple_create(scenario, with_therapist=True)
    alex = scenario.person("alex", user=people.alex)
    sam = scenario.person("sam", phone=True, user=people.sam)
    alex_words = "The Sunday meetings got easier each week."
    sam_private = "Something Sam decided to keep to themself."

    alex.page.goto("/couple/therapist/")
    alex.page.get_by_role("link", name="Send Dr. Okafor a summary of your practice").click()
    alex.page.get_by_role("button", name="Prepare the preview").click()
    expect(alex.page.get_by_role("heading", name="Preview: what your therapist will see")
           ).to_be_visible()
    summary_url = alex.page.url
    alex.page.get_by_label("Words you add for your therapist").fill(alex_words)
    alex.page.get_by_role("button", name="Share my part").click()
    expect(alex.page.locator(".summary-part")).to_have_text([alex_words])

    # Sam sees Alex's words in the preview, writes something, then withholds it.
    sam.page.goto("/couple/therapist/")
    summaries = sam.page.get_by_role("region", name="Practice summaries")
    summaries.locator("li").filter(has_text="not sent yet").get_by_role("link").click()
    expect(sam.page).to_have_url(summary_url)
    expect(sam.page.locator(".summary-part")).to_have_text([alex_words])
    sam.page.get_by_label("Words you add for your therapist").fill(sam_private)
    sam.page.get_by_role("button", name="Withhold my part").click()
    expect(sam.page.locator(".part-status")).to_contain_text("Sam: adds nothing (withheld)")
    expect(sam.page.locator(".summary-preview")).not_to_contain_text(sam_private)
    sam.page.get_by_role("button", name="This is right: send it").click()
    expect(sam.page.get_by_text("Confirmed. Waiting for your partner.")).to_be_visible()
    scenario.step("summary-previewed", alex, sam)

    alex.page.reload()
    alex.page.get_by_role("button", name="This is right: send it").click()
    expect(alex.page.get_by_text("Sent to your therapist.")).to_be_visible()

    therapist = scenario.person("therapist")
    scenario.sign_in(therapist, people.therapist, next_path="/therapist/")
    therapist.page.locator("#caseload").get_by_role("link", name="Alex & Sam").click()
    received = therapist.page.locator("article.practice-summary")
    expect(received.locator(".summary-part")).to_have_text([alex_words])
    expect(therapist.page.locator("main")).not_to_contain_text(sam_private)
    scenario.step("summary-received", therapist)


def test_the_therapist_starts_a_session_from_the_caseload_and_hands_it_back(scenario):
    people = couple_create(scenario, with_therapist=True)
    therapist = scenario.person("therapist")
    scenario.sign_in(therapist, people.therapist, next_path="/therapist/")
    therapist.page.get_by_role("button", name="Start a session for them").click()
    expect(connection(therapist)).to_have_text("Connected")
    alex = scenario.person("alex", user=people.alex)
    alex.page.get_by_role("link", name="Join the session").click()
    expect(connection(alex)).to_have_text("Connected")

    # The appointment ends: from the caseload, in another tab, hand the session back.
    caseload = therapist.context.new_page()
    caseload.goto("/therapist/")
    row = caseload.locator(".caseload-row").filter(has_text="Alex & Sam")
    expect(row.locator(".live-now")).to_have_text("live session now")
    row.get_by_role("button", name="Hand back to the couple").click()
    expect(caseload.get_by_text("The session is Alex & Sam's own again.")).to_be_visible()
    expect(row.get_by_role("button", name="Hand back to the couple")).to_have_count(0)
    expect(connection(therapist)).to_contain_text("You no longer facilitate this session")
    expect(announcer(alex)).to_contain_text("Your therapist has handed the session back to you.")
    expect(alex.page.get_by_role("list", name="Who is here")).not_to_contain_text("Dr. Okafor")
    scenario.step("handed-back", alex)
