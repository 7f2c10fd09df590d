"""HTTP views of a person's account: sign-up, what Attune keeps, the export
downloads, and deleting the account for real (``couples.services.privacy``).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import BaseUserCreationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods
from sesame.views import LoginView as SesameLoginView

from couples.lib.errors import DomainError
from couples.models import Invitation, User
from couples.selectors.assessments import results_count_of
from couples.selectors.boundaries import boundaries_count_of
from couples.selectors.checkins import checkins_count_of
from couples.selectors.nudges import nudge_preferences_of
from couples.selectors.reflections import reflections_count_of
from couples.selectors.rehearsals import rehearsals_count_of
from couples.selectors.safety import safety_checks_count_of
from couples.selectors.space import couple_of
from couples.services import privacy
from couples.services.nudges import nudge_preferences_set
from couples.services.signins import signins_end_everywhere
from couples.services.space import invitation_check
from couples.views import AuthenticatedHttpRequest


class AccountDeleteForm(forms.Form):
    """Confirm with the account's password, or, for an account that signs in
    with links only (no password), with its e-mail address."""

    confirmation = forms.CharField(label="Your password", strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            self.fields["confirmation"] = forms.CharField(
                label="Your e-mail address", help_text="Your account has no password."
            )

    def clean_confirmation(self) -> str:
        value = self.cleaned_data["confirmation"]
        if self.user.has_usable_password():
            if not self.user.check_password(value):
                raise forms.ValidationError("That is not your password.")
        elif value.strip().lower() != self.user.email.lower():
            raise forms.ValidationError("That is not the e-mail address of this account.")
        return value


class SignOutEverywhereForm(AccountDeleteForm):
    """Confirm "sign out everywhere" as a deletion is confirmed."""

    prefix = "everywhere"


TIME_ZONE_CHOICES = [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


class NudgePreferencesForm(forms.Form):
    """The "a session started" nudge: e-mail on or off, and quiet hours
    (wall-clock times in the person's time zone; both or neither). The
    rules are ``couples.services.nudges.nudge_preferences_set``'s."""

    prefix = "nudges"
    email_session_started = forms.BooleanField(
        label="E-mail me when my partner starts a practice session",
        required=False,
        help_text="Only who started it and a link: never anything either of you wrote.",
    )
    quiet_start = forms.TimeField(
        label="Quiet hours from (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_end = forms.TimeField(
        label="Quiet hours until (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="No e-mail between these times. They may cross midnight (22:00 to 07:00).",
    )
    time_zone = forms.ChoiceField(label="Your time zone", choices=TIME_ZONE_CHOICES)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns cleaned_data
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None):
            self.add_error(
                "quiet_end" if end is None else "quiet_start",
                "Give both times of your quiet hours, or neither.",
            )
        return data


def _nudge_form(user: User) -> NudgePreferencesForm:
    prefs = nudge_preferences_of(user)
    form = NudgePreferencesForm(
        initial={
            "email_session_started": prefs.email_session_started,
            "quiet_start": prefs.quiet_start,
            "quiet_end": prefs.quiet_end,
            "time_zone": prefs.time_zone if prefs.pk else settings.TIME_ZONE,
        }
    )
    if prefs.pk is None:
        # Never chosen: the page proposes the browser's own time zone
        # (static/js/account_nudges.js); the person still saves it.
        form.fields["time_zone"].widget.attrs["data-guess"] = "true"
    return form


