"""HTTP views of practice sessions: starting one, the live page, and the
transcript (for partners and, logged, for a linked therapist).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from couples.lib.errors import DomainError, SessionNotFound
from couples.models import PracticeSession
from couples.selectors.boundaries import boundaries_of_author
from couples.selectors.plans import plan_items_open
from couples.selectors.reflections import MAX_TEXT_CHARS as REFLECTION_MAX_CHARS
from couples.selectors.rituals import session_config
from couples.selectors.sessions import (
    carried_over_statements,
    session_for_participant,
    transcript_keeping,
)
from couples.selectors.sessions import session_transcript as transcript_of
from couples.selectors.space import couple_of
from couples.services.sessions import practice_session_start, transcript_choose
from couples.services.therapy import access_record
from couples.views import AuthenticatedHttpRequest
from exercises import (
    active_listening,
    aftermath,
    boundary_conversation,
    facilitation,
    i_statements,
    listening_time,
    repair,
    state_of_union,
    stress_conversation,
)

ACCESS_LOG_DATE_FORMAT = "D j M Y, H:i"
"""How the couple's access log writes a moment (Django date format: "Tue 1 Dec
2026, 15:03"), in its lines and in the words of an entry."""


@login_required
@require_POST
def session_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open (or rejoin) the couple's live practice session."""
    couple = couple_of(request.user)
    if couple is None:
        raise Http404
    try:
        session = practice_session_start(couple=couple, started_by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("home")
    return redirect("session", public_id=session.public_id)


@never_cache
@login_required
@require_GET
def session(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """The live session page. 404 for anyone who does not take part (the
    same answer as for a session that does not exist)."""
    practice = session_for_participant(public_id=public_id, user=request.user)
    if practice is None:
        raise Http404
    if request.user.is_therapist:
        access_record(
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
            "question": active_listening.MAX_QUESTION_CHARS,
            "answer": active_listening.MAX_ANSWER_CHARS,
        },
        "listening": listening_time.client_config(),
        "transcript_url": reverse("session_transcript", kwargs={"public_id": practice.public_id}),
        "keeping_url": reverse("session_keeping", kwargs={"public_id": practice.public_id}),
        "home_url": reverse("home"),
        "facilitation": {"prompt_limit": facilitation.MAX_PROMPT_CHARS},
        "rituals": session_config(),
        "repair": repair.client_config(),
        "aftermath": aftermath.client_config(),
        "stress": stress_conversation.client_config(),
        "sotu": state_of_union.client_config(),
        # The viewer's own saved boundaries, offered to them alone as a
        # starting point (nothing reaches the partner until shared).
        "boundary": {
            **boundary_conversation.client_config(),
            "saved": [] if request.user.is_therapist else [
                {"need": b.need, "limit": b.limit, "action": b.action}
                for b in boundaries_of_author(request.user) if not b.unreadable
            ],
        },
        "i_statements": {
            **i_statements.client_config(),
            "carried_over": carried_over_statements(practice),
        },
    }
    # The couple's open aftermath plan comes back at the start of a session
    # (exercises/aftermath/plan.py); partners only.
    plan_items = (
        [] if request.user.is_therapist
        else plan_items_open(couple=practice.couple, viewer=request.user)
    )
    return render(
        request,
        "sessions/live.html",
        {
            "practice": practice,
            "config": config,
            "plan_items": plan_items,
            "reflection_max_chars": REFLECTION_MAX_CHARS,
        },
    )


@login_required
@require_GET
def session_transcript(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """The shared transcript of a session, kept in the couple space."""
    practice = session_for_participant(public_id=public_id, user=request.user)
    if practice is None:
        raise Http404
    return transcript_page(request, practice, back_url=reverse("home"))


@never_cache
@login_required
@require_POST
def session_keeping(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    """A partner chooses to keep or let go the words of an ended session
    (``choice``: ``keep`` | ``let_go``; ``back``: ``live`` returns to the
    live page, else the transcript). 404 for anyone but a partner of the
    session's couple; a refused choice is shown as a message."""
    try:
        transcript_choose(
            public_id=public_id, user=request.user, choice=request.POST.get("choice", "")
        )
    except SessionNotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    target = "session" if request.POST.get("back") == "live" else "session_transcript"
    return redirect(target, public_id=public_id)


def transcript_page(
    request: AuthenticatedHttpRequest, practice: PracticeSession, *, back_url: str
) -> HttpResponse:
    """Render a session's shared transcript for someone already allowed to
    read it; a therapist's read is recorded in the couple's access log."""
    if request.user.is_therapist:
        access_record(
            therapist=request.user,
            couple=practice.couple,
            # The access log's own format (templates/therapy/couple_links.html),
            # in the site's time zone, so the log reads in one format.
            what="Read the transcript of the session of "
            + date_format(localtime(practice.created_at), ACCESS_LOG_DATE_FORMAT),
        )
    return render(
        request,
        "sessions/transcript.html",
        {
            "practice": practice,
            "lines": transcript_of(practice),
            "back_url": back_url,
            "keeping": transcript_keeping(practice, viewer_id=request.user.pk),
        },
    )
