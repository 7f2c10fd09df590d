"""The analyzer on statements written as partners type them.

Two labelled files of our own, JSON lines with a ``kind`` (what each case
tests, e.g. ``feeling_everyday``, ``blame_story``, ``emoji_benign``):

* ``cases_dev.jsonl``: the development set the rules were tuned on;
* ``cases_holdout.jsonl``: written before any tuning and only measured;
* ``cases_holdout2.jsonl``: a second held-out set (154 statements), written and
  committed before the second round of rule work and measured only at its end;
* ``cases_voices.jsonl``: 328 statements in many voices (British, Irish,
  Australian, American; every gender; hurried, misspelt, text-speak, emoji,
  run-on), committed before the third round of rule work and then tuned on;
* ``cases_voices2.jsonl``: 133 more, written after that round's first pass and
  committed before the rules were tuned on them;
* ``cases_voices3.jsonl``: 73 more, written after the second pass, the same way;
* ``cases_voices4.jsonl``: 70 more, written after the third pass, the same way;
* ``cases_voices5.jsonl``: 57 more, written after the last pass and only measured
  (never tuned on): the round's own held-out set. Written by the same hand as the
  rules, so it is kinder to them than statements from someone else would be;
* ``cases_voices6.jsonl``: 80 more (30 genuine), written by the failure shapes (no
  statements) of a set written blind by someone else, committed before the rules
  were tuned on them (0.812, 0.391, 0.983 at that commit);
* ``cases_voices8.jsonl``: 124 more (86 genuine), written by the genuine-statement
  failure shapes (no statements) of two more blind sets, committed before the rules
  were tuned on them (0.613, 0.906, 0.947 at that commit);
* ``cases_voices10.jsonl``: 30 more (27 genuine), written in other words by the
  families of genuine statements still rejected in round 2 (misspelt time words,
  events named by a noun, feelings in other frames, subjectless wishes, warm or own
  absolutes), committed before the rules changed (0.400, 1.000, 0.981 then);
* ``cases_voices11.jsonl``: 81 more (33 genuine), written in other words by the
  families a couple's trial of the live coach found: insults typed in a hurry
  (misspelt, drawn out, censored), names aimed by "you are" after them, labels of
  the partner in a role, sarcastic requests, passive-aggressive dismissals, and
  genuine "very much hurt" and "feel like crying"; committed before the rules
  changed (0.778, 0.398, 0.994 then);
* ``cases_voices12.jsonl``: 84 more (58 genuine), written in other words by the
  families of genuine statements blind sets still saw rejected, with close negatives;
  committed before the rules changed (0.464, 1.000, 0.944 then);
* ``cases_voices13.jsonl``: 48 more (none genuine), written in other words by the
  families of everyday messages the rules wrongly flagged (plain reports with the
  partner as subject, praise of the partner, absolutes about things, weather and the
  speaker's own memories, superlatives, questions checking a plan), each with close
  negatives that must stay flagged; committed before the rules changed (1.000, 0.897,
  0.750 then);
* ``cases_voices7.jsonl``: 151 more (42 genuine), written by the blame and contempt
  failure shapes of the same blind sets (no statements), with their near-misses,
  committed before the rules were tuned on them (139 then: 0.978, 0.467, 0.978); 12
  more about neutral acts of the partner were added before that rule changed.
* ``cases_voices9.jsonl``: 79 more (22 genuine near-misses), written by the families
  of the blame, contempt and pseudo-feeling misses left over all sets in round 2 of
  issue #13 (other words, regions and typing than the misses), committed before the
  rules were tuned on them (1.000, 0.356, 0.939 at that commit).
* ``cases_voices16.jsonl``: 60 more (16 genuine), written in other words by the blame and
  contempt families a blind set still found missed (the partner ranking something above the
  speaker or intent claimed inside a well-formed "when" or "because" clause, a love test,
  a list of charges after a time, a place or an indictment, doubt of the partner's basic
  competence as a question), with close negatives; 55 committed before the rules changed,
  5 more close negatives (plain acts in a "when" clause, "off with u") with the rule change.

Holdout 1 and 2 were looked at in earlier rounds, so they are no longer truly
unseen; they stay as floors against regressions.

Scores are defined in :mod:`tests.exercises.i_statements.scoring`. The targets
(issue #13): label accuracy, must-flag recall and must-not-flag cleanliness
each at least 0.97 on all our own statements together. Per-kind figures are
printed (``pytest -s``) and each kind is held to a floor, so a regression in
one kind shows even when the totals hold.
"""

from __future__ import annotations

import pytest

from exercises.i_statements.analyzer import ISSUE_CODES, _rules, analyze
from tests.exercises.i_statements.scoring import (
    HERE,
    assert_floor,
    assert_set_floor,
    load,
    report,
    score,
)

DEV = load(HERE / "cases_dev.jsonl")
HOLDOUT = load(HERE / "cases_holdout.jsonl")
HOLDOUT2 = load(HERE / "cases_holdout2.jsonl")
ORIGINAL = load(HERE / "cases.jsonl")
VOICES = load(HERE / "cases_voices.jsonl")
VOICES2 = load(HERE / "cases_voices2.jsonl")
VOICES3 = load(HERE / "cases_voices3.jsonl")
VOICES4 = load(HERE / "cases_voices4.jsonl")
VOICES5 = load(HERE / "cases_voices5.jsonl")
VOICES6 = load(HERE / "cases_voices6.jsonl")
VOICES7 = load(HERE / "cases_voices7.jsonl")
VOICES8 = load(HERE / "cases_voices8.jsonl")
VOICES9 = load(HERE / "cases_voices9.jsonl")
VOICES10 = load(HERE / "cases_voices10.jsonl")
VOICES11 = load(HERE / "cases_voices11.jsonl")
VOICES12 = load(HERE / "cases_voices12.jsonl")
VOICES13 = load(HERE / "cases_voices13.jsonl")
VOICES14 = load(HERE / "cases_voices14.jsonl")
VOICES15 = load(HERE / "cases_voices15.jsonl")
VOICES16 = load(HERE / "cases_voices16.jsonl")
VOICES17 = load(HERE / "cases_voices17.jsonl")
VOICES18 = load(HERE / "cases_voices18.jsonl")
VOICES19 = load(HERE / "cases_voices19.jsonl")
VOICES20 = load(HERE / "cases_voices20.jsonl")
EVERYDAY = load(HERE / "cases_everyday.jsonl")
EVERYDAY_UNSEEN = load(HERE / "cases_everyday_unseen.jsonl")
EVERYDAY3 = load(HERE / "cases_everyday3.jsonl")
BLIND3 = load(HERE / "cases_blind3.jsonl")
BLIND4 = load(HERE / "cases_blind4.jsonl")
BLIND5 = load(HERE / "cases_blind5.jsonl")
BLIND6 = load(HERE / "cases_blind6.jsonl")
BLIND7 = load(HERE / "cases_blind7.jsonl")
BLIND8 = load(HERE / "cases_blind8.jsonl")
BLIND9 = load(HERE / "cases_blind9.jsonl")
BLIND10 = load(HERE / "cases_blind10.jsonl")
BLIND11 = load(HERE / "cases_blind11.jsonl")
BLIND12 = load(HERE / "cases_blind12.jsonl")
WARM = load(HERE / "cases_warm.jsonl")
WARM_UNSEEN = load(HERE / "cases_warm_unseen.jsonl")
CONTEMPT = {n: load(HERE / f"cases_contempt{n}.jsonl") for n in (1, 2, 3)}
PARTNERS = {n: load(HERE / f"cases_partners{n}.jsonl") for n in (1, 2, 3)}
TARGET = 0.97
KIND_FLOOR = 0.85
"""Every kind, on development and held-out cases together, keeps each figure
at or above this (kinds are small: one miss in ten is 0.9)."""


@pytest.mark.parametrize(
    "cases",
    [DEV, HOLDOUT, HOLDOUT2, VOICES, VOICES2, VOICES3, VOICES4, VOICES5, VOICES6, VOICES7,
     VOICES8, VOICES9, VOICES10, VOICES11, VOICES12, VOICES13, VOICES14,
     VOICES15, VOICES16, BLIND3, BLIND4,
     BLIND5, BLIND9, EVERYDAY, EVERYDAY3, EVERYDAY_UNSEEN, WARM, WARM_UNSEEN,
     *PARTNERS.values(), *CONTEMPT.values()],
    ids=["dev", "holdout", "holdout2", "voices", "voices2", "voices3", "voices4", "voices5",
         "voices6", "voices7", "voices8", "voices9", "voices10", "voices11", "voices12", "voices13",
         "voices14", "voices15", "voices16", "blind3", "blind4", "blind5", "blind9", "everyday",
         "everyday3", "everyday_unseen", "warm", "warm_unseen", "partners1", "partners2",
         "partners3", "contempt1", "contempt2", "contempt3"],
)
def test_case_files_are_well_formed(cases):
    for case in cases:
        assert set(case) == {"text", "is_i_statement", "must_flag", "must_not_flag", "kind"}
        assert set(case["must_flag"]) | set(case["must_not_flag"]) <= ISSUE_CODES
        assert not set(case["must_flag"]) & set(case["must_not_flag"])


def test_there_are_enough_new_statements_of_both_labels():
    new = DEV + HOLDOUT
    assert len(new) >= 400 and len(HOLDOUT) >= 120
    genuine = sum(c["is_i_statement"] for c in new)
    assert len(new) * 0.3 <= genuine <= len(new) * 0.6
    assert len({c["kind"] for c in new}) >= 20


def test_targets_on_all_our_own_statements():
    scores = score(DEV + HOLDOUT + ORIGINAL + VOICES + VOICES2 + VOICES3 + VOICES4 + VOICES6
                   + VOICES7 + VOICES8 + VOICES9)
    total = scores["all"]
    print("\n" + report(scores))
    assert_floor(total, dict.fromkeys(("accuracy", "recall", "clean"), TARGET))


HOLDOUT_FLOOR = {"accuracy": 0.96, "recall": 0.97, "clean": 0.99}
"""The held-out figures as first measured were 0.970, 0.897, 0.988; after the
clause rules (tuned on development cases only) they are 0.970, 0.928, 0.988;
0.988, 0.969, 0.994 after the blame and contempt shapes of voices7 (not tuned on these);
1.000, 0.979, 1.000 after round 2's blame pass on top of the genuine-statement pass
(voices9's families; these were among the misses whose families it wrote).
Must-flag recall is still below the 0.97 target there (docs/benchmarks.md).
Kept as a floor so they cannot quietly get worse. Raise them by writing new
held-out cases, not by tuning on these."""


def test_held_out_statements_do_not_get_worse():
    scores = score(HOLDOUT)
    print("\nheld out:\n" + report(scores))
    total = scores["all"]
    assert_floor(total, HOLDOUT_FLOOR)


