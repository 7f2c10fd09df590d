"""HTTP views of solo rehearsal (``/rehearsals/...``): write what you want to
say in a hard conversation, get coaching from the I-statement analyzer, and
keep it as a private draft to bring to a live session. 404 to anyone but
the author.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from couples.lib.errors import DomainError
from couples.models import Rehearsal
from couples.selectors.rehearsals import (
    rehearsal_entry,
    rehearsal_of_author,
    rehearsals_of_author,
)
from couples.services import rehearsals as rehearsal_services
from couples.views import AuthenticatedHttpRequest
from exercises.boundaries import MAX_REHEARSAL_CHARS, rehearsal_coach


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def rehearsal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new rehearsal and one's own drafts."""
    return _editor(request, None)


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def rehearsal_edit(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """One draft, to read, coach and change. 404 to anyone but its author."""
    row = rehearsal_of_author(public_id=public_id, user=request.user)
    if row is None:
        raise Http404
    return _editor(request, row)


def _editor(request: AuthenticatedHttpRequest, row: Rehearsal | None) -> HttpResponse:
    entry = rehearsal_entry(row) if row is not None else None
    topic = request.POST.get("topic", entry.topic if entry else "")
    text = request.POST.get("text", entry.text if entry else "")
    coaching = rehearsal_coach(text) if request.method == "POST" and text.strip() else None
    problem = ""
    if request.method == "POST" and "save" in request.POST:
        try:
            saved = rehearsal_services.rehearsal_save(
                author=request.user, topic=topic, text=text, rehearsal=row
            )
        except DomainError as exc:
            problem = exc.message
        else:
            messages.success(request, "Saved as a private draft. Only you can read it.")
            return redirect("rehearsal_edit", public_id=saved.public_id)
    context = {
        "entry": entry,
        "topic": topic,
        "text": text,
        "coaching": coaching,
        "problem": problem,
        "max_chars": MAX_REHEARSAL_CHARS,
        "drafts": rehearsals_of_author(request.user),
    }
    return render(request, "rehearsals/edit.html", context, status=400 if problem else 200)


@login_required
@require_POST
def rehearsal_delete(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """Delete one's own draft for good."""
    row = rehearsal_of_author(public_id=public_id, user=request.user)
    if row is None:
        raise Http404
    rehearsal_services.rehearsal_delete(rehearsal=row)
    messages.success(request, "The draft is deleted.")
    return redirect("rehearsal_list")
