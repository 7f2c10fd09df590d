"""Word lists behind the I-statement analyzer, loaded once from ``exercises/data``.

The lists themselves are documented in ``exercises/data/README.md``. This
module reads them, tokenises text, and finds list entries in token lists
(:class:`PhraseIndex`) or builds regex alternations from them. It holds no
rules about *when* a word counts (that lives in
:mod:`exercises.i_statements.patterns` and :mod:`exercises.i_statements.rules`).

All matching happens on a lower-cased copy of the text with typographic
apostrophes straightened, so everything here is lower case and treats ``'``
as the only apostrophe.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from itertools import accumulate, chain, compress, count, pairwise
from operator import or_
from typing import Any

TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
"""A word: letters/digits, with inner apostrophes kept together ("you're", "10pm")."""
_SPLIT_RE = re.compile(r"([^\W_]++(?:'[^\W_]++)*+)")
_ASCII_SPLIT_RE = re.compile(r"([a-z0-9]++(?:'[a-z0-9]++)*+)", re.IGNORECASE)
_ASCII_LOWER_SPLIT_RE = re.compile(r"([a-z0-9]++(?:'[a-z0-9]++)*+)")
"""TOKEN_RE as a capturing group, for ``re.split``: text between tokens and the tokens
alternate, so offsets come from running sums of lengths (no match object per token). The
ASCII forms test a plain class; the last skips case folding for lower-case text. The
repeats are possessive (nothing follows them to give characters back to, so the same
tokens; a sixth less time on 2,000 characters)."""
_GAP_RE = re.compile(r"[\s,/-]+")

Token = tuple[str, int, int]
"""(key, start, end): the word lower-cased without apostrophes, and its character span."""


@cache
def load(name: str) -> dict[str, Any]:
    """Return the parsed JSON document ``exercises/data/<name>``.

    Args:
        name: file name inside ``exercises/data`` (e.g. ``"feelings.json"``).

    Returns:
        The decoded JSON object. Cached: callers must not mutate it.

    Raises:
        FileNotFoundError: the data file is missing from the package.
        json.JSONDecodeError: the file is not valid JSON.
    """
    text = resources.files("exercises").joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(text)


def phrase_pattern(phrase: str) -> str:
    """Regex source for one lexicon phrase, tolerant of spacing and hyphens.

    ``"worn out"`` matches "worn out", "worn-out" and "worn  out";
    ``"self-centered"`` also matches "self centered" and "selfcentered";
    ``"what's"`` also matches "whats".
    """
    out = []
    for ch in phrase.strip().lower():
        if ch == " ":
            out.append(r"[\s-]+")
        elif ch == "-":
            out.append(r"[\s-]?")
        elif ch == "'":
            out.append("'?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def alternation(phrases: Iterable[str]) -> str:
    """Non-capturing alternation of *phrases*, longest first so the longest wins."""
    unique = sorted({p.strip().lower() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    return "(?:" + "|".join(phrase_pattern(p) for p in unique) + ")"


def words_of(phrase: str) -> tuple[str, ...]:
    """The token keys of *phrase*: ``"Self-centred"`` → ``("self", "centred")``."""
    return tuple(w.replace("'", "") for w in TOKEN_RE.findall(phrase.lower()))


def canonical(phrase: str) -> str:
    """The lookup key of a phrase: its token keys joined by single spaces."""
    return " ".join(words_of(phrase))


def tokenize(low: str) -> list[Token]:
    """Split normalised (lower-case) text into :data:`Token` triples, in order."""
    keys, starts, ends, _ = tokenize_with_positions(low)
    return list(zip(keys, starts, ends, strict=True))


def tokenize_with_positions(
    low: str,
) -> tuple[list[str], list[int], list[int], dict[str, list[int]]]:
    """The tokens of :func:`tokenize` as three lists and, in the same pass, where each
    key starts.

    Returns ``([key, ...], [start, ...], [end, ...], {key: [start offset, ...] in
    order})``; offsets in characters. The text is split once at the token boundaries and
    the offsets are running sums of the pieces' lengths (C-level ``accumulate``), so the
    only Python loop is the one filling the position lists.
    """
    if low.isascii():
        regex = _ASCII_LOWER_SPLIT_RE if low.islower() else _ASCII_SPLIT_RE
    else:
        regex = _SPLIT_RE
    parts = regex.split(low)  # [between, token, between, token, ..., between]
    offsets = list(accumulate(map(len, parts), initial=0))
    raw = parts[1::2]
    starts = offsets[1:-1:2]
    ends = offsets[2::2]
    words = [w.replace("'", "") for w in raw] if "'" in low else raw
    positions: dict[str, list[int]] = {}
    for key, start in zip(words, starts, strict=True):
        if key in positions:  # a plain dict: a missing key raises KeyError
            positions[key].append(start)
        else:
            positions[key] = [start]
    return words, starts, ends, positions


class PhraseIndex:
    """Finds lexicon phrases in a token list with dictionary look-ups.

    Much faster than one big regex alternation: the cost is one ``dict.get`` per
    token instead of one attempt per phrase per character. Words of a phrase may
    be separated by spaces, hyphens, commas or slashes ("worn-out", "oh, great",
    "24/7"); apostrophes are ignored ("whats" = "what's").
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = words_of(phrase)
            if words and words not in by_first.get(words[0], []):
                by_first.setdefault(words[0], []).append(words)
        for options in by_first.values():
            options.sort(key=len, reverse=True)
        self._by_first = by_first
        self._firsts = frozenset(by_first)
        self.keys = frozenset(" ".join(w) for opts in by_first.values() for w in opts)

    def __contains__(self, key: str) -> bool:
        return key in self.keys

    def find(self, low: str, tokens: list[Token], lo: int = 0, hi: int | None = None,
             words: frozenset[str] | set[str] | None = None) -> list[tuple[int, int, str]]:
        """Non-overlapping matches among ``tokens[lo:hi]``, longest phrase first.

        Args:
            low: the normalised text the tokens come from.
            tokens: :func:`tokenize` output for *low*.
            lo, hi: token index range to search.
            words: optional set of all token keys, for a quick "nothing to find" exit.

        Returns:
            ``[(start, end, key), ...]``: character span in *low* and the phrase key.
        """
        if words is not None and self._firsts.isdisjoint(words):
            return []
        out = []
        n = len(tokens) if hi is None else hi
        i = lo
        by_first = self._by_first
        while i < n:
            options = by_first.get(tokens[i][0])
            if options:
                for phrase in options:
                    k = len(phrase)
                    if k == 1 or (i + k <= n and all(
                        tokens[i + j][0] == phrase[j]
                        and _GAP_RE.fullmatch(low, tokens[i + j - 1][2], tokens[i + j][1])
                        for j in range(1, k)
                    )):
                        out.append((tokens[i][1], tokens[i + k - 1][2], " ".join(phrase)))
                        i += k - 1
                        break
            i += 1
        return out


