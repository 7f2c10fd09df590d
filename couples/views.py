"""HTTP views: parse the request, check access, call a service or selector,
render. Business rules live in services and in the exercise engine."""

from __future__ import annotations

import asyncio
import contextlib

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from couples import ratelimits, selectors, services, therapy
from couples import rituals as agreed_rituals
from couples.forms import CoupleCreateForm, SignUpForm
from exercises import active_listening, aftermath, engine, facilitation, i_statements, repair


def _safe_next(request: HttpRequest) -> str | None:
    """The ``next`` path to go on to, if it is a path on this site (it must
    start with "/": ``redirect()`` would take a bare word for a view name)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Landing page for visitors; the couple space for partners."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    if request.user.is_therapist:
        return redirect("therapist_dashboard")
    couple = selectors.couple_of(request.user)
    if couple is None:
        return render(request, "couples/create.html", {"form": CoupleCreateForm()})
    partners = selectors.couple_partners(couple)
    context = {
        "couple": couple,
        "partners": partners,
        "partner": next((p for p in partners if p.pk != request.user.pk), None),
        "open_session": selectors.open_session_of(couple),
        "past_sessions": couple.practice_sessions.filter(status="ended")[:20],
        "invite_url": request.session.pop("invite_url", None),
        "homework": list(couple.homework.all()),
        "exercise_titles": {k: spec.title for k, spec in engine.EXERCISES.items()},
        "therapists": therapy.links_of_couple(couple),
    }
    return render(request, "couples/space.html", context)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and sign in; ``next`` carries an invitation link."""
    if request.user.is_authenticated:
        return redirect(_safe_next(request) or "home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_safe_next(request) or "home")
    return render(request, "registration/signup.html", {"form": form, "next": _safe_next(request)})


@login_required
@require_POST
def couple_create(request: HttpRequest) -> HttpResponse:
    form = CoupleCreateForm(request.POST)
    if form.is_valid():
        try:
            services.couple_create(user=request.user, name=form.cleaned_data["name"])
        except services.CoupleError as exc:
            messages.error(request, exc.message)
    return redirect("home")


@login_required
@require_POST
def invitation_create(request: HttpRequest) -> HttpResponse:
    """Make a new invitation link for the second partner (shown once).

    At most ``settings.INVITATION_RATE_LIMIT`` links per couple
    (couples/ratelimits.py); past it, a message says how long to wait and no
    link is made."""
    couple = selectors.couple_of(request.user)
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
        _, token = services.invitation_create(couple=couple, created_by=request.user)
    except services.CoupleError as exc:
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
        invite = services.invitation_check(token)
    except services.CoupleError as exc:
        return _invitation_problem(request, exc)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.invitation_accept(signed_token=token, user=request.user)
        except services.CoupleError as exc:
            return _invitation_problem(request, exc)
        messages.success(request, f"Welcome. You and your partner now share {invite.couple.name}.")
        return redirect("home")
    inviter = invite.created_by.display_name if invite.created_by else "Your partner"
    return render(request, "couples/invitation.html", {"invite": invite, "inviter": inviter})


def _invitation_problem(request: HttpRequest, exc: services.CoupleError) -> HttpResponse:
    status = 409 if isinstance(exc, services.CoupleFull | services.AlreadyInACouple) else 410
    return render(request, "couples/invitation_problem.html", {"problem": exc.message}, status=status)


@login_required
@require_POST
def session_start(request: HttpRequest) -> HttpResponse:
    """Open (or rejoin) the couple's live practice session."""
    couple = selectors.couple_of(request.user)
    if couple is None:
        raise Http404
    try:
        session = services.practice_session_start(couple=couple, started_by=request.user)
    except services.CoupleError as exc:
        messages.error(request, exc.message)
        return redirect("home")
    return redirect("session", public_id=session.public_id)


@never_cache
@login_required
@require_GET
def session(request: HttpRequest, public_id: str) -> HttpResponse:
    """The live session page. 404 for anyone who does not take part (the
    same answer as for a session that does not exist)."""
    practice = selectors.session_for_participant(public_id=public_id, user=request.user)
    if practice is None:
        raise Http404
    if request.user.is_therapist:
        therapy.access_record(
            therapist=request.user, couple=practice.couple, what="Opened the live session"
        )
    config = {
        "session": str(practice.public_id),
        "ws_path": f"/ws/sessions/{practice.public_id}/",
        "me": str(request.user.pk),
        "starter_topics": list(active_listening.starter_topics()),
        "limits": {
            "statement": active_listening.MAX_STATEMENT_CHARS,
            "statement_nudge": active_listening.STATEMENT_NUDGE_CHARS,
            "paraphrase": active_listening.MAX_PARAPHRASE_CHARS,
            "correction": active_listening.MAX_CORRECTION_CHARS,
            "understanding": active_listening.MAX_UNDERSTANDING_CHARS,
            "topic": active_listening.MAX_TOPIC_CHARS,
        },
        "transcript_url": reverse("session_transcript", kwargs={"public_id": practice.public_id}),
        "home_url": reverse("home"),
        "facilitation": {"prompt_limit": facilitation.MAX_PROMPT_CHARS},
        "rituals": agreed_rituals.session_config(),
        "repair": repair.client_config(),
        "aftermath": aftermath.client_config(),
        "i_statements": {
            **i_statements.client_config(),
            "carried_over": selectors.carried_over_statements(practice),
        },
    }
    return render(request, "sessions/live.html", {"practice": practice, "config": config})


@login_required
@require_GET
def session_transcript(request: HttpRequest, public_id: str) -> HttpResponse:
    """The shared transcript of a session, kept in the couple space."""
    practice = selectors.session_for_participant(public_id=public_id, user=request.user)
    if practice is None:
        raise Http404
    return transcript_page(request, practice, back_url=reverse("home"))


def transcript_page(request: HttpRequest, practice, *, back_url: str) -> HttpResponse:
    """Render a session's shared transcript for someone already allowed to
    read it; a therapist's read is recorded in the couple's access log."""
    if request.user.is_therapist:
        therapy.access_record(
            therapist=request.user,
            couple=practice.couple,
            what=f"Read the transcript of the session of {practice.created_at:%d %b %Y %H:%M}",
        )
    return render(
        request,
        "sessions/transcript.html",
        {"practice": practice, "lines": selectors.session_transcript(practice), "back_url": back_url},
    )


@never_cache
@require_GET
async def healthz(request: HttpRequest) -> JsonResponse:
    """``{"database": "ok"|error, "channel_layer": "ok"|error}``; 200 when
    both answered a real round trip (2 seconds at most each), 503 naming
    what failed. Used by load balancers and docs/operations.md."""
    report = {"database": "ok", "channel_layer": "ok"}
    try:
        await asyncio.wait_for(sync_to_async(_database_round_trip)(), HEALTH_TIMEOUT_SECONDS)
    except Exception as exc:
        report["database"] = f"error: {type(exc).__name__}"
    try:
        await asyncio.wait_for(_channel_layer_round_trip(), HEALTH_TIMEOUT_SECONDS)
    except Exception as exc:
        report["channel_layer"] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in report.values())
    return JsonResponse(report, status=200 if healthy else 503)


HEALTH_TIMEOUT_SECONDS = 2.0


def _database_round_trip() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def _channel_layer_round_trip() -> None:
    """Send a message to a fresh channel and receive it back."""
    layer = get_channel_layer()
    channel = await layer.new_channel("healthz.")
    await layer.send(channel, {"type": "healthz.ping"})
    message = await layer.receive(channel)
    # A receive cancelled while it waits releases the channel (the Redis
    # layers unsubscribe it), so health checks leave nothing behind.
    leftover = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(0)
    leftover.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await leftover
    if message.get("type") != "healthz.ping":
        raise RuntimeError("the channel layer returned another message")
