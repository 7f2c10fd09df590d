"""Sign-ins, written: ending them, and ending the sockets they opened.

Signing out on one device closes that sign-in's sockets; a password change
and "sign out everywhere" close every socket of the person, on every device,
at once (close code 4401, docs/protocol.md). The message goes through
``couples.lib.relay`` after the commit; a socket that misses it is refused on
its next frame (``couples.selectors.signins.signin_is_valid``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from couples.lib.relay import deliver_on_commit, signin_ended_deliveries
from couples.models import User


@receiver(user_logged_out, dispatch_uid="attune-signin-sockets-end")
def signin_sockets_end_on_logout(
    sender: type, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    """``user_logged_out`` (``POST /logout/``, Quick exit's ``/away/``,
    deleting the account): close the sockets of this sign-in. Django sends
    the signal before it flushes the session, so the key is still known."""
    if user is None or request is None or not request.session.session_key:
        return
    deliver_on_commit(
        signin_ended_deliveries(user_id=user.pk, session_key=request.session.session_key)
    )


def signins_end_everywhere(*, user: User, password: str | None) -> None:
    """Sign ``user`` out of every device and close every socket of theirs.

    How: the session hash Django stores with every sign-in is derived from
    the password hash, so re-salting the password (the same ``password``,
    checked by the caller) or, for an account that signs in with links only
    (``password`` None), drawing a new unusable one makes every existing
    sign-in invalid on its next request, without a scan of the sessions.
    Raises nothing; the caller signs the current request out itself.
    """
    with transaction.atomic():
        if password is not None and user.has_usable_password():
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])  # closes the sockets (the receiver below)


@receiver(pre_save, sender=User, dispatch_uid="attune-signin-sockets-end-password")
def signin_sockets_end_on_password_change(
    sender: type[User], instance: User, update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    """A password saved (reset link, admin, ``set_password`` then ``save``):
    once committed, close every socket of that person. Their other sign-ins
    are already invalid (the session hash changed). Costs one read when a
    user row is saved with its password; saving other fields only (the
    sign-in's ``last_login``) costs nothing."""
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        deliver_on_commit(signin_ended_deliveries(user_id=instance.pk))
