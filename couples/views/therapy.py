"""Therapist mode over HTTP: the partners' side (invite, consent, end,
access log) and the therapist's side (dashboard, couple overview,
transcripts, homework, starting or joining a live session).

A therapist's page of couple data answers 404 unless the link is active (the
same answer as for a couple that does not exist), and every read is logged
with :func:`couples.services.therapy.access_record`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from couples.lib.errors import DomainError, TherapyError
from couples.models import Couple, Invitation, User
from couples.selectors.assessments import results_shared_with_therapist
from couples.selectors.boundaries import boundaries_shared_with_therapist
from couples.selectors.reflections import reflections_shared_with_therapist
from couples.selectors.rituals import rituals_of_couple
from couples.selectors.sessions import couples_with_open_session, open_session_of, session_of_couple
from couples.selectors.space import couple_of, couple_partners
from couples.selectors.therapy import (
    couple_for_therapist,
    linked_couples,
    links_of_couple,
    pending_links_of_therapist,
)
from couples.services.sessions import practice_session_start
from couples.services.space import invitation_create
from couples.services.therapy import (
    MAX_HOMEWORK_NOTE_CHARS,
    access_record,
    consent_give,
    homework_assign,
    link_end,
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


class HomeworkForm(forms.Form):
    exercise = forms.ChoiceField(label="Exercise")
    due_on = forms.DateField(label="Due on", widget=forms.DateInput(attrs={"type": "date"}))
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


@login_required
@require_GET
def therapist_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Linked couples and links waiting for consent."""
    therapist = _therapist(request)
    couples = linked_couples(therapist)
    return render(
        request,
        "therapy/home.html",
        {
            "couples": couples,
            "live": couples_with_open_session(couples),
            "pending": pending_links_of_therapist(therapist),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def therapist_couple(request: AuthenticatedHttpRequest, couple_id) -> HttpResponse:
    """A linked couple: sessions, agreed rituals, homework, reflections,
    self-assessment results and boundaries shared with the therapist (the
    view is logged). POST assigns homework."""
    couple = _linked_couple(request, couple_id)
    form = HomeworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            homework_assign(therapist=request.user, couple=couple, **form.cleaned_data)
        except TherapyError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Homework assigned. The couple sees it in their space.")
            return redirect("therapist_couple", couple_id=couple.public_id)
    access_record(therapist=request.user, couple=couple, what="Viewed the couple overview")
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
