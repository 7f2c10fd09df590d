"""A person's own data: export it, and delete the account for real
(docs/architecture.md, "Privacy and safety": authors can export and delete their data;
deletion is real).

What a person *owns* is their account, their reflections, their safety
check-ins, their self-assessment results, daily check-ins, boundaries and
rehearsal drafts. Practice-session transcripts belong to the couple: when a partner
deletes their account the other partner keeps reading them, with the author
shown as "Former partner" (``SessionEvent.actor`` is SET_NULL and
``couples.selectors.sessions.participants`` names a missing user).
"""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from couples.lib.relay import deliver_on_commit, revoke_deliveries
from couples.models import (
    AssessmentResult,
    AssessmentShare,
    Boundary,
    BoundaryShare,
    Couple,
    DailyCheckIn,
    Membership,
    Reflection,
    ReflectionShare,
    Rehearsal,
    SafetyCheck,
    User,
)
from couples.selectors.assessments import results_of_author
from couples.selectors.boundaries import boundaries_of_author
from couples.selectors.checkins import checkins_of_author
from couples.selectors.reflections import MOODS, reflections_of_author
from couples.selectors.rehearsals import rehearsals_of_author
from couples.selectors.repair_list import repair_marks_of
from couples.selectors.rituals import rituals_kept_by
from couples.selectors.safety import safety_checks_of
from couples.services.commands import author_private_text_delete

EXPORT_FORMAT_VERSION = 1


def account_export(user: User) -> dict[str, Any]:
    """Everything ``user`` owns, as JSON-ready data:
    ``{"format", "exported_at", "account": {...}, "reflections": [...],
    "safety_check_ins": [...], "self_assessments": [...],
    "daily_check_ins": [...], "boundaries": [...], "rehearsals": [...],
    "repair_list": {phrase_id: "welcome" | "irritating"}, "rituals_kept":
    [{"ritual", "on"}]}`` (the days they tapped "we did it"). Nothing of the
    partner's is included (not their name, reflections, repair-list marks or
    check-ins)."""
    membership = Membership.objects.select_related("couple").filter(user=user).first()
    return {
        "format": f"attune-export-{EXPORT_FORMAT_VERSION}",
        "exported_at": timezone.now().isoformat(),
        "account": {
            "name": user.display_name,
            "email": user.email,
            "joined": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
            "therapist_account": user.is_therapist,
            "couple_space": {
                "name": membership.couple.name,
                "member_since": membership.joined_at.isoformat(),
            }
            if membership
            else None,
        },
        "reflections": [entry.as_dict() for entry in reflections_of_author(user)],
        "repair_list": repair_marks_of(couple_id=membership.couple_id, user_id=user.pk)
        if membership
        else {},
        "safety_check_ins": [
            {
                "id": check["id"],
                "created_at": check["created_at"].isoformat(),
                "result": check["result"],
                "answers": check["answers"],
            }
            for check in safety_checks_of(user)
        ],
        "self_assessments": [entry.as_dict() for entry in results_of_author(user)],
        "daily_check_ins": [entry.as_dict() for entry in checkins_of_author(user)],
        "boundaries": [entry.as_dict() for entry in boundaries_of_author(user)],
        "rehearsals": [entry.as_dict() for entry in rehearsals_of_author(user)],
        "rituals_kept": rituals_kept_by(user),
    }


def account_export_json(user: User) -> str:
    """:func:`account_export` as indented JSON text."""
    return json.dumps(account_export(user), ensure_ascii=False, indent=2)


