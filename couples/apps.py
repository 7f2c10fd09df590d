"""App configuration for the couple domain."""

from django.apps import AppConfig


class CouplesConfig(AppConfig):
    name = "couples"
    verbose_name = "Couples"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the user_logged_out receiver that closes a sign-in's sockets.
        from couples.services import signins  # noqa: F401
