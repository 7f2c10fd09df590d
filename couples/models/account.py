"""People: the user model (sign-in by e-mail; partner or therapist account).
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class UserManager(BaseUserManager["User"]):
    """Creates users identified by e-mail address (there is no username)."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        """Return a saved user. Raises ValueError without an e-mail address."""
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        """Return a saved staff superuser."""
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person using Attune: a partner, or a therapist when ``is_therapist``."""

    # Setting an inherited field to None removes it (Django's documented way);
    # the stubs type these as str and cannot express the removal.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField("name", max_length=60)
    is_therapist = models.BooleanField(default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]
    # Our manager creates users by e-mail (no username), so it is not Django's
    # UserManager, whose type the stubs require here.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name
