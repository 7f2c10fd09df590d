"""What a couple agreed to do after an aftermath conversation: plan items.
"""

from __future__ import annotations

from django.db import models

from couples.models.account import User
from couples.models.sessions import PracticeSession
from couples.models.space import Couple


class PlanItem(models.Model):
    """One agreed item of an aftermath plan: what a partner will do
    differently, or a request the other accepted or adjusted
    (``exercises.aftermath.plan``). Shown at the start of the couple's next
    practice sessions and on the couple page until both partners mark it done
    (``status`` "done") or both drop it ("dropped"). ``marks`` is
    ``{partner id: "done" | "dropped"}``; the rules are in
    ``exercises/aftermath/plan.py``.
    """

    class Kind(models.TextChoices):
        DO_DIFFERENTLY = "do_differently"
        REQUEST = "request"

    class Status(models.TextChoices):
        OPEN = "open"
        DONE = "done"
        DROPPED = "dropped"

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="plan_items")
    source_session = models.ForeignKey(
        PracticeSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=14, choices=Kind.choices)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    marks = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_session", "position"], name="plan_item_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:40]}"
