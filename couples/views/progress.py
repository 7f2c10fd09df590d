"""HTTP view of my practice record (``/progress/``): weeks of practice,
derived from the event log and one's own rows; no streaks, no badges,
no reminders."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from couples.selectors.progress import practice_record
from couples.views import AuthenticatedHttpRequest


@never_cache
@login_required
@require_GET
def progress(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One's own practice record over the last weeks."""
    return render(request, "progress/record.html", {"record": practice_record(request.user)})
