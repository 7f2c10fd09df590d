"""A second reader beside the rules: a small linear model of how blame and
contempt are worded, learnt from our own labelled statements.

Why it exists. The rules of :mod:`exercises.i_statements.rules` recognise a
family of wording once someone has written it down. On statements written blind
by people who never saw them they missed about one blame or contempt flag in
eight (blame told with ordinary verbs, rhetorical insults with no insult word,
long mock thanks, names from dialects nobody listed; ``docs/benchmarks.md``).
A linear model over the words and word pairs of a statement generalises from
the ~4,000 statements the rules were written against to wordings nobody listed.

What it may do. It only ever *adds* ``you_blame`` or ``insult`` where the rules
did not raise that code. It never clears a code, never finds a feeling,
situation or request, and never changes a rule's offsets or explanation. It
adds ``you_blame`` only to a statement that names the partner
(:data:`PARTNER_WORDS`): blame, in Gottman's sense, is criticism of the
partner's behaviour. And the rules have the last word where they decided
(:func:`exercises.i_statements.analyzer.analyze`): no ``you_blame`` in a
sentence they read as appreciation ("You always know how to make me smile"),
and nothing on words a rule looked at and let through on purpose
(``rules.Scan.cleared``).

What it is. Two logistic regressions (one per code of :data:`CODES`) over the
*presence* of features, each weighted by its inverse document frequency: the
analyzer's own tokens (lower case, apostrophes dropped), every adjacent pair of
them, a mark for a question mark and one for an exclamation mark, and what the
rules found (a genuine feeling, a request, a need: :func:`signs`), so that the
model reads a statement the way the rules already understood it. It is trained
by :mod:`exercises.i_statements.training` (scikit-learn, a development
dependency) and shipped as numbers in ``exercises/data/coach_model.json``.
Nothing is downloaded; reading a statement is pure Python and deterministic:
one dictionary look-up per token and pair, a few microseconds.

How it explains itself. A code it adds points at the words that carry the
judgement (character offsets into the original text): a phrase of the rules'
own lists of blame and contempt when the statement holds one that weighs
towards the code, else the heaviest word that is not a function word; then
its neighbours in the same clause while they weigh substantially towards the
code (:meth:`CoachModel.evidence`). With it goes an explanation of what those
words read as and where the rule comes from (Gottman's Four Horsemen).
"""

from __future__ import annotations

import json
import re
from functools import cache
from itertools import accumulate, chain, islice, repeat
from math import exp, log
from operator import add, mul
from pathlib import Path
from typing import Any, NamedTuple

from exercises import lexicon as lx

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "coach_model.json"
"""The shipped model (see :func:`exercises.i_statements.training.export`)."""

FORMAT = 1
"""The model file format this module reads."""

CODES = ("you_blame", "insult")
"""The codes the model may add, in the order of its weight columns. Only these
two: on the blind sets every flag it found beyond the rules was blame or
contempt, while for absolutes and pseudo feelings (closed word lists in fixed
frames, which the rules already know) it only added false flags ("I feel
hurt.", "I never meant to hurt you")."""

QUESTION, EXCLAMATION = "<?>", "<!>"
"""Features for a question mark / an exclamation mark anywhere in the text."""

FEELING, REQUEST, NEED = "<feeling>", "<request>", "<need>"
"""Features for what the rules found in the statement (:func:`signs`)."""

PARTNER_WORDS = frozenset({
    "you", "your", "yours", "yourself", "youre", "youve", "youd", "youll", "u", "ur", "urs",
    "ya", "yer", "ye", "yous", "youse", "yuh", "yu", "yall",
})
"""The partner as the analyzer's tokens write them (apostrophes dropped), in the
spellings partners type (text-speak "u"/"ur", Irish and Scottish "ye"/"yous",
Caribbean "yuh", Southern "y'all"). The model adds ``you_blame`` only to a
statement holding one of them ("How many times do we water the plants?" names
no one); contempt needs no name ("oh don't mind me, I'll carry the bags")."""