HOLDOUT2_FLOOR = {"accuracy": 0.99, "recall": 0.97, "clean": 0.99}
"""The second held-out set as measured once the rules were done (0.942, 0.917,
0.996; before that round of work 0.942, 0.833, 0.996): must-flag recall and
label accuracy are below the 0.97 target there, see docs/benchmarks.md. A floor
so they cannot quietly get worse; never tune on these statements. 1.000, 0.979, 1.000
after round 2's passes (voices9's and voices10's families), and the floors raised with it."""


def test_second_held_out_set_does_not_get_worse():
    assert len(HOLDOUT2) >= 150
    genuine = sum(c["is_i_statement"] for c in HOLDOUT2)
    assert len(HOLDOUT2) * 0.3 <= genuine <= len(HOLDOUT2) * 0.5
    scores = score(HOLDOUT2)
    print("\nheld out (2):\n" + report(scores))
    total = scores["all"]
    assert_floor(total, HOLDOUT2_FLOOR)


def test_no_kind_falls_behind():
    scores = score(DEV + HOLDOUT + VOICES + VOICES2 + VOICES3 + VOICES4 + VOICES6 + VOICES7
                   + VOICES8 + VOICES9)
    behind = {
        kind: (round(s.accuracy, 3), round(s.recall, 3), round(s.clean, 3))
        for kind, s in scores.items()
        if min(s.accuracy, s.recall, s.clean) < KIND_FLOOR
    }
    assert not behind, behind


def test_statements_in_many_voices():
    """Enough of them, about a third to a half genuine, every kind of the issue, and
    each kind of them at the floor on its own (printed per kind with ``-s``)."""
    voices = VOICES + VOICES2 + VOICES3 + VOICES4
    assert len(voices) >= 500
    genuine = sum(c["is_i_statement"] for c in voices)
    assert len(voices) * 0.3 <= genuine <= len(voices) * 0.5
    scores = score(voices)
    print("\nvoices:\n" + report(scores))
    total = scores["all"]
    assert min(total.accuracy, total.recall, total.clean) >= TARGET, "\n".join(total.misses)
    behind = {kind: (round(s.accuracy, 3), round(s.recall, 3), round(s.clean, 3))
              for kind, s in scores.items() if min(s.accuracy, s.recall, s.clean) < KIND_FLOOR}
    assert not behind, behind


LATER_VOICES_FLOOR = {"accuracy": 0.98, "recall": 0.98, "clean": 0.99}
"""The later voices sets as first measured were below the targets (voices2 0.977, 0.765,
0.995; voices3 0.904, 0.809, 0.952; voices4 0.957, 0.761, 1.000): what unseen statements
still find. After the rules were reworked by cause they are 1.000, 0.988, 1.000; 1.000,
1.000, 1.000; 1.000, 1.000, 1.000. Three labels were corrected after measuring, to agree
with the project's older labels and definitions ("felt rushed" is a pseudo feeling in
pseudo_feelings.json; "when you ... every evening" is a generalisation, as "when you work
late every night" in cases.jsonl; "stressed abt the rent" names no moment)."""


@pytest.mark.parametrize("cases", [VOICES2, VOICES3, VOICES4],
                         ids=["voices2", "voices3", "voices4"])
def test_later_voices_sets_do_not_get_worse(cases):
    total = score(cases)["all"]
    assert_floor(total, LATER_VOICES_FLOOR)


# --------------------------------------------------------------------------- single behaviours
def test_regional_feeling_word_counts_as_a_feeling():
    result = analyze("I was gutted when the gig got cancelled on Friday, could we book another?")
    assert result.feeling == "gutted" and result.is_i_statement, result.issues


def test_misspelt_feeling_word_counts_as_that_feeling():
    assert analyze("I feel so frustated when the sink is full, could we wash up?").feeling == (
        "frustrated")
    assert analyze("I get along with your mum when we visit.").feeling is None


def test_feeling_verb_counts_but_not_when_negated():
    assert analyze("I worry when you drive at night, could you text me?").feeling == "worried"
    assert analyze("I don't worry when you drive at night.").feeling is None


def test_real_feeling_after_a_self_judgement_wins():
    result = analyze("I feel stupid and embarrassed when the bills come, could we read them "
                     "together on Sunday?")
    assert result.feeling == "embarrassed" and result.is_i_statement, result.issues


def test_quantity_and_experience_are_not_absolutes():
    for text in ("I feel nervous when we have nothing saved for repairs.",
                 "I've never been to a concert with you and I feel excited.",
                 "I felt uneasy when nobody was home at 10pm last night."):
        assert "absolute" not in analyze(text).issues, text


def test_you_always_is_blame_as_well_as_absolute():
    assert {"you_blame", "absolute"} <= analyze("you're late all the time").issues


def test_subjectless_wish_and_offer_are_requests():
    assert analyze("I felt lonely last night. Would love it if we ate together tonight."
                   ).is_i_statement
    assert analyze("I felt ashamed when I snapped at dinner yesterday. Can I make it up to you?"
                   ).is_i_statement


def test_incredulous_question_and_mind_reading_are_blame():
    for text in ("Are you serious right now?", "Who leaves wet towels on the bed?",
                 "I think you just want to win every argument."):
        assert "you_blame" in analyze(text).issues, text


def test_a_list_of_what_the_partner_did_is_blame():
    text = "You walked in, didn't say hello, went straight to your phone and ignored me."
    assert "you_blame" in analyze(text).issues
    kind = "When you came home, dumped your bag and went to your phone, I felt lonely."
    assert "you_blame" not in analyze(kind).issues


def test_mockery_without_an_insult_word_is_contempt():
    for text in ("Well done, you managed to load the dishwasher.", "Gold star for you.",
                 "You absolute muppet."):
        assert "insult" in analyze(text).issues, text


def test_insult_question_is_also_blame():
    assert {"insult", "you_blame"} <= analyze("What are you, five?").issues


def test_insult_words_about_oneself_and_friendly_emoji_are_not_contempt():
    for text in ("I was such an idiot at the party and I feel embarrassed.",
                 "I forgot my keys again 🤦", "I felt so happy yesterday 😊"):
        assert "insult" not in analyze(text).issues, text


def test_shouted_request_is_a_reproach():
    assert "you_blame" in analyze("Can you PLEASE stop leaving your stuff everywhere?").issues


# --------------------------------------------------------------------------- notes
def test_notes_merge_overlapping_findings_most_important_first():
    text = "You're such a lazy idiot and you never help 🙄"
    result = analyze(text)
    spans = [(n.start, n.end) for n in result.notes if n.end > n.start]
    assert all(a[1] <= b[0] or b[1] <= a[0] for i, a in enumerate(spans) for b in spans[i + 1 :])
    first = result.notes[0]
    assert first.codes[0] == "insult" and "you_blame" in first.codes
    assert text[first.start : first.end].startswith("You're such")
    ranks = ["insult", "you_blame", "pseudo_feeling", "absolute", "missing_feeling",
             "missing_situation", "missing_need_or_request"]
    order = [ranks.index(n.codes[0]) for n in result.notes]
    assert order == sorted(order)


def test_every_finding_is_in_exactly_one_note():
    for case in DEV[:80]:
        result = analyze(case["text"])
        for f in result.findings:
            holders = [n for n in result.notes if f.code in n.codes
                       and n.start <= f.start and f.end <= n.end]
            assert len(holders) == 1, (case["text"], f)


def test_notes_are_in_the_dict_and_the_old_keys_stay():
    data = analyze("You never listen 🙄").to_dict()
    assert {"is_i_statement", "issues", "feeling", "suggestion", "findings", "situation", "need",
            "request", "truncated", "notes"} <= data.keys()
    assert data["notes"][0].keys() == {"start", "end", "codes", "message"}
    assert isinstance(data["notes"][0]["codes"], list)


def test_a_genuine_statement_has_no_notes():
    result = analyze("I felt worried when you came home late last night, because I need to know "
                     "you're safe. Could you text me next time?")
    assert result.is_i_statement and result.notes == ()


# --------------------------------------------------------------------------- who does what
def test_blame_in_the_reason_of_an_i_sentence_but_not_a_circumstance():
    assert "you_blame" in analyze("I missed the bus because you can't organise anything.").issues
    assert "you_blame" in analyze("I snapped because you were being ridiculous.").issues
    fine = analyze("I felt sad because you can't make it to the wedding on Saturday, could we "
                   "send a card together?")
    assert fine.is_i_statement, fine.issues


def test_a_question_that_only_pretends_to_ask_is_blame():
    for text in ("How many times do I need to tell you to lock the door?",
                 "Why am I always the one who has to clean up?"):
        assert "you_blame" in analyze(text).issues, text
    assert "you_blame" not in analyze("How many times do we water the plants?").issues


def test_a_story_of_what_the_partner_did_told_as_a_charge_is_blame():
    for text in ("So you just decide to buy a car without telling me.",
                 "Then you had the cheek to blame me for it."):
        assert "you_blame" in analyze(text).issues, text
    fine = analyze("I felt hurt when you decided to sell the bike without asking me last week, "
                   "could we talk before selling things?")
    assert fine.is_i_statement, fine.issues


def test_enjoying_a_harm_is_not_appreciation():
    assert "you_blame" in analyze("I honestly think you enjoy upsetting me.").issues
    assert "you_blame" not in analyze("I think you'd enjoy the concert.").issues


def test_a_pseudo_feeling_with_a_verb_is_not_name_calling():
    result = analyze("I feel ridiculed when you joke about my job.")
    assert "pseudo_feeling" in result.issues and "insult" not in result.issues
    assert "insult" in analyze("What a joke you are.").issues


# --------------------------------------------------------------------------- third round
def test_feeling_frames_without_i_after_a_contrast_and_in_the_body():
    for text, feeling in (
        ("Sad we didn't get to talk last night, can we call at lunch?", "sad"),
        ("Was a bit gutted when you were away last week, could we facetime?", "gutted"),
        ("I wasn't angry, I was scared when you didn't pick up last night. Could you text "
         "next time?", "scared"),
        ("How happy I was when you brought me tea this morning! Could we do it again?", "happy"),
        ("My heart sank when the letter came on Monday, could we read it together?",
         "disappointed"),
    ):
        result = analyze(text)
        assert result.feeling == feeling and result.is_i_statement, (text, result.issues)
    assert analyze("Not sad, just busy.").feeling is None


def test_two_typing_slips_in_a_long_feeling_word():
    assert analyze("I was embarresed when we argued at dinner on Sunday.").feeling == (
        "embarrassed")


def test_story_told_as_a_charge_by_its_connective_or_its_manner():
    for text in ("Then you turned round and said it was my idea.",
                 "You just rocked up two hours late and expected dinner on the table.",
                 "So you went and spent the holiday money on a phone."):
        assert "you_blame" in analyze(text).issues, text
    assert "you_blame" not in analyze(
        "When you came home late last night I felt worried, could you text me next time?"
    ).issues


