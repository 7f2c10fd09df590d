"""What a couple does in the bench: the Speaker–Listener technique as in
exercises/active_listening.py, seen from the partners' screens.

The speaker makes a statement, the listener paraphrases it, the speaker
confirms (sometimes corrects); after at least one exchange the speaker
sometimes passes the floor. Texts come from :mod:`bench.fixtures`.
"""

from __future__ import annotations

import random
from typing import Any

from bench.fixtures import PARAPHRASES, STATEMENTS


def actor_key(ex: dict[str, Any] | None) -> str | None:
    """Who acts next: the speaker in ``statement``/``confirm``, the listener
    in ``paraphrase``; None when no exercise runs (then partner 0 starts one)."""
    if ex is None:
        return None
    return ex["listener"] if ex["phase"] == "paraphrase" else ex["speaker"]


def next_command(
    ex: dict[str, Any] | None, rng: random.Random, spec: Any, me: str
) -> tuple[str, dict]:
    """``(command, payload)`` the acting partner ``me`` sends in view of
    ``ex``; ``spec.pass_ratio`` and ``spec.correct_ratio`` say how often a
    speaker passes the floor (after at least one exchange) or corrects."""
    if ex is None:
        return "exercise_start", {
            "exercise": "active_listening",
            "topic": "Our weekends",
            "mode": "typed",
            "first_speaker": me,
        }
    phase = ex["phase"]
    if phase == "statement":
        if ex["turn_exchanges"] >= 1 and rng.random() < spec.pass_ratio:
            return "floor_pass", {}
        return "statement_make", {"text": rng.choice(STATEMENTS)}
    if phase == "paraphrase":
        return "paraphrase_submit", {"text": rng.choice(PARAPHRASES)}
    if phase == "confirm":
        if rng.random() < spec.correct_ratio:
            return "paraphrase_correct", {"text": "Nearly: it was more about being asked first."}
        return "paraphrase_confirm", {}
    return "listening_close", {}


def relay_advance(ex: dict[str, Any], command: str) -> dict[str, Any]:
    """The reference's turn-taking, kept by the sender (the relay knows no
    rules): the same phases as exercises/active_listening.py."""
    ex = dict(ex)
    if command == "statement_make":
        ex["phase"] = "paraphrase"
    elif command == "paraphrase_submit":
        ex["phase"] = "confirm"
    elif command == "paraphrase_correct":
        ex["phase"] = "paraphrase"
    elif command == "paraphrase_confirm":
        ex["phase"], ex["turn_exchanges"] = "statement", ex["turn_exchanges"] + 1
    elif command == "floor_pass":
        ex["speaker"], ex["listener"], ex["turn_exchanges"] = ex["listener"], ex["speaker"], 0
    return ex
