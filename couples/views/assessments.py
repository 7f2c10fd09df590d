"""HTTP views of the self-assessments (``/assessments/...``,
docs/self_assessments.md).

Every result URL answers 404 to anyone but its author (a partner, a
therapist, a stranger, a missing result: the same answer); the partner reads
what is shared with them on ``/assessments/shared/``. Pages are never
cached, and answers are hidden from error reports.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from couples.lib.errors import DomainError
from couples.models import AssessmentResult
from couples.selectors.assessments import (
    result_entry,
    result_of_author,
    result_sharing_choices,
    results_chart,
    results_of_author,
    results_shared_with_partner,
)
from couples.selectors.sharing import AUDIENCES
from couples.services import assessments as assessment_services
from couples.views import AuthenticatedHttpRequest
from couples.views.practice import practice_links
from exercises import assessments
from exercises.engine import RuleError


def _own_or_404(request: AuthenticatedHttpRequest, public_id: Any) -> AssessmentResult:
    result = result_of_author(public_id=public_id, user=request.user)
    if result is None:
        raise Http404
    return result


def _kind_or_404(kind: str) -> str:
    if kind not in assessments.KINDS:
        raise Http404
    return kind


@never_cache
@sensitive_variables()
@login_required
@require_GET
def assessment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The three assessments, each with one's own results over time."""
    mine = results_of_author(request.user)
    areas = [
        {
            "kind": kind,
            "title": assessments.title(kind),
            "intro": assessments.spec(kind)["intro"],
            "results": [e for e in mine if e.kind == kind],
            "chart": results_chart(mine, kind=kind),
        }
        for kind in assessments.KINDS
    ]
    return render(request, "assessments/list.html", {"areas": areas})


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def assessment_take(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    """The statements of one assessment (GET); score and keep the answers (POST)."""
    kind = _kind_or_404(kind)
    chosen: dict[str, str] = {}
    problem = ""
    missing: list[str] = []
    if request.method == "POST":
        chosen = {item.id: request.POST.get(item.id, "") for item in assessments.items(kind)}
        try:
            result = assessment_services.assessment_take(
                author=request.user, kind=kind, answers=chosen
            )
        except RuleError as exc:
            problem = exc.message
            missing = list(exc.details.get("items", []))
        else:
            messages.success(request, "Kept in your private results. Only you can see them.")
            return redirect("assessment_detail", public_id=result.public_id)
    context = {
        "kind": kind,
        "title": assessments.title(kind),
        "intro": assessments.spec(kind)["intro"],
        "items": [
            {"id": i.id, "text": i.text, "chosen": chosen.get(i.id, ""), "missing": i.id in missing}
            for i in assessments.items(kind)
        ],
        "scale": [(str(k), v) for k, v in assessments.scale().items()],
        "problem": problem,
    }
    status = 400 if problem else 200
    return render(request, "assessments/take.html", context, status=status)


@never_cache
@sensitive_variables()
@login_required
@require_GET
def assessment_detail(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """One's own result: the gentle description, the practices that fit,
    who can see it. 404 to anyone but its author."""
    result = _own_or_404(request, public_id)
    context = {
        "entry": result_entry(result),
        "sharing": result_sharing_choices(result, author=request.user),
        "links": practice_links(),
    }
    return render(request, "assessments/detail.html", context)


@login_required
@require_POST
def assessment_share(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """Share this one result with ``audience`` (partner or a named therapist)."""
    result = _own_or_404(request, public_id)
    audience = request.POST.get("audience", "")
    try:
        share = assessment_services.assessment_share(
            result=result, audience=audience, therapist_link_id=request.POST.get("therapist_link")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        label = AUDIENCES[audience]
        if share.therapist_link is not None:
            label = f"{label}, {share.therapist_link.therapist.display_name}"
        messages.success(request, f"Shared with {label}. You can take it back at any time.")
    return redirect("assessment_detail", public_id=result.public_id)


@login_required
@require_POST
def assessment_unshare(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """Take a share back: the audience no longer sees the result."""
    result = _own_or_404(request, public_id)
    audience = request.POST.get("audience", "")
    if assessment_services.assessment_unshare(
        result=result, audience=audience, therapist_link_id=request.POST.get("therapist_link")
    ):
        messages.success(request, f"No longer shared with {AUDIENCES[audience]}.")
    return redirect("assessment_detail", public_id=result.public_id)


@login_required
@require_POST
def assessment_delete(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """Delete the result for good."""
    result = _own_or_404(request, public_id)
    assessment_services.assessment_delete(result=result)
    messages.success(request, "The result is deleted. It cannot be brought back.")
    return redirect("assessment_list")


@never_cache
@sensitive_variables()
@login_required
@require_GET
def assessments_shared(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the partner chose to share with me, one result at a time."""
    return render(
        request,
        "assessments/shared.html",
        {"received": results_shared_with_partner(request.user), "links": practice_links()},
    )