def test_a_habit_pinned_on_the_partner_but_not_a_warm_habit():
    assert "you_blame" in analyze("Every time I bring up money you walk off.").issues
    warm = analyze("I felt so cared for every time you brought me soup last week, could we "
                   "keep checking in like that?")
    assert "you_blame" not in warm.issues


def test_mockery_without_insult_words_and_mock_thanks_for_a_harm():
    for text in ("Look who finally decided to show up.", "Want a medal?",
                 "Mr Perfect strikes again.", "Aren't you clever."):
        assert "insult" in analyze(text).issues, text
    assert {"insult", "you_blame"} <= analyze("wow thx for ignoring me all day").issues
    assert "insult" not in analyze("Thanks so much for the lift on Friday, I felt cared "
                                   "for.").issues


def test_blame_shifted_onto_what_the_partner_would_have_done():
    assert "you_blame" in analyze("I had to lie because you'd have gone mental.").issues
    assert "you_blame" not in analyze(
        "I didn't call because you'd have been asleep, and I felt torn last night. Could we "
        "agree a time to call?").issues


def test_a_word_taken_back_at_once_is_not_held_against_the_speaker():
    result = analyze("I felt abandoned -- no, lonely, when you went upstairs last night. "
                     "Could you stay downstairs with us next time?")
    assert result.is_i_statement, result.issues
    assert "pseudo_feeling" in analyze("I felt abandoned when you went upstairs.").issues


def test_a_routine_of_our_own_or_a_bounded_one_is_not_a_verdict():
    for text in ("I feel exhausted when I cook every night, could you cook on Fridays?",
                 "I feel lonely when you work late every night this week, could we have lunch "
                 "on Friday?"):
        assert "absolute" not in analyze(text).issues, text
    assert "absolute" in analyze("I feel lonely when you work late every night.").issues


def test_a_statement_only_about_what_the_partner_did_is_blame():
    for text in ("u forgot the milk again", "He left his dishes in the sink for three days.",
                 "You told your mates about our row."):
        assert "you_blame" in analyze(text).issues, text
    for text in ("You cooked an amazing dinner, thank you.", "He said he'd call tomorrow.",
                 "u coming for dinner?"):
        assert "you_blame" not in analyze(text).issues, text


def test_echo_questions_and_contempt_aimed_at_the_partner_are_blame():
    for text in ("Hang on, you invited your ex?!", "You're telling me you sold my bike?",
                 "Thanks a bunch for eating my leftovers, really appreciate it.",
                 "Mr Reliable strikes again.", "are you honestly that thick?"):
        assert "you_blame" in analyze(text).issues, text
    assert "you_blame" not in analyze("You're coming to dinner on Friday?").issues


def test_feelings_named_as_nouns_or_without_i_and_self_judging_openers():
    for text in ("What I felt when the letter came on Monday was mostly embarrassment, could "
                 "we open post together?",
                 "Missed you loads while you were away last week, could we plan a weekend?",
                 "Petty of me, I know, but I was hurt when my name was left off the card on "
                 "Friday, could we sign cards together?",
                 "Ugh, I was so anxious when the bill came this morning, could we go through it "
                 "tonight?"):
        result = analyze(text)
        assert result.is_i_statement, (text, result.issues)


VOICES5_FLOOR = {"accuracy": 1.0, "recall": 1.0, "clean": 1.0}
"""The fifth voices set, measured once the rules were done and never tuned on: 0.982,
0.973, 1.000 (missed: "I was that embarrassed" and "Who on earth forgets their own
anniversary?"); 1.000, 0.973, 1.000 after the next pass (not tuned on it either: "that"
as an intensifier came from another set's shapes); 1.000, 1.000, 1.000 after round 2's
blame pass ("Who on earth forgets ...?" was one of the misses whose family it wrote). A
floor so it cannot quietly get worse; raise it with new statements."""


def test_fifth_voices_set_held_out_does_not_get_worse():
    scores = score(VOICES5)
    print("\nvoices5 (held out):\n" + report(scores))
    total = scores["all"]
    assert_floor(total, VOICES5_FLOOR)


VOICES6_FLOOR = {"accuracy": 0.98, "recall": 1.0, "clean": 1.0}
"""The sixth voices set: 0.812, 0.391, 0.983 when committed, 0.988, 1.000, 1.000 after
the pass tuned on it (left: "I felt really supported", not read as a feeling). Each kind
is held to :data:`KIND_FLOOR` in ``test_no_kind_falls_behind``."""


def test_mock_praise_after_a_charge_is_contempt_and_blame():
    for text in ("You ate the last yoghurt again. Really considerate.",
                 "Thanks ever so much for telling my boss I was ill, darling.",
                 "Oh sure, your darts night matters more than my mum's party. Silly me.",
                 "What kind of grown adult can't find the washing machine?"):
        issues = analyze(text).issues
        assert {"insult", "you_blame"} <= issues, (text, issues)
    # the same warm words in a statement of real appreciation are no sting
    assert analyze("I felt so cared for when you met me at the airport on Friday. Really "
                   "thoughtful of you, could we do breakfast on Sunday?").is_i_statement


def test_the_speakers_own_habit_and_regional_words_are_genuine():
    for text in ("I always sleep better when you're home, so I was lonely on Tuesday; could "
                 "you call before bed when you're away?",
                 "I'm pure scunnered wi the washing the day, could ye help me fold it the night?",
                 "rly anxious abt the scan this wk, wd u come w me on thurs?"):
        result = analyze(text)
        assert result.is_i_statement, (text, result.issues)
    assert "missing_situation" in analyze(
        "I feel tired most of the time and I need more rest.").issues


BLIND_FLOORS = {
    "blind3": (BLIND3, {"accuracy": 0.99, "recall": 0.96, "clean": 0.99}),
    "blind4": (BLIND4, {"accuracy": 0.99, "recall": 0.99, "clean": 0.99}),
    "blind5": (BLIND5, {"accuracy": 0.99, "recall": 0.97, "clean": 0.99}),
    "blind6": (BLIND6, {"accuracy": 0.99, "recall": 0.98, "clean": 0.99}),
    "blind7": (BLIND7, {"accuracy": 0.99, "recall": 0.99, "clean": 0.99}),
    "blind8": (BLIND8, {"accuracy": 0.99, "recall": 0.98, "clean": 0.99}),
    "blind9": (BLIND9, {"accuracy": 0.99, "recall": 0.90, "clean": 0.99}),
    "blind10": (BLIND10, {"accuracy": 0.99, "recall": 0.98, "clean": 0.99}),
    "blind11": (BLIND11, {"accuracy": 0.975, "recall": 0.99, "clean": 0.99}),
    "blind12": (BLIND12, {"accuracy": 0.91, "recall": 0.975, "clean": 0.97}),
}
"""Three sets written blind, by people who never saw the analyzer, its word
lists or any other labelled file (2 Dec 2026), each in their own words and with
their own ``kind`` names:

* ``cases_blind3.jsonl`` (220): scored before that day's work at 0.882, 0.607,
  0.994 (accuracy, must-flag, must-not-flag); its failure *shapes* (never its
  statements) then guided the first pass, so it is no longer unseen: 0.986,
  0.907, 0.998 after.
* ``cases_blind4.jsonl`` (200): unseen by the first pass (0.870, 0.682, 0.997
  before it; 0.950, 0.844, 0.997 after it); its failure shapes guided the second
  pass: 0.985, 0.994, 0.998.
* ``cases_blind5.jsonl`` (200): never seen by anyone who changed a rule, and
  measured once at the end: **0.960, 0.841, 1.000** (0.900, 0.732, 1.000 at the
  start of the day). The honest figure for statements from someone else:
  must-flag recall is still short of the 0.97 target (docs/benchmarks.md).

After the rules for the blame and contempt shapes of two later blind sets (tuned on
``cases_voices7.jsonl`` only; nobody looked at these statements): blind3 0.986, 0.929,
0.998; blind4 unchanged; blind5 0.960, 0.877, 1.000.

Floors just under the figures at commit, so a regression shows; raise them by
writing new blind sets, never by tuning on these. The pass on the genuine-statement
shapes (cases_voices8.jsonl; these sets unseen by it) raised label accuracy to
0.991, 0.990 and 0.965, and the accuracy floors with it.

Two more, written blind the next morning (2 Dec 2026) in the same way, one with
an eye to British, Irish, Australian, NZ and older partners, one to American,
Canadian, South African and Indian English, fast phone typing and same-sex
couples:

* ``cases_blind6.jsonl`` (200): 0.950, 0.858, 0.992 when written;
* ``cases_blind7.jsonl`` (200): 0.950, 0.862, 0.990 when written.

Their failure *shapes*, told in other words (never their statements), guided
the passes of ``cases_voices7.jsonl`` (blame, contempt) and
``cases_voices8.jsonl`` (genuine statements): 0.995, 0.929, 1.000 and 0.985,
0.986, 0.995 after. From here on they are tuning sets like the others; the
honest figure for unseen statements is the last blind set, measured once
(docs/benchmarks.md).

Round 2's pass on genuine statements still rejected (cases_voices10.jsonl, written
in other words by their families) brought label accuracy to 1.000 on all five and
the accuracy floors of blind5 and blind7 up to 0.99 (and held-out 2's to 0.99).

Round 2's blame pass (families of the misses left over all sets, written afresh in
``cases_voices9.jsonl``): must-flag on blind3-7 0.964, 1.000, 0.971, 0.984, 1.000
(from 0.929, 0.994, 0.877, 0.929, 0.986); label accuracy stays 1.000 and must-not-flag
1.000 on all five. Recall floors raised with them.

* ``cases_blind8.jsonl`` (200; every region and age, long run-on messages
  mid-argument, emoji), written with blind6 and blind7 but kept shut: nobody
  who changed a rule saw it or its failures. 0.945, 0.849, 0.997 on the
  analyzer of that morning's start (9a93c05); measured once after every pass
  above: **0.955, 0.881, 0.997**, the honest figure for statements from someone
  else (must-flag recall still short of 0.97; docs/benchmarks.md). Its floor is
  that figure; from the next pass on it is a tuning set like the rest.
The third session of 2 Dec 2026 added the coach model (exercises/i_statements/model.py),
learnt from every labelled file but the newest blind set. Blind 8, measured once the
session before at 0.955, 0.881, 0.997, scored 1.000, 0.968, 1.000 with a model that
had not learnt from it (the rules had by then been tuned on its genuine statements
only); it is now learnt from: 1.000, 0.992, 1.000. ``cases_blind9.jsonl`` (200,
written blind that session): 0.940, 0.772, 0.993 by the rules alone when written;
its genuine statements the rules rejected then guided a pass on genuine statements
(cases_voices12.jsonl), and it chose the model's settings with blind 8; with the
model, not learning from it: 1.000, 0.906, 0.998.
``cases_blind10.jsonl`` (200, written blind the same session, with an eye to younger
partners, Australia, NZ, South Africa, Nigeria, Canada, the US Midwest, same-sex
couples and heavy text-speak) was kept shut until the end and measured once, with
the final rules and a model that learnt from everything but it: **0.945, 0.933,
0.996** (the rules alone: 0.940, 0.867, 0.996). The honest figure for statements
from someone else; still short of the 0.97 targets (docs/benchmarks.md). Its misses then
guided the rules passes of voices15 and voices16 (it is a tuning set now: 0.995, 0.993,
0.998 before the model learnt from it), and the model learns from it.
``cases_blind11.jsonl`` (200, written blind the same session with an eye to Wales,
Northern England, Ghana, Kenya, Singapore, the Philippines, the US Northeast, Texas,
people writing in a second language; kept shut, measured once at the end with every rule
and a model that learnt from everything but it): **0.950, 1.000, 0.988** (the rules
alone: 0.955, 0.890, 0.992). Misses: genuine statements in frames no rule knows ("feeling
worry", "awful lonely", Singlish and Taglish, "a knot of dread"), and the model reading
a sincere "thanks for hearing me out" after a pseudo feeling as mockery. The fourth
session's frames pass worked from those kinds (voices18), which took it to 0.975, 1.000,
0.990 before the model learnt from it; the model learns from it now (0.980, 1.000, 0.994).
``cases_blind12.jsonl`` (200, written blind on 2 Dec 2026's fourth session, with two kinds
the earlier sets lacked: sincere praise and everyday chat; kept shut while three rules
passes (voices18-20) ran, and measured once at the end with a model that learnt from
everything but it): **0.910, 0.976, 0.973** (the rules alone: 0.925, 0.864, 0.980). Must-flag
and must-not-flag meet the 0.97 targets; label accuracy does not. Misses: the model's
blame on genuine statements whose situation is something the partner did ("when you spent
the evening at the bar", "when you left for the airport without saying bye": 8 of the 18
rejections), absolutes about oneself ("every time a plane takes off I get shaky",
"nothing over 30 degrees agrees with me"), feelings in frames no rule knows ("it knocked
the wind out of me", "I was really pained", "I quite sad leh"). Vetoing the model's blame
in a statement the rules read as whole cost eight right flags on the learning sets and
gained none there, so it was not taken (docs/benchmarks.md).
"""


