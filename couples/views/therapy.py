"""Therapist mode over HTTP: the partners' side (invite, consent, end,
access log) and the therapist's side (the caseload, couple overview,
transcripts, homework on a rhythm, starting or joining a live session and
handing it back, ending a link).

A therapist's page of couple data answers 404 unless the link is active (the
same answer as for a couple that does not exist), and every read is logged
with :func:`couples.services.therapy.access_record`.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from couples.lib.errors import DomainError, TherapyError
from couples.lib.relay import deliver_on_commit
from couples.models import Couple, HomeworkPlan, Invitation, User
from couples.selectors.assessments import results_shared_with_therapist
from couples.selectors.boundaries import boundaries_shared_with_therapist
from couples.selectors.reflections import reflections_shared_with_therapist
from couples.selectors.rituals import rituals_of_couple
from couples.selectors.sessions import open_session_of, session_of_couple
from couples.selectors.space import couple_of, couple_partners
from couples.selectors.therapy import (
    OVERVIEW_READ,
    active_links,
    caseload,
    couple_for_therapist,
    links_of_couple,
    pending_links_of_therapist,
    summaries_sent_to,
    summary_for_partner,
    summary_preview,
)
from couples.services.commands import facilitator_leave
from couples.services.sessions import practice_session_start
from couples.services.space import invitation_create
from couples.services.therapy import (
    MAX_HOMEWORK_NOTE_CHARS,
    MAX_INTERVAL_DAYS,
    MAX_OCCURRENCES,
    MAX_SUMMARY_PART_CHARS,
    access_record,
    consent_give,
    homework_plan_assign,
    link_end,
    link_end_by_therapist,
    summary_confirm,
    summary_create,
    summary_part_set,
)
from couples.views import AuthenticatedHttpRequest
from couples.views.sessions import transcript_page
from exercises import engine


def _partner_couple(request: AuthenticatedHttpRequest) -> Couple:
    if request.user.is_therapist:
        raise Http404
    couple = couple_of(request.user)
    if couple is None:
        raise Http404
    return couple


@login_required
@require_GET
def couple_therapist(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Links, consent, the invitation link and the access log, for partners."""
    couple = _partner_couple(request)
    return render(
        request,
        "therapy/couple_links.html",
        {
            "couple": couple,
            "links": links_of_couple(couple),
            "accesses": couple.therapist_accesses.all()[:100],
            "summaries": couple.practice_summaries.filter(therapist_link__ended_at=None)
            .select_related("therapist_link__therapist")[:20],
            "invite_url": request.session.pop("therapist_invite_url", None),
        },
    )


@login_required
@require_POST
def therapist_invite(request: AuthenticatedHttpRequest) -> HttpResponse:
    couple = _partner_couple(request)
    _, token = invitation_create(
        couple=couple, created_by=request.user, role=Invitation.Role.THERAPIST
    )
    request.session["therapist_invite_url"] = request.build_absolute_uri(
        reverse("invitation", kwargs={"token": token})
    )
    return redirect("couple_therapist")


@login_required
@require_POST
def therapist_consent(request: AuthenticatedHttpRequest, link_id: int) -> HttpResponse:
    _partner_couple(request)
    try:
        consent_give(link_id=link_id, partner=request.user)
    except TherapyError as exc:
        raise Http404 from exc
    messages.success(request, "Thank you. Your consent is recorded.")
    return redirect("couple_therapist")


@login_required
@require_POST
def therapist_end(request: AuthenticatedHttpRequest, link_id: int) -> HttpResponse:
    _partner_couple(request)
    try:
        link = link_end(link_id=link_id, partner=request.user)
    except TherapyError as exc:
        raise Http404 from exc
    messages.success(request, f"{link.therapist.display_name} no longer has access to your space.")
    return redirect("couple_therapist")


def _therapist(request: AuthenticatedHttpRequest) -> User:
    if not request.user.is_therapist:
        raise Http404
    return request.user


def _linked_couple(request: AuthenticatedHttpRequest, couple_id) -> Couple:
    couple = couple_for_therapist(therapist=_therapist(request), couple_public_id=couple_id)
    if couple is None:
        raise Http404
    return couple


