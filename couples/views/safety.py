"""HTTP views of the safety tools: the resources page, the private safety
check-in and the neutral quick-exit page (docs/architecture.md, "Privacy and
safety").

None of these views logs, writes a session event, touches presence or leaves
anything the other partner could see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from couples.lib.errors import SafetyAnswerInvalid
from couples.selectors.safety import ANSWERS, QUESTIONS, safety_checks_of, safety_result
from couples.services import safety as safety_services
from couples.services.safety import answers_clean, safety_check_record
from couples.views import AuthenticatedHttpRequest


class SafetyCheckForm(forms.Form):
    """One optional radio group per question, and whether to keep the
    answers (offered to signed-in people only; off unless ticked)."""

    keep = forms.BooleanField(
        label="Keep this check-in in my private, encrypted history (only I can see it)",
        required=False,
    )

    def __init__(self, *args, signed_in: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = list(ANSWERS.items())
        questions = {
            q.id: forms.ChoiceField(
                label=q.text, choices=choices, required=False, widget=forms.RadioSelect
            )
            for q in QUESTIONS
        }
        keep = self.fields.pop("keep")
        self.fields.update(questions)
        if signed_in:
            self.fields["keep"] = keep

    def answers(self) -> dict[str, str]:
        return {q.id: self.cleaned_data.get(q.id) or "skip" for q in QUESTIONS}


@never_cache
@require_GET
def safety_resources(request: HttpRequest) -> HttpResponse:
    """General guidance and where to find help (no country-specific numbers)."""
    return render(request, "safety/resources.html")


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
@require_http_methods(["GET", "POST"])
def safety_check_in(request: HttpRequest) -> HttpResponse:
    """The questions (GET); the result, and the kept copy if asked (POST)."""
    signed_in = request.user.is_authenticated
    form = SafetyCheckForm(request.POST or None, signed_in=signed_in)
    if request.method == "POST" and form.is_valid():
        try:
            answers = answers_clean(form.answers())
        except SafetyAnswerInvalid as exc:
            form.add_error(None, exc.message)
        else:
            result = safety_result(answers)
            kept = bool(signed_in and form.cleaned_data.get("keep"))
            # ``kept`` implies signed in; the check narrows the user's type.
            if kept and request.user.is_authenticated:
                safety_check_record(author=request.user, answers=answers, result=result)
            return render(request, "safety/result.html", {"result": result, "kept": kept})
    return render(request, "safety/check_in.html", {"form": form})


@never_cache
@sensitive_variables()
@login_required
@require_GET
def safety_history(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My kept check-ins, with a way to delete each or all."""
    return render(request, "safety/history.html", {"checks": safety_checks_of(request.user)})


@login_required
@require_POST
def safety_check_delete(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """Delete one of my kept check-ins for good; 404 for anyone else's."""
    if not safety_services.safety_check_delete(author=request.user, public_id=public_id):
        raise Http404
    messages.success(request, "That check-in is deleted.")
    return redirect("safety_history")


@login_required
@require_POST
def safety_checks_delete_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Delete every check-in I kept."""
    safety_services.safety_checks_delete_all(author=request.user)
    messages.success(request, "Your check-ins are deleted.")
    return redirect("safety_history")


@never_cache
@require_GET
def away(request: HttpRequest) -> HttpResponse:
    """The quick-exit destination: a plain page about the weather, served by
    us (no external request), with nothing that names Attune. Arriving here
    signs the person out, so Back or a shared device shows no couple space."""
    logout(request)
    return render(request, "safety/away.html")