@pytest.mark.parametrize("name", sorted(BLIND_FLOORS))
def test_blind_sets_do_not_get_worse(name):
    cases, floor = BLIND_FLOORS[name]
    assert len(cases) >= 200
    scores = score(cases)
    print(f"\n{name}:\n" + report(scores))
    total = scores["all"]
    assert_floor(total, floor)


VOICES8_FLOOR = {"accuracy": 1.0, "recall": 1.0, "clean": 0.99}
"""The eighth voices set, written by the shapes of genuine statements the blind sets
saw rejected (abbreviated times, events as situations, feeling frames, subjectless
wishes, the speaker's own habits, self-aimed names) and near-misses that must still be
flagged: 0.613, 0.906, 0.947 when committed, 1.000, 0.906, 1.000 after the pass tuned
on it (five labels brought in line with the project's definitions after measuring, see
the history of the file). Left: four habits pinned on the partner ("every time you see
your mum you ...") that are flagged absolute but not yet blame, and one pseudo feeling
inside a hedge ("I think I maybe felt a bit ignored?"). The blame and contempt pass
(voices7's shapes) raised must-flag to 0.981: only the hedged pseudo feeling is left;
round 2's blame pass (voices9) caught it: 1.000, 1.000, 1.000."""


VOICES9_FLOOR = {"accuracy": 1.0, "recall": 1.0, "clean": 1.0}
"""The ninth voices set, written by the families of round 2's blame, contempt and
pseudo-feeling misses (stories told by dates, blame in the reason with an ordinary verb,
incredulous and rhetorical questions, mock praise, thanks and honour, regional names,
a trailing "ever", hedged pseudo feelings) with near-misses: 1.000, 0.356, 0.939 when
committed, 1.000, 1.000, 1.000 after the pass tuned on it. A probe of about twenty fresh
statements afterwards (not saved) found four more shapes, fixed the same day."""


VOICES10_FLOOR = {"accuracy": 1.0, "recall": 1.0, "clean": 1.0}
"""Round 2's genuine families (cases_voices10.jsonl): 0.400, 1.000, 0.981 when
committed, 1.000, 1.000, 1.000 after the pass tuned on it; it is a tuning set."""


def test_misspelt_times_and_events_named_by_a_noun_are_situations():
    for text, situation in (
        ("so worried abt the vet tomorow, can u ring me at lunch", "tomorow"),
        ("bit on edge about the job interview, could we practise tonight?",
         "about the job interview"),
        ("feelin anxious rn waiting on the landlord to reply, can u call me later",
         "waiting on the landlord to reply"),
        ("I was such a muppet about the car insurance and I feel embarrassed, could we "
         "sort it out together this weekend?", "I was such a muppet about the car insurance"),
    ):
        result = analyze(text)
        assert result.is_i_statement, (text, result.issues)
        assert situation in (result.situation or ""), (text, result.situation)
    # an ongoing topic is no one situation, a misspelt day alone neither
    for text in ("stressed about the bills, can we talk?", "I'm sad about us, can we talk?"):
        assert "missing_situation" in analyze(text).issues, text


def test_feelings_in_other_frames_and_regional_intensifiers():
    for text, feeling in (
        ("You've no idea how relieved I was when you rang from the airport last night, "
         "could you text when you land next time?", "relieved"),
        ("Pride, honestly, that's what I felt when you finished the race on Sunday. Can we "
         "frame the photo?", "proud"),
        ("I was fierce worried when you didn't come home on Friday, would you text me if "
         "you're late?", "worried"),
        ("Thanks for the lift yesterday, I felt really looked after. Can I cook for you on "
         "Friday?", "looked after"),
        ("I felt rotten at the wedding on Saturday, could we leave earlier next time?",
         "rotten"),
    ):
        result = analyze(text)
        assert result.feeling == feeling and result.is_i_statement, (text, result.issues)
    # negated, being looked after is an accusation; a skill is still no feeling
    assert "pseudo_feeling" in analyze(
        "I don't feel supported when you go out on Fridays.").issues
    assert "missing_feeling" in analyze(
        "I'm terrible at the quiz, could we go bowling on Friday instead?").issues


def test_subjectless_wishes_and_warm_or_own_habits():
    for text in (
        "I was so happy at the beach on Sunday \u2764\ufe0f would love to go back next month!",
        "so stressed w the move tmrw need u to pick up the van in the morning if ok",
        "every time I hear rain on the roof I think of the cabin, and I missed you so much "
        "at dinner last night. could we go back in spring?",
        "I felt so looked after every time you checked on me when I was ill last week, "
        "could we keep doing that?",
    ):
        result = analyze(text)
        assert result.is_i_statement, (text, result.issues)
    # the partner's habit after "every time I ..." is still a verdict
    issues = analyze("every time I talk about work you look at your phone, I feel hurt. Can we "
                     "talk at dinner?").issues
    assert {"absolute", "you_blame"} <= issues


def test_abbreviated_days_and_what_the_speaker_was_doing_are_situations():
    for text in ("so nervous abt the gig sat, cd u come early n help me set up?",
                 "v anxious abt the results thurs am, would u sit w me when they come in",
                 "so anxious waiting for ur scan results rn, pls ring me the sec u hear back",
                 "I'm really nervous about meeting your boss next week. Could we go over "
                 "who's who before then?"):
        result = analyze(text)
        assert result.is_i_statement, (text, result.issues)
    # "sat" as a verb, and a feeling with no moment at all, name no situation
    for text in ("We sat down and I felt sad. Can we talk?", "im anxious, can u call me"):
        assert "missing_situation" in analyze(text).issues, text


def test_reported_news_and_an_event_in_another_sentence_are_situations():
    news = analyze("I'm so excited you got the place!! Can we celebrate at the Thai place "
                   "tonight?")
    assert news.is_i_statement and news.situation == "that you got the place", news
    trip = analyze("Long day. The drive home was horrible and I felt really tense the whole "
                   "way. Could you run me a bath?")
    assert trip.is_i_statement, trip.issues
    assert "missing_situation" in analyze("So excited!! Can we celebrate?").issues


def test_feelings_after_had_me_inside_a_hedge_and_after_emoji():
    for text, feeling in (
        ("The reunion had me so anxious on Saturday, could we leave earlier next time?",
         "anxious"),
        ("I think I was maybe a bit hurt when the party went ahead without me on Saturday? "
         "Could we talk about it tonight?", "hurt"),
        ("\U0001F62D\u2764\ufe0f so sad about the dog this morning, can you come home early?",
         "sad"),
        ("I got so emotional at the funeral yesterday, could you just hold me for a bit?",
         "emotional"),
        ("Just got off the train. Honestly I was shaking the whole trip, the carriage was "
         "packed. Could you pick me up from the station next time?", "anxious"),
    ):
        result = analyze(text)
        assert result.feeling == feeling and result.is_i_statement, (text, result.issues)
    # a broad word about ability is still no feeling
    assert "missing_feeling" in analyze(
        "I'm terrible at quizzes, could we play cards on Friday instead?").issues


def test_wishes_without_a_subject_are_requests_but_not_feelings():
    for text in ("I was so tired after the week we've had. It would be so good to have a "
                 "quiet night, just us, on Friday.",
                 "missed u at the beach sat, wd b nice if u came next time x",
                 "Felt lonely on Sunday with everyone out, would mean heaps if we had a walk "
                 "together next weekend.",
                 "Loved the tramp on Saturday, keen to do that again next month?",
                 "so happy the adoption papers came through today!! dinner out tonight?"):
        result = analyze(text)
        assert result.is_i_statement and result.request, (text, result.issues)
    assert analyze("wd b nice if u came to the gig sat").issues == {"missing_feeling"}
    # "keen" without a question is no proposal
    assert "missing_need_or_request" in analyze(
        "I was keen to leave the party early on Friday and felt awkward.").issues


def test_a_habit_of_the_speakers_own_is_no_absolute_but_a_complaint_is():
    for text in ("I never sleep well before exams, and I'm anxious about Thursday's one. "
                 "Could we have a quiet night on Wednesday?",
                 "Every time I drive on the motorway I get anxious, and yesterday was scary. "
                 "Could you drive on the way back?",
                 "i always cry at weddings lol and i was a mess on sat, could u bring tissues "
                 "next time x"):
        result = analyze(text)
        assert result.is_i_statement, (text, result.issues)
    for text, word in (("I always have to clean up after dinner.", "always"),
                       ("I'm always exhausted because of your mess.", "always"),
                       ("Every time I bring it up it turns into a fight.", "Every time")):
        found = [f.text for f in analyze(text).findings if f.code == "absolute"]
        assert found == [word], (text, found)
    assert {"absolute", "you_blame"} <= analyze(
        "ur never home b4 9 anymore n im lonely, can u come home early fri").issues


