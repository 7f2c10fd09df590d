"""HTTP view of the couple's aftermath plan: a partner marks an item done,
dropped, or takes their mark back (couples/services/plans.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from couples.lib.errors import DomainError, PlanItemNotFound
from couples.services.plans import plan_item_mark as plan_item_mark_service
from couples.views import AuthenticatedHttpRequest
from exercises.engine import RuleError


@login_required
@require_POST
def plan_item_mark(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    """Mark one plan item (``mark`` = done | dropped | open) and go back to
    ``next`` (a local path) or the couple page. 404 for an item not in the
    person's couple."""
    try:
        plan_item_mark_service(item_id=item_id, user=request.user, mark=request.POST.get("mark"))
    except PlanItemNotFound as exc:
        raise Http404 from exc
    except (DomainError, RuleError) as exc:
        messages.error(request, exc.message)
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = ""
    return redirect(target or "home")
