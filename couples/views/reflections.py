"""HTTP views of the reflection log (``/reflections/...``).

Views parse, check access and call ``couples.services.reflections`` and
``couples.selectors.reflections``. Every entry URL answers 404 to anyone but
the entry's author (a partner, a therapist, a stranger, a missing entry: the
same answer), even when the entry is shared: the partner reads shared entries
on ``/reflections/shared/``. Pages are never cached (a shared device's back
button must not bring an entry back), POST parameters and local variables are
hidden from error reports, and search runs as a POST so the words searched for
never land in a URL, a browser history or an access log.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from couples.lib.errors import DomainError
from couples.models import Reflection, ReflectionShare
from couples.selectors.checkins import checkins_of_author
from couples.selectors.reflections import (
    AUDIENCES,
    MAX_TAG_CHARS,
    MAX_TAGS,
    MAX_TEXT_CHARS,
    MOODS,
    PROMPTS,
    mood_chart,
    reflection_context,
    reflection_entry,
    reflection_of_author,
    reflections_search,
    reflections_shared_by,
    reflections_shared_with_partner,
    sharing_choices,
)
from couples.services import reflections as reflections_services
from couples.views import AuthenticatedHttpRequest

MOOD_CHOICES = [("", "Leave it out"), *((str(k), f"{k} · {v}") for k, v in MOODS.items())]


class ReflectionForm(forms.Form):
    """A new reflection. The rules (lengths, tags, mood, the exercise link)
    are checked by ``couples.services.reflections.reflection_create``; the limits
    here only help the browser."""

    text = forms.CharField(
        label="Your reflection",
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text=f"Up to {MAX_TEXT_CHARS:,} characters. Only you can read it.",
    )
    mood = forms.ChoiceField(
        label="How do you feel now? (optional)",
        choices=MOOD_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    tags = forms.CharField(
        label="Tags (optional)",
        required=False,
        max_length=MAX_TAGS * (MAX_TAG_CHARS + 2),
        help_text=f"Separated by commas, e.g. money, family. Up to {MAX_TAGS}, "
        f"each under {MAX_TAG_CHARS} characters.",
    )
    session = forms.CharField(required=False, widget=forms.HiddenInput)
    exercise = forms.CharField(required=False, widget=forms.HiddenInput)


class ReflectionFilterForm(forms.Form):
    """Search and filters of one's own log. Dates are inclusive."""

    q = forms.CharField(label="Words", required=False, max_length=200)
    tag = forms.CharField(label="Tag", required=False, max_length=MAX_TAG_CHARS + 1)
    mood = forms.ChoiceField(
        label="Mood", required=False, choices=[("", "Any mood"), *MOOD_CHOICES[1:]]
    )
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns cleaned_data
        since, until = data.get("since"), data.get("until")
        if isinstance(since, date) and isinstance(until, date) and since > until:
            self.add_error("until", "The end date comes before the start date.")
        return data


def _own_or_404(request: AuthenticatedHttpRequest, public_id: Any) -> Reflection:
    reflection = reflection_of_author(public_id=public_id, user=request.user)
    if reflection is None:
        raise Http404
    return reflection


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def reflection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The author's log, searched and filtered (POST) or whole (GET), with
    the mood-over-time picture of the entries shown (and, for the whole
    log, of the daily check-ins)."""
    form = ReflectionFilterForm(request.POST if request.method == "POST" else None)
    filters: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data["q"],
            "tag": data["tag"],
            "mood": int(data["mood"]) if data["mood"] else None,
            "since": data["since"],
            "until": data["until"],
        }
    entries = reflections_search(author=request.user, **filters)
    filtered = any(filters.values())
    # The daily check-ins' moods join the picture of the whole log.
    checkins = [] if filtered else checkins_of_author(request.user)
    context = {
        "form": form,
        "entries": entries,
        "filtered": filtered,
        "chart": mood_chart([*entries, *checkins]),
        "checkins": len(checkins),
        "audiences": AUDIENCES,
    }
    return render(request, "reflections/list.html", context)


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def reflection_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Write a reflection; ``?session=<uuid>&exercise=<index>`` links it to
    the exercise it follows (an unknown or foreign link is simply dropped)."""
    source = request.POST if request.method == "POST" else request.GET
    link = reflection_context(
        user=request.user,
        session_public_id=source.get("session"),
        exercise_index=source.get("exercise"),
    )
    initial = {"session": link["session"], "exercise": link["exercise_index"]} if link else {}
    form = ReflectionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reflection = reflections_services.reflection_create(
                author=request.user,
                text=data["text"],
                mood=data["mood"],
                tags=data["tags"],
                session_public_id=data["session"] or None,
                exercise_index=data["exercise"],
            )
        except DomainError as exc:
            field = exc.details.get("field")
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(request, "Saved in your reflection log. Only you can read it.")
            return redirect("reflection_detail", public_id=reflection.public_id)
    context = {"form": form, "link": link, "prompts": PROMPTS}
    return render(request, "reflections/new.html", context)


