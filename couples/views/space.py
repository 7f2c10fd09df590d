"""HTTP views of the couple space: the home page, creating a space, and the
partner invitation (create it, open it, accept it). The form is beside its view.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from couples.lib import ratelimits
from couples.lib.errors import AlreadyInACouple, CoupleFull, DomainError
from couples.models import Invitation
from couples.selectors.nudges import waiting_notices
from couples.selectors.plans import plan_items_open
from couples.selectors.rituals import rituals_to_keep
from couples.selectors.sessions import (
    loved_answers_current,
    open_session_of,
    past_sessions_of,
    time_out_for_couple_page,
)
from couples.selectors.space import couple_of, couple_partners
from couples.selectors.therapy import links_of_couple
from couples.services import space as space_services
from couples.services.space import invitation_accept, invitation_check
from couples.views import AuthenticatedHttpRequest
from exercises import engine


class CoupleCreateForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        required=False,
        label="A name for your shared space (optional)",
        widget=forms.TextInput(attrs={"placeholder": "e.g. Alex & Sam"}),
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Landing page for visitors; the couple space for partners; the solo
    practice page for a person without a partner (yet)."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    if request.user.is_therapist:
        return redirect("therapist_dashboard")
    couple = couple_of(request.user)
    if couple is None:
        # Solo practice: everything a person can do on their own, and a way
        # to invite a partner whenever they like (nothing private is shown
        # to a partner who joins later).
        return render(request, "space/solo.html", {"form": CoupleCreateForm()})
    partners = couple_partners(couple)
    open_session = open_session_of(couple)
    context = {
        "couple": couple,
        "partners": partners,
        "partner": next((p for p in partners if p.pk != request.user.pk), None),
        "open_session": open_session,
        "time_out": time_out_for_couple_page(session=open_session, user_id=request.user.pk),
        "past_sessions": past_sessions_of(couple),
        "invite_url": request.session.pop("invite_url", None),
        "homework": list(couple.homework.all()),
        "exercise_titles": {k: spec.title for k, spec in engine.EXERCISES.items()},
        "therapists": links_of_couple(couple),
        "plan_items": plan_items_open(couple=couple, viewer=request.user),
        "loved": loved_answers_current(couple=couple, viewer=request.user),
        "waiting": waiting_notices(user=request.user, couple=couple),
        "rituals_to_keep": rituals_to_keep(couple),
    }
    return render(request, "space/space.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def couple_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create the couple space (POST); with ``invite`` (the solo page's
    "Invite a partner") also make the partner's invitation link at once.
    What the person kept on their own stays private: nothing is shared by
    joining. A GET (a typed or bookmarked address) goes to the home page,
    where the form is."""
    if request.method != "POST":
        return redirect("home")
    form = CoupleCreateForm(request.POST)
    if form.is_valid():
        try:
            space_services.couple_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if request.POST.get("invite"):
                return invitation_create(request)
    return redirect("home")


@login_required
@require_POST
def invitation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make a new invitation link for the second partner (shown once).

    At most ``settings.INVITATION_RATE_LIMIT`` links per couple
    (couples/lib/ratelimits.py); past it, a message says how long to wait and no
    link is made."""
    couple = couple_of(request.user)
    if couple is None:
        raise Http404
    wait = ratelimits.invitation_allowed(couple_key=str(couple.public_id))
    if wait is not None:
        minutes = max(1, round(wait / 60))
        messages.error(
            request,
            "You have made several invitation links in a short time. Your last link "
            f"still works; you can make a new one in about {minutes} minute"
            f"{'s' if minutes != 1 else ''}.",
        )
        return redirect("home")
    try:
        _, token = space_services.invitation_create(couple=couple, created_by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("home")
    request.session["invite_url"] = request.build_absolute_uri(
        reverse("invitation", kwargs={"token": token})
    )
    return redirect("home")


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Show an invitation; a signed-in person accepts it with a POST.

    Invalid, used, expired and full invitations get a clear page (status 410
    or 409), never an error trace.
    """
    try:
        invite = invitation_check(token)
    except DomainError as exc:
        return _invitation_problem(request, exc)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            invitation_accept(signed_token=token, user=request.user)
        except DomainError as exc:
            return _invitation_problem(request, exc)
        if invite.role == Invitation.Role.THERAPIST:
            messages.success(
                request,
                f"You are linked to {invite.couple.name}. Their shared practice appears once "
                "both partners have consented.",
            )
            return redirect("therapist_dashboard")
        messages.success(request, f"Welcome. You and your partner now share {invite.couple.name}.")
        return redirect("home")
    inviter = invite.created_by.display_name if invite.created_by else "Your partner"
    return render(request, "space/invitation.html", {"invite": invite, "inviter": inviter})


def _invitation_problem(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = 409 if isinstance(exc, CoupleFull | AlreadyInACouple) else 410
    return render(request, "space/invitation_problem.html", {"problem": exc.message}, status=status)
