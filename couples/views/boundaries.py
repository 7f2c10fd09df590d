"""HTTP views of the boundary builder (``/boundaries/...``): write a boundary
with coaching, keep it private, share it one at a time. Every boundary URL
answers 404 to anyone but its author.
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
from couples.models import Boundary
from couples.selectors.boundaries import (
    boundaries_of_author,
    boundaries_shared_with_partner,
    boundary_entry,
    boundary_of_author,
    boundary_sharing_choices,
)
from couples.selectors.sharing import AUDIENCES
from couples.services import boundaries as boundary_services
from couples.views import AuthenticatedHttpRequest
from exercises.boundaries import MAX_PART_CHARS, PARTS, boundary_coach


def _own_or_404(request: AuthenticatedHttpRequest, public_id: Any) -> Boundary:
    boundary = boundary_of_author(public_id=public_id, user=request.user)
    if boundary is None:
        raise Http404
    return boundary


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def boundary_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The builder and one's own boundaries. POST with ``coach`` shows the
    coaching and keeps nothing; POST with ``save`` keeps the boundary."""
    values = {key: request.POST.get(key, "") for key in PARTS}
    coaching = None
    problem = ""
    if request.method == "POST":
        coaching = boundary_coach(**values)
        if "save" in request.POST:
            try:
                boundary = boundary_services.boundary_create(author=request.user, **values)
            except DomainError as exc:
                problem = exc.message
            else:
                messages.success(request, "Your boundary is kept. Only you can see it.")
                return redirect("boundary_detail", public_id=boundary.public_id)
    context = {
        "parts": [{"key": k, "label": label, "value": values[k],
                   "notes": coaching["parts"][k] if coaching else []}
                  for k, label in PARTS.items()],
        "coaching": coaching,
        "problem": problem,
        "max_part": MAX_PART_CHARS,
        "entries": boundaries_of_author(request.user),
        "received": boundaries_shared_with_partner(request.user),
    }
    return render(request, "boundaries/list.html", context, status=400 if problem else 200)


@never_cache
@sensitive_variables()
@login_required
@require_http_methods(["GET"])
def boundary_detail(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """One boundary, with whom it is shared. 404 to anyone but its author."""
    boundary = _own_or_404(request, public_id)
    context = {
        "entry": boundary_entry(boundary),
        "sharing": boundary_sharing_choices(boundary, author=request.user),
    }
    return render(request, "boundaries/detail.html", context)


@login_required
@require_POST
def boundary_share(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """Share this one boundary with the partner or a named therapist."""
    boundary = _own_or_404(request, public_id)
    audience = request.POST.get("audience", "")
    try:
        boundary_services.boundary_share(
            boundary=boundary, audience=audience,
            therapist_link_id=request.POST.get("therapist_link"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Shared with {AUDIENCES[audience]}. You can take it back.")
    return redirect("boundary_detail", public_id=boundary.public_id)


@login_required
@require_POST
def boundary_unshare(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """Take a share back."""
    boundary = _own_or_404(request, public_id)
    audience = request.POST.get("audience", "")
    if boundary_services.boundary_unshare(
        boundary=boundary, audience=audience,
        therapist_link_id=request.POST.get("therapist_link"),
    ):
        messages.success(request, f"No longer shared with {AUDIENCES[audience]}.")
    return redirect("boundary_detail", public_id=boundary.public_id)


@login_required
@require_POST
def boundary_delete(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """Delete the boundary for good."""
    boundary = _own_or_404(request, public_id)
    boundary_services.boundary_delete(boundary=boundary)
    messages.success(request, "The boundary is deleted.")
    return redirect("boundary_list")
