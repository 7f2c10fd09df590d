"""Nudges: telling a partner that a practice session started when their
couple page is not open — an e-mail through Django's mail (``EMAIL_URL``),
respecting their choice and quiet hours — and saving those choices.

A nudge names who started and links to the session; it never carries
anything anyone wrote."""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from couples.models import NudgePreferences, PracticeSession, User
from couples.selectors.nudges import session_nudge_email_wanted


def nudge_preferences_set(
    *,
    user: User,
    email_session_started: bool,
    quiet_start: time | None,
    quiet_end: time | None,
    time_zone: str,
) -> NudgePreferences:
    """Save ``user``'s nudge choices and return them. ``quiet_start`` and
    ``quiet_end`` are wall-clock times in ``time_zone`` (an IANA name the
    form has checked); set only one and the quiet hours are cleared."""
    if quiet_start is None or quiet_end is None:
        quiet_start = quiet_end = None
    prefs, _ = NudgePreferences.objects.update_or_create(
        user=user,
        defaults={
            "email_session_started": email_session_started,
            "quiet_start": quiet_start,
            "quiet_end": quiet_end,
            "time_zone": time_zone,
        },
    )
    return prefs


def session_started_mail(
    *, session_id: int, started_by_id: int, moment: datetime | None = None
) -> list[str]:
    """E-mail each partner of session ``session_id`` other than the starter
    ``started_by_id`` that the session started, when they want it now
    (:func:`couples.selectors.nudges.session_nudge_email_wanted`). Call it
    after the commit. Returns the addresses written to.

    The message is "<name> started a practice session" and a link
    (``SITE_URL`` + the session's path): nothing anyone wrote. A mail server
    that fails is logged by Django and does not reach the caller
    (``fail_silently``): the session is open whatever happens to the mail.
    """
    session = PracticeSession.objects.select_related("started_by", "couple").get(pk=session_id)
    moment = moment or timezone.now()
    starter = session.started_by.display_name if session.started_by else "Your partner"
    path = reverse("session", kwargs={"public_id": session.public_id})
    url = settings.SITE_URL.rstrip("/") + path
    sent = []
    partners = User.objects.filter(membership__couple_id=session.couple_id).exclude(
        pk=started_by_id
    )
    for partner in partners:
        if not session_nudge_email_wanted(user=partner, moment=moment):
            continue
        send_mail(
            subject=f"{starter} started a practice session",
            message=(
                f"{starter} started a practice session in Attune.\n\n"
                f"Join when you are ready: {url}\n\n"
                "You can turn these e-mails off or choose quiet hours on your account page."
            ),
            from_email=None,
            recipient_list=[partner.email],
            fail_silently=True,
        )
        sent.append(partner.email)
    return sent
