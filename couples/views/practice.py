"""HTTP views of solo practice (``/practice/...``): the hub of every part a
person can use on their own, and self-soothing practised alone.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from couples.views import AuthenticatedHttpRequest
from exercises import assessments, self_soothing

_PRACTICE_URLS = {
    "self_soothing": "practice_soothing",
    "i_statements": "rehearsal_list",
    "repair": "home",
    "active_listening": "home",
    "rituals": "home",
    "checkin": "checkin_list",
    "boundaries": "boundary_list",
    "rehearsal": "rehearsal_list",
    "reflections": "reflection_list",
}
"""Where each practice a result points to lives (``exercises/data/assessments.json``
``practices``); the live exercises start from the couple space (home)."""


def practice_links() -> dict[str, dict[str, str]]:
    """``{practice key: {"title", "url"}}`` for the pages that point to practices."""
    return {
        key: {"title": title, "url": reverse(_PRACTICE_URLS.get(key, "home"))}
        for key, title in assessments.practices().items()
    }


@login_required
@require_GET
def practice_soothing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Self-soothing on one's own: paced breathing and body steps
    (``exercises/self_soothing.py``; Gottman on flooding)."""
    data = self_soothing.client_config()
    return render(request, "practice/soothing.html", {"soothing": data})
