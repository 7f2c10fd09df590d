"""HTTP views of agreed rituals of connection: the ``/rituals/`` page (edit,
pause, resume, retire), the calendar download and the private subscription
link. Views parse, check access and call ``couples.services.rituals`` and
``couples.selectors.rituals``; a ritual of another couple answers 404, the same
as one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from couples.lib.errors import DomainError, RitualChangedMeanwhile
from couples.models import Couple, Ritual
from couples.selectors.rituals import (
    MONTH_NAMES,
    calendar_feed_couple,
    live_calendar_feed_of,
    ritual_fields,
    ritual_for_partner,
    rituals_calendar,
    rituals_of_couple,
    schedule_text,
)
from couples.selectors.space import couple_of
from couples.services import rituals as rituals_services
from couples.services.rituals import ritual_kept_mark, ritual_status_change, ritual_update
from couples.views import AuthenticatedHttpRequest
from exercises import rituals as ritual_rules
from exercises.engine import RuleError

WEEKDAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class RitualCard:
    """A ritual on the ``/rituals/`` page, with its kind and schedule in words."""

    ritual: Ritual
    kind_title: str
    schedule: str


class RitualForm(forms.Form):
    """The text and schedule of an agreed ritual. Field checks come from the
    engine (``exercises.rituals.ritual_fields_clean``), so the couple space
    and the live session apply the same rules."""

    kind = forms.ChoiceField(label="Kind of ritual")
    title = forms.CharField(label="Name", max_length=ritual_rules.MAX_TITLE_CHARS)
    details = forms.CharField(
        label="What exactly happens",
        max_length=ritual_rules.MAX_DETAILS_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    roles = forms.CharField(
        label="Who does what",
        max_length=ritual_rules.MAX_ROLES_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=[
            ("daily", "Every day"),
            ("weekly", "On chosen days of the week"),
            ("monthly", "Once a month"),
            ("yearly", "Once a year"),
        ],
        widget=forms.RadioSelect,
    )
    weekdays = forms.MultipleChoiceField(
        label="Days (for a weekly ritual)",
        required=False,
        choices=list(zip(ritual_rules.WEEKDAYS, WEEKDAY_LABELS, strict=True)),
        widget=forms.CheckboxSelectMultiple,
    )
    month = forms.TypedChoiceField(
        label="Month (for a yearly ritual)",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *((n, name) for n, name in enumerate(MONTH_NAMES, start=1))],
    )
    month_day = forms.IntegerField(
        label="Day of the month (for a monthly or yearly ritual)",
        required=False,
        min_value=1,
        max_value=31,
        help_text=(
            f"A monthly ritual takes a day from 1 to {ritual_rules.MONTHLY_MAX_DAY}, "
            "so it happens every month."
        ),
    )
    time = forms.CharField(
        label="Time of day",
        max_length=5,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label="Length (minutes)",
        min_value=ritual_rules.MIN_DURATION_MINUTES,
        max_value=ritual_rules.MAX_DURATION_MINUTES,
    )
    timezone = forms.CharField(
        label="Time zone",
        max_length=64,
        help_text="A place-based time zone, such as Europe/Paris or America/New_York.",
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
    )
    sequence = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # declared above as a ChoiceField
        kind.choices = [(k["id"], k["title"]) for k in ritual_rules.ritual_kinds()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns cleaned_data
        if self.errors:
            return data
        try:
            data.update(ritual_rules.ritual_fields_clean(self.ritual_values()))
        except RuleError as exc:
            field = exc.details.get("field")
            self.add_error(field if field in self.fields else None, exc.message)
        return data

    def ritual_values(self) -> dict[str, Any]:
        """The cleaned data in the engine's field names."""
        return {name: self.cleaned_data.get(name) for name in ritual_rules.FIELDS}


def _couple_or_404(request: AuthenticatedHttpRequest) -> Couple:
    couple = couple_of(request.user)
    if couple is None:
        raise Http404
    return couple


def _ritual_or_404(request: AuthenticatedHttpRequest, public_id) -> Ritual:
    ritual = ritual_for_partner(public_id=public_id, user=request.user)
    if ritual is None:
        raise Http404
    return ritual


def webcal_url(url: str) -> str:
    """The ``webcal://`` form of an ``http(s)://`` calendar ``url`` (str), which
    phones and desktop calendar apps open as "subscribe to this calendar"
    (the de-facto scheme Apple introduced; the app fetches it over HTTPS or
    HTTP as the original said)."""
    return "webcal://" + url.split("://", 1)[1]


