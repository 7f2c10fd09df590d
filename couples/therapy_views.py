"""Therapist mode over HTTP: the partners' side (invite, consent, end,
access log) and the therapist's side (dashboard, couple overview,
transcripts, homework, starting or joining a live session).

A therapist's page of couple data answers 404 unless the link is active (the
same answer as for a couple that does not exist), and every read is logged
with :func:`couples.therapy.access_record`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from couples import rituals, selectors, services, therapy, views
from couples.models import Invitation, PracticeSession
from exercises import engine

# --- the partners' side ------------------------------------------------------------


def _partner_couple(request: HttpRequest):
    if request.user.is_therapist:
        raise Http404
    couple = selectors.couple_of(request.user)
    if couple is None:
        raise Http404
    return couple


@login_required
@require_GET
def couple_therapist(request: HttpRequest) -> HttpResponse:
    """Links, consent, the invitation link and the access log, for partners."""
    couple = _partner_couple(request)
    return render(
        request,
        "couples/therapist.html",
        {
            "couple": couple,
            "links": therapy.links_of_couple(couple),
            "accesses": couple.therapist_accesses.all()[:100],
            "invite_url": request.session.pop("therapist_invite_url", None),
        },
    )


@login_required
@require_POST
def therapist_invite(request: HttpRequest) -> HttpResponse:
    couple = _partner_couple(request)
    _, token = services.invitation_create(
        couple=couple, created_by=request.user, role=Invitation.Role.THERAPIST
    )
    request.session["therapist_invite_url"] = request.build_absolute_uri(
        reverse("invitation", kwargs={"token": token})
    )
    return redirect("couple_therapist")


@login_required
@require_POST
def therapist_consent(request: HttpRequest, link_id: int) -> HttpResponse:
    _partner_couple(request)
    try:
        therapy.consent_give(link_id=link_id, partner=request.user)
    except therapy.TherapyError as exc:
        raise Http404 from exc
    messages.success(request, "Thank you. Your consent is recorded.")
    return redirect("couple_therapist")


@login_required
@require_POST
def therapist_end(request: HttpRequest, link_id: int) -> HttpResponse:
    _partner_couple(request)
    try:
        link = therapy.link_end(link_id=link_id, partner=request.user)
    except therapy.TherapyError as exc:
        raise Http404 from exc
    # The therapist's open session sockets close at once (4410).
    services.deliver_on_commit(therapy.revocation_deliveries(link))
    messages.success(request, f"{link.therapist.display_name} no longer has access to your space.")
    return redirect("couple_therapist")


# --- the therapist's side ----------------------------------------------------------


def _therapist(request: HttpRequest):
    if not request.user.is_therapist:
        raise Http404
    return request.user


def _linked_couple(request: HttpRequest, couple_id):
    couple = therapy.couple_for_therapist(therapist=_therapist(request), couple_public_id=couple_id)
    if couple is None:
        raise Http404
    return couple


class HomeworkForm(forms.Form):
    exercise = forms.ChoiceField(label="Exercise")
    due_on = forms.DateField(label="Due on", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label="Note for the couple (optional)",
        required=False,
        max_length=therapy.MAX_HOMEWORK_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exercise"].choices = [(k, s.title) for k, s in engine.EXERCISES.items()]



@login_required
@require_GET
def therapist_dashboard(request: HttpRequest) -> HttpResponse:
    """Linked couples and links waiting for consent."""
    therapist = _therapist(request)
    return render(
        request,
        "therapist/home.html",
        {
            "couples": therapy.linked_couples(therapist),
            "live": set(
                PracticeSession.objects.filter(
                    couple__in=therapy.linked_couples(therapist), status=PracticeSession.Status.OPEN
                ).values_list("couple_id", flat=True)
            ),
            "pending": therapy.pending_links_of_therapist(therapist),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def therapist_couple(request: HttpRequest, couple_id) -> HttpResponse:
    """A linked couple: sessions, agreed rituals, homework, reflections
    shared with the therapist. POST assigns homework."""
    couple = _linked_couple(request, couple_id)
    form = HomeworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            therapy.homework_assign(therapist=request.user, couple=couple, **form.cleaned_data)
        except therapy.TherapyError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Homework assigned. The couple sees it in their space.")
            return redirect("therapist_couple", couple_id=couple.public_id)
    therapy.access_record(therapist=request.user, couple=couple, what="Viewed the couple overview")
    return render(
        request,
        "therapist/couple.html",
        {
            "couple": couple,
            "partners": selectors.couple_partners(couple),
            "sessions": couple.practice_sessions.all()[:50],
            "open_session": selectors.open_session_of(couple),
            "rituals": rituals.rituals_of_couple(couple),
            "homework": couple.homework.all(),
            "shared_reflections": _shared_reflections(couple),
            "form": form,
            "titles": {k: s.title for k, s in engine.EXERCISES.items()},
        },
    )


def _shared_reflections(couple) -> list:
    try:
        from couples.reflections import reflections_shared_with_therapist
    except ImportError:  # the reflection log is not installed in this build
        return []
    return list(reflections_shared_with_therapist(couple))


@login_required
@require_GET
def therapist_transcript(request: HttpRequest, couple_id, session_id) -> HttpResponse:
    couple = _linked_couple(request, couple_id)
    practice = PracticeSession.objects.filter(couple=couple, public_id=session_id).first()
    if practice is None:
        raise Http404
    return views.transcript_page(
        request,
        practice,
        back_url=reverse("therapist_couple", kwargs={"couple_id": couple.public_id}),
    )


@login_required
@require_POST
def therapist_session_start(request: HttpRequest, couple_id) -> HttpResponse:
    """Start a practice session for a linked couple, or join the open one."""
    couple = _linked_couple(request, couple_id)
    try:
        practice = services.practice_session_start(couple=couple, started_by=request.user)
    except services.CoupleError as exc:
        messages.error(request, exc.message)
        return redirect("therapist_couple", couple_id=couple.public_id)
    return redirect("session", public_id=practice.public_id)
