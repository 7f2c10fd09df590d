"""Earned security, end to end through the HTTP doors: self-assessments,
the daily check-in, the boundary builder, the solo rehearsal, the practice
record and solo practice (issue 15; docs/self_assessments.md).

Privacy: nothing reaches the partner, a therapist or another couple unless
its author shares that one item; everything is sealed in the database;
everything goes with the account. Authorization: another person's ids
answer 404, the same as ids that do not exist.
"""

from __future__ import annotations

import io
import json
import re
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from couples.lib import crypto
from couples.models import (
    AssessmentResult,
    AssessmentShare,
    Boundary,
    BoundaryShare,
    DailyCheckIn,
    Membership,
    Rehearsal,
)
from couples.selectors.assessments import results_shared_with_partner
from couples.services.assessments import assessment_take
from couples.services.boundaries import boundary_create
from couples.services.checkins import checkin_create
from couples.services.privacy import account_delete, account_export
from couples.services.rehearsals import rehearsal_save
from couples.services.space import couple_create
from exercises import assessments
from tests.factories import CoupleFactory, UserFactory, link_therapist, marker

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def answers(kind: str, value: int = 4) -> dict[str, str]:
    return {item.id: str(value) for item in assessments.items(kind)}


def raw_column(model, field: str = "sealed") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {field} FROM {model._meta.db_table}")
        return "\n".join(str(row[0]) for row in cursor.fetchall())


# --- solo practice -----------------------------------------------------------------------


def test_a_person_without_a_partner_gets_the_solo_page_not_a_demand_to_make_a_couple():
    solo = UserFactory()
    page = signed_in(solo).get("/").content.decode()
    assert "Your practice" in page and "Invite a partner" in page
    for name in ("checkin_list", "assessment_list", "boundary_list", "rehearsal_list",
                 "progress", "practice_soothing", "reflection_list"):
        assert reverse(name) in page


@pytest.mark.parametrize(
    "name",
    ["checkin_list", "assessment_list", "assessments_shared", "boundary_list",
     "rehearsal_list", "progress", "practice_soothing", "reflection_list"],
)
def test_every_solo_page_works_without_a_couple(name):
    assert signed_in(UserFactory()).get(reverse(name)).status_code == 200