EXPLAIN = {
    "you_blame": "These words read as blame: they tell what your partner did wrong rather "
    "than how it was for you. Gottman's gentle start-up describes your side of one moment "
    "and leaves the verdict out.",
    "insult": "These words read as contempt (mockery, sarcasm or a put-down), even without "
    "a name-calling word. Contempt is the most damaging of Gottman's Four Horsemen; say "
    "plainly what hurt and what you need.",
}
"""Explanation of a code the model added, in Attune's own words."""

SCALE = 10**9
"""Weights are summed as whole numbers of ``1 / SCALE`` (exact, in any order)."""

MAX_SPAN_TOKENS = 6
"""A code the model added points at no more tokens than this."""

SHORTEST_SPAN_TOKENS = 3
"""A code the model added points at this many tokens when its clause has as
many that weigh towards the code: a word alone ("oh", "who") says little of
why. Fewer when its neighbours weigh nothing or against it."""

REACH_TOKENS = 3
"""The run of words that tipped the model (:meth:`CoachModel.reach`) holds at
least this many tokens (fewer only in a shorter text): the rules' exemptions
are checked against it, as they were when findings pointed at it."""

FUNCTION_WORDS = frozenset(
    "a an the this that these those some any my our your his her their its me us him them "
    "i we you u he she they it im ive id ill youre youve youd youll its thats theres "
    "is are was were be been being am do does did have has had will would shall should can "
    "could may might must to of in on at by for with from into onto about as than then and "
    "or but so if when while just who whom whose what which how why where".split()
)
"""Words that carry no judgement of their own (articles, pronouns, auxiliaries,
prepositions, conjunctions, question words; apostrophes dropped as in the
analyzer's tokens):
a model finding is never anchored on one, nor on a run of them alone (the
anchor of "you never put a plate in the dishwasher" was once "a")."""

CLAUSE_MARK = re.compile(r"[,;:.!?()\[\]\n\u2013\u2014]")
"""Punctuation between two tokens that ends a clause: a finding's words stay
in one clause ("genius move" of "genius move, texting your mum")."""


