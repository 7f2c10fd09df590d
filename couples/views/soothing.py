"""HTTP view of self-soothing practised when calm (``/calm/``): the paced
breathing and body soothing of the time-out screen, any time, alone.

Private by design: the page only reads ``exercises.self_soothing`` (the
paces, the words, the body-soothing steps); the timer runs in the browser
(static/js/soothing.js) and nothing is sent back, stored or shown to the
partner (Gottman's work on physiological flooding: self-soothing is learned
when calm so it is at hand in a fight).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from couples.views import AuthenticatedHttpRequest
from exercises import self_soothing

MINUTE_CHOICES = (1, 2, 3, 5, 10, 15, 20)
"""Practice lengths offered (minutes), within the engine's 1 to 20."""


@login_required
@require_GET
def soothing_practice(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The practice page: ``config`` (``self_soothing.client_config()``:
    paces with phase lengths in seconds, words, body steps, minutes 1–20)
    for the pacer, and the body-soothing steps. Answers GET only: there is
    nothing to save."""
    config = self_soothing.client_config()
    limits = config["minutes"]
    minutes = [m for m in MINUTE_CHOICES if limits["min"] <= m <= limits["max"]]
    return render(
        request,
        "soothing/practice.html",
        {"config": config, "body": config["body"], "minutes": minutes},
    )
