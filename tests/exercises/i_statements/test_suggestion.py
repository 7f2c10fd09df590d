"""The suggested rewrite ("One way to start") reads as English and keeps only what may be reused.

The first four statements come from a couple's trial, where the suggestion repeated the
feeling, put a clause without a verb after "when", or cut a phrase in the middle; the
others are our own, one or more per family of the same fault.
"""

from __future__ import annotations

import re

import pytest

from exercises.i_statements.analyzer import analyze

_BEFORE_NEED = re.compile(r"^I feel (?P<feel>.+?) (?P<sit>\S.*?), because ")


def _parts(text: str) -> tuple[str, str]:
    """(feeling part, situation part) of the suggestion for *text*."""
    m = _BEFORE_NEED.match(analyze(text).suggestion)
    assert m, analyze(text).suggestion
    return m.group("feel"), m.group("sit")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        # the trial's four
        ("you always make me laugh when I'm down", "I feel down when …, because"),
        ("oh great, another evening of you glued to the telly, what a treat",
         "I feel … when …, because"),
        ("you looked so happy at your brother's party",
         "I feel … when … at your brother's party, because"),
        ("wow, you did the whole garden today", "I feel … when you did the whole garden today,"),
        # the feeling said again inside the situation
        ("thanks for always being patient with me when I'm stressed", "I feel stressed when …,"),
        ("Seeing the state of the garden after the storm yesterday honestly upset me, shall we "
         "tackle it together Sunday morning?", "I feel upset after the storm yesterday, because"),
        ("I'd be lying if I said I wasn't nervous when your ex texted on Friday, could we talk "
         "about it tonight?", "I feel nervous when your ex texted on Friday, because"),
        # a subordinator cut off before "I'm" / "I was"
        # (a retrain that learnt blind 11 reads "your phone while I'm talking" as blame, which
        # rightly keeps it out of the rewrite; the grammar under test is the same here)
        ("I feel dismissed when you answer emails while I'm talking.",
         "I feel hurt or embarrassed when you answer emails while I'm talking, because"),
        ("I was a bit narked when the tickets sold out before I got home, could you ring me "
         "next time they go on sale?", "I feel narked when the tickets sold out before I got home,"),
        # a time cut in the middle of its phrase
        ("What sort of partner checks their fantasy league during a funeral? I'm so hurt about "
         "Saturday.", "I feel hurt when … during a funeral, because"),
        ("It worries me that the brakes were squealing on the way to work this morning — could "
         "we get the car booked in at the garage this week?",
         "I feel worried when … on the way to work, because"),
        ("Brilliant idea to invite your mum for the whole long weekend without asking.",
         "I feel … when … the whole long weekend, because"),
        # no verb left after "when"
        ("I think you only rang your mum back because you wanted the money.",
         "I feel … when …, because"),
        ("whats the name of that thai place we went to?", "I feel … when …, because"),
        # a first experience joined to the feeling
        ("I've never done a budget before and I feel anxious about it, could you sit with me "
         "on saturday to make one?", "I feel anxious that I've never done a budget before,"),
    ],
)
def test_suggestion_reads_as_english(text: str, start: str) -> None:
    assert analyze(text).suggestion.startswith(start)


@pytest.mark.parametrize(
    "text",
    [
        "you always make me laugh when I'm down",
        "y do u ignore my msgs all day n then act all surprised wen im upset at nite",
        "Yesterday you moved my desk without asking and then laughed when I got upset.",
        "Since my operation in March I have felt quite anxious about driving. I would very much "
        "appreciate it if you could come with me on the first few trips to the shops.",
    ],
)
def test_the_feeling_is_named_once(text: str) -> None:
    feel, sit = _parts(text)
    assert feel != "…"
    for word in feel.split(" or "):
        assert not re.search(rf"\b{re.escape(word)}\b", sit, re.IGNORECASE), (feel, sit)


@pytest.mark.parametrize(
    "text",
    [
        "oh great, another evening of you glued to the telly, what a treat",
        "I believe you only offered to help with the garden because the neighbours were watching.",
        "thank u sooo much for finishing the horchata i was saving, truly what a gift 🙏",
        "I think you said yes to your brother because you're scared of him.",
    ],
)
def test_no_when_before_a_clause_without_a_verb(text: str) -> None:
    _, sit = _parts(text)
    # "when …" to fill in, or "when" and a clause with its verb
    assert sit == "when …" or re.match(r"when (?:the neighbours were|you \w+ed)\b", sit), sit


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("I wouldn't have to nag if you just did what you said you'd do.", "did what you said"),
        ("I feel upset that you made us late to my own mum's birthday.", "made us late"),
        ("Thank you ever so much for telling the whole table about our sex life, sweetheart.",
         "whole table"),
        ("Can you count? Because I said two bags of rice, not two kilos", "Can you count"),
    ],
)
def test_flagged_words_are_never_handed_back(text: str, flagged: str) -> None:
    result = analyze(text)
    assert result.issues & {"you_blame", "insult"}
    assert flagged not in result.suggestion, result.suggestion


def test_a_time_inside_a_charge_may_stay() -> None:
    """The day is no charge: "when … on Thursday" is kept for the person to complete."""
    result = analyze("You actually forgot to pick Kemi up from school on Thursday?? I was "
                     "terrified. Please set an alarm from now on.")
    assert "you_blame" in result.issues
    assert result.suggestion.startswith("I feel terrified when … on Thursday, because")