@cache
def judgement_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The rules' own phrases of blame and contempt, as token tuples keyed by
    their first token, longest first: ``{"how": (("how", "hard", "is", "it"),
    ...), ...}``.

    From exercises/data/blame_and_insults.json (character words and names,
    sarcasm and mockery, exasperation, mock praise and celebration, the partner's
    faults given as reasons) and absolutes.json (Gottman's criticism: "you
    always", "you never"). Topic words of those files (roles, duties, treats,
    occasions) are left out: they name what a statement is about, not the
    judgement in it.
    """
    blame = lx.load("blame_and_insults.json")
    phrases = chain(
        blame["character_adjectives"], blame["name_nouns"], blame["name_nouns_need_you"]["words"],
        blame["sarcasm_and_mockery"], blame["exasperation"]["anywhere"],
        blame["exasperation"]["in_requests"], blame["standalone_sarcasm"]["before_comma"],
        blame["standalone_sarcasm"]["whole_sentence"], blame["mock_praise_of_harm"]["openers"],
        blame["mock_praise_of_harm"]["tails"], blame["mock_celebration"]["wonders"],
        blame["character_labels"]["judgements"], blame["faults_in_reasons"]["acts"],
        lx.load("absolutes.json")["words"],
    )
    by_first: dict[str, set[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = lx.words_of(phrase)
        if words:
            by_first.setdefault(words[0], set()).add(words)
    return {first: tuple(sorted(found, key=lambda w: (-len(w), w)))
            for first, found in by_first.items()}

class Reading(NamedTuple):
    """A code the coach model adds (:meth:`CoachModel.read`)."""

    code: str
    """``you_blame`` or ``insult``."""
    start: int
    """Start of the words shown as carrying the judgement (a character offset)."""
    end: int
    """End of those words (a character offset, exclusive)."""
    explanation: str
    """:data:`EXPLAIN` of the code."""
    reach: tuple[int, int]
    """``(start, end)`` of the run of words that tipped the model
    (:meth:`CoachModel.reach`): the rules' exemptions are checked against it
    (:func:`exercises.i_statements.analyzer.analyze`), so where a finding
    points never changes whether it is made."""


_SIGNS = {
    (f, r, n): tuple(name for on, name in ((f, FEELING), (r, REQUEST), (n, NEED)) if on)
    for f in (False, True) for r in (False, True) for n in (False, True)
}


def signs(feeling: bool, request: bool, need: bool) -> tuple[str, ...]:
    """The features that say what the rules found: ``(FEELING?, REQUEST?, NEED?)``,
    each there when its argument is true (the same tuple object every time)."""
    return _SIGNS[feeling, request, need]


def features(keys: list[str], text: str, found: tuple[str, ...] = ()) -> list[str]:
    """The model's features of one statement.

    Args:
        keys: the analyzer's tokens of the text (``rules.Scan.keys``: lower case,
            apostrophes dropped).
        text: the text itself, for the punctuation marks.
        found: :func:`signs` of what the rules found in it.

    Returns:
        ``[token, ..., "token token", ..., "<?>"?, "<!>"?, *found]``: the
        tokens, every adjacent pair joined by a space, :data:`QUESTION` /
        :data:`EXCLAMATION` when the text holds ``?`` / ``!``, then *found*.
        Repeats are kept; the model only asks whether a feature is present.
    """
    out = list(keys)
    out += map(str.__add__, map(str.__add__, keys, repeat(" ")), keys[1:])  # "a b", C-level
    if "?" in text:
        out.append(QUESTION)
    if "!" in text:
        out.append(EXCLAMATION)
    out += found
    return out


def _name(key: str | tuple[str, ...]) -> str:
    """The feature's name in the model file (the reverse of :func:`_key`)."""
    return " ".join(key) if isinstance(key, tuple) else key


def _key(feature: str) -> str | tuple[str, ...]:
    """A feature as the model looks it up: a pair ``"a b"`` as ``("a", "b")``
    (tokens hold no spaces), anything else as itself."""
    return tuple(feature.split(" ")) if " " in feature else feature