def feeling_groups() -> list[dict[str, Any]]:
    """Feeling groups as stored: ``[{"group", "needs_met", "words"}, ...]`` (a deep copy)."""
    return copy.deepcopy(load("feelings.json")["groups"])


def picker_feeling_groups() -> list[dict[str, Any]]:
    """Feeling groups as a person picks from them: :func:`feeling_groups`
    without the words of ``picker_omit`` in data/feelings.json (comparatives,
    superlatives, near-duplicates), same shape ``[{"group", "needs_met",
    "words"}, ...]``, same order. About 170 words instead of 226; recognition
    (:func:`feeling_words`) keeps them all."""
    omit = {canonical(w) for w in load("feelings.json")["picker_omit"]["words"]}
    return [
        {**g, "words": [w for w in g["words"] if canonical(w) not in omit]}
        for g in feeling_groups()
    ]


def need_groups() -> list[dict[str, Any]]:
    """Need groups as stored: ``[{"group", "words"}, ...]`` (a deep copy)."""
    return copy.deepcopy(load("needs.json")["groups"])


def feeling_words() -> dict[str, bool]:
    """Every genuine feeling word (canonical form) → whether it is a needs-met feeling.

    Includes the broad "vague" words ("bad", "awful"), which the picker does not offer.
    """
    data = load("feelings.json")
    words = {canonical(w): False for w in data["vague"]["words"]}
    words.update({canonical(w): g["needs_met"] for g in data["groups"] for w in g["words"]})
    return words


def everyday_feelings() -> dict[str, str]:
    """Everyday and regional feeling words ("gutted", "knackered") → the listed feeling
    they are closest to. They count as feelings but the picker does not offer them."""
    return {canonical(w): f for w, f in load("feelings.json")["everyday"]["words"].items()}


def feeling_verbs() -> dict[str, str]:
    """First-person feeling verbs ("worry", "miss you", "freaked out") → the feeling named."""
    return {canonical(w): f for w, f in load("feelings.json")["verbs"]["verbs"].items()}