def test_a_name_followed_by_i_was_is_aimed_at_the_speaker():
    result = analyze("What a complete muppet I was on Friday, I felt so embarrassed "
                     "afterwards. Could we go back and apologise to your sister together?")
    assert result.is_i_statement, result.issues
    for text in ("What a complete muppet you were on Friday.",
                 "you idiot, I was worried sick"):
        insults = [f.text for f in analyze(text).findings if f.code == "insult"]
        assert insults and insults[0] in ("muppet", "idiot"), (text, insults)


# --------------------------------------------------------------------------- voices7 shapes
VOICES7_FLOOR = {"accuracy": 0.98, "recall": 0.99, "clean": 1.0}
"""The seventh voices set: 0.978, 0.467, 0.978 when committed (139 statements), 0.987,
0.991, 1.000 (151) after the pass tuned on it. Left: "cos you don't plan anything ahead,
ever" (a trailing "ever" is not read as an absolute) and "I can't believe how relieved I
felt" (the feeling after "how" is not found)."""


def _blame_text(text: str) -> list[str]:
    return [f.text for f in analyze(text).findings if f.code == "you_blame"]


def test_a_fault_given_as_the_reason_is_blame_but_a_circumstance_is_not():
    for text, words in (
        ("I burnt the rice because you kept distracting me.", "because you kept distracting"),
        ("i missed my train coz u hogged the bathroom", "coz u hogged"),
        ("I'm stressed because you left the paperwork to me.", "because you left the paperwork to me"),
        ("We're broke because of your stupid car.", "because of your stupid"),
        ("I was embarrassed because you brought up my weight in front of your mates.",
         "because you brought up my"),
    ):
        found = _blame_text(text)
        assert any(words in f for f in found), (text, found)
    for text in ("I felt lonely because you were away in Leeds on Friday, could we call tonight?",
                 "I was flat because you had to work on Saturday, could we go out on Sunday?",
                 "I'm nervous because you're flying again on Monday, could you text me when you "
                 "land?"):
        assert "you_blame" not in analyze(text).issues, text


def test_a_story_set_in_a_scene_or_told_with_the_speaker_left_out_is_blame():
    for text in ("We're at the restaurant and you start scrolling your phone.",
                 "At the wedding you got drunk and then you told everyone our news.",
                 "So you book a holiday, tell your mates, and I find out from Facebook."):
        assert "you_blame" in analyze(text).issues, text
    fine = analyze("I felt so happy when we got to the beach and you made a picnic on Sunday, "
                   "could we go again next week?")
    assert fine.is_i_statement, fine.issues


def test_disbelief_and_text_speak_questions_are_blame_but_a_curious_question_is_not():
    for text in ("cannot believe u forgot to pick up the kids",
                 "You're going to the match on our anniversary?? We booked this in May!!",
                 "y did u tell ur mum about the money", "why wud u say that at dinner"):
        assert "you_blame" in analyze(text).issues, text
    for text in ("why did you pick the green one? just curious, it looks lovely",
                 "Why did you choose that film? I'm curious, it was great.",
                 "Do you ever think about moving to the coast? I'd love to talk about it.",
                 "u picked up the kids already?", "You booked the table for 8 at the Italian."):
        assert "you_blame" not in analyze(text).issues, text


def test_an_absolute_with_the_partner_as_its_topic_is_blame_too():
    for text in ("Every Christmas it's the same, you disappear to the pub.",
                 "I feel hurt because every time you go to the pub you forget to text.",
                 "Everything is always about your job.", "every single holiday u end up working"):
        assert {"absolute", "you_blame"} <= analyze(text).issues, text
    own = analyze("Every Christmas I get a bit homesick, and I felt it again this morning; could "
                  "we ring my parents together tonight?")
    assert own.is_i_statement, own.issues


def test_mockery_of_an_ordinary_act_or_a_harm_is_contempt_but_sincere_praise_is_not():
    for text, words in (
        ("Wow, up before lunch, is it Christmas?", "is it Christmas?"),
        ("You actually took the bins out. Call the newspapers.", "Call the newspapers"),
        ("Brilliant idea, booking the dentist on my birthday. Real genius.", "Brilliant idea,"),
        ("No no, take your time, it's only been an hour of me sat in the car.", "take your time"),
        ("cheers for the heads up about your cousin moving in, really, so grateful", "cheers for"),
        ("look who remembered we have a dog", "look who remembered"),
    ):
        found = [f.text for f in analyze(text).findings if f.code == "insult"]
        assert any(f.startswith(words) for f in found), (text, found)
    for text in ("Great job on the garden yesterday, love, I was chuffed to bits! Could we have "
                 "tea out there tonight?",
                 "Thanks so much for sorting the car on Saturday, I was so relieved; could we do "
                 "the MOT together next year?",
                 "Look who's walking now! I was so proud when she took her first steps this "
                 "morning, could we film her tonight?",
                 "Should I bake a cake for your mum's party on Saturday?",
                 "Who raised you? I'd love to meet them, they did a great job."):
        assert "insult" not in analyze(text).issues, text


def test_questions_doubting_upbringing_thinking_or_age_are_contempt():
    for text in ("Who raised you, wolves?", "Do you ever think before you open your mouth?",
                 "how do you get to 40 without knowing how to boil an egg?",
                 "Did your mother never teach you to say thank you?"):
        assert {"insult", "you_blame"} <= analyze(text).issues, text
    assert "insult" not in analyze("Do you think we should leave before the traffic?").issues


def test_regional_names_at_the_partner_but_not_at_oneself():
    for text in ("Don't be such a doos, just answer the question.",
                 "what a tool, you told her about the surprise"):
        assert "insult" in analyze(text).issues, text
    assert "you_blame" in analyze("what a tool, you told her about the surprise").issues
    assert "insult" not in analyze("What a muppet I was at the party, I'm so embarrassed.").issues


def test_a_pseudo_feeling_with_its_frame_after_it():
    for text in ("You've no idea how pushed aside I feel when your friends are round.",
                 "I've been feeling sidelined since the baby came."):
        result = analyze(text)
        assert "pseudo_feeling" in result.issues and "insult" not in result.issues, text


def test_a_plain_report_of_what_the_partner_did_is_not_blame_without_a_sign_of_fault():
    for text in ("You booked the table for 8 at the Italian place.",
                 "He dropped the car at the garage on his way to work.",
                 "you put the bins out last night x"):
        assert "you_blame" not in analyze(text).issues, text
    for text in ("You left the back door unlocked all night.", "you still haven't rung the plumber",
                 "He didn't even clear his plate."):
        assert "you_blame" in analyze(text).issues, text


VOICES11_FLOOR = {"accuracy": 0.98, "recall": 1.0, "clean": 1.0}
"""The typing families of a couple's trial (cases_voices11.jsonl): 0.778, 0.398, 0.994
when committed, 0.988, 1.000, 1.000 after the pass tuned on it (left: "I feel like a
terrible mother ...", a self-label with no feeling word); it is a tuning set."""


def test_insults_typed_in_a_hurry_are_still_insults():
    for text in ("when u were being a total idoit at the barbecue",  # one slip
                 "ur sooo stupiddd sometimes",  # letters drawn out
                 "stop being such a b*tch to my mum",  # censored
                 "you absolute tw@t!", "what an a**hole you were at the pub"):
        assert {"insult", "you_blame"} <= analyze(text).issues, text
    # the same tolerances leave ordinary words and the speaker's own slips alone
    for text in ("I feel worried when you think about quitting, can we talk tonight?",
                 "I was such an idoit at the bank yesterday, I feel silly, can we laugh about it?",
                 "I feel sooo happy when we cook together on Sundays, can we do it again?",
                 "I feel self-conscious when the kids see us argue, can we talk later?"):
        result = analyze(text)
        assert "insult" not in result.issues and result.is_i_statement, (text, result.issues)


def test_a_name_aimed_by_the_words_after_it():
    for text in ("like the useless lump you are", "you ate it all, greedy pig that you are"):
        assert {"insult", "you_blame"} <= analyze(text).issues, text
    assert "insult" not in analyze("What a muppet I was at the party, I'm so embarrassed.").issues


def test_the_partner_labelled_in_a_role_but_not_the_speaker_or_praise():
    for text in ("I feel you are a bad father", "ur a useless cook", "you've been a lousy friend"):
        assert {"insult", "you_blame"} <= analyze(text).issues, text
    for text in ("I feel like a bad mum when I miss the school play, can you record it next time?",
                 "you're not a bad dad, I was upset on Sunday, can we talk?",
                 "I feel lucky you are a great father to our girls, can we have a family day?"):
        assert "insult" not in analyze(text).issues, text


def test_sarcastic_requests_and_dismissals_are_contempt():
    for text in ("could u maybe pretend to care tonight?",
                 "its fine whatever, do what u want, u will anyway",
                 "fine. do what you want. not like I get a say"):
        assert {"insult", "you_blame"} <= analyze(text).issues, text
    for text in ("I'm happy for you to do whatever you want on your birthday, I love you",
                 "you know I can't pretend to care about football, can we do something else?"):
        assert "insult" not in analyze(text).issues, text


def test_very_much_and_feeling_like_an_act_name_a_feeling():
    assert analyze("I feel very much worried when you drive at night").feeling == "worried"
    result = analyze("i feel like crying when we fight in front of the kids, can we stop by 9?")
    assert result.feeling == "sad" and result.is_i_statement, result.issues
    result = analyze("I feel like you never listen to me at dinner")
    assert "pseudo_feeling" in result.issues and result.feeling is None


VOICES12_FLOOR = {"accuracy": 0.95, "recall": 1.0, "clean": 0.99}
"""The families of genuine statements still rejected in blind sets (cases_voices12.jsonl,
written in other words, with close negatives that must stay flagged): regional and
typed request openers, feeling verbs with the thing as subject, inverted exclamations,
hedged "it hurt", "feel awful about it", "has got me ... worn out", "never been as ...
as", typed times, the speaker's own act as the situation, the speaker's habit while
the partner is away, "nothing but supportive" as praise, "so I feel like ..." in a
request. When committed: 0.464, 1.000, 0.944; 0.952, 1.000, 0.991 after the pass tuned
on it (left: "oh man was i scared", "Never been this anxious ... as", "Mi was real
frighten", "so I feel like I'm part of it" after "what you thought"); a tuning set."""