def test_a_solo_person_takes_an_assessment_and_reads_a_gentle_description():
    solo = UserFactory()
    client = signed_in(solo)
    assert client.get(reverse("assessment_take", args=["regulation"])).status_code == 200
    response = client.post(reverse("assessment_take", args=["regulation"]),
                           answers("regulation", 2), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Noticing" in page and "Self-soothing" in page  # described, with practices that fit
    assert "You are practising on your own" in page  # nobody to share with yet
    assert not re.search(r"\b(diagnos|disorder|grade|score)\w*", page.split("<main", 1)[-1],
                         re.IGNORECASE)


def test_an_unanswered_statement_is_named_and_nothing_is_kept():
    solo = UserFactory()
    data = answers("patterns")
    del data["p3"]
    response = signed_in(solo).post(reverse("assessment_take", args=["patterns"]), data)
    assert response.status_code == 400
    assert "Please answer every statement" in response.content.decode()
    assert not AssessmentResult.objects.exists()


def test_an_unknown_assessment_is_404():
    assert signed_in(UserFactory()).get("/assessments/take/iq/").status_code == 404


def test_sharing_while_solo_is_refused_calmly():
    solo = UserFactory()
    result = assessment_take(author=solo, kind="patterns", answers=answers("patterns"))
    response = signed_in(solo).post(
        reverse("assessment_share", args=[result.public_id]), {"audience": "partner"}, follow=True
    )
    assert "practising on your own" in response.content.decode()
    assert not AssessmentShare.objects.exists()


def test_inviting_a_partner_later_keeps_private_what_was_private():
    solo = UserFactory()
    note = marker("note")
    need = marker("need")
    result = assessment_take(author=solo, kind="patterns", answers=answers("patterns", 5))
    checkin_create(author=solo, feeling="calm", mood=4, note=note)
    boundary_create(author=solo, need=need, limit="Shouting.", action="I will step out.")
    client = signed_in(solo)
    response = client.post(reverse("couple_create"), {"name": "", "invite": "1"})
    assert response.status_code == 302
    home = client.get("/").content.decode()
    url = re.search(r'value="(http://[^"]+/invitations/[^"]+/)"', home).group(1)
    partner = UserFactory()
    partner_client = signed_in(partner)
    partner_client.post(url.split("testserver", 1)[1])
    assert Membership.objects.filter(user=partner).exists()
    for name in ("assessments_shared", "boundary_list", "checkin_list", "reflection_list", "home"):
        body = partner_client.get(reverse(name)).content.decode()
        assert note not in body and need not in body
    assert results_shared_with_partner(partner) == []
    assert partner_client.get(reverse("assessment_detail", args=[result.public_id])).status_code == 404
    # The author can now share that one result with the new partner.
    client.post(reverse("assessment_share", args=[result.public_id]), {"audience": "partner"})
    shared = partner_client.get(reverse("assessments_shared")).content.decode()
    assert "My relationship patterns" in shared and "shared-result" in shared


# --- sharing in a couple -------------------------------------------------------------------


@pytest.fixture
def pair():
    couple = CoupleFactory()
    a, b = [m.user for m in couple.memberships.order_by("pk")]
    return couple, a, b


def test_a_result_reaches_nobody_until_shared_then_only_the_one_shared(pair):
    couple, a, b = pair
    link = link_therapist(couple, [a, b])
    other = CoupleFactory()
    stranger = other.memberships.first().user
    first = assessment_take(author=a, kind="patterns", answers=answers("patterns", 5))
    second = assessment_take(author=a, kind="regulation", answers=answers("regulation", 1))
    partner, therapist, outsider = signed_in(b), signed_in(link.therapist), signed_in(stranger)
    overview = reverse("therapist_couple", args=[couple.public_id])

    assert "shared-result" not in partner.get(reverse("assessments_shared")).content.decode()
    assert "My relationship patterns" not in therapist.get(overview).content.decode()

    a_client = signed_in(a)
    a_client.post(reverse("assessment_share", args=[first.public_id]), {"audience": "partner"})
    shared = partner.get(reverse("assessments_shared")).content.decode()
    assert "My relationship patterns" in shared
    assert "My emotional regulation" not in shared  # only the one result
    assert "shared-result" not in outsider.get(reverse("assessments_shared")).content.decode()
    assert "My relationship patterns" not in therapist.get(overview).content.decode()

    a_client.post(reverse("assessment_share", args=[second.public_id]),
                  {"audience": "therapist", "therapist_link": link.pk})
    page = therapist.get(overview).content.decode()
    assert "My emotional regulation" in page and "My relationship patterns" not in page
    assert "My emotional regulation" not in partner.get(reverse("assessments_shared")).content.decode()

    a_client.post(reverse("assessment_unshare", args=[first.public_id]), {"audience": "partner"})
    assert "shared-result" not in partner.get(reverse("assessments_shared")).content.decode()


def test_ending_the_therapist_link_ends_what_was_shared_with_them(pair):
    from couples.services.therapy import link_end

    couple, a, b = pair
    link = link_therapist(couple, [a, b])
    result = assessment_take(author=a, kind="relationship_now", answers=answers("relationship_now"))
    boundary = boundary_create(author=a, need="Rest.", limit="Late calls.", action="I will mute.")
    signed_in(a).post(reverse("assessment_share", args=[result.public_id]), {"audience": "therapist"})
    signed_in(a).post(reverse("boundary_share", args=[boundary.public_id]), {"audience": "therapist"})
    assert AssessmentShare.objects.count() == 1 and BoundaryShare.objects.count() == 1
    link_end(link_id=link.pk, partner=b)
    assert not AssessmentShare.objects.exists() and not BoundaryShare.objects.exists()


def test_a_shared_boundary_reaches_the_partner_and_a_private_one_does_not(pair):
    _, a, b = pair
    kept = marker("kept")
    shown = marker("shown")
    private = boundary_create(author=a, need=kept, limit="x", action="I will pause.")
    public = boundary_create(author=a, need=shown, limit="x", action="I will pause.")
    signed_in(a).post(reverse("boundary_share", args=[public.public_id]), {"audience": "partner"})
    page = signed_in(b).get(reverse("boundary_list")).content.decode()
    assert shown in page and kept not in page
    assert private.public_id


# --- authorization: 404 by id guessing --------------------------------------------------------


def _owned(a):
    result = assessment_take(author=a, kind="patterns", answers=answers("patterns"))
    boundary = boundary_create(author=a, need="Rest.", limit="x", action="I will pause.")
    draft = rehearsal_save(author=a, topic="money", text="I feel worried.")
    check = checkin_create(author=a, feeling="calm", mood=3)
    return [
        ("get", "assessment_detail", result.public_id),
        ("post", "assessment_share", result.public_id),
        ("post", "assessment_unshare", result.public_id),
        ("post", "assessment_delete", result.public_id),
        ("get", "boundary_detail", boundary.public_id),
        ("post", "boundary_share", boundary.public_id),
        ("post", "boundary_unshare", boundary.public_id),
        ("post", "boundary_delete", boundary.public_id),
        ("get", "rehearsal_edit", draft.public_id),
        ("post", "rehearsal_edit", draft.public_id),
        ("post", "rehearsal_delete", draft.public_id),
        ("post", "checkin_delete", check.public_id),
    ]


def test_another_persons_ids_answer_404_and_change_nothing(pair):
    couple, a, b = pair
    link = link_therapist(couple, [a, b])
    owned = _owned(a)
    for person in (b, link.therapist, UserFactory()):
        client = signed_in(person)
        for method, name, public_id in owned:
            response = getattr(client, method)(
                reverse(name, args=[public_id]), {"audience": "partner", "save": "1", "text": "x"}
            )
            assert response.status_code == 404, (person, name)
    assert AssessmentResult.objects.count() == 1 and Boundary.objects.count() == 1
    assert Rehearsal.objects.count() == 1 and DailyCheckIn.objects.count() == 1
    assert not AssessmentShare.objects.exists() and not BoundaryShare.objects.exists()
    # A made-up id is answered the same way.
    assert signed_in(a).get(reverse("assessment_detail", args=[uuid.uuid4()])).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(pair):
    _, a, _ = pair
    for _method, name, public_id in _owned(a):
        response = Client().get(reverse(name, args=[public_id]))
        assert response.status_code in (302, 405)


# --- sealed at rest, exported, deleted ---------------------------------------------------------


def test_the_database_holds_no_plaintext_of_any_new_private_item(pair):
    _, a, _ = pair
    words = {k: marker(k) for k in ("note", "need", "limit", "action", "topic", "draft")}
    assessment_take(author=a, kind="patterns", answers=answers("patterns"))
    checkin_create(author=a, feeling="hopeful", mood=4, note=words["note"])
    boundary_create(author=a, need=words["need"], limit=words["limit"], action=words["action"])
    rehearsal_save(author=a, topic=words["topic"], text=words["draft"])
    dump = "\n".join(raw_column(m) for m in (AssessmentResult, DailyCheckIn, Boundary, Rehearsal))
    for word in words.values():
        assert word not in dump
    assert "hopeful" not in dump and "closeness_worry" not in dump and "answers" not in dump
    assert crypto.unseal(raw_column(DailyCheckIn))["note"] == words["note"]


def test_the_key_rotation_reseals_the_new_columns(settings, pair):
    from cryptography.fernet import Fernet

    _, a, _ = pair
    assessment_take(author=a, kind="patterns", answers=answers("patterns"))
    checkin_create(author=a, feeling="calm", mood=3, note="n")
    boundary_create(author=a, need="n", limit="l", action="I will go.")
    rehearsal_save(author=a, topic="", text="t")
    before = {m: raw_column(m) for m in (AssessmentResult, DailyCheckIn, Boundary, Rehearsal)}
    new_key = Fernet.generate_key().decode()
    old_keys = list(settings.REFLECTION_KEYS)
    settings.REFLECTION_KEYS = [new_key, *old_keys]
    out = io.StringIO()
    call_command("rotate_reflection_keys", stdout=out)
    settings.REFLECTION_KEYS = [new_key]  # the old key is gone: the new one alone opens them
    for model, token in before.items():
        after = raw_column(model)
        assert after != token
        crypto.unseal(after)
    assert "boundaries: 1 re-encrypted" in out.getvalue()


def test_the_export_holds_every_new_item_and_deletion_removes_them(pair):
    _, a, b = pair
    note = marker("note")
    result = assessment_take(author=a, kind="patterns", answers=answers("patterns"))
    checkin_create(author=a, feeling="calm", mood=3, note=note)
    boundary = boundary_create(author=a, need="Quiet.", limit="x", action="I will rest.")
    rehearsal_save(author=a, topic="t", text="I feel tired.")
    signed_in(a).post(reverse("assessment_share", args=[result.public_id]), {"audience": "partner"})
    theirs = assessment_take(author=b, kind="regulation", answers=answers("regulation"))
    signed_in(b).post(reverse("assessment_share", args=[theirs.public_id]), {"audience": "partner"})
    data = account_export(a)
    assert [r["assessment"] for r in data["self_assessments"]] == ["patterns"]
    assert data["daily_check_ins"][0]["note"] == note
    assert data["boundaries"][0]["need"] == "Quiet."
    assert data["rehearsals"][0]["text"] == "I feel tired."
    markdown = signed_in(a).get(reverse("account_export_md")).content.decode()
    assert note in markdown and "My relationship patterns" in markdown
    assert json.loads(signed_in(a).get(reverse("account_export_json")).content)["boundaries"]

    account_delete(user=a)
    assert not AssessmentResult.objects.filter(pk=result.pk).exists()
    assert not Boundary.objects.filter(pk=boundary.pk).exists()
    assert not DailyCheckIn.objects.exists() and not Rehearsal.objects.exists()
    # What b shared with the one who left is no longer shared (a later partner must not inherit it).
    assert AssessmentResult.objects.filter(pk=theirs.pk).exists()
    assert not AssessmentShare.objects.exists()
    assert raw_column(AssessmentResult).count("\n") == 0


# --- the daily check-in, boundaries, rehearsal, progress -----------------------------------------


def test_a_check_in_takes_a_lexicon_word_and_a_mood_and_feeds_the_mood_picture():
    solo = UserFactory()
    client = signed_in(solo)
    bad = client.post(reverse("checkin_list"), {"feeling": "ignored", "mood": "3"})
    assert bad.status_code == 400 and "Choose one feeling word" in bad.content.decode()
    no_mood = client.post(reverse("checkin_list"), {"feeling": "calm", "mood": ""})
    assert no_mood.status_code == 400
    assert not DailyCheckIn.objects.exists()
    client.post(reverse("checkin_list"), {"feeling": "Calm", "mood": "4", "note": "slept well"})
    page = client.get(reverse("checkin_list")).content.decode()
    assert "calm" in page and "slept well" in page
    picture = client.get(reverse("reflection_list")).content.decode()
    assert "Mood over time" in picture and "daily check-ins included" in picture


def test_the_boundary_builder_coaches_without_keeping_then_keeps_on_request():
    solo = UserFactory()
    client = signed_in(solo)
    data = {"need": "You never give me a minute.", "limit": "Shouting.",
            "action": "You must stop.", "coach": "1"}
    page = client.post(reverse("boundary_list"), data).content.decode()
    assert "coach-note" in page and "order to your partner" in page
    assert not Boundary.objects.exists()
    data.pop("coach")
    data["save"] = "1"
    response = client.post(reverse("boundary_list"), data)
    assert response.status_code == 302 and Boundary.objects.count() == 1
    empty = client.post(reverse("boundary_list"), {"need": "", "limit": "", "action": "",
                                                   "save": "1"})
    assert empty.status_code == 400 and Boundary.objects.count() == 1


def test_a_rehearsal_is_coached_and_saved_as_a_private_draft():
    solo = UserFactory()
    client = signed_in(solo)
    page = client.post(reverse("rehearsal_list"),
                       {"text": "You always ignore me.", "coach": "1"}).content.decode()
    assert "Some suggestions" in page and not Rehearsal.objects.exists()
    response = client.post(reverse("rehearsal_list"),
                           {"topic": "evenings", "text": "I feel lonely when we eat apart.",
                            "save": "1"})
    assert response.status_code == 302
    draft = Rehearsal.objects.get()
    edit = client.get(reverse("rehearsal_edit", args=[draft.public_id])).content.decode()
    assert "I feel lonely when we eat apart." in edit


def test_the_practice_record_counts_weeks_without_streaks():
    solo = UserFactory()
    checkin_create(author=solo, feeling="calm", mood=3)
    checkin_create(author=solo, feeling="tired", mood=2)
    page = signed_in(solo).get(reverse("progress")).content.decode()
    assert "Daily check-ins" in page
    assert "streak" not in page.lower().replace("no streaks", "")
    from couples.selectors.progress import practice_record

    record = practice_record(solo)
    assert record["weeks"][0]["counts"]["checkins"] == 2
    assert record["totals"]["exercises"] == 0


def test_a_couple_created_from_the_solo_page_keeps_its_old_path():
    person = UserFactory()
    couple_create(user=person, name="Us")
    assert "Invite your partner" in signed_in(person).get("/").content.decode()


_SIGNING_OUT = {None, "", "away", "logout", "account_sign_out_everywhere", "account_delete"}


def test_no_page_fails_for_a_person_without_a_couple():
    """Many pages were written for partners; a solo person must never meet
    an error page on any of them (a 404 or a redirect is fine)."""
    from django.urls import URLPattern, get_resolver

    solo = UserFactory()
    client = signed_in(solo)
    for pattern in get_resolver().url_patterns:
        if not isinstance(pattern, URLPattern) or pattern.name in _SIGNING_OUT:
            continue
        kwargs = {}
        for name, converter in getattr(pattern.pattern, "converters", {}).items():
            kind = type(converter).__name__
            kwargs[name] = uuid.uuid4() if kind == "UUIDConverter" else (
                1 if kind == "IntConverter" else "x")
        url = reverse(pattern.name, kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code < 500, (method, url, response.status_code)
    assert client.get(reverse("account")).status_code == 200  # still signed in throughout


def test_the_account_page_counts_each_private_thing_kept_and_only_ones_own(partners):
    a, b = partners
    assessment_take(author=a, kind="patterns", answers=answers("patterns"))
    checkin_create(author=a, feeling="calm", mood=4, note="")
    checkin_create(author=a, feeling="calm", mood=3, note="")
    boundary_create(author=a, need="Rest.", limit="Late calls.", action="I will mute.")
    boundary_create(author=b, need="Quiet.", limit="Noise.", action="I will step out.")
    rehearsal_save(author=a, topic="money", text="I feel worried.")
    page = signed_in(a).get(reverse("account")).content.decode()
    for line in ("1 self-assessment result<", "2 daily check-ins<", "1 boundary<",
                 "1 rehearsal<"):
        assert line in page
    theirs = signed_in(b).get(reverse("account")).content.decode()
    assert "0 self-assessment results<" in theirs and "1 boundary<" in theirs
    assert "0 rehearsals<" in theirs


def test_a_saved_boundary_is_offered_in_the_live_session_to_its_author_alone(
    couple, partners, practice
):
    a, b = partners
    kept = marker("boundary")
    boundary_create(author=a, need=kept, limit="Late calls.", action="I will mute.")
    url = reverse("session", kwargs={"public_id": practice.public_id})
    mine = signed_in(a).get(url)
    assert mine.status_code == 200 and kept in mine.content.decode()
    theirs = signed_in(b).get(url).content.decode()
    assert kept not in theirs
    therapist = link_therapist(couple, partners).therapist
    assert kept not in signed_in(therapist).get(url).content.decode()
