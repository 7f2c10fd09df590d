"""The reflection log as its author uses it: writing (alone or after an
exercise), the rules, search and filters, the mood picture, sharing with the
therapist, deleting, and encryption keys (rotation, production start)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from couples.lib import crypto
from couples.lib.errors import (
    DomainError,
    ExerciseNotFound,
    NoCoupleToShareWith,
    NoTherapistToShareWith,
    SessionNotFound,
    TherapistChoiceRequired,
    UnknownAudience,
)
from couples.models import PracticeSession, Reflection, ReflectionShare
from couples.selectors.reflections import (
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TEXT_CHARS,
    PROMPTS,
    ReflectionEntry,
    mood_chart,
    reflection_entry,
    reflections_search,
    reflections_shared_with_therapist,
)
from couples.services.reflections import reflection_create, reflection_share, reflection_unshare
from tests.factories import (
    CoupleFactory,
    complete_an_exercise,
    link_therapist,
    marker,
    write,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def test_the_author_writes_a_reflection_and_reads_it_back(client, partners):
    client.force_login(partners[0])
    text = marker("felt heard")
    response = client.post(
        reverse("reflection_create"), {"text": text, "mood": "4", "tags": "mornings, #Chores"}
    )
    reflection = Reflection.objects.get(author=partners[0])
    assert response["Location"] == reverse("reflection_detail", args=[reflection.public_id])
    page = client.get(response["Location"]).content.decode()
    assert text in page and "Good" in page
    assert "mornings" in page and "Chores" in page


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"text": "   "}, "text_required"),
        ({"text": "x" * (MAX_TEXT_CHARS + 1)}, "text_too_long"),
        ({"text": "ok", "mood": 6}, "mood_out_of_range"),
        ({"text": "ok", "mood": "high"}, "mood_out_of_range"),
        ({"text": "ok", "tags": ",".join(f"t{i}" for i in range(MAX_TAGS + 1))},
         "too_many_tags"),
        ({"text": "ok", "tags": "y" * (MAX_TAG_CHARS + 1)}, "tag_too_long"),
        ({"text": "ok", "exercise_index": 0}, "session_not_found"),
    ],
)
def test_bad_input_is_refused_with_a_stable_code_and_nothing_is_saved(partners, fields, code):
    with pytest.raises(DomainError) as refused:
        reflection_create(author=partners[0], **fields)
    assert refused.value.code == code
    assert not Reflection.objects.exists()


def test_a_text_of_exactly_the_limit_is_accepted(partners):
    write(partners[0], "x" * MAX_TEXT_CHARS)
    assert Reflection.objects.count() == 1


def test_a_refused_form_keeps_what_was_typed(client, partners):
    client.force_login(partners[0])
    text = marker("typed")
    response = client.post(reverse("reflection_create"), {"text": text, "tags": "a" * 40})
    page = response.content.decode()
    assert "under 30 characters" in page and text in page
    assert not Reflection.objects.exists()


def test_tags_are_trimmed_and_repeats_dropped(partners):
    reflection = write(partners[0], "ok", tags=" #money ,Money,  in  laws , ,family")
    assert reflection_entry(reflection).tags == ("money", "in laws", "family")


def test_a_reflection_after_an_exercise_names_it_and_leaves_the_session_alone(
    client, practice, partners
):
    index = complete_an_exercise(practice, partners)
    version = PracticeSession.objects.get(pk=practice.pk).version
    client.force_login(partners[1])
    url = f"{reverse('reflection_create')}?session={practice.public_id}&exercise={index}"
    form = client.get(url).content.decode()
    assert "After Active listening" in form
    for prompt in PROMPTS:
        assert prompt in form
    client.post(url, {"text": "I noticed I interrupt", "session": str(practice.public_id),
                      "exercise": str(index)})
    reflection = Reflection.objects.get(author=partners[1])
    assert (reflection.session_id, reflection.exercise_index) == (practice.pk, index)
    assert reflection.exercise_kind == "active_listening"
    assert PracticeSession.objects.get(pk=practice.pk).version == version


def test_a_reflection_cannot_be_linked_to_another_couples_session(practice, partners):
    stranger = CoupleFactory().memberships.first().user
    complete_an_exercise(practice, partners)
    with pytest.raises(SessionNotFound):
        write(stranger, "ok", session_public_id=str(practice.public_id), exercise_index=0)


def test_a_reflection_cannot_be_linked_to_an_exercise_the_session_did_not_have(practice, partners):
    with pytest.raises(ExerciseNotFound):
        write(partners[0], "ok", session_public_id=str(practice.public_id), exercise_index=0)


def test_a_foreign_session_in_the_link_is_dropped_from_the_form(client, practice, partners):
    complete_an_exercise(practice, partners)
    stranger = CoupleFactory().memberships.first().user
    client.force_login(stranger)
    page = client.get(
        f"{reverse('reflection_create')}?session={practice.public_id}&exercise=0"
    ).content.decode()
    assert "Active listening" not in page and str(practice.public_id) not in page


def _search(user, **filters):
    return [e.text for e in reflections_search(author=user, **filters)]


def test_search_finds_entries_containing_every_word_ignoring_case(partners):
    write(partners[0], "We argued about Money again")
    write(partners[0], "money talk went well")
    write(partners[0], "A calm evening")
    assert _search(partners[0], query="MONEY again") == ["We argued about Money again"]


def test_search_by_tag_ignores_case_and_the_hash(partners):
    write(partners[0], "first", tags="Family")
    write(partners[0], "second", tags="work")
    assert _search(partners[0], tag="#family") == ["first"]


def test_search_by_mood(partners):
    write(partners[0], "low day", mood=2)
    write(partners[0], "good day", mood=4)
    assert _search(partners[0], mood=2) == ["low day"]


def test_search_by_date_range_includes_both_ends(partners):
    now = timezone.now()
    for days_ago in (10, 5, 1):
        reflection = write(partners[0], f"{days_ago} days ago")
        moved = now - timedelta(days=days_ago)
        Reflection.objects.filter(pk=reflection.pk).update(created_at=moved)
    since = timezone.localdate(now - timedelta(days=5))
    until = timezone.localdate(now - timedelta(days=1))
    assert _search(partners[0], since=since, until=until) == ["1 days ago", "5 days ago"]


def test_search_only_ever_looks_at_the_searchers_own_entries(partners):
    write(partners[1], "money worries")
    assert _search(partners[0], query="money") == []


def test_the_search_form_posts_and_filters_the_list(client, partners):
    write(partners[0], "about the holidays")
    write(partners[0], "about the dishes")
    client.force_login(partners[0])
    page = client.post(reverse("reflection_list"), {"q": "holidays"}).content.decode()
    assert "about the holidays" in page and "about the dishes" not in page


def test_the_mood_picture_has_one_point_per_entry_with_a_mood(client, partners):
    write(partners[0], "a", mood=2)
    write(partners[0], "b", mood=5)
    write(partners[0], "c")
    client.force_login(partners[0])
    page = client.get(reverse("reflection_list")).content.decode()
    assert page.count('<circle class="dot"') == 2
    assert "<script" not in page.split('<svg class="mood-chart"')[1].split("</svg>")[0]


def test_no_mood_picture_without_moods(client, partners):
    write(partners[0], "a")
    client.force_login(partners[0])
    assert "mood-chart" not in client.get(reverse("reflection_list")).content.decode()


def test_the_mood_picture_puts_better_moods_higher():
    now = timezone.now()
    entries = [
        ReflectionEntry(public_id=str(i), created_at=now + timedelta(days=i),
                                    mood=mood, text="", tags=())
        for i, mood in enumerate((1, 5))
    ]
    low, high = mood_chart(entries)["dots"]
    assert high["y"] < low["y"] and high["x"] > low["x"]


def test_deleting_an_entry_removes_it_and_its_shares(client, partners):
    reflection = write(partners[0], "to be deleted")
    reflection_share(reflection=reflection, audience="partner")
    client.force_login(partners[0])
    client.post(reverse("reflection_delete", args=[reflection.public_id]))
    assert not Reflection.objects.filter(pk=reflection.pk).exists()
    assert not ReflectionShare.objects.exists()


def test_the_author_sees_what_is_shared_with_whom(client, couple, partners):
    link_therapist(couple, partners, name="Dr. Rivera")
    shared = write(partners[0], "shared one")
    write(partners[0], "private one")
    reflection_share(reflection=shared, audience="therapist")
    client.force_login(partners[0])
    page = client.get(reverse("reflections_shared")).content.decode()
    assert reverse("reflection_detail", args=[shared.public_id]) in page
    assert "shared with your therapist, Dr. Rivera" in page
    assert page.count(reverse("reflection_list")) >= 1
    detail = client.get(reverse("reflection_detail", args=[shared.public_id])).content.decode()
    assert "Stop sharing with your therapist, Dr. Rivera" in detail
    assert "Share with your partner" in detail


def test_the_therapist_selector_returns_only_entries_shared_with_the_therapist(couple, partners):
    therapist = link_therapist(couple, partners).therapist
    for_therapist = write(partners[0], "for the therapist")
    for_partner = write(partners[1], "for my partner")
    reflection_share(reflection=for_therapist, audience="therapist")
    reflection_share(reflection=for_partner, audience="partner")
    shared = reflections_shared_with_therapist(couple, therapist=therapist)
    assert [(s["text"], s["author"]) for s in shared] == [
        ("for the therapist", partners[0].display_name)
    ]
    reflection_unshare(reflection=for_therapist, audience="therapist")
    assert reflections_shared_with_therapist(couple, therapist=therapist) == []


# --- a share names its therapist (issue #11, item 10) -----------------------------------


def test_a_therapist_linked_later_does_not_see_what_was_shared_with_another(couple, partners):
    first = link_therapist(couple, partners, name="Dr. First")
    entry = write(partners[0], "for Dr. First only")
    reflection_share(reflection=entry, audience="therapist")
    later = link_therapist(couple, partners, name="Dr. Later")
    assert reflections_shared_with_therapist(couple, therapist=later.therapist) == []
    assert [s["text"] for s in reflections_shared_with_therapist(
        couple, therapist=first.therapist)] == ["for Dr. First only"]


def test_ending_a_link_ends_its_shares(couple, partners):
    from couples.services.therapy import consent_give, link_create, link_end

    link = link_therapist(couple, partners)
    entry = write(partners[0], "for a while")
    reflection_share(reflection=entry, audience="therapist")
    link_end(link_id=link.pk, partner=partners[1])
    assert not ReflectionShare.objects.filter(reflection=entry).exists()
    # The same therapist linked again sees nothing until the author shares again.
    again = link_create(couple=couple, therapist=link.therapist, invited_by=partners[0])
    consent_give(link_id=again.pk, partner=partners[1])
    assert reflections_shared_with_therapist(couple, therapist=link.therapist) == []


def test_with_two_therapists_the_author_names_one(couple, partners):
    first = link_therapist(couple, partners, name="Dr. First")
    second = link_therapist(couple, partners, name="Dr. Second")
    entry = write(partners[0], "for the second")
    with pytest.raises(TherapistChoiceRequired) as caught:
        reflection_share(reflection=entry, audience="therapist")
    assert caught.value.code == "therapist_choice_required"
    assert not ReflectionShare.objects.exists()
    reflection_share(reflection=entry, audience="therapist", therapist_link_id=second.pk)
    assert reflections_shared_with_therapist(couple, therapist=first.therapist) == []
    assert len(reflections_shared_with_therapist(couple, therapist=second.therapist)) == 1


def test_sharing_with_a_therapist_needs_a_linked_one(couple, partners):
    entry = write(partners[0], "no one to share with")
    with pytest.raises(NoTherapistToShareWith) as caught:
        reflection_share(reflection=entry, audience="therapist")
    assert caught.value.code == "no_therapist"
    elsewhere = CoupleFactory()
    other = link_therapist(elsewhere, [m.user for m in elsewhere.memberships.all()])
    with pytest.raises(NoTherapistToShareWith):
        reflection_share(reflection=entry, audience="therapist", therapist_link_id=other.pk)
    assert not ReflectionShare.objects.exists()


def test_the_share_screen_names_each_therapist(client, couple, partners):
    link = link_therapist(couple, partners, name="Dr. Rivera")
    entry = write(partners[0], "name them")
    client.force_login(partners[0])
    url = reverse("reflection_detail", args=[entry.public_id])
    assert "Share with your therapist, Dr. Rivera" in client.get(url).content.decode()
    response = client.post(reverse("reflection_share", args=[entry.public_id]),
                           {"audience": "therapist", "therapist_link": link.pk}, follow=True)
    assert "Shared with your therapist, Dr. Rivera" in response.content.decode()


def test_an_entry_written_outside_a_couple_cannot_be_shared(outsider):
    reflection = write(outsider, "alone")
    with pytest.raises(NoCoupleToShareWith):
        reflection_share(reflection=reflection, audience="partner")


def test_an_unknown_audience_is_refused(partners):
    reflection = write(partners[0], "x")
    with pytest.raises(UnknownAudience):
        reflection_share(reflection=reflection, audience="everyone")


def test_rotating_keys_reencrypts_every_row_with_the_first_key(settings, partners):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.REFLECTION_KEYS = [old]
    reflection = write(partners[0], "before rotation", tags="a")
    settings.REFLECTION_KEYS = [new, old]
    call_command("rotate_reflection_keys", stdout=StringIO())
    settings.REFLECTION_KEYS = [new]
    reflection.refresh_from_db()
    entry = reflection_entry(reflection)
    assert (entry.text, entry.tags, entry.unreadable) == ("before rotation", ("a",), False)


def test_rotation_refuses_to_finish_when_a_row_cannot_be_opened(settings, partners):
    settings.REFLECTION_KEYS = [Fernet.generate_key().decode()]
    write(partners[0], "sealed with a key that will be lost")
    settings.REFLECTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError):
        call_command("rotate_reflection_keys", stdout=StringIO())


def test_an_entry_no_key_opens_is_shown_as_unreadable_not_as_an_error(client, settings, partners):
    settings.REFLECTION_KEYS = [Fernet.generate_key().decode()]
    write(partners[0], "lost")
    settings.REFLECTION_KEYS = [Fernet.generate_key().decode()]
    client.force_login(partners[0])
    page = client.get(reverse("reflection_list"))
    assert page.status_code == 200 and "cannot be opened" in page.content.decode()


def test_sealed_values_change_every_time_even_for_the_same_text():
    assert crypto.seal("same") != crypto.seal("same")
    assert crypto.unseal(crypto.seal({"text": "same"})) == {"text": "same"}


def _production_start(**env) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "couples.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "attune.example.org",
        "REFLECTION_KEYS": "",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize(
    "keys", ["", "not-a-key", "YXR0dW5lLWxvY2FsLWRldmVsb3BtZW50LWtleS0wMDA="],
    ids=["missing", "malformed", "the development key"],
)
def test_production_refuses_to_start_without_a_key_of_its_own(keys):
    started = _production_start(REFLECTION_KEYS=keys)
    assert started.returncode != 0 and "REFLECTION_KEYS" in started.stderr


def test_production_starts_with_a_key():
    started = _production_start(REFLECTION_KEYS=Fernet.generate_key().decode())
    assert started.returncode == 0, started.stderr


# --- the invitation after an exercise (static/js/reflection_prompt.js) -------------------

PROMPT_HARNESS = r"""
const store = {};
global.localStorage = {
  getItem: (k) => (k in store ? store[k] : null),
  setItem: (k, v) => (store[k] = String(v)),
};
global.document = { getElementById: () => null };
global.window = global;
require(process.argv[1]);
const panel = window.Attune.panels[0];
const h = (tag, attrs, ...children) => ({ tag, attrs: attrs || {}, children: children.flat() });
const find = (node, test) => {
  if (!node || typeof node !== "object") return null;
  if (test(node)) return node;
  for (const child of node.children || []) { const hit = find(child, test); if (hit) return hit; }
  return null;
};
const ctx = (completed, extra = {}) => ({ h, me: "7", config: { session: "s-1" },
  view: { completed, partners: ["7", "8"], exercise: null, ...extra } });