VOICES13_FLOOR = {"accuracy": 1.0, "recall": 1.0, "clean": 1.0}
"""The families of everyday messages wrongly flagged (cases_voices13.jsonl, none genuine:
plain reports about the partner, praise, absolutes about things and weather, superlatives,
plan checks), with close negatives that must stay flagged. When committed: 1.000, 0.897,
0.750; 1.000, 1.000, 1.000 after the pass tuned on it; a tuning set."""


VOICES14_FLOOR = {"accuracy": 0.93, "recall": 1.0, "clean": 0.91}
"""Sincere questions that look like mockery, followed by praise ("Who taught you to
cook like that? ... it was gorgeous", "Is there anything you can't bake?"), beside
the mocking ones they resemble: written for the coach model, which read "who raised
you" as contempt even when praise follows. The rules alone still flag 5 of the 12
sincere ones (0.792 must-not-flag, with or without the model): left for a rules pass.
After the voices15 pass (a question of disbelief answered by warmth is delight): 0.938,
1.000, 0.917. Left: "u were unreal at the wedding" ("unreal" a character label); and "Are
you serious?? You got the job?! So proud of you, let's celebrate Friday" now reads as a
genuine statement (feeling, news, proposal), against its label."""


VOICES15_FLOOR = {"accuracy": 0.96, "recall": 1.0, "clean": 0.95}
"""The families of genuine statements blind sets still rejected, in our own words
(cases_voices15.jsonl, with close negatives that must stay flagged): typed imperative
requests ("next time just ...", "abeg"), feelings as noun phrases ("a bag of nerves",
"a nervous wreck"), long formal requests ("I would very much like us to ...") and
"pressured" beside a real feeling about a third party, misspelt feelings ("scaired"),
feeling verbs with a thing as object ("I loved the note ..."), the speaker's own mishap
at a place, and sincere praise-questions. When committed, before any rule change for it:
0.615, 1.000, 0.915; 0.962, 1.000, 0.958 after the pass tuned on it (left: "it felt like
old times" read as a thought, "total muppet moment" with no "I" read as name-calling, "Are
you kidding??" before praise)."""


VOICES16_FLOOR = {"accuracy": 1.0, "recall": 1.0, "clean": 1.0}
"""Blame and contempt families a blind set found missed (cases_voices16.jsonl, in other
words, with close negatives): the partner ranking something above the speaker ("put your
mates before me", "chose ... instead of with me") or intent ("deliberately", "so I'd have
no say") inside a well-formed I-statement's "when" or "because" clause, a love test ("if you
really loved me"), a list of charges after a time, a place or an indictment ("For the
record: you ..."), and doubt of the partner's basic competence as a question ("are you
incapable of ...", "is it physically impossible for you to ...", "who misses their own
son's ...?"). When committed, with the model not yet learning from it: 0.764, 0.371, 0.951
(rules alone 0.745, 0.114, 0.951); 1.000, 1.000, 1.000 after the pass tuned on it, by the
rules alone too (5 close negatives were added with it, so the retrained model would not
read every "when you ..." list as blame); a tuning set."""


def test_what_the_partner_ranks_above_the_speaker_or_means_by_it_is_blame_in_a_clause():
    for text in ("I felt sad on Sunday when you put the golf ahead of us again. Can we talk?",
                 "I'm hurt because you chose the pub instead of being with me on Friday.",
                 "I was upset last night when u purposely left me out of the chat. Can we talk?",
                 "I felt low on Monday because if you really cared about me you'd have rung."):
        assert "you_blame" in analyze(text).issues, text
    for text in ("I felt so loved on Friday when you put me first. Can we do it again?",
                 "I felt proud on Sunday when you put the kids ahead of your own plans. Can we "
                 "celebrate tonight?"):
        result = analyze(text)
        assert result.is_i_statement, (text, result.issues)


def test_a_list_of_charges_after_a_time_or_an_indictment_but_not_kind_acts_thanked():
    for text in ("At the wedding on Saturday night you left me alone, drank too much and shouted "
                 "at my cousin.", "To be clear: you lost the keys, you missed the bus and you "
                 "forgot the dog."):
        assert "you_blame" in {h[0] for h in _rules(text)[0].hits}, text
    kind = "On Sunday you cooked, washed up and walked the dog. Thank you, I felt spoilt."
    assert "you_blame" not in analyze(kind).issues


def test_doubt_of_the_partners_basic_competence_is_contempt_but_a_real_question_is_not():
    for text in ("are you completely incapable of shutting a drawer?",
                 "Is it humanly impossible for you to be on time?",
                 "who skips their own daughter's sports day?"):
        assert {"insult", "you_blame"} <= {h[0] for h in _rules(text)[0].hits}, text
    for text in ("Is it possible for you to pick up the kids at 4?",
                 "Who forgets their own birthday? Me, apparently"):
        assert not {"insult", "you_blame"} & analyze(text).issues, text
VOICES17_FLOOR = {"accuracy": 1.0, "recall": 1.0, "clean": 0.98}
"""Sincere praise and affection by the families of false flags in cases_warm.jsonl, in our
own words (cases_voices17.jsonl, none genuine): warmth words the list lacked ("you always
light up the room"), praise questions ("why are you so good to me?"), "never" with a harm
that is praise ("you never let me feel alone"), "every time you X I <warm feeling>",
superlatives ("nobody has ever made me feel as safe as you do"), surprise at a gift ("oh
wow, you framed our wedding photo? it's beautiful") and warm self-mockery ("i'm such a sap
for you, it's embarrassing"), each with close negatives that must stay flagged ("you
always forget ...", "every time you drink you get nasty"). When committed, before any rule
change for it (the coach model retrained with it): 1.000, 1.000, 0.711; 1.000, 1.000,
0.981 after the pass tuned on it (left: "thanks for never making me choose between you and
my friends", a harm the "never" list lacks)."""

VOICES18_FLOOR = {"accuracy": 1.0, "recall": 0.98, "clean": 1.0}
"""Genuine statements still told they were not I-statements (issue #13), by kinds in our own
words (cases_voices18.jsonl, 67 of 124 genuine): a feeling noun after "I am feeling" ("I am
feeling worry"), dialect intensifiers ("proper gutted", "pure raging"), a feeling in the
body by frame ("my chest goes tight", "a knot of dread in my stomach", "I had a lump in my
throat"), feeling verbs ("I dread Sundays", "I hate that we argued"), Singapore, Taglish and
Jamaican feeling statements ("i damn sad leh", "sobrang sad ko", "mi did frighten"),
absolutes about one occasion or a first time ("we never had a single bar of signal ... last
weekend", "nobody has ever said that to me before"), requests put as a wish ("if you could
just hold me ..., that would mean a lot"), a recurring occasion named by who does what ("on
the weeks you're offshore"), a third party's words quoted, sincere thanks for an act of care
after a feeling ("Thanks for hearing me out on this, love") and the partner's whereabouts as
the situation; each beside must-still-flag counterparts (blame as "I feel like you never
...", real verdicts, mock thanks, insults in dialect). When committed (model retrained with
it): 0.774, 0.947, 0.974 (0.782, 0.947, 0.978 after two of our own wordings were mended:
"cut off", which also means interrupted, and "humiliated", a pseudo feeling of the lexicon);
1.000, 0.965, 1.000 after the pass tuned on it (rules alone 0.782, 0.772, 0.978 -> 1.000,
0.789, 1.000); must-flag 0.982 once a pseudo feeling as a noun counts ("I am feeling
disrespect when you ..."). Left: "... because you never bother to call" (blame found, the
absolute not)."""


def test_a_feeling_noun_after_i_am_feeling_is_a_feeling():
    for text in ("I'm feeling a lot of anxiety since the layoffs on Monday. Could we talk tonight?",
                 "I've been feeling real guilt since I missed your recital on Friday. Can we go "
                 "for dinner this weekend?"):
        result = analyze(text)
        assert result.is_i_statement, (text, result.issues)
    assert "missing_situation" in analyze("I am feeling worry.").issues


def test_a_feeling_told_by_the_speakers_own_body_is_a_feeling_but_not_the_partners():
    for text, feeling in (
            ("My throat tightened when the doctor called this morning. Could you come with me "
             "on Friday?", "anxious"),
            ("There's a pit in my stomach about the court date next week. Would you come with "
             "me?", "anxious"),
            ("I had a lump in my throat at the station yesterday when you left. Could we call "
             "tonight?", "sad")):
        result = analyze(text)
        assert result.is_i_statement and result.feeling == feeling, (text, result)
    assert analyze("Your heart sank when the bill came yesterday. Could we talk?").feeling is None
    assert analyze("My heart didn't even skip when the email came in this morning. Could we "
                   "talk?").feeling is None


def test_singapore_taglish_and_jamaican_feeling_statements_are_understood():
    for text in ("i damn sad leh when the concert got cancelled on sat, can we go next month?",
                 "i super stress when the boss called yesterday, can we makan together tonight?",
                 "sobrang sad ko kagabi when the flight got delayed, pwede ba tayo mag-usap later?",
                 "Mi did frighten when di dog bark at mi last night, could yuh walk wid mi tonight?"):
        result = analyze(text)
        assert result.is_i_statement, (text, result.issues)
    for text in ("u damn lazy one leh, never help me with anything",
                 "Yuh too wutless, yuh never lift a finger inna dis house."):
        assert not analyze(text).is_i_statement, text


def test_never_about_one_occasion_or_a_first_time_is_no_verdict_on_the_partner():
    for text in ("We never had a single bar of signal at the cabin last weekend and I felt so "
                 "isolated. Could we check the coverage next time?",
                 "Nobody has ever said that to me before, and I felt so shaken after the meeting "
                 "today. Can we talk it over tonight?"):
        assert "absolute" not in analyze(text).issues, text
    for text in ("You never once asked how my day was this week.",
                 "I felt hurt because you never call me last week or any week."):
        assert "absolute" in analyze(text).issues, text


def test_a_request_put_as_a_wish_is_a_request_but_a_habit_wished_away_is_still_a_verdict():
    for text in ("I've been so low since Tuesday. If you could just hold me for a bit tonight, "
                 "that would mean a lot.",
                 "I'm worn out since the move. If we could eat in on Friday, I'd be so grateful."):
        assert analyze(text).request, text
    assert "absolute" in analyze("It would mean a lot if you weren't always glued to your "
                                 "phone.").issues


def test_a_recurring_occasion_named_by_who_does_what_is_a_situation():
    for text in ("I miss you so much on the weeks you're offshore. Could we call each evening?",
                 "I get anxious on the nights you drive back late from Leeds. Could you text me?"):
        result = analyze(text)
        assert result.is_i_statement, (text, result.issues)
    assert "missing_situation" in analyze("I get lonely. Could you text me?").issues


def test_thanks_for_an_act_of_care_is_sincere_but_thanks_for_a_harm_is_mockery():
    sincere = ("I felt overwhelmed on Monday when the bills came. Could we make a plan on Sunday? "
               "Thanks for hearing me out on this, love.")
    result = analyze(sincere)
    assert result.is_i_statement, result.issues
    assert "insult" in analyze("I felt hurt on Sunday. Thanks for ignoring me all day, "
                               "love.").issues