@never_cache
@login_required
@require_GET
def ritual_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The couple's agreed rituals, the calendar download and the partner's
    subscription link (shown once, right after it is made)."""
    couple = _couple_or_404(request)
    cards = [
        RitualCard(
            ritual=ritual,
            kind_title=ritual_rules.ritual_kind_title(ritual.kind),
            schedule=schedule_text(ritual),
        )
        for ritual in rituals_of_couple(couple)
    ]
    new_token = request.session.pop("calendar_feed_token", None)
    feed_url = (
        request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": new_token}))
        if new_token
        else None
    )
    context = {
        "couple": couple,
        "current": [c for c in cards if c.ritual.status != Ritual.Status.RETIRED],
        "retired": [c for c in cards if c.ritual.status == Ritual.Status.RETIRED],
        "feed": live_calendar_feed_of(request.user),
        "feed_url": feed_url,
        "feed_webcal_url": webcal_url(feed_url) if feed_url else None,
    }
    return render(request, "rituals/list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def ritual_edit(request: AuthenticatedHttpRequest, public_id) -> HttpResponse:
    """Change an agreed ritual's text or schedule (either partner)."""
    ritual = _ritual_or_404(request, public_id)
    if ritual.status == Ritual.Status.RETIRED:
        messages.error(request, "Bring this ritual back before changing it.")
        return redirect("ritual_list")
    initial = {**ritual_fields(ritual), "sequence": ritual.sequence}
    form = RitualForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ritual_update(
                ritual_id=ritual.pk,
                user=request.user,
                expected_sequence=form.cleaned_data["sequence"],
                fields=form.ritual_values(),
            )
        except RuleError as exc:
            form.add_error(None, exc.message)
        except RitualChangedMeanwhile as exc:
            messages.error(request, exc.message)  # the page reloads with the latest version
            return redirect("ritual_edit", public_id=ritual.public_id)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("ritual_list")
        else:
            messages.success(request, f"Saved: {form.cleaned_data['title']}.")
            return redirect("ritual_list")
    return render(
        request,
        "rituals/edit.html",
        {
            "ritual": ritual,
            "form": form,
            "kinds": ritual_rules.ritual_kinds(),
            "time_zones": ritual_rules.time_zone_names(),
        },
    )


@login_required
@require_POST
def ritual_status(request: AuthenticatedHttpRequest, public_id) -> HttpResponse:
    """Pause, resume or retire a ritual: POST ``action`` = pause|resume|retire."""
    ritual = _ritual_or_404(request, public_id)
    action = request.POST.get("action", "")
    try:
        changed = ritual_status_change(
            ritual_id=ritual.pk, user=request.user, action=action
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        done = {"pause": "Paused", "resume": "Back on", "retire": "Retired"}[action]
        messages.success(request, f"{done}: {changed.title}.")
    return redirect("ritual_list")


@login_required
@require_POST
def ritual_kept(request: AuthenticatedHttpRequest, public_id) -> HttpResponse:
    """The one-tap "we did it" on the couple page (POST): the ritual counts
    as kept today, once a day whoever taps. Another couple's ritual answers
    404; a paused or retired one is refused with a calm message."""
    ritual = _ritual_or_404(request, public_id)
    try:
        _, created = ritual_kept_mark(ritual_id=ritual.pk, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Noted: you kept {ritual.title} today." if created
            else f"{ritual.title} is already marked as kept today.",
        )
    return redirect("home")


def _ics_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def ritual_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """``/rituals/calendar.ics``: the couple's active rituals for a signed-in partner."""
    couple = _couple_or_404(request)
    return _ics_response(rituals_calendar(couple=couple), filename="our-rituals.ics")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """``/calendar/<token>.ics``: the same calendar for calendar apps, no
    sign-in. An unknown or revoked token answers 404."""
    couple = calendar_feed_couple(token)
    if couple is None:
        raise Http404
    return _ics_response(rituals_calendar(couple=couple), filename="our-rituals.ics")


@login_required
@require_POST
def calendar_feed_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make the partner's private subscription link (the old one stops working)."""
    couple = _couple_or_404(request)
    request.session["calendar_feed_token"] = rituals_services.calendar_feed_create(
        user=request.user, couple=couple
    )
    return redirect(f"{reverse('ritual_list')}#calendar")


@login_required
@require_POST
def calendar_feed_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn off the partner's subscription link."""
    _couple_or_404(request)
    if rituals_services.calendar_feed_revoke(user=request.user):
        messages.success(
            request, "Your subscription link is turned off. Calendars using it stop updating."
        )
    return redirect(f"{reverse('ritual_list')}#calendar")
