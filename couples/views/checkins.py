"""HTTP views of the private daily check-in (``/check-in/...``): one feeling
word, a 1–5 mood, an optional note. Only its author ever sees a check-in;
its mood joins the mood picture on the reflection log.
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
from couples.selectors.checkins import (
    MAX_NOTE_CHARS,
    checkin_of_author,
    checkins_of_author,
    feeling_choices,
)
from couples.selectors.reflections import MOODS
from couples.services import checkins as checkin_services
from couples.views import AuthenticatedHttpRequest

RECENT = 30
"""How many recent check-ins the page lists."""


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def checkin_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Today's check-in form and the recent check-ins (one's own)."""
    problem: dict[str, str] = {}
    chosen = {"feeling": "", "mood": "", "note": ""}
    if request.method == "POST":
        chosen = {k: request.POST.get(k, "") for k in chosen}
        try:
            checkin_services.checkin_create(author=request.user, **chosen)
        except DomainError as exc:
            problem = {"field": str(exc.details.get("field", "")), "message": exc.message}
        else:
            messages.success(request, "Checked in. Only you can see it.")
            return redirect("checkin_list")
    context = {
        "groups": feeling_choices(),
        "moods": MOODS,
        "chosen": chosen,
        "problem": problem,
        "entries": checkins_of_author(request.user, limit=RECENT),
        "max_note": MAX_NOTE_CHARS,
    }
    return render(request, "checkins/list.html", context, status=400 if problem else 200)


@login_required
@require_POST
def checkin_delete(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """Delete one's own check-in for good; 404 for anyone else's."""
    row = checkin_of_author(public_id=public_id, user=request.user)
    if row is None:
        raise Http404
    checkin_services.checkin_delete(checkin=row)
    messages.success(request, "That check-in is deleted.")
    return redirect("checkin_list")