def test_a_pseudo_feeling_as_a_noun_is_still_a_pseudo_feeling():
    result = analyze("I am feeling disrespect when you roll your eyes at my mum. Can you stop?")
    assert "pseudo_feeling" in result.issues
    result = analyze("Rejection is hard for me, and I felt sad on Friday when the offer fell "
                     "through. Can we talk?")
    assert result.is_i_statement, result.issues


def test_a_broad_word_before_a_feeling_is_its_degree():
    result = analyze("I was awful lonely on Sunday with you away. Could we go out on Friday?")
    assert result.is_i_statement and result.feeling == "lonely", result
    result = analyze("I was terrible anxious last night. Could you ring me at lunch today?")
    assert result.feeling == "anxious", result
    # "low" counts only in a frame it accepts; the broad word is then the feeling
    assert analyze("I was awful low on Sunday after the call. Could we walk tomorrow?").feeling


def test_a_name_someone_else_called_the_speaker_told_is_no_insult_but_one_for_the_partner_is():
    for text in ("When your sister said I was \"a bit of an idiot\" at dinner last night, I felt "
                 "really embarrassed. Can we talk about it tonight?",
                 "I felt small on Friday when my boss called me lazy. Could we talk tonight?"):
        result = analyze(text)
        assert "insult" not in result.issues, (text, result.issues)
    # relaying a name for the partner is still contempt, as is calling them one outright
    for text in ("My mates reckon you're a total idiot.", "you're a useless lump, you know that"):
        assert "insult" in analyze(text).issues, text



def test_praise_with_a_cost_to_the_speaker_is_mockery_but_praise_with_a_benefit_is_not():
    # by the rules alone: the coach model learnt voices19, so these test the rules
    for text in ("cheers for the lift, I loved waiting forty minutes in the car park",
                 "thank you for answering my message three days later with a thumbs up",
                 "great planning, booking the holiday the week I'm in court",
                 "oh look, you noticed I'd changed my hair. took you a fortnight, but still",
                 "nobody cheers me up like you do, which is to say never",
                 "Fantastic cooking, burning the rice again",
                 "no one remembers birthdays like you, as in not at all"):
        assert "insult" in {h[0] for h in _rules(text)[0].hits}, text
    sincere = ("thanks for waiting two hours with me at A&E, I love you",
               "thank you so much, you helped me revise the night before my exam",
               "thanks for the flowers, they came the day after my operation",
               "cheers for the lift, you absolute legend",
               "you're a star for covering my shift, I owe you")
    assert [t for t in sincere if "insult" in analyze(t).issues] == []


def test_a_kindness_done_for_the_speaker_is_appreciation_not_a_verdict():
    for text in ("you always remember which biscuits my mum likes",
                 "every single time I'm ill you bring me soup and the good blanket",
                 "You always find the right words for my dad. Thank you.",
                 "you make me so happy, I know I don't say it enough",
                 "never change. seriously, never change",
                 "You drove four hours to fetch my sister. Nobody has ever done that for us."):
        assert not {"you_blame", "absolute", "insult"} & analyze(text).issues, text
    for text in ("you never ask about my day", "you always leave your dishes for me to do",
                 "nobody has ever made me feel as small as you do"):
        assert {"you_blame", "absolute"} & analyze(text).issues, text


def test_the_worth_of_the_partner_clears_the_coach_models_contempt_unless_taken_back():
    sincere = _rules("what would I do without you")[0]
    assert ("insult", 0, len("what would I do without you")) in sincere.cleared
    for text in ("oh wow, you wrote me a letter? I'm actually crying",
                 "I'd be lost without you, I really would"):
        assert not {"insult", "you_blame"} & analyze(text).issues, text
    taken_back = ("thanks SO much for the lecture, what would I do without you",
                  "what would I do without you, sat here waiting an hour for my lift")
    for text in taken_back:
        assert not _rules(text)[0].cleared, text
VOICES19_FLOOR = {"accuracy": 1.0, "recall": 1.0, "clean": 0.975}
"""Sincere praise and mockery with no insult word (cases_voices19.jsonl, 124, none genuine;
issue #13): care acts told with always / never ("you always remember which biscuits my mum
likes"), fond titles, "what would I do without you", "oh wow" with tears of joy, no one
above the partner, against thanks or praise with a cost to the speaker (a delay, a wait,
"while I ...", "which is to say never"), mock surprise and questions ("was it too hard to
...?"), a few of each with blame. When committed, before any rule change: 1.000, 0.452,
0.803; 1.000, 0.959, 0.836 with the coach model retrained on it (in-sample); 1.000, 0.973,
0.963 after the first pass tuned on it, 1.000, 1.000, 0.980 after the second (left: "you
make every day lighter", "every time I come home the kettle's already on", "no one has
ever made my family feel as welcome as you did": warmth with no warm word the lists hold;
"make me feel like the most important person", a pseudo-feeling frame left to the feeling
rules). By the rules alone (the coach model learns this set): must-flag 0.795 after the first
pass, 0.89 after the second (costs after praise above everyone, "nobody ... like you, as in
not at all"); bad timing alone ("the night before my exam") is no cost. The rest is the
model's, in-sample."""

VOICES20_FLOOR = {"accuracy": 0.98, "recall": 1.0, "clean": 0.97}
"""Genuine statements still rejected for how partners write them, and their must-still-flag
counterparts (cases_voices20.jsonl, 61, 33 genuine; issue #13): degree words in dialect
before a feeling ("some lonely I was, b'y", "wild worried ... so I am", "da kine sad",
"me sentí muy nervous"), feelings in other frames ("the worry sitting in my chest", "I got
such a shock", "it scared the life out of me when"), misspellings ("abit anxous",
"overwelmed"), wishes as requests ("my wish is that we ...", "if only we could ..., I'd
..."), self-insults owned by the speaker ("Complete idiot here: I left the oven on"),
purpose and likeness clauses that are no pseudo feeling, blame put inside an I-sentence
("I'm just a bit worried that you care more about your golf than about us") and sincere
praise with every/never/no one. When committed, before any rule change: 0.607, 0.958,
0.931 (with the coach model retrained on it, in-sample, the same); 1.000, 1.000, 0.979
after the pass tuned on it (left: "every time I get back from work the dinner's already on"
and "you never once made me feel like I was in the way ... not once": warm habits with no
warm word the lists hold, not memorised). Floor kept a little under for retrain noise."""


VOICES_FLOORS = {
    "voices6": (VOICES6, 80, (0.3, 0.5), VOICES6_FLOOR),
    "voices7": (VOICES7, 150, (0.25, 0.5), VOICES7_FLOOR),
    "voices8": (VOICES8, 120, (0.6, 0.75), VOICES8_FLOOR),
    "voices9": (VOICES9, 75, (0.2, 0.4), VOICES9_FLOOR),
    "voices10": (VOICES10, 30, (0.6, 0.95), VOICES10_FLOOR),
    "voices11": (VOICES11, 80, (0.3, 0.5), VOICES11_FLOOR),
    "voices12": (VOICES12, 80, (0.6, 0.75), VOICES12_FLOOR),
    "voices14": (VOICES14, 16, (0.0, 0.0), VOICES14_FLOOR),
    "voices13": (VOICES13, 45, (0.0, 0.0), VOICES13_FLOOR),
    "voices15": (VOICES15, 50, (0.4, 0.65), VOICES15_FLOOR),
    "voices16": (VOICES16, 50, (0.15, 0.3), VOICES16_FLOOR),
    "voices17": (VOICES17, 50, (0.0, 0.0), VOICES17_FLOOR),
    "voices18": (VOICES18, 120, (0.5, 0.6), VOICES18_FLOOR),
    "voices19": (VOICES19, 120, (0.0, 0.0), VOICES19_FLOOR),
    "voices20": (VOICES20, 60, (0.45, 0.6), VOICES20_FLOOR),
}
"""Our own later voices sets: ``name: (statements, at least this many, (low, high)
share of genuine ones, floor)``; each floor's history is in its constant's note."""


@pytest.mark.parametrize("name", VOICES_FLOORS)
def test_each_later_voices_set_does_not_get_worse(name):
    cases, at_least, (low, high), floor = VOICES_FLOORS[name]
    assert len(cases) >= at_least
    genuine = sum(c["is_i_statement"] for c in cases)
    assert len(cases) * low <= genuine <= len(cases) * high
    assert_set_floor(f"{name}", cases, floor)


EVERYDAY_FLOORS = {
    "everyday": (EVERYDAY, {"accuracy": 0.99, "recall": 1.0, "clean": 1.0}),
    "everyday_unseen": (EVERYDAY_UNSEEN, {"accuracy": 0.99, "recall": 1.0, "clean": 0.98}),
    "everyday3": (EVERYDAY3, {"accuracy": 0.99, "recall": 1.0, "clean": 0.995}),
}
"""Everyday messages partners send each other, with no blame, contempt, absolute
verdict or pseudo feeling in them (logistics, plain reports, questions, thanks,
affection, repair, plans, news, worries, warm absolutes, one-word replies), written
blind by a helper who never saw the analyzer, in many voices: what the coach must
*not* call blame when a couple is simply talking. ``cases_everyday.jsonl`` (300) is
learnt from by the coach model; ``cases_everyday_unseen.jsonl`` (150, another set by
the same brief) never is, and measures how often ordinary chat is wrongly flagged.
When committed, by the rules alone: must-not-flag 0.988 and 0.992.
``cases_everyday3.jsonl`` (400, a second set written blind by another brief: short
replies, thanks, the partner as subject, questions, plans, news, worries): 0.995,
1.000, 0.991 when committed, before the rules were changed for it. After the pass by
families (voices13): must-not-flag 1.000 and 0.999 (left: "you've got a letter ..., didn't
open it", a negation with no subject, which may as well be the partner's)."""


@pytest.mark.parametrize("name", EVERYDAY_FLOORS)
def test_everyday_messages_are_not_called_blame(name):
    cases, floor = EVERYDAY_FLOORS[name]
    assert len(cases) >= 150
    assert all(set(c["must_not_flag"]) >= {"you_blame", "insult"} for c in cases)
    assert_set_floor(f"{name}", cases, floor)


PARTNERS_FLOORS = {
    1: {"accuracy": 0.92, "recall": 0.87, "clean": 0.99},
    2: {"accuracy": 0.93, "recall": 0.87, "clean": 0.99},
    3: {"accuracy": 0.97, "recall": 0.95, "clean": 0.99},
}
"""Three more sets of 200 written blind (2 Dec 2026, the brief of the blind sets, each
writer with other voices: the UK and Ireland; North America with Latin-American and
Asian-American couples; Australia, NZ, South Africa, India, Nigeria, Jamaica,
Scotland), written to give the coach model more to learn from rather than to be
kept shut. Before anything learnt from them: the rules alone 0.920, 0.782, 0.996 /
0.940, 0.786, 0.994 / 0.965, 0.907, 1.000 (accuracy, must-flag, must-not-flag); with
the model of that moment 0.930, 0.874, 0.996 / 0.940, 0.876, 0.992 / 0.980, 0.959,
1.000, in all 0.950, 0.908, 0.996 over 600 statements nobody had tuned on. Floors
are those figures, so learning from them cannot make them worse."""