const done = [{ kind: "active_listening", title: "Active listening" }];
const out = [];
const first = panel.render(ctx([]));
out.push(first === null ? "none" : "shown");
const shown = panel.render(ctx(done));
const write = find(shown.nodes[0], (n) => n.tag === "button");
const skip = find(shown.nodes[0], (n) => n.tag === "button" && n.children.join("") === "Skip");
out.push(shown.block, write.children.join(""), write.attrs.type, find(shown.nodes[0], (n) => n.tag === "a") === null, skip.children.join(""));
out.push(panel.render(ctx(done, { exercise: { kind: "rituals" } })) === null ? "none" : "shown");
out.push(panel.render({ ...ctx(done), me: "9" }) === null ? "none" : "shown");
skip.attrs.onclick();
out.push(panel.render(ctx(done)) === null ? "none" : "shown");
out.push(panel.render(ctx([...done, done[0]])) === null ? "none" : "shown");
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_invitation_appears_after_an_exercise_and_skip_dismisses_it():
    done = subprocess.run(
        ["node", "-e", PROMPT_HARNESS, str(ROOT / "static/js/reflection_prompt.js")],
        capture_output=True, text=True, timeout=30, check=True,
    )
    assert json.loads(done.stdout) == [
        "none",  # no exercise finished yet
        False,  # it never blocks the session
        "Write a reflection (private)",
        "button",  # opens the panel inside the session page
        True,  # no link: nothing leaves the session page
        "Skip",
        "none",  # the next exercise has started: the moment has passed
        "none",  # a therapist keeps no reflection log
        "none",  # skipped: not offered again for that exercise
        "shown",  # offered again after the next exercise
    ]


def test_the_live_session_loads_the_invitation(client, practice, partners):
    client.force_login(partners[0])
    page = client.get(reverse("session", args=[practice.public_id])).content.decode()
    assert re.search(r'<script src="[^"]*js/reflection_prompt.js"', page)
    panel_url = reverse("reflection_create_panel")
    assert re.search(rf'<form id="reflection-panel-form" method="post" action="{panel_url}"', page)
