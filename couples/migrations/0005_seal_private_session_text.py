"""Seal the private session text already stored in plaintext: the private
values of each practice session's state and the data of private events
(couples/lib/sealing.py, docs/architecture.md "Private session text at
rest"). Needs REFLECTION_KEYS, as the reflections do. Going back opens them
again."""

from __future__ import annotations

from typing import Any

from django.db import migrations

BATCH_SIZE = 200


def _each(model: Any, field: str, change: Any) -> None:
    for row in model.objects.only("pk", field).iterator(chunk_size=BATCH_SIZE):
        before = getattr(row, field)
        after = change(before)
        if after != before:
            setattr(row, field, after)
            row.save(update_fields=[field])


def seal(apps: Any, schema_editor: Any) -> None:
    from couples.lib.sealing import events_seal, state_seal

    _each(apps.get_model("couples", "PracticeSession"), "state", state_seal)
    _each(apps.get_model("couples", "SessionEvent"), "events", events_seal)


def unseal(apps: Any, schema_editor: Any) -> None:
    from couples.lib.sealing import events_open, state_open

    _each(apps.get_model("couples", "PracticeSession"), "state", state_open)
    _each(apps.get_model("couples", "SessionEvent"), "events", events_open)


class Migration(migrations.Migration):

    dependencies = [
        ("couples", "0004_reflections_and_safety"),
    ]

    operations = [
        migrations.RunPython(seal, unseal),
    ]