@pytest.mark.parametrize("n", PARTNERS_FLOORS)
def test_statements_written_to_learn_from_do_not_get_worse(n):
    cases = PARTNERS[n]
    assert len(cases) == 200
    assert_set_floor(f"partners{n}", cases, PARTNERS_FLOORS[n])


def test_full_width_letters_read_as_the_words_they_spell():
    text = "ｙｏｕ ａｒｅ ａｎ ｉｄｉｏｔ"  # as some keyboards and copy-pastes give them
    result = analyze(text)
    assert "insult" in result.issues
    insult = next(f for f in result.findings if f.code == "insult")
    assert insult.text == "ｉｄｉｏｔ" == text[insult.start:insult.end]


WARM_FLOORS = {
    "warm": (WARM, {"accuracy": 0.99, "recall": 0.99, "clean": 0.94}),
    "warm_unseen": (WARM_UNSEEN, {"accuracy": 0.99, "recall": 0.40, "clean": 0.91}),
}
"""Sincere praise, thanks and affection in the words sarcasm also uses ("you are
always there for me", "seriously, how do you stay so calm", "thanks SO much, you're
a star"), beside mockery that borrows them (three sincere to one mocking), written
blind after a couple's trial found praise called contempt. Every fourth statement
went to ``cases_warm_unseen.jsonl``, never learnt from. When written, by the rules
alone: must-flag 0.19 (mockery found) and must-not-flag 0.877 (praise left alone);
with the model of that moment 0.46 and 0.834. After the model learnt from the 300:
0.997, 1.000, 0.880 and, unseen, 1.000, 0.480, 0.860. Most false flags on praise
are the rules' ("you always know what to say", "you never forget the little
things"): a gap this file makes visible. The mockery found among the unseen 25 moves
with each retraining (0.44-0.52 so far): its floor leaves room for that.
After the warmth pass by its families
(voices17: warmth words, praise questions, "never" with a harm, "every time you X I
<warm>", superlatives, surprise at a gift, warm self-mockery, praise taken back): rules
alone 0.253 and 0.946, with the model 0.997, 1.000, 0.946; unseen (measured only as a
whole) 1.000, 0.480, 0.937 (rules alone 0.120, 0.943); after the model learnt the
contempt sets as well, 1.000, 0.520, 0.920."""


@pytest.mark.parametrize("name", WARM_FLOORS)
def test_sincere_praise_is_not_called_contempt(name):
    cases, floor = WARM_FLOORS[name]
    assert len(cases) >= 100
    assert_set_floor(f"{name}", cases, floor)


CONTEMPT_FLOORS = {
    1: {"accuracy": 0.99, "recall": 0.75, "clean": 0.92},
    2: {"accuracy": 0.98, "recall": 0.69, "clean": 0.94},
    3: {"accuracy": 0.99, "recall": 0.63, "clean": 0.92},
}
"""Three sets of 250 written blind (2 Dec 2026) by a brief weighted to contempt with no
insult word (sarcasm, mock thanks and praise, rhetorical questions about the partner's
age, upbringing or competence, names from other dialects and languages, mocking emoji),
beside blame, sincere praise in the same words, genuine statements and everyday chat;
voices: the UK, Ireland, Australia, NZ / the US, Canada, the Caribbean, Latin-American and
Asian-American couples / India, Nigeria, Ghana, Kenya, South Africa, Singapore, the
Philippines, Scotland, Wales, English as a second language. Written for the model to learn
from. Before anything learnt from them, the rules alone: 1.000, 0.552, 0.931 / 0.984,
0.427, 0.952 / 0.996, 0.435, 0.930; with the model of that moment 1.000, 0.759, 0.922 /
0.984, 0.693, 0.947 / 0.996, 0.633, 0.927 (in all, must-flag 0.694: sarcasm 0.49,
rhetorical questions 0.63, names 0.68; sincere praise must-not-flag 0.85). Learning from
the first two raised the third's must-flag from 0.633 to 0.698. Floors are the figures
before learning, so learning cannot make them worse."""


@pytest.mark.parametrize("n", CONTEMPT_FLOORS)
def test_contempt_without_insult_words_does_not_get_worse(n):
    cases = CONTEMPT[n]
    assert len(cases) == 250
    assert_set_floor(f"contempt{n}", cases, CONTEMPT_FLOORS[n])


def test_an_ordinary_verb_one_slip_from_a_name_is_not_name_calling():
    # found in a couple's trial: "chose" was read as a misspelt insult
    result = analyze("I'm hurt because you chose the pub over my birthday")
    assert "you_blame" in result.issues
    assert not any(f.code == "insult" and f.text == "chose" for f in result.findings)


def _rule_codes(text: str) -> set[str]:
    """The codes the rules alone raise for *text* (the coach model learns voices20)."""
    return {h[0] for h in _rules(text)[0].hits}


def test_a_feeling_after_a_degree_word_of_another_english_is_felt():
    for text in ("Some lonely I was, b'y, when you were out on the boat. Could we plan a night in?",
                 "I'm wild worried since the car broke down on Tuesday so I am. Would you ring the garage?",
                 "I was da kine sad when you left for Maui on Monday. Can we FaceTime tonight?",
                 "Me sentí muy nervous at the party when nobody talked to me. Could you stay near me?",
                 "Ah was real vexed when de bus left without me Thursday. Could you pick me up?",
                 "I was so verklempt at the wedding on Saturday. Could we frame the photo together?"):
        assert _rules(text)[3] is not None, text
        assert analyze(text).is_i_statement, text
    # a degree word does not make a verdict into a feeling statement
    assert "absolute" in analyze("I was proper gutted because you always cancel on me.").issues


def test_a_feeling_told_by_another_frame_is_felt():
    for text in ("The worry sitting in my chest all day after the call. Could we go together?",
                 "There's a part of me that's been lonely since we moved. Could we join a club?",
                 "I got such a shock when the bank rang this morning. Can we sit down tonight?",
                 "It scared the life out of me when the alarm went off. Would you check it?",
                 "I got my feelings hurt at the barbecue when your brother laughed. Would you say "
                 "something next time?",
                 "oh boy was i nervous at the interview today, can we get a takeaway tonight?"):
        assert _rules(text)[3] is not None, text
    # the question of "was I nervous?" asked for real is still no feeling told
    assert _rules("was i nervous at the interview today?")[3] is None


def test_blame_put_inside_a_worry_is_still_criticism():
    for text in ("I'm just a bit worried, pet, that you care more about your golf than about us.",
                 "I'm a bit concerned that you're more interested in your darts than in me."):
        assert "you_blame" in _rule_codes(text), text
    # a need does not shelter the partner's habit given as its reason
    assert "absolute" in _rule_codes(
        "I miss you so much on the weeks you're offshore because you never bother to call.")
    assert "absolute" not in _rule_codes("I miss you so much on the weeks you're offshore.")


def test_a_wish_with_its_own_subject_is_a_request():
    for text in ("I was worried when the dog got out on Tuesday. My hope is that we fix the gate.",
                 "Mi did feel sad when yuh miss mi dinner las' week. Next time mi woulda like if "
                 "yuh call me first.",
                 "Feeling anxious about my exam on Friday 😬 wish me luck!"):
        assert analyze(text).is_i_statement, text
    assert "missing_need_or_request" in analyze("Feeling anxious about my exam on Friday.").issues


def test_a_name_the_speaker_gives_themselves_is_no_insult():
    for text in ("Complete idiot here: I left the oven on this morning and I feel awful. Can I "
                 "make it up to you tonight?",
                 "total muppet moment, locked my keys in the car, feeling so stressed. could you "
                 "bring the spare?"):
        assert not {"insult", "you_blame"} & _rule_codes(text), text
    for text in ("Total idiot, you put my good jumper in the tumble dryer.",
                 "you total idiot here, what were you thinking"):
        assert "insult" in _rule_codes(text), text


def test_a_purpose_or_a_likeness_of_a_time_is_no_pseudo_feeling():
    for text in ("I felt nervous at the parents' evening on Tuesday. Could you tell me how you saw "
                 "it, so I feel like I know what's going on?",
                 "I loved walking with you on the beach yesterday, it felt like when we first met. "
                 "Could we go again on Sunday?"):
        assert "pseudo_feeling" not in _rule_codes(text), text
    for text in ("it felt like you didn't care at all",
                 "Could you call me tonight, so I feel like you actually care?"):
        assert "pseudo_feeling" in _rule_codes(text), text


def test_a_hedge_on_the_telling_or_a_run_of_days_reads_right_as_the_situation():
    assert "missing_situation" in analyze("I'm scared, if I'm honest. I need you to be here.").issues
    # "all the time" is no one moment ("the time you drove ..." is)
    assert "missing_situation" in analyze("im so lonely all the time, can u just hold me").issues
    text = "I feel so overwelmed with the baby not sleeping the last three nights. Could you help?"
    assert analyze(text).is_i_statement
    text = "I booked the flights for the wrong month and now I'm stressed. Can we fix it together?"
    assert analyze(text).is_i_statement


def test_a_feeling_at_its_height_with_the_i_dropped_is_no_verdict():
    text = "Never been this worried about money as I am this month, can we look at the budget?"
    assert analyze(text).is_i_statement
    assert "absolute" in _rule_codes("Never helps with anything.")


def test_praise_of_a_good_state_given_or_echoed_is_no_verdict():
    for text in ("you make every morning lighter, honestly",
                 "no one has ever made my mum feel as at home as you did",
                 "you never once made me feel like a burden when I was ill. not once."):
        assert not {"you_blame", "absolute"} & _rule_codes(text), text
    for text in ("you make every day harder, honestly",
                 "no one has ever made me feel so unwelcome as you did",
                 "you never once asked how I was when I was ill. not once."):
        assert "absolute" in _rule_codes(text), text


def test_humiliated_after_ones_own_act_is_shame_not_an_accusation():
    own = ("I'm such a mess, honestly. I snapped at your mum on Sunday and I felt humiliated "
           "afterward. Could we visit her together this week?")
    assert "pseudo_feeling" not in _rule_codes(own)
    for text in ("I felt humiliated when you laughed at my cooking on Friday.",
                 "I cried at dinner and you laughed and I felt humiliated.",
                 "I felt humiliated at your work dinner on Tuesday."):
        assert "pseudo_feeling" in _rule_codes(text), text
