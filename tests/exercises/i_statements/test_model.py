"""The coach model (exercises.i_statements.model) beside the rules.

What a couple notices: blame and contempt worded in ways no rule lists are
flagged, pointing at the words; ordinary chat and what the rules deliberately
let through are not; the model never takes back what the rules found; and the
numbers shipped in ``exercises/data/coach_model.json`` are what our labelled
statements train (so a new labelled statement cannot be forgotten).
"""

from __future__ import annotations

import json

import pytest

from exercises.i_statements import model as M
from exercises.i_statements import rules as R
from exercises.i_statements import training as T
from exercises.i_statements.analyzer import _rules, analyze, rules_reading

sklearn = pytest.importorskip("sklearn", reason="the train extra: pip install -e '.[train]'")

MODEL_ONLY_BLAME = (
    "ur phone gets more attention than me tbh",
    "would rinsing one mug actually kill you",
    "how old are you, seriously",
)
MODEL_ONLY_CONTEMPT = (
    "r u actually 12 years old or what",
    "how old are you, seriously",
    "who raises a grown man who cant use a washing machine",
)
"""Wordings of our own that are in no labelled file and that no rule catches."""


def _rules_hits(text: str) -> list[R.Hit]:
    """What every rule found in *text*, without the model."""
    return _rules(text)[0].hits


def _model_codes(text: str, raised: set[str] | None = None) -> list[tuple[str, int, int, str]]:
    keys, found = rules_reading(text)
    sc = R.Scan(text)
    return M.shipped().read(keys, sc.token_starts, sc.token_ends, text, raised or set(), found)


@pytest.fixture(scope="module")
def trained():
    """The model as the repository's statements train it now, with the fitted
    scikit-learn objects and the statements it learnt from."""
    trained_on, held_out = T.case_files()
    cases = T.load_cases(trained_on)
    vectorizer, regressions = T.fit(cases)
    data = T.export(vectorizer, regressions, statements=len(cases))
    data["trained_on"] = [p.name for p in trained_on]
    data["held_out"] = [p.name for p in held_out]
    return data, vectorizer, regressions, cases


@pytest.mark.parametrize("text", MODEL_ONLY_BLAME)
def test_blame_no_rule_lists_is_flagged_by_the_model(text):
    assert "you_blame" not in {h[0] for h in _rules_hits(text)}, "a rule catches it"
    result = analyze(text)
    assert "you_blame" in result.issues
    finding = next(f for f in result.findings if f.code == "you_blame")
    assert finding.explanation == M.EXPLAIN["you_blame"]
    assert text[finding.start:finding.end] == finding.text and finding.text.strip()


@pytest.mark.parametrize("text", MODEL_ONLY_CONTEMPT)
def test_contempt_without_an_insult_word_is_flagged_by_the_model(text):
    assert "insult" not in {h[0] for h in _rules_hits(text)}, "a rule catches it"
    result = analyze(text)
    assert "insult" in result.issues and not result.is_i_statement
    note = next(n for n in result.notes if "insult" in n.codes)
    assert note.codes[0] == "insult"  # contempt leads its stretch's note
    assert 1 <= len(R.Scan(text[note.start:note.end]).keys) <= M.MAX_SPAN_TOKENS


def test_the_suggestion_does_not_hand_back_words_the_model_flagged():
    text = "who raises a grown man who cant use a washing machine"
    result = analyze(text)
    flagged = next(f for f in result.findings if f.code == "insult")
    assert flagged.text not in result.suggestion


def test_the_model_never_repeats_or_clears_a_rules_code():
    text = "you're such an idiot, you never listen"
    rules_codes = {h[0] for h in _rules_hits(text)}
    assert {"insult", "you_blame"} <= rules_codes
    assert _model_codes(text, rules_codes) == []
    explanations = {f.explanation for f in analyze(text).findings}
    assert not explanations & set(M.EXPLAIN.values())


def test_blame_needs_the_partner_named():
    for text in ("How many times do we water the plants?",
                 "ugh the kitchen is a state again, unbelievable, honestly"):
        assert all(code != "you_blame" for code, *_ in _model_codes(text)), text


@pytest.mark.parametrize("text", [
    "wat time u finishin?", "missing u loads", "you're a natural with the baby", "ya",
    "cheers hun", "did u lock the car?", "you left your scarf at mine",
    "Who raised you? I'd love to meet them, they did a great job.",
    "When you came home, dumped your bag and went to your phone, I felt lonely.",
    "zzzz qqqq", "",
])
def test_ordinary_chat_and_what_the_rules_let_through_stays_unflagged(text):
    assert not {"you_blame", "insult"} & analyze(text).issues


def test_every_model_finding_points_at_its_words():
    for text in (*MODEL_ONLY_BLAME, *MODEL_ONLY_CONTEMPT):
        for code, start, end, why, _ in _model_codes(text):
            assert code in M.CODES and why == M.EXPLAIN[code]
            assert 0 <= start < end <= len(text)
            words = R.Scan(text[start:end]).keys
            assert 1 <= len(words) <= M.MAX_SPAN_TOKENS, (text, words)