class CoachModel:
    """The logistic regressions of :data:`CODES`, read from a model file.

    Args:
        data: the parsed model file: ``{"format": 1, "codes": [...], "threshold":
            p, "intercepts": [b per code], "vocabulary": {feature: [idf, weight per
            code]}, ...}`` (:func:`exercises.i_statements.training.export`).

    Raises:
        ValueError: another format, codes other than :data:`CODES`, a threshold
            outside (0, 1), or a vocabulary row without an idf and one weight
            per code.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != FORMAT:
            raise ValueError(f"model format {data.get('format')!r}, expected {FORMAT}")
        if tuple(data["codes"]) != CODES:
            raise ValueError(f"model codes {data['codes']} are not {list(CODES)}")
        self.threshold = float(data["threshold"])
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"model threshold {self.threshold} is not a probability")
        self.margin = log(self.threshold / (1.0 - self.threshold))  # the threshold as log-odds
        blame0, insult0 = (float(b) for b in data["intercepts"])
        self.intercepts = (blame0, insult0)
        rows: dict[str, tuple[float, float]] = {}
        for feature, row in data["vocabulary"].items():
            if len(row) != 1 + len(CODES):
                raise ValueError(f"model row {feature!r} has {len(row)} numbers")
            idf, blame, insult = (float(x) for x in row)
            rows[feature] = (idf * blame, idf * insult)  # a present feature weighs idf * weight
        # Weights as whole numbers of 1/SCALE: summed exactly, so the result does
        # not depend on the (hash-seeded) order a set of features comes in.
        keyed = {_key(f): r for f, r in rows.items()}
        self._blame = {k: round(r[0] * SCALE) for k, r in keyed.items()}
        self._insult = {k: round(r[1] * SCALE) for k, r in keyed.items()}
        self._intercepts = (round(blame0 * SCALE), round(insult0 * SCALE))
        # Every single feature (a token, a mark, a sign) gets a number 1..n, most
        # common first (lowest idf); a pair of tokens with numbers a and b is the
        # number a * _pair + b. A statement's features are then small whole numbers,
        # made at C speed from its tokens (no pair strings or tuples to build and
        # hash), looked up in a table of small whole numbers. Both features of a pair
        # a statement holds twice or more are single features too (a pair seen in
        # two statements has both its words in them), so every pair in the model
        # has both numbers; a pair with an unknown word (number 0) is never in it.
        rarity = sorted(keyed, key=lambda k: float(data["vocabulary"][_name(k)][0]))
        singles = [k for k in rarity if not isinstance(k, tuple)]
        self._ids = {k: i for i, k in enumerate(singles, start=1)}
        self._pair = len(singles) + 1
        # Both weights and a count of one in one whole number per feature, in fields
        # of ``_field`` (a power of two more than twice any sum a field can reach), so
        # one look-up and one C-level sum read a statement.
        reach = max(len(keyed), sum(map(abs, self._blame.values())),
                    sum(map(abs, self._insult.values())))
        self._field = 1 << (reach.bit_length() + 2)
        self._packed = {
            self._number(k): (self._blame[k] * self._field + self._insult[k]) * self._field + 1
            for k in rarity
        }
        self._marks = {(q, e): tuple(self._ids.get(m, 0) for m, on in
                                     ((QUESTION, q), (EXCLAMATION, e)) if on)
                       for q in (False, True) for e in (False, True)}
        self._signs = {found: tuple(self._ids.get(f, 0) for f in found)
                       for found in _SIGNS.values()}
        self.trained_on: list[str] = list(data.get("trained_on", []))
        self.held_out: list[str] = list(data.get("held_out", []))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> CoachModel:
        """The model in *path* (default :data:`MODEL_PATH`).

        Raises:
            OSError: the file cannot be read. ValueError: it is not a model file
            this module reads (also for malformed JSON).
        """
        with path.open(encoding="utf-8") as fh:
            return cls(json.load(fh))

    def log_odds(self, feats: list[str]) -> tuple[float, float] | None:
        """``(blame, contempt)`` log-odds (``ln(p / (1 - p))``) for the features *feats*.

        The numbers scikit-learn's ``TfidfVectorizer(binary=True, norm=None)`` and
        ``LogisticRegression.decision_function`` give at training: the intercept
        plus ``idf * weight`` of each distinct feature in the vocabulary.

        Returns:
            None when no feature is in the vocabulary: the model has nothing to go
            on, and its intercepts alone are no reading of the statement.
        """
        return self._odds({self._number(_key(f)) for f in feats})

    def _number(self, key: str | tuple[str, ...]) -> int:
        """The whole number of a feature key (0 for one not in the model)."""
        if isinstance(key, tuple):
            a, b = (self._ids.get(k, 0) for k in key)
            return a * self._pair + b if a and b else 0
        return self._ids.get(key, 0)

    def _odds(self, distinct: set[Any]) -> tuple[float, float] | None:
        """:meth:`log_odds` of the distinct feature keys *distinct* (known or not).

        One look-up per feature number in ``_packed`` (an unknown one adds 0) and one
        sum of whole numbers, read back field by field: the count of known
        features, the contempt sum and the blame sum, each exact."""
        total = sum(map(self._packed.get, distinct, repeat(0)))
        field = self._field
        if not total % field:  # the count of known features
            return None
        rest = total // field
        insult = (rest + field // 2) % field - field // 2
        blame = (rest - insult) // field
        blame0, insult0 = self._intercepts
        return (blame0 + blame) / SCALE, (insult0 + insult) / SCALE

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        """``{code: probability in [0, 1]}`` for the features *feats*; ``{}`` when
        none of them is in the vocabulary."""
        odds = self.log_odds(feats)
        if odds is None:
            return {}
        return {code: 1.0 / (1.0 + exp(-z)) for code, z in zip(CODES, odds, strict=True)}

    def read(
        self, keys: list[str], starts: list[int], ends: list[int], text: str,
        raised: set[str], found: tuple[str, ...] = (),
    ) -> list[Reading]:
        """The codes the model adds to what the rules found.

        Args:
            keys, starts, ends: the analyzer's tokens and their character
                offsets in *text* (``rules.Scan.keys``, ``token_starts``,
                ``token_ends``).
            text: the analysed text.
            raised: codes the rules already raised; the model never repeats them.
            found: :func:`signs` of what the rules found.

        Returns:
            A :class:`Reading` for each code of :data:`CODES` not in *raised*
            whose probability is above the model's threshold (``you_blame``
            only when the partner is named, :data:`PARTNER_WORDS`): the words
            that carry the judgement (:meth:`evidence`) and the run of words
            that tipped the model (:meth:`reach`).
        """
        want_blame = "you_blame" not in raised and not PARTNER_WORDS.isdisjoint(keys)
        want_insult = "insult" not in raised
        if not (want_blame or want_insult) or not keys:
            return []
        ids = list(map(self._ids.get, keys, repeat(0)))  # features(), as numbers
        pairs = map(add, map(mul, ids, repeat(self._pair)), islice(ids, 1, None))
        odds = self._odds(set(chain(
            ids, pairs, self._marks["?" in text, "!" in text], self._signs.get(found, ()))))
        if odds is None:
            return []
        found_codes = []
        if want_insult and odds[1] > self.margin:
            found_codes.append(1)
        if want_blame and odds[0] > self.margin:
            found_codes.append(0)
        out: list[Reading] = []
        clauses: list[int] = []
        for column in found_codes:
            code = CODES[column]
            weight = self._weights(keys, column)
            clauses = clauses or list(accumulate(
                (bool(CLAUSE_MARK.search(text, e, s))
                 for e, s in zip(ends, islice(starts, 1, None), strict=False)),
                initial=0))
            first, last = self.evidence(keys, weight, clauses)
            reach_first, reach_last = self.reach(weight)
            out.append(Reading(code, starts[first], ends[last], EXPLAIN[code],
                               (starts[reach_first], ends[reach_last])))
        return out

    def _weights(self, keys: list[str], column: int) -> list[float]:
        """How much each of *keys* weighs towards the code of weight column
        *column* (0: blame, 1: contempt), in 1/:data:`SCALE`: its own weight
        plus half of each pair it is in."""
        get = (self._blame if column == 0 else self._insult).get
        own = [get(key, 0) for key in keys]
        pairs = [get(p, 0) / 2 for p in zip(keys, islice(keys, 1, None), strict=False)]
        return [w + (pairs[j - 1] if j else 0.0) + (pairs[j] if j < len(pairs) else 0.0)
                for j, w in enumerate(own)]

    @staticmethod
    def reach(weight: list[float]) -> tuple[int, int]:
        """``(first, last)`` token indexes of the run that tipped the model: it
        starts at the heaviest token of *weight* (:meth:`_weights`) and widens
        to its heavier neighbour until it holds :data:`REACH_TOKENS` tokens,
        then on while that neighbour weighs more than nothing and at least a
        third of the heaviest, up to :data:`MAX_SPAN_TOKENS` tokens. The
        analyzer checks the rules' exemptions against it; it is not shown
        (:meth:`evidence` is)."""
        best = max(range(len(weight)), key=weight.__getitem__)
        return _widen(weight, best, best, shortest=REACH_TOKENS)

    @staticmethod
    def evidence(
        keys: list[str], weight: list[float], clauses: list[int] | None = None,
    ) -> tuple[int, int]:
        """``(first, last)`` indexes into *keys* of the words that carry the
        judgement of a code, given each token's *weight* towards it
        (:meth:`_weights`).

        The anchor is the phrase of :func:`judgement_phrases` (within one clause)
        that weighs most towards the code, when one weighs more than nothing;
        else the heaviest token that is not one of :data:`FUNCTION_WORDS` and
        weighs more than nothing (else the heaviest token). The run then widens
        to its heavier neighbour in the same clause while that neighbour weighs
        more than nothing and at least a third of the anchor's heaviest token,
        up to :data:`MAX_SPAN_TOKENS` tokens. So a neutral word the model
        happened to weigh a little ("put a plate in") is never drawn in to make
        up a length.

        Args:
            keys: the analyzer's tokens.
            weight: their weights towards the code (:meth:`_weights`).
            clauses: the clause number of each token (:data:`CLAUSE_MARK`
                between two tokens starts a new one); ``None``: one clause.
        """
        clause = clauses or [0] * len(keys)
        phrase = CoachModel._judgement(keys, weight, clause)
        if phrase:
            first, last = phrase
        else:
            heavy = [j for j, w in enumerate(weight) if w > 0]
            content = [j for j in heavy
                       if keys[j] not in FUNCTION_WORDS and keys[j] not in PARTNER_WORDS]
            first = last = max(content or heavy or range(len(keys)), key=weight.__getitem__)
        return _widen(weight, first, last, shortest=SHORTEST_SPAN_TOKENS, clause=clause)

    @staticmethod
    def _judgement(
        keys: list[str], weight: list[float], clause: list[int],
    ) -> tuple[int, int] | None:
        """``(first, last)`` of the phrase of :func:`judgement_phrases` in one
        clause that weighs most (more than nothing), at most
        :data:`MAX_SPAN_TOKENS` tokens from its start; ``None`` without one."""
        index = judgement_phrases()
        best: tuple[float, int, int] | None = None
        for j, key in enumerate(keys):
            for words in index.get(key, ()):
                end = j + len(words)
                if tuple(keys[j:end]) == words and clause[j] == clause[end - 1]:
                    end = min(end, j + MAX_SPAN_TOKENS)
                    total = sum(weight[j:end])
                    if total > 0 and (best is None or total > best[0]):
                        best = (total, j, end - 1)
                    break  # the longest phrase starting here
        return (best[1], best[2]) if best else None


def _widen(
    weight: list[float], first: int, last: int, *, shortest: int,
    clause: list[int] | None = None,
) -> tuple[int, int]:
    """Widen the run ``first..last`` of tokens weighing *weight* to its heavier
    neighbour, one token at a time, up to :data:`MAX_SPAN_TOKENS` tokens: always
    until it holds *shortest* tokens, then while that neighbour weighs more than
    a third of the run's heaviest token. With *clause* (a clause number per
    token) the run stays in one clause and takes only neighbours that weigh more
    than nothing. Returns the new ``(first, last)``."""
    floor = max(max(weight[first:last + 1]) / 3, 0.0)
    below = float("-inf")
    while last - first + 1 < MAX_SPAN_TOKENS:
        left = weight[first - 1] if first and (
            clause is None or clause[first - 1] == clause[first]) else below
        right = weight[last + 1] if last + 1 < len(weight) and (
            clause is None or clause[last + 1] == clause[last]) else below
        heavier = max(left, right)
        if heavier == below or (clause is not None and heavier <= 0):
            break
        if last - first + 1 >= shortest and heavier <= floor:
            break
        if left >= right:
            first -= 1
        else:
            last += 1
    return first, last


@cache
def shipped() -> CoachModel:
    """The shipped model (:data:`MODEL_PATH`), read on first use, once per process.

    Raises:
        OSError, ValueError: as :meth:`CoachModel.load`.
    """
    return CoachModel.load()