def _account_page(
    request: AuthenticatedHttpRequest,
    sign_out_form: SignOutEverywhereForm,
    status: int = 200,
    nudge_form: NudgePreferencesForm | None = None,
) -> HttpResponse:
    user = request.user
    context = {
        "reflection_count": reflections_count_of(user),
        "safety_count": safety_checks_count_of(user),
        "assessment_count": results_count_of(user),
        "checkin_count": checkins_count_of(user),
        "boundary_count": boundaries_count_of(user),
        "rehearsal_count": rehearsals_count_of(user),
        "couple": couple_of(user),
        "sign_out_form": sign_out_form,
        "nudge_form": nudge_form or _nudge_form(user),
    }
    return render(request, "account/home.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["POST"])
def account_nudges(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Save my nudge choices (:class:`NudgePreferencesForm`); a refused form
    is shown again with its errors beside the fields (status 400)."""
    form = NudgePreferencesForm(request.POST)
    if not form.is_valid():
        return _account_page(
            request, SignOutEverywhereForm(user=request.user), status=400, nudge_form=form
        )
    data = form.cleaned_data
    nudge_preferences_set(
        user=request.user,
        email_session_started=data["email_session_started"],
        quiet_start=data["quiet_start"],
        quiet_end=data["quiet_end"],
        time_zone=data["time_zone"],
    )
    messages.success(request, "Your nudge choices are saved.")
    return redirect("account")


@never_cache
@login_required
@require_GET
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What Attune keeps about me, the downloads and the way out."""
    return _account_page(request, SignOutEverywhereForm(user=request.user))


@never_cache
@sensitive_post_parameters("everywhere-confirmation")
@login_required
@require_http_methods(["POST"])
def account_sign_out_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Sign out on every device, this one included, after I confirm: every
    other sign-in is refused from its next request on and every open live
    socket of mine closes at once (docs/protocol.md, close code 4401)."""
    user = request.user
    form = SignOutEverywhereForm(request.POST, user=user)
    if not form.is_valid():
        return _account_page(request, form, status=400)
    password = form.cleaned_data["confirmation"] if user.has_usable_password() else None
    signins_end_everywhere(user=user, password=password)
    logout(request)
    messages.success(request, "You are signed out on every device.")
    return redirect("login")


class SignInLinkView(SesameLoginView):
    """``GET /login/link/?sesame=<token>``: sign in with a one-time link
    (django-sesame, ``SESAME_ONE_TIME``; ``manage.py demo`` prints them).

    A link that was used already, has expired (``LOGIN_LINK_MAX_AGE``
    seconds) or was altered gets :meth:`login_failed`'s page, status 410,
    instead of django-sesame's bare 403. Such a visit counts against no one
    in the sign-in lock-out (``couples.lib.ratelimits.sign_in_link_attempt``).
    """

    def login_failed(self) -> HttpResponse:
        """The page of a link that no longer signs in: status 410 (Gone), what
        happened in plain words, and the ways in that remain (a password,
        or a new one set by e-mail). Says nothing about whose link it was."""
        response = render(self.request, "registration/link_used.html", status=410)
        response["Cache-Control"] = "no-store"
        return response


def _download(content: str, *, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="attune-my-data-{stamp}.{extension}"'
    return response


@never_cache
@sensitive_variables()
@login_required
@require_GET
def account_export_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Download everything I own as JSON."""
    return _download(
        privacy.account_export_json(request.user),
        content_type="application/json; charset=utf-8",
        extension="json",
    )


@never_cache
@sensitive_variables()
@login_required
@require_GET
def account_export_markdown(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Download everything I own as a Markdown document."""
    return _download(
        privacy.account_export_markdown(request.user),
        content_type="text/markdown; charset=utf-8",
        extension="md",
    )


@never_cache
@sensitive_post_parameters("confirmation")
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Delete my account and everything I own after I confirm (POST)."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        privacy.account_delete(user=user)
        return redirect("account_deleted")
    context = {"form": form, "couple": couple_of(request.user)}
    return render(request, "account/delete.html", context)


@require_GET
def account_deleted(request: HttpRequest) -> HttpResponse:
    """The goodbye page after a deletion."""
    return render(request, "account/deleted.html")


class SignUpForm(BaseUserCreationForm):
    """Name, e-mail address and password (twice), checked by Django's
    password validators."""

    class Meta:
        model = User
        fields = ("display_name", "email")
        labels = {"display_name": "Your first name (your partner sees it)"}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this e-mail address already exists.")
        return email


def _safe_next(request: HttpRequest) -> str | None:
    """The ``next`` path to go on to, if it is a path on this site (it must
    start with "/": ``redirect()`` would take a bare word for a view name)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and sign in; ``next`` carries an invitation link."""
    if request.user.is_authenticated:
        return redirect(_safe_next(request) or "home")
    next_path = _safe_next(request)
    as_therapist = _invites_a_therapist(next_path)
    form = SignUpForm(request.POST or None)
    if as_therapist:
        form.fields["display_name"].label = "Your name as your clients know you"
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.is_therapist = as_therapist
        user.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(next_path or "home")
    return render(
        request,
        "registration/signup.html",
        {"form": form, "next": next_path, "as_therapist": as_therapist},
    )


def _invites_a_therapist(next_path: str | None) -> bool:
    """True when ``next_path`` is an open *therapist* invitation link: the
    account made on the way there is a therapist account (a partner's link,
    or none, makes a partner account)."""
    if not next_path:
        return False
    try:
        match = resolve(next_path.split("?", 1)[0])
    except Resolver404:
        return False
    if match.url_name != "invitation":
        return False
    try:
        invite = invitation_check(match.kwargs["token"])
    except DomainError:
        return False
    return invite.role == Invitation.Role.THERAPIST
