"""App configuration for the couple domain."""

from django.apps import AppConfig


class CouplesConfig(AppConfig):
    name = "couples"
    verbose_name = "Couples"
    default_auto_field = "django.db.models.BigAutoField"
