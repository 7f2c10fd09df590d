"""Transcript lines of the stress-reducing conversation and the State of the
Union: what was said and revealed reads in the transcript; a private event
(an unrevealed appreciation) never does."""

from __future__ import annotations

from datetime import UTC, datetime

from couples.lib.transcript import transcript_lines

NAMES = {"1": "Alex", "2": "Sam"}
AT = datetime(2026, 12, 1, tzinfo=UTC)


def lines(*events):
    return transcript_lines([(1, AT, list(events))], NAMES)


def test_the_stress_conversation_reads_with_the_listener_moves_named():
    out = lines(
        {"type": "stress_shared", "data": {"by": "1", "type": "share", "text": "Work is a lot"}},
        {"type": "stress_move_made", "data": {"by": "2", "move": "your_side", "text": None}},
        {"type": "stress_turn_ended", "data": {"by": "1", "helped": ["your_side"],
                                                "text": "Feeling heard"}},
    )
    assert [(x["who"], x["label"], x["text"]) for x in out] == [
        ("Alex", "what stresses me", "Work is a lot"),
        ("Sam", "took your side", "(said aloud or shown)"),
        ("Alex", "what helped", "took your side; Feeling heard"),
    ]


def test_appreciations_appear_once_revealed_and_never_while_private():
    out = lines(
        {"type": "sotu_appreciations_written", "private_to": "1",
         "data": {"by": "1", "items": ["Secret thanks"]}},
        {"type": "sotu_appreciations_revealed",
         "data": {"appreciations": {"1": ["Coffee"], "2": ["The note"]}}},
        {"type": "sotu_loved_revealed", "data": {"loved": {"1": "A walk"}, "loved_until": 1}},
    )
    assert [x["items"] for x in out] == [["Alex: Coffee", "Sam: The note"], ["Alex: A walk"]]
    assert "Secret thanks" not in str(out)


def test_the_boundary_conversation_reads_in_order_and_its_private_draft_never_does():
    out = lines(
        {"type": "boundary_drafted", "private_to": "1",
         "data": {"draft": {"need": "Draft words"}, "coach": {}}},
        {"type": "boundary_stated", "data": {"speaker": "1", "round": 1, "need": "Quiet first",
                                              "limit": "No money talk at the door",
                                              "action": "I will take a walk"}},
        {"type": "boundary_paraphrased", "data": {"listener": "2", "text": "Quiet, then money"}},
        {"type": "boundary_paraphrase_confirmed", "data": {"speaker": "1"}},
        {"type": "boundary_responded", "data": {"listener": "2", "honour": "An hour",
                                                 "hard": None}},
    )
    assert out[0]["items"] == ["What I need: Quiet first",
                               "Where my limit is: No money talk at the door",
                               "What I will do if it is crossed: I will take a walk"]
    assert (out[1]["who"], out[1]["text"]) == ("Sam", "Quiet, then money")
    assert out[3]["items"] == ["What I can honour: An hour"]
    assert "Draft words" not in str(out)


def test_a_spoken_correction_keeps_its_not_quite():
    """Spoken mode: the speaker tapped "Not quite" and corrected aloud; the
    transcript says so instead of dropping the moment (issue #12 item 11)."""
    out = lines(
        {"type": "paraphrase_given", "data": {"listener": "2", "text": None}},
        {"type": "paraphrase_corrected", "data": {"speaker": "1", "text": None}},
        {"type": "paraphrase_corrected", "data": {"speaker": "1", "text": "More the evenings"}},
    )
    assert (out[1]["kind"], out[1]["text"]) == (
        "note", "Alex: “Not quite.” (the correction was said aloud)")
    assert (out[2]["label"], out[2]["text"]) == ("correction", "More the evenings")