def account_export_markdown(user: User) -> str:
    """:func:`account_export` as a Markdown document a person can read."""
    data = account_export(user)
    account = data["account"]
    lines = [
        f"# Attune: the data of {account['name']}",
        "",
        f"Exported {data['exported_at']}.",
        "",
        "## Account",
        "",
        f"- Name: {account['name']}",
        f"- E-mail address: {account['email']}",
        f"- Joined Attune: {account['joined']}",
    ]
    if account["couple_space"]:
        space = account["couple_space"]
        lines.append(f"- Couple space: {space['name']} (since {space['member_since']})")
    lines += ["", f"## Reflections ({len(data['reflections'])})", ""]
    for entry in data["reflections"]:
        lines += [f"### {entry['created_at']}", ""]
        facts = []
        if entry["mood"]:
            facts.append(f"Mood: {entry['mood']} ({MOODS[entry['mood']]})")
        if entry["tags"]:
            facts.append("Tags: " + ", ".join(entry["tags"]))
        if entry["exercise"]:
            facts.append(f"After: {entry['exercise']}")
        if entry["shared_with"]:
            facts.append("Shared with: " + ", ".join(entry["shared_with"]))
        if facts:
            lines += [" · ".join(facts), ""]
        lines += [entry["text"], ""]
    lines += [f"## Safety check-ins ({len(data['safety_check_ins'])})", ""]
    for check in data["safety_check_ins"]:
        lines += [f"### {check['created_at']}", "", f"Result: {check['result']}", ""]
        lines += [f"- {a['question']} {a['answer']}" for a in check["answers"]]
        lines.append("")
    lines += [f"## Self-assessments ({len(data['self_assessments'])})", ""]
    for result in data["self_assessments"]:
        lines += [f"### {result['title']}, {result['created_at']}", ""]
        lines += [f"- {d['title']}: {d['text']}" for d in result["description"]]
        lines.append("")
    lines += [f"## Daily check-ins ({len(data['daily_check_ins'])})", ""]
    for check in data["daily_check_ins"]:
        note = f" · {check['note']}" if check["note"] else ""
        lines.append(f"- {check['created_at']}: {check['feeling']}, mood {check['mood']}{note}")
    lines += ["", f"## Boundaries ({len(data['boundaries'])})", ""]
    for boundary in data["boundaries"]:
        lines += [
            f"### {boundary['created_at']}",
            "",
            f"- What I need: {boundary['need']}",
            f"- Where my limit is: {boundary['limit']}",
            f"- What I will do if it is crossed: {boundary['action']}",
            "",
        ]
    lines += [f"## Rehearsals ({len(data['rehearsals'])})", ""]
    for draft in data["rehearsals"]:
        lines += [f"### {draft['topic'] or draft['created_at']}", "", draft["text"], ""]
    lines += [f"## Rituals I marked kept ({len(data['rituals_kept'])})", ""]
    lines += [f"- {kept['on']}: {kept['ritual']}" for kept in data["rituals_kept"]]
    return "\n".join(lines)


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete ``user`` and everything they own, for good.

    Their reflections (with every share), safety check-ins, self-assessment
    results, daily check-ins, boundaries and rehearsals (with every share), couple
    membership, presence and calendar links go, and so do the shares the
    other partner made *to them*. So does every piece of private text they
    wrote in a practice session (an unshared draft, a closing choice or a
    closing line not yet revealed, in the state and in the events private to
    them; ``services.commands.author_private_text_delete``), while the
    partner's own drafts and lines stay. Practice sessions stay with
    the couple: their shared events keep the words but lose the author
    (``actor`` SET_NULL), so the other partner's couple space and
    transcripts keep working, and so do the rituals they marked kept (the
    record belongs to the couple; ``by`` is cleared). A couple left with no partner at all is
    deleted with its sessions. The person's sockets in open sessions are
    closed once the deletion commits (4410).
    """
    membership = Membership.objects.select_related("couple").filter(user=user).first()
    couple: Couple | None = membership.couple if membership else None
    if couple is not None:
        deliver_on_commit(revoke_deliveries(couple_id=couple.pk, user_id=user.pk))
    author_private_text_delete(user_id=user.pk, couple_id=couple.pk if couple else None)
    Reflection.objects.filter(author=user).delete()
    SafetyCheck.objects.filter(author=user).delete()
    AssessmentResult.objects.filter(author=user).delete()
    DailyCheckIn.objects.filter(author=user).delete()
    Boundary.objects.filter(author=user).delete()
    Rehearsal.objects.filter(author=user).delete()
    Membership.objects.filter(user=user).delete()
    if couple is not None:
        # The remaining partner's entries were shared with *this* person; a
        # partner who joins later must not inherit them.
        ReflectionShare.objects.filter(
            reflection__couple=couple, audience=ReflectionShare.Audience.PARTNER
        ).delete()
        AssessmentShare.objects.filter(
            couple=couple, audience=AssessmentShare.Audience.PARTNER
        ).delete()
        BoundaryShare.objects.filter(
            couple=couple, audience=BoundaryShare.Audience.PARTNER
        ).delete()
    user.delete()
    if couple is not None and not couple.memberships.exists():
        couple.delete()