def _model_spans(text: str) -> dict[str, str]:
    """{code: the words shown} for the codes the model added to *text* in analyze()."""
    rules_codes = {hit[0] for hit in _rules_hits(text)}
    return {f.code: text[f.start:f.end] for f in analyze(text).findings
            if f.explanation == M.EXPLAIN.get(f.code) and f.code not in rules_codes}


@pytest.mark.parametrize(("text", "code", "words"), [
    # Found in a couple's trial: the contempt was shown on "put a plate in the
    # dishwasher" (neutral words) rather than on the rhetorical question.
    ("you never put a plate in the dishwasher, how hard is it", "insult", "how hard is it"),
])
def test_a_model_finding_shows_the_words_that_carry_the_judgement(text, code, words):
    assert _model_spans(text)[code] == words


def test_mock_praise_is_shown_on_the_praise_not_on_who_was_texted():
    # Found in a couple's trial as a model finding on "genius move, texting your"; the
    # rules now read mock praise of a bare "-ing" act themselves, and show the praise and
    # the act, never the people in it.
    found = {f.code: f.text for f in analyze("genius move, texting your mum before me").findings}
    assert found["insult"].startswith("genius move") and "mum" not in found["insult"], found


def test_a_model_finding_shows_only_words_that_weigh_towards_it_in_one_clause():
    model = M.shipped()
    for text in (*MODEL_ONLY_BLAME, *MODEL_ONLY_CONTEMPT,
                 "you never put a plate in the dishwasher, how hard is it",
                 "Ooh, a bunch of petrol station carnations. You really pushed the boat out"):
        for code, start, end, *_ in _model_codes(text):
            sc = R.Scan(text)
            inside = [j for j, (s, e) in enumerate(zip(sc.token_starts, sc.token_ends,
                                                       strict=True)) if start <= s and e <= end]
            weight = model._weights(sc.keys, M.CODES.index(code))
            shown = text[start:end]
            assert not M.CLAUSE_MARK.search(shown), (text, shown)
            assert any(sc.keys[j] not in M.FUNCTION_WORDS for j in inside), (text, shown)
            in_a_phrase = any(
                words == tuple(sc.keys[inside[0]:inside[0] + len(words)])
                for words in M.judgement_phrases().get(sc.keys[inside[0]], ()))
            assert in_a_phrase or all(weight[j] > 0 for j in inside), (text, shown)


def test_the_shipped_model_is_what_the_labelled_statements_train(trained):
    data, _, _, cases = trained
    shipped = json.loads(M.MODEL_PATH.read_text(encoding="utf-8"))
    hint = "retrain: make coach-model"
    assert shipped["trained_on"] == data["trained_on"], hint
    assert shipped["held_out"] == data["held_out"], hint
    assert shipped["vocabulary"].keys() == data["vocabulary"].keys(), hint
    fresh, ours = M.CoachModel(data), M.shipped()
    for case in cases:
        feats = T.features_of(case["text"])
        a, b = fresh.log_odds(feats), ours.log_odds(feats)
        assert (a is None) is (b is None), hint
        if a is not None:
            assert max(abs(x - y) for x, y in zip(a, b, strict=True)) < 0.05, (case["text"], hint)


def test_the_app_reads_the_numbers_scikit_learn_learnt(trained):
    _, vectorizer, regressions, cases = trained
    model = M.CoachModel(T.export(vectorizer, regressions, statements=len(cases), prune=0))
    feats = [T.features_of(c["text"]) for c in cases[::7]]
    matrix = vectorizer.transform(feats)
    for col, regression in enumerate(regressions):
        expected = regression.decision_function(matrix)
        for f, want in zip(feats, expected, strict=True):
            got = model.log_odds(f)
            if got is not None:
                assert got[col] == pytest.approx(want, abs=1e-4)


def test_read_sees_the_same_features_as_training():
    model = M.shipped()
    texts = [c["text"] for c in T.load_cases(T.case_files()[1])]
    assert len(texts) >= 150
    for text in texts:
        keys, found = rules_reading(text)
        sc = R.Scan(text)
        odds = model.log_odds(M.features(keys, text, found))
        expected = set()
        if odds is not None:
            if odds[1] > model.margin:
                expected.add("insult")
            if odds[0] > model.margin and not M.PARTNER_WORDS.isdisjoint(keys):
                expected.add("you_blame")
        got = {code for code, *_ in model.read(keys, sc.token_starts, sc.token_ends, text,
                                               set(), found)}
        assert got == expected, text


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(format=2), "format"),
    (lambda d: d.update(codes=["insult", "you_blame"]), "codes"),
    (lambda d: d.update(threshold=1.5), "threshold"),
    (lambda d: d["vocabulary"].update(bad=[1.0, 2.0]), "row"),
])
def test_a_model_file_that_is_not_ours_is_refused(trained, change, message):
    data = json.loads(json.dumps(trained[0]))
    change(data)
    with pytest.raises(ValueError, match=message):
        M.CoachModel(data)
