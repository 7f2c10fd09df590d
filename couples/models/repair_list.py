"""Our repair list: each partner's marks on the repair phrases, kept in the
couple space (Gottman's Repair Checklist, gone through together while calm).
"""

from __future__ import annotations

from django.db import models

from couples.models.account import User
from couples.models.space import Couple


class RepairMarks(models.Model):
    """One partner's marks on the repair phrases of ``exercises/data/repair_phrases.json``:
    ``marks`` is ``{phrase_id: "welcome" | "irritating"}`` as cleaned by
    ``exercises.repair_list.repair_marks_clean`` (a phrase without a mark is
    neither). Written by ``couples.services.repair_list.repair_marks_save``
    only, read into every practice session of the couple. The partner sees
    only the combined effect (which phrases both welcome, which are hidden
    from them), never these marks as such.
    """

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="repair_marks")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="repair_marks")
    marks = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "user"], name="repair_marks_one_per_partner"),
        ]

    def __str__(self) -> str:
        return f"repair marks of user {self.user_id}"
