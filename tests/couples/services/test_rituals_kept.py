"""Rituals kept: the one-tap "we did it" on the couple page, at most once per
ritual per day whoever taps, counted in the practice record over weeks, in
the export of whoever tapped, and kept with the couple when that account
goes."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from couples.lib.errors import RitualNotActive
from couples.models import Ritual, RitualKept
from couples.selectors.progress import practice_record
from couples.selectors.rituals import ritual_today, rituals_to_keep
from couples.services.privacy import account_delete, account_export, account_export_markdown
from couples.services.rituals import ritual_kept_mark, ritual_status_change
from tests.couples.services.test_rituals import CHECK_IN, agree, signed_in
from tests.factories import CoupleFactory

pytestmark = pytest.mark.django_db


def test_either_partner_taps_we_did_it_once_a_day_and_both_see_it(couple, partners):
    ritual = agree(couple, **CHECK_IN)
    alex, sam = (signed_in(p) for p in partners)
    before = alex.get(reverse("home")).content.decode()
    assert "We did it" in before
    page = alex.post(reverse("ritual_kept", args=[ritual.public_id]), follow=True)
    assert "Noted: you kept Evening check-in today." in page.content.decode()
    again = sam.post(reverse("ritual_kept", args=[ritual.public_id]), follow=True).content.decode()
    assert "already marked as kept today" in again
    assert RitualKept.objects.filter(ritual=ritual).count() == 1
    shown = sam.get(reverse("home")).content.decode()
    assert "kept today ✓" in shown and "We did it" not in shown
    assert "Kept on 1 day in the last four weeks." in shown


def test_the_day_is_the_rituals_own_day(couple, partners):
    ritual = agree(couple, **CHECK_IN)  # Europe/Paris
    late = datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 on 2 March in Paris
    assert ritual_today(ritual, now=late).isoformat() == "2026-03-02"


def test_a_paused_ritual_cannot_be_marked_and_is_not_offered(couple, partners):
    ritual = agree(couple, **CHECK_IN)
    ritual_status_change(ritual_id=ritual.pk, user=partners[0], action="pause")
    with pytest.raises(RitualNotActive):
        ritual_kept_mark(ritual_id=ritual.pk, user=partners[0])
    page = signed_in(partners[0]).post(reverse("ritual_kept", args=[ritual.public_id]),
                                       follow=True).content.decode()
    assert "Only a ritual you keep now can be marked as done." in page
    assert rituals_to_keep(couple) == [] and not RitualKept.objects.exists()


def test_another_couples_ritual_is_not_found_and_a_get_changes_nothing(couple, partners):
    theirs = agree(CoupleFactory(), **CHECK_IN)
    client = signed_in(partners[0])
    assert client.post(reverse("ritual_kept", args=[theirs.public_id])).status_code == 404
    mine = agree(couple, proposal_id="r2", **CHECK_IN)
    assert client.get(reverse("ritual_kept", args=[mine.public_id])).status_code == 405
    assert not RitualKept.objects.exists()


def test_kept_rituals_count_in_both_partners_practice_record_by_week(couple, partners):
    ritual = agree(couple, **CHECK_IN)
    today = ritual_today(ritual)
    RitualKept.objects.create(ritual=ritual, on=today, by=partners[0])
    RitualKept.objects.create(ritual=ritual, on=today - timedelta(days=1), by=partners[1])
    RitualKept.objects.create(ritual=ritual, on=today - timedelta(weeks=2), by=partners[1])
    other = agree(CoupleFactory(), **CHECK_IN)
    RitualKept.objects.create(ritual=other, on=today, by=None)
    for person in partners:
        weeks = practice_record(person, today=today)["weeks"]
        assert sum(w["counts"]["rituals_kept"] for w in weeks) == 3
        assert weeks[2]["counts"]["rituals_kept"] == 1


def test_the_tapper_exports_their_days_and_the_record_stays_when_they_leave(couple, partners):
    ritual = agree(couple, **CHECK_IN)
    ritual_kept_mark(ritual_id=ritual.pk, user=partners[0])
    exported = account_export(partners[0])["rituals_kept"]
    assert exported == [{"ritual": "Evening check-in", "on": ritual_today(ritual).isoformat()}]
    assert account_export(partners[1])["rituals_kept"] == []
    assert "Rituals I marked kept (1)" in account_export_markdown(partners[0])
    json.dumps(account_export(partners[0]))
    account_delete(user=partners[0])
    kept = RitualKept.objects.get(ritual=ritual)
    assert kept.by is None
    assert Ritual.objects.filter(pk=ritual.pk).exists()