@never_cache
@sensitive_post_parameters()
@sensitive_variables()
@login_required
@require_POST
def reflection_create_panel(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Save a reflection written in the live session's panel (a POST over
    fetch, with the CSRF token; the page and its socket stay where they
    were, so the partner's view of presence does not change).

    Takes the fields of :class:`ReflectionForm` (``text``, optional
    ``mood``, ``tags``, ``session``, ``exercise``) and the rules of
    ``couples.services.reflections.reflection_create``. Answers 201
    ``{"saved": true, "url": entry URL}``, or 400 ``{"error": {"code",
    "message", "field"}}`` with a stable code (``form_invalid`` for what the
    form refuses, else the ``DomainError`` code) and nothing saved.
    """
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        return JsonResponse(
            {
                "error": {
                    "code": "form_invalid",
                    "message": str(errors[0]),
                    "field": field if field in form.fields else None,
                }
            },
            status=400,
        )
    data = form.cleaned_data
    try:
        reflection = reflections_services.reflection_create(
            author=request.user,
            text=data["text"],
            mood=data["mood"],
            tags=data["tags"],
            session_public_id=data["session"] or None,
            exercise_index=data["exercise"] or None,
        )
    except DomainError as exc:
        at = exc.details.get("field")
        return JsonResponse(
            {
                "error": {
                    "code": exc.code,
                    "message": exc.message,
                    "field": at if at in form.fields else None,
                }
            },
            status=400,
        )
    url = reverse("reflection_detail", kwargs={"public_id": reflection.public_id})
    return JsonResponse({"saved": True, "url": url}, status=201)


@never_cache
@sensitive_variables()
@login_required
@require_GET
def reflection_detail(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """One entry, with whom it is shared and the controls to share, take
    back and delete it. 404 to anyone but its author."""
    reflection = _own_or_404(request, public_id)
    entry = reflection_entry(reflection)
    sharing = sharing_choices(reflection)
    context = {
        "entry": entry,
        "sharing": sharing,
        "can_share": reflection.couple_id is not None,
        "session_link": reflection.session.public_id if reflection.session is not None else None,
    }
    return render(request, "reflections/detail.html", context)


@login_required
@require_POST
def reflection_share(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """Share the entry with ``audience`` (``partner`` or ``therapist``)."""
    reflection = _own_or_404(request, public_id)
    audience = request.POST.get("audience", "")
    try:
        share = reflections_services.reflection_share(
            reflection=reflection, audience=audience,
            therapist_link_id=request.POST.get("therapist_link"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        label = AUDIENCES[ReflectionShare.Audience(audience)]  # valid: the share succeeded
        if share.therapist_link is not None:
            label = f"{label}, {share.therapist_link.therapist.display_name}"
        messages.success(request, f"Shared with {label}. You can take it back at any time.")
    return redirect("reflection_detail", public_id=reflection.public_id)


@login_required
@require_POST
def reflection_unshare(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """Take a share back: the audience no longer sees the entry."""
    reflection = _own_or_404(request, public_id)
    audience = request.POST.get("audience", "")
    if reflections_services.reflection_unshare(
        reflection=reflection, audience=audience,
        therapist_link_id=request.POST.get("therapist_link"),
    ):
        who = AUDIENCES[ReflectionShare.Audience(audience)]  # valid: a share was deleted
        messages.success(request, f"No longer shared with {who}.")
    return redirect("reflection_detail", public_id=reflection.public_id)


@never_cache
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def reflection_delete(request: AuthenticatedHttpRequest, public_id: Any) -> HttpResponse:
    """Ask (GET), then delete the entry for good (POST)."""
    reflection = _own_or_404(request, public_id)
    if request.method == "POST":
        reflections_services.reflection_delete(reflection=reflection)
        messages.success(request, "The reflection is deleted. It cannot be brought back.")
        return redirect("reflection_list")
    entry = reflection_entry(reflection)
    return render(request, "reflections/delete.html", {"entry": entry})


@never_cache
@sensitive_variables()
@login_required
@require_GET
def reflections_shared(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the partner shares with me, and what I share with whom."""
    context = {
        "received": reflections_shared_with_partner(request.user),
        "given": reflections_shared_by(request.user),
        "audiences": AUDIENCES,
    }
    return render(request, "reflections/shared.html", context)