def noun_phrase_feelings() -> dict[str, str]:
    """Feelings named by a noun phrase about the speaker ("nervous wreck", "bag of
    nerves", canonical form) → the feeling named; the frame is a rule
    (``patterns.NOUN_PHRASE_FEELING_RE``)."""
    return {canonical(w): f for w, f in load("feelings.json")["noun_phrases"]["phrases"].items()}


def it_feeling_phrases() -> dict[str, str]:
    """"It ___ when ..." phrases with the speaker as object ("winds me up") → the feeling."""
    data = load("feelings.json")["it_verbs_me"]["phrases"]["phrases"]
    return {canonical(w): f for w, f in data.items()}


def self_judgements() -> tuple[frozenset[str], tuple[str, ...]]:
    """Self-judging words ("stupid", "like a burden") and the feelings often under them."""
    block = load("feelings.json")["self_judgements"]
    return frozenset(canonical(w) for w in block["words"]), tuple(block["maybe_feeling"])


def not_misspellings() -> frozenset[str]:
    """Ordinary words one slip away from a feeling word, never read as a misspelling."""
    return frozenset(canonical(w) for w in load("feelings.json")["not_misspellings"]["words"])


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class FuzzyIndex:
    """Finds a single word one typing slip away from a known word.

    Symmetric-deletion matching: a typed word matches a known word when
    deleting at most one letter from each gives the same string. That covers
    one missing, extra, wrong or swapped letter ("lonley", "frustated",
    "exausted") and a doubled letter moved ("dissapointed", "greatful").
    Only words of at least ``min_len`` letters are considered; *exclude* lists
    real words that must never be read as a slip. Words of at least
    ``long_len`` letters may carry two slips ("embarresed", "dissappointed"):
    candidates found by deleting up to two letters from each side are kept
    only when their edit distance (with swaps) is at most 2.
    """

    def __init__(self, words: dict[str, str], *, exclude: frozenset[str],
                 min_len: int = 5, long_len: int = 8) -> None:
        self.min_len = min_len
        self.long_len = long_len
        self.exclude = exclude
        self._exact = dict(words)
        by_delete: dict[str, str | None] = {}
        by_delete2: dict[str, set[str]] = {}
        for word, target in words.items():
            if " " in word or len(word) < min_len:
                continue
            for key in {word} | _deletes(word):
                if key in by_delete and by_delete[key] != target:
                    by_delete[key] = None  # ambiguous: two different targets
                else:
                    by_delete[key] = target
            if len(word) >= long_len - 1:
                for key in _deletes2(word):
                    by_delete2.setdefault(key, set()).add(word)
        self._by_delete = by_delete
        self._by_delete2 = by_delete2
        self._seen: dict[str, str | None] = {}

    def get(self, token: str) -> str | None:
        """The known word's target for a slip *token*, or None (also for exact words).

        Answers are kept per word (at most :data:`FUZZY_MEMO_SIZE`, then forgotten
        all at once): a long word costs up to ~20 µs to look up, and the same
        words come back in message after message.
        """
        if len(token) < self.min_len or token in self._exact or token in self.exclude:
            return None
        seen = self._seen
        if token in seen:
            return seen[token]
        if len(seen) >= FUZZY_MEMO_SIZE:
            seen.clear()
        hit = seen[token] = self._lookup(token)
        return hit

    def _lookup(self, token: str) -> str | None:
        by_delete = self._by_delete
        hit = by_delete.get(token)
        if hit:
            return hit
        for key in _deletes(token):
            hit = by_delete.get(key)
            if hit:
                return hit
        if len(token) < self.long_len:
            return None
        near = {
            word for key in {token} | _deletes2(token) for word in self._by_delete2.get(key, ())
            if edit_distance(token, word) <= 2
        }
        targets = {self._exact[word] for word in near}
        return targets.pop() if len(targets) == 1 else None


FUZZY_MEMO_SIZE = 4096
"""Words whose :meth:`FuzzyIndex.get` answer is kept (a few hundred kB at most)."""


def _deletes2(word: str) -> set[str]:
    """*word* with one or two letters deleted."""
    once = _deletes(word)
    return once | {d for w in once for d in _deletes(w)}


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) turning *a* into *b*
    (optimal string alignment distance)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def vague_feeling_words() -> frozenset[str]:
    """Broad feeling words ("bad", "awful") that do not count before "at"/"with"/"of"."""
    return frozenset(canonical(w) for w in load("feelings.json")["vague"]["words"])


