"""``python manage.py rotate_reflection_keys``: re-encrypt every reflection
and kept safety check-in with the first key of ``REFLECTION_KEYS``.

Rotation: put the new key first (``REFLECTION_KEYS=new,old``), restart, run
this command, then remove the old key. Rows that no configured key opens are
left untouched and counted; the command then exits with status 1, so the old
key is not dropped by mistake. Prints counts only, never content.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from couples.lib import crypto
from couples.models import Reflection, SafetyCheck

BATCH_SIZE = 200

_Sealed = TypeVar("_Sealed", Reflection, SafetyCheck)


class Command(BaseCommand):
    help = "Re-encrypt reflections and safety check-ins with the first REFLECTION_KEYS key."

    def handle(self, *args, **options) -> None:
        # One call per model (not a loop over both) so each is typed as itself.
        unreadable_total = self._reseal(Reflection) + self._reseal(SafetyCheck)
        if unreadable_total:
            raise CommandError(
                f"{unreadable_total} rows could not be opened with any configured key; "
                "keep the old keys until they are accounted for."
            )

    def _reseal(self, model: type[_Sealed]) -> int:
        """Re-encrypt ``model``'s rows and print the counts; returns the unreadable count."""
        resealed, unreadable = reseal_all(model)
        self.stdout.write(
            f"{model._meta.verbose_name_plural}: {resealed} re-encrypted, "
            f"{unreadable} unreadable"
        )
        return unreadable


def reseal_all(model: type[_Sealed]) -> tuple[int, int]:
    """Re-encrypt ``model.sealed`` on every row with the first key, in
    batches of BATCH_SIZE rows, each batch in one transaction. Returns
    ``(re-encrypted, unreadable)`` row counts."""
    resealed = unreadable = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = list(
                model.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", "sealed")[:BATCH_SIZE]
            )
            if not rows:
                return resealed, unreadable
            changed = []
            for row in rows:
                try:
                    row.sealed = crypto.reseal(row.sealed)
                except crypto.Unreadable:
                    unreadable += 1
                    continue
                changed.append(row)
            model.objects.bulk_update(changed, ["sealed"])
            resealed += len(changed)
            last_pk = rows[-1].pk
