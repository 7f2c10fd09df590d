"""HTTP view of our repair list (``/couple/repair-list/``): each partner marks
the repair phrases they would welcome from the other and the ones that would
irritate them. A partner edits only their own marks; the page shows the
combined effect, never the partner's marks as such (Gottman's Repair
Checklist, gone through together while calm).
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from couples.selectors.repair_list import repair_list_page
from couples.selectors.space import couple_of
from couples.services.repair_list import repair_marks_save
from couples.views import AuthenticatedHttpRequest
from exercises.engine import RuleError

MARK_FIELD = "mark-"
"""Prefix of a phrase's radio group in the form: ``mark-<phrase id>``."""


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def repair_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the partner's own marks on every phrase, the phrases both welcome
    and how many are left out of their picker. POST: save the partner's marks
    (``mark-<phrase id>`` = ``welcome`` | ``irritating`` | empty for no mark);
    an open session takes them at once. A bad form changes nothing and says
    why."""
    couple = couple_of(request.user)
    if couple is None:
        raise Http404
    if request.method == "POST":
        marks = {
            name.removeprefix(MARK_FIELD): value
            for name, value in request.POST.items()
            if name.startswith(MARK_FIELD) and value
        }
        try:
            repair_marks_save(couple=couple, user=request.user, marks=marks, now=time.time())
        except RuleError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, "Saved. Your repair list applies from now on, in every session."
            )
            return redirect("repair_list")
    context = {"couple": couple, **repair_list_page(couple_id=couple.pk, user_id=request.user.pk)}
    return render(request, "repair_list/edit.html", context)