def feel_only_words() -> frozenset[str]:
    """Feeling words that only count after feel/felt/feeling ("I feel down", not "I'm down")."""
    return frozenset(canonical(w) for w in load("feelings.json")["feel_only"])


def need_words() -> list[str]:
    """Every need word from ``needs.json``."""
    return [w for g in load("needs.json")["groups"] for w in g["words"]]


def pseudo_feelings() -> dict[str, tuple[str, ...]]:
    """Pseudo-feeling word (canonical) → genuine feelings that often sit underneath it."""
    out: dict[str, tuple[str, ...]] = {}
    for entry in load("pseudo_feelings.json")["entries"]:
        for word in entry["words"]:
            out[canonical(word)] = tuple(entry["maybe_feeling"])
    return out


def negated_need_words() -> tuple[list[str], tuple[str, ...]]:
    """Words that are pseudo feelings only when negated ("I don't feel heard"), and their hints."""
    block = load("pseudo_feelings.json")["negated_need_words"]
    return list(block["words"]), tuple(block["maybe_feeling"])


class MultiIndex:
    """Several :class:`PhraseIndex` objects searched in one pass over the tokens.

    Gives the same result as calling each index's :meth:`PhraseIndex.find`
    (non-overlapping, longest phrase first, per index), at the cost of a single
    loop.
    """

    def __init__(self, indexes: Iterable[PhraseIndex]) -> None:
        self.indexes = tuple(indexes)
        # (words, index number, word count, second word, key as found)
        by_first: dict[str, list[tuple[tuple[str, ...], int, int, str, str]]] = {}
        for number, index in enumerate(self.indexes):
            for first, options in index._by_first.items():
                by_first.setdefault(first, []).extend(
                    (words, number, len(words), words[1] if len(words) > 1 else "", " ".join(words))
                    for words in options
                )
        for candidates in by_first.values():
            candidates.sort(key=lambda o: o[2], reverse=True)
        self._by_first = by_first
        # The same options split by what they need next: the one-word ones, and the longer
        # ones keyed by their second word, so a token only tries phrases whose second
        # word follows it (longest first, as above).
        self._singles = {
            first: [o for o in candidates if o[2] == 1] for first, candidates in by_first.items()
        }
        self._by_second: dict[str, dict[str, list[tuple[tuple[str, ...], int, int, str, str]]]] = {}
        for first, candidates in by_first.items():
            for option in candidates:
                if option[2] > 1:
                    self._by_second.setdefault(first, {}).setdefault(option[3], []).append(option)
        # What a token must be to open some phrase: a one-word phrase's word, or with the
        # token after it the first two words of a longer one ("i" alone opens nothing).
        self._alone = frozenset(first for first, options in self._singles.items() if options)
        self._pairs = frozenset(
            (first, second) for first, seconds in self._by_second.items() for second in seconds
        )

    def find_all(self, low: str, keys: list[str], starts: list[int], ends: list[int]
                 ) -> dict[PhraseIndex, list[tuple[int, int, str]]]:
        """``{index: [(start, end, key), ...]}`` for every index (empty lists included),
        given the tokens of *low* as :func:`tokenize_with_positions` gives them (keys,
        start and end offsets, in order)."""
        found: list[list[tuple[int, int, str]]] = [[] for _ in self.indexes]
        free = [0] * len(self.indexes)  # first token each index may still use
        n = len(keys)
        singles, by_second = self._singles, self._by_second
        # Only the tokens that open some phrase, alone or with the next token, are visited
        # (picked out at C level).
        opens = map(
            or_,
            map(self._alone.__contains__, keys),
            chain(map(self._pairs.__contains__, pairwise(keys)), (False,)),
        )
        for i in compress(count(), opens):
            key = keys[i]
            longer = by_second.get(key)
            options = singles[key]
            if longer and i + 1 < n:
                after = longer.get(keys[i + 1])
                if after:
                    options = after + options
            for words, number, k, _, phrase in options:
                if i < free[number]:
                    continue
                if k == 1:
                    start, end = starts[i], ends[i]
                elif i + k <= n and all(
                    keys[i + j] == words[j]
                    and _GAP_RE.fullmatch(low, ends[i + j - 1], starts[i + j])
                    for j in range(1, k)
                ):
                    start, end = starts[i], ends[i + k - 1]
                else:
                    continue
                found[number].append((start, end, phrase))
                free[number] = i + k
        return dict(zip(self.indexes, found, strict=True))