WEEKDAY_CHOICES = [
    (0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"),
    (4, "Friday"), (5, "Saturday"), (6, "Sunday"),
]


class HomeworkForm(forms.Form):
    """Assign an exercise once or on a rhythm (``services/therapy.py``,
    ``homework_plan_assign``)."""

    exercise = forms.ChoiceField(label="Exercise")
    rhythm = forms.ChoiceField(
        label="How often", choices=HomeworkPlan.Rhythm.choices,
        initial=HomeworkPlan.Rhythm.ONCE, required=False,
    )
    due_on = forms.DateField(
        label="Due on (the first time)", widget=forms.DateInput(attrs={"type": "date"})
    )
    weekday = forms.TypedChoiceField(
        label="Day of the week (every week)", choices=[("", "—"), *WEEKDAY_CHOICES],
        coerce=int, empty_value=None, required=False,
    )
    interval_days = forms.IntegerField(
        label="Every how many days", min_value=1, max_value=MAX_INTERVAL_DAYS, required=False
    )
    count = forms.IntegerField(
        label="How many times (weeks or rounds)", min_value=1, max_value=MAX_OCCURRENCES,
        initial=1, required=False,
    )
    note = forms.CharField(
        label="Note for the couple (optional)",
        required=False,
        max_length=MAX_HOMEWORK_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        exercise = self.fields["exercise"]
        assert isinstance(exercise, forms.ChoiceField)  # declared above as a ChoiceField
        exercise.choices = [(k, s.title) for k, s in engine.EXERCISES.items()]


def _caseload_context(therapist: User, *, what: str) -> dict:
    rows = caseload(therapist)
    for row in rows:
        access_record(therapist=therapist, couple=row["couple"], what=what)
    return {
        "rows": rows,
        "pending": pending_links_of_therapist(therapist),
        "titles": {k: s.title for k, s in engine.EXERCISES.items()},
    }


@login_required
@require_GET
def therapist_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The caseload, the therapist's home: one row per linked couple (last
    session, homework due / overdue / done, what was newly shared with
    them, a time-out running now), links waiting for consent, and how to get
    linked when there is none. Counts only, no couple text; each couple's
    row is a look in its access log. Updated live over
    ``/ws/therapist/caseload/`` (``static/js/caseload.js``)."""
    therapist = _therapist(request)
    return render(
        request, "therapy/home.html", _caseload_context(therapist, what="Viewed the caseload")
    )


@login_required
@require_GET
def therapist_caseload_rows(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The caseload's rows alone (an HTML fragment), fetched by the page when
    its socket says something changed; logged as a look like the page."""
    therapist = _therapist(request)
    return render(
        request,
        "therapy/caseload_rows.html",
        _caseload_context(therapist, what="Viewed the caseload (updated live)"),
    )


@login_required
@require_POST
def therapist_link_end(request: AuthenticatedHttpRequest, link_id: int) -> HttpResponse:
    """The therapist ends their link with a couple; 404 for a link that is
    not theirs or already ended."""
    try:
        link = link_end_by_therapist(link_id=link_id, therapist=_therapist(request))
    except TherapyError as exc:
        raise Http404 from exc
    messages.success(request, f"You are no longer linked with {link.couple.name}.")
    return redirect("therapist_dashboard")


@login_required
@require_POST
def therapist_hand_back(request: AuthenticatedHttpRequest, couple_id, session_id) -> HttpResponse:
    """Hand the live session back to the couple when the appointment ends:
    the therapist leaves it (``services/commands.facilitator_leave``) and the
    partners carry on alone."""
    couple = _linked_couple(request, couple_id)
    practice = session_of_couple(couple=couple, public_id=session_id)
    if practice is None:
        raise Http404
    try:
        deliver_on_commit(facilitator_leave(session_id=practice.pk, therapist_id=request.user.pk))
    except TherapyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The session is {couple.name}'s own again.")
    return redirect("therapist_dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def therapist_couple(request: AuthenticatedHttpRequest, couple_id) -> HttpResponse:
    """A linked couple: sessions, agreed rituals, homework, practice
    summaries, and the reflections, self-assessment results and boundaries
    shared with the therapist (the view is logged). POST assigns homework,
    once or on a rhythm."""
    couple = _linked_couple(request, couple_id)
    form = HomeworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            homework_plan_assign(
                therapist=request.user, couple=couple, exercise=data["exercise"],
                starts_on=data["due_on"], rhythm=data["rhythm"] or HomeworkPlan.Rhythm.ONCE,
                count=data["count"] or 1,
                weekday=data["weekday"], interval_days=data["interval_days"], note=data["note"],
            )
        except TherapyError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Homework assigned. The couple sees it in their space.")
            return redirect("therapist_couple", couple_id=couple.public_id)
    access_record(therapist=request.user, couple=couple, what=OVERVIEW_READ)
    return render(
        request,
        "therapy/couple.html",
        {
            "couple": couple,
            "partners": couple_partners(couple),
            "sessions": couple.practice_sessions.all()[:50],
            "open_session": open_session_of(couple),
            "rituals": rituals_of_couple(couple),
            "homework": couple.homework.all(),
            "shared_reflections": reflections_shared_with_therapist(
                couple, therapist=request.user
            ),
            "shared_results": results_shared_with_therapist(couple, therapist=request.user),
            "shared_boundaries": boundaries_shared_with_therapist(
                couple, therapist=request.user
            ),
            "summaries": summaries_sent_to(couple=couple, therapist=request.user),
            "form": form,
            "titles": {k: s.title for k, s in engine.EXERCISES.items()},
        },
    )


@login_required
@require_GET
def therapist_transcript(request: AuthenticatedHttpRequest, couple_id, session_id) -> HttpResponse:
    couple = _linked_couple(request, couple_id)
    practice = session_of_couple(couple=couple, public_id=session_id)
    if practice is None:
        raise Http404
    return transcript_page(
        request,
        practice,
        back_url=reverse("therapist_couple", kwargs={"couple_id": couple.public_id}),
    )


@login_required
@require_POST
def therapist_session_start(request: AuthenticatedHttpRequest, couple_id) -> HttpResponse:
    """Start a practice session for a linked couple, or join the open one."""
    couple = _linked_couple(request, couple_id)
    try:
        practice = practice_session_start(couple=couple, started_by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("therapist_couple", couple_id=couple.public_id)
    return redirect("session", public_id=practice.public_id)


class SummaryNewForm(forms.Form):
    """The therapist (one of the couple's active links) and the period of a
    practice summary."""

    therapist_link = forms.TypedChoiceField(label="For", coerce=int)
    period_start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, couple: Couple, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["therapist_link"]
        assert isinstance(field, forms.TypedChoiceField)  # declared above
        field.choices = [
            (link.pk, link.therapist.display_name)
            for link in active_links().filter(couple=couple).select_related("therapist")
        ]


class SummaryPartForm(forms.Form):
    text = forms.CharField(
        label="Words you add for your therapist (optional if you withhold)",
        required=False, max_length=MAX_SUMMARY_PART_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def summary_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A partner prepares a practice summary: which therapist, which period
    (by default the last four weeks)."""
    couple = _partner_couple(request)
    today = timezone.localdate()
    initial = {
        "period_start": today - timedelta(days=27), "period_end": today,
        "therapist_link": request.GET.get("link"),
    }
    form = SummaryNewForm(request.POST or None, couple=couple, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            summary = summary_create(
                partner=request.user, therapist_link_id=form.cleaned_data["therapist_link"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
            )
        except TherapyError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("summary_page", public_id=summary.public_id)
    return render(request, "therapy/summary_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def summary_page(request: AuthenticatedHttpRequest, public_id) -> HttpResponse:
    """A practice summary for both partners: the preview (exactly what the
    therapist will see), each partner's own part (share words or withhold),
    and the confirmation that sends it. 404 for another couple's."""
    _partner_couple(request)
    summary = summary_for_partner(public_id=public_id, partner=request.user)
    if summary is None:
        raise Http404
    form = SummaryPartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "")
        try:
            if action == "confirm":
                sent = summary_confirm(summary=summary, partner=request.user)
                done = "Sent to your therapist." if sent else "Confirmed. Waiting for your partner."
                messages.success(request, done)
            else:
                summary_part_set(
                    summary=summary, partner=request.user, decision=action,
                    text=form.cleaned_data["text"],
                )
                messages.success(request, "Saved. Please check the preview.")
        except TherapyError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("summary_page", public_id=summary.public_id)
    parts = list(summary.parts.select_related("partner").order_by("pk"))
    return render(
        request,
        "therapy/summary.html",
        {
            "summary": summary,
            "preview": summary_preview(summary),
            "parts": parts,
            "mine": next((p for p in parts if p.partner_id == request.user.pk), None),
            "all_decided": all(p.decision != "pending" for p in parts),
            "form": form,
            "titles": {k: s.title for k, s in engine.EXERCISES.items()},
        },
    )
