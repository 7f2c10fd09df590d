"""The rules of the I-statement analyzer, one function per kind of issue.

Internal to :mod:`exercises.i_statements.analyzer` (which documents the public
API). Every rule reads a :class:`Scan` of one statement and records raw hits
``(code, start, end, explanation)``; offsets are characters into the analysed
text. Patterns and word lists come from :mod:`exercises.i_statements.patterns`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Mapping
from functools import cached_property
from itertools import compress, count, repeat
from operator import itemgetter

from exercises import lexicon as lx
from exercises.i_statements import patterns as P

EXPLAIN = {
    "positive_exempt": "This describes your partner rather than you; Gottman's gentle start-up "
    "suggests talking about your own experience of one moment.",
    "question": "A 'why/how could you' question is an accusation with a question mark; your "
    "partner will hear blame and defend (Gottman: criticism).",
    "attitude": "This claims to know what your partner cares about or does in general; "
    "describe what happened and how you felt instead.",
    "judgement": "This labels your partner's intent; NVC separates what happened (observation) "
    "from the story about it (evaluation).",
    "demand": "This tells your partner what they should be or do; NVC suggests a request they "
    "can freely say yes or no to.",
    "fault": "Assigning fault puts your partner on trial; Gottman's gentle start-up avoids blame.",
    "exasperated": "The words around this request make it a reproach ('for once' means "
    "'you never'); ask for one concrete thing instead.",
    "name": "Labelling your partner's character is criticism; with name-calling it becomes "
    "contempt, the most damaging of Gottman's Four Horsemen.",
    "rhetorical": "A question that doubts your partner's upbringing, age or basic abilities "
    "('who raised you?', 'are you five?') is not asked to be answered: it is contempt, the most "
    "damaging of Gottman's Four Horsemen. Say what happened and how you felt.",
    "sarcasm": "Sarcasm and mockery are contempt (Gottman's Four Horsemen); say plainly what "
    "you feel and need.",
    "dismissal": "Giving in with a shrug ('whatever, do what you want, you will anyway') "
    "dismisses your partner and what you want alike; Gottman counts it as contempt. Say what "
    "you would like and how it feels for you.",
    "absolute": "'{word}' turns one situation into a verdict on a whole pattern; your partner "
    "will argue about the exception. Name one specific time instead (Gottman).",
    "pseudo_thought": "'{word}' introduces a thought about your partner, not a feeling. NVC: "
    "if you can replace 'feel' with 'think', it is a thought.",
    "pseudo_word": "'{word}' says what you think was done to you, not what you feel. Underneath "
    "you might feel {hint} (NVC's pseudo feelings).",
    "incredulous": "A question that is not really a question ('are you serious?', 'who does "
    "that?') is an accusation; Gottman counts it as criticism. Say what happened and how you felt.",
    "mind_reading": "This tells your partner what they think or want ('I think you just want "
    "to win'); NVC calls it an evaluation. Describe what you saw and how you felt instead.",
    "absolute_you": "'You always / you never' turns one moment into a verdict on your partner "
    "(Gottman: criticism). Name one specific time instead.",
    "shifted": "This puts the cause on your partner's character or ability rather than on "
    "one moment; your partner will hear blame (Gottman: criticism). Say what happened and "
    "how it felt for you.",
    "shifted_act": "This gives what your partner did as the reason, as a fault ('because you "
    "forgot', 'because you kept ...'); your partner will hear blame (Gottman: criticism). Say "
    "what happened and how it felt for you.",
    "barrage": "'Go on at me', 'nag', 'kick off' tell what your partner said in words that "
    "already judge it; your partner will hear blame (Gottman: criticism). Say what was said, "
    "and how it felt for you.",
    "story_told": "Telling what your partner did as a case against them ('so you just ...', "
    "'without even asking') is criticism (Gottman). Name the moment and how it felt for you.",
    "story": "Listing what your partner did, one thing after another, builds a case against them "
    "(Gottman: criticism). Pick one moment and say how it felt for you.",
    "partner_only": "This is only about what your partner did or is, with nothing about you; "
    "it will be heard as a charge (Gottman: start with 'I', not 'you'). Say how it felt for you "
    "and what you would like.",
    "priority": "This says what your partner puts above you ('you put your job ahead of us', "
    "'you chose ... instead of me'): a verdict on what they value, not one moment; your partner "
    "will hear blame (Gottman: criticism). Say what happened and how it felt for you.",
    "no_say": "This says your partner acted so that you would have no say: a story about their "
    "aim, not what you saw (NVC: evaluation). Say what happened, how you felt, and ask to "
    "decide together.",
    "love_test": "'If you really loved me ...' makes what happened a test of your partner's love; "
    "they will hear blame and defend (Gottman: criticism). Say what you missed and how you felt.",
    "shouting": "Capital letters shout; with them a request becomes a reproach. Ask for one "
    "concrete thing in an even voice (Gottman: gentle start-up).",
    "missing_feeling": "No feeling of your own was named. Try one word for what is going on "
    "inside you: sad, worried, lonely, frustrated ...",
    "missing_situation": "No specific situation was described. Name one moment a camera could "
    "record: 'when ... last night', 'on Tuesday at dinner'.",
    "missing_need_or_request": "No need or request was stated. Add what matters to you "
    "('because I need ...') or one doable request ('Would you be willing to ...?').",
}

Hit = tuple[str, int, int, str]
"""(code, start, end, explanation)."""

_PUNCT_RE = re.compile(r"[,.;!?\n]")
_LEADING_CONJUNCTION = re.compile(r"^(?:and|but|so|also|then)\s+", re.IGNORECASE)
_SPACE_THAT_RE = re.compile(r"\s+(?:that\s+)?")
_YOU_START = re.compile(r"(?:you|u\b|ur\b)")
_DIGIT_RE = re.compile(r"\d")
_THREE_CAPITALS = re.compile("[A-Z]{3}")
_STOP_CHARS = re.compile("[,;:\u2014\u2013-]")  # what every match of P.REQUEST_STOP_RE holds
_STORY_WHO = frozenset({"you", "u", "he", "she", "ur", "youre", "youve", "youd"})
_BREAK_RE = re.compile("[,;:—]")
_USED_TO = re.compile(r"\s+(?:to|for)\b")
_NOT_LETTER = bytes(b for b in range(128) if not chr(b).isalpha())
_NOT_UPPER = bytes(b for b in range(128) if not chr(b).isupper())
"""The ASCII bytes that are no letter / no capital letter (Scan.mostly_capitals)."""
_APOSTROPHES = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "\u3000": " ",  # the ideographic space of full-width text
    **{chr(c): chr(c - 0xFEE0).lower() for c in range(0xFF01, 0xFF5F)},  # full-width ASCII
})
"""Apostrophes straightened, and full-width letters ("ｙｏｕ ａｒｅ", as some keyboards
and copy-pastes give them) read as the ASCII they stand for: one character each, so
offsets stay aligned."""


def normalise(text: str) -> str:
    """Lower-case, straighten apostrophes and read full-width letters as ASCII,
    without changing the length (offsets into the original stay right)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two; keep offsets aligned
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if low.isascii() and "`" not in low:  # no apostrophe to straighten: skip the copy
        return low
    return low.translate(_APOSTROPHES)


class Scan:
    """One statement being analysed: texts, tokens, sentences, and the hits so far."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.low = normalise(src)
        self.keys, self.token_starts, self.token_ends, self.positions = lx.tokenize_with_positions(
            self.low)
        self.words = frozenset(self.positions)  # C-level intersections with trigger sets
        self.sentences = [m.span() for m in P.SENTENCE_RE.finditer(self.low)] or [(0, 0)]
        self._starts = [s for s, _ in self.sentences]
        self.hits: list[Hit] = []
        self.cleared: list[tuple[str, int, int]] = []
        """``(code, start, end)`` of wordings a rule looked at and deliberately let
        through (a real question with warmth after it): the coach model may not
        raise that code there (:func:`exercises.i_statements.analyzer.analyze`)."""
        self.request_spans: list[tuple[int, int]] = []
        self.need_spans: list[tuple[int, int]] = []
        self.shout_free: bool | None = None  # no three capitals in a row (rules._shouting)
        self._breaks: list[int] | None = None
        self._lexicon_hits = P.LEXICONS.find_all(
            self.low, self.keys, self.token_starts, self.token_ends)
        self._at_found = self._at_pass()
        self._positive: list[int] | None = None  # found on the first call to warm()
        self._warm: dict[int, bool] = {}

    @cached_property
    def tokens(self) -> list[lx.Token]:
        """``[(key, start, end), ...]`` (:func:`lexicon.tokenize`), made when first asked for."""
        return list(zip(self.keys, self.token_starts, self.token_ends, strict=True))

    @cached_property
    def mostly_capitals(self) -> bool | None:
        """Are at least half the letters of the text capitals (``str.isalpha`` /
        ``str.isupper``)? Counted when first asked for (:func:`_shouting`), at C
        level: for ASCII text by deleting the other bytes (``bytes.translate``),
        about a hundredth of the cost of a loop over the characters of 2,000."""
        src = self.src
        if src.isascii():
            raw = src.encode("ascii")
            return len(raw.translate(None, _NOT_UPPER)) * 2 >= len(raw.translate(None, _NOT_LETTER))
        letters = list(filter(str.isalpha, src))
        return sum(map(str.isupper, letters)) * 2 >= len(letters)

    def sentence(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence containing character *pos*."""
        if len(self.sentences) == 1:  # most statements: no search
            return self.sentences[0]
        return self.sentences[max(0, bisect.bisect_right(self._starts, pos) - 1)]

    def clause_start(self, s0: int, pos: int) -> int:
        """Offset just after the last ``, ; : —`` in ``[s0, pos)``, else *s0*.

        The breaks are found once per statement (one scan) and looked up by bisection.
        """
        if self._breaks is None:
            self._breaks = [m.start() for m in _BREAK_RE.finditer(self.low)]
        i = bisect.bisect_left(self._breaks, pos) - 1
        return self._breaks[i] + 1 if i >= 0 and self._breaks[i] >= s0 else s0

    def add(self, code: str, start: int, end: int, explanation: str) -> None:
        self.hits.append((code, start, end, explanation))
        if code == "insult" and self._warm:  # a sentence with contempt is no appreciation
            self._warm.clear()

    def has(self, code: str, start: int, end: int) -> bool:
        """Is there a hit of *code* overlapping ``[start, end)``?"""
        # A few hits: a plain loop costs less than any() over a generator.
        for hit in self.hits:  # noqa: SIM110
            if hit[0] == code and hit[1] < end and start < hit[2]:
                return True
        return False

    def _at_pass(self) -> list[list[re.Match[str]]]:
        """The matches of every pattern of ``P.AT_ONE_PASS`` (by its place there), in
        order: one pass over the tokens, trying at each trigger word the patterns that
        may open with it (``P.AT_BY_WORD``); a statement without trigger words costs
        one C-level look-up per token."""
        found: list[list[re.Match[str]]] = [[] for _ in P.AT_ONE_PASS]
        low, starts, keys, by_word = self.low, self.token_starts, self.keys, P.AT_BY_WORD
        for i in compress(count(), map(by_word.__contains__, keys)):
            start = starts[i]
            for slot, match in by_word[keys[i]]:
                m = match(low, start)
                if m:
                    found[slot].append(m)
        return found

    def at(self, regex: re.Pattern[str], triggers: frozenset[str]) -> list[re.Match[str]]:
        """Matches of *regex*, in order, tried only where a token in *triggers* starts.

        At each word only the top-level branches of *regex* that can open with that
        word are tried (:func:`patterns.narrowed`): the same matches, fewer attempts.
        The patterns of ``P.AT_ONE_PASS`` with their own triggers were all tried in
        one pass when the scan was made (:meth:`_at_pass`); the list returned is then
        shared, not to be changed.
        """
        known = P.AT_SLOTS.get(id(regex))
        if known is not None and known[1] is triggers:
            return self._at_found[known[0]]
        if triggers.isdisjoint(self.words):
            return []
        keys = self.words & triggers
        low, positions, out = self.low, self.positions, []
        table = P.NARROWED.get(id(regex)) or P.narrowed_table(regex)
        for key in keys:
            narrow = table[key] if key in table else P.narrowed(regex, key)
            if narrow is None:
                continue
            match = narrow.match
            for start in positions[key]:
                m = match(low, start)
                if m:
                    out.append(m)
        if len(keys) > 1:
            out.sort(key=re.Match.start)
        return out

    def starts(self, triggers: frozenset[str]) -> list[int]:
        """Start offsets, in order, of the tokens whose key is in *triggers*."""
        keys = self.words & triggers
        if not keys:
            return []
        if len(keys) == 1:
            return self.positions[next(iter(keys))]
        return sorted(s for k in keys for s in self.positions[k])

    def find(self, index: lx.PhraseIndex) -> list[tuple[int, int, str]]:
        """Occurrences ``(start, end, key)`` of one word list (see ``P.LEXICONS``)."""
        return self._lexicon_hits[index]

    def positives(self) -> list[int]:
        """Start offsets of the words of warmth, found on the first call (once per statement)."""
        if self._positive is None:
            low = self.low
            self._positive = [
                s for s, e, key in self.find(P.POSITIVE_INDEX)
                if not P.HARM_GERUND_AFTER.match(low, e)
                and not P.EXPECTED_OF_ME_BEFORE.search(low, max(0, s - 40), s)
                and (key not in P.WARM_ONLY_AFTER_ME
                     or P.ME_BEFORE_END.search(low, max(0, s - 12), s))
                and (key not in P.FEEL_ONLY_WARM
                     or P.FEEL_BEFORE_END.search(low, max(0, s - 40), s))
                and (key not in P.PRAISE_WORDS
                     or not P.LONE_CLAUSE_BEFORE_END.search(low, max(0, s - 12), s)
                     or not P.LONE_CLAUSE_AFTER.match(low, e))
                and (key not in P.WARM_ONLY_AFTER_MAKE
                     or P.MAKE_BEFORE_END.search(low, max(0, s - 40), s))
                and (key not in P.WARM_NOT_AFTER_SUBJECT
                     or not P.SUBJECT_BEFORE_END.search(low, max(0, s - 20), s))
                and (key not in P.WISH_ONLY_KEYS  # "never change", not "you'll never change"
                     or P.WISH_BEFORE_END.search(low, max(0, s - 12), s))
            ]
            if not self.words.isdisjoint(P.CARE_ACT_GATES):  # "you always save me the last bit"
                care = [m.start() for m in P.CARE_ACT_RE.finditer(low)]
                if care:
                    self._positive = sorted(self._positive + care)
        return self._positive

    def negated(self, start: int, end: int) -> bool:
        """Is there a negation in ``[start, end)`` (character offsets) other than one that
        belongs to the warmth ("never change", "I don't say it enough": ``P.WARM_NEGATION_RE``)?"""
        m = P.NEGATION_RE.search(self.low, start, end)
        if m is None:
            return False
        kept = [w.span() for w in P.WARM_NEGATION_RE.finditer(self.low, start, end)]
        if not kept:
            return True
        return any(not inside(kept, n.start())
                   for n in P.NEGATION_RE.finditer(self.low, m.start(), end))

    @cached_property
    def praise_costs(self) -> list[re.Match[str]]:
        """The costs to the speaker in the statement, in order, found on first use:
        ``P.PRAISE_COST_RE`` (a delay, the speaker's wait, the praise taken back) and a harm
        praise was said of (``P.PRAISE_HARM_RE`` as a gerund: "you're a real genius,
        forgetting the passports"; not the speaker's "I clean forgot")."""
        return self.costs_within(0, len(self.low))

    def costs_within(self, start: int, end: int) -> list[re.Match[str]]:
        """:attr:`praise_costs` found in ``low[start:end]`` only (character offsets), in
        order: what :func:`_praise_at_a_cost` reads after each praise, so a long message
        is searched only around its praise."""
        low = self.low
        costly = not self.words.isdisjoint(P.PRAISE_COST_WORDS) or ":" in low
        found = [*(P.PRAISE_COST_RE.finditer(low, start, end) if costly else ()),
                 *(m for m in P.PRAISE_HARM_RE.finditer(low, start, end)
                   if _GERUND_RE.match(m.group()))]
        return sorted(found, key=re.Match.start) if found else found

    @cached_property
    def never_praise(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each "never" with a harm after it that is praise ("you never
        let me down", "thanks for never giving up on us"; ``P.NEVER_PRAISE_AFTER``), with no
        sting later in its sentence ("..., except when I need you"); found once, on first use."""
        out = []
        for start in self.positions.get("never", ()):
            m = P.NEVER_PRAISE_AFTER.match(self.low, start + 5)
            if m and not P.NEVER_PRAISE_STING.search(self.low, m.end(), self.sentence(start)[1]):
                out.append((start, m.end()))
        return out

    def praised_never(self, start: int, end: int) -> bool:
        """Does a "never" of praise (:attr:`never_praise`) start in ``[start, end]``?"""
        return "never" in self.words and any(start <= a <= end for a, _ in self.never_praise)

    def warm(self, pos: int) -> bool:
        """Is *pos* in a sentence of appreciation ("you always make me laugh", "you never
        let me down": warm words and no negation but the warmth's own, or a "never" of
        praise)? A clause opened by "but" and a partner ("..., but you always leave your
        dishes") is read on its own (``P.BUT_CLAUSE_RE``)."""
        s, e = self.sentence(pos)
        if "but" in self.words:  # "..., but you always leave ...": a clause of its own
            for m in P.BUT_CLAUSE_RE.finditer(self.low, s, e):
                if m.end() <= pos:
                    s = m.end()
                elif m.start() > pos:
                    e = m.start()
                    break
        if s not in self._warm:
            self._warm[s] = bool(
                (
                    (any(s <= q < e for q in (
                        self._positive if self._positive is not None else self.positives()))
                     and not self.negated(s, e))
                    or self.praised_never(s, e)
                )
                and not self.has("insult", s, e)
            )
        return self._warm[s]


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is *pos* inside one of *spans* (``(start, end)``, end exclusive)?"""
    # None or a few spans: a plain loop costs less than any() over a generator.
    for s, e in spans:  # noqa: SIM110
        if s <= pos < e:
            return True
    return False


def clause_end(low: str, pos: int, limit: int) -> int:
    m = P.CLAUSE_END_RE.search(low, pos, limit)
    return m.start() if m else limit


def find_contempt(sc: Scan) -> None:
    """Name-calling, character labels, sarcasm, mockery, eye-roll emoji (Gottman: contempt)."""
    low = sc.low
    typed = _typed_insults(sc)
    for start, end, key in _with_typed(sc.find(P.ADJ_INDEX), typed, P.ADJ_INDEX):
        if P.OF_ME_AFTER.match(low, end):
            continue  # "Petty of me, I know": the speaker judging themselves
        s0, _ = sc.sentence(start)
        cut = max(s0, start - 60)
        prefix = low[cut:start]
        if key in P.LIKE_MAD_WORDS and P.LIKE_MAD_END.search(prefix):
            continue  # "miss you like crazy": "a lot", not a name
        if P.FIRST_PERSON_END.search(prefix) or _aimed_at_speaker(low, prefix, end):
            continue
        if P.REPORTED_OF_ME_END.search(prefix):
            continue  # "my boss called me lazy": someone else's word, reported
        if P.IMPERSONAL_END.search(prefix) and _fond_before(sc, s0, start):
            continue  # "i fancy you so much it's embarrassing": the speaker's own fondness
        anchor = P.ADJ_ANCHOR_END.search(prefix)
        if (
            anchor
            or (cut == s0 and P.SENTENCE_OPENER_END.match(prefix))
            or P.OF_YOU_AFTER.match(low, end)
            or (P.COPULA_END.search(prefix) and P.MENTIONS_YOU_RE.search(prefix)
                # not said of a thing: "you picked the restaurant, the lamb was unreal"
                and not (P.THING_SUBJECT_START.match(low, (c := sc.clause_start(cut, start)))
                         and not P.MENTIONS_YOU_RE.search(low, c, start)))
        ):
            sc.add("insult", start, end, EXPLAIN["name"])
            if anchor and P.MENTIONS_YOU_RE.search(anchor.group()):
                sc.add("you_blame", cut + anchor.start(), end, EXPLAIN["name"])
            elif asked := P.ASKED_YOU_END.search(prefix):
                sc.add("you_blame", cut + asked.start(), end, EXPLAIN["name"])
    for index, needs_you in ((P.NOUN_INDEX, False), (P.NOUN_YOU_INDEX, True)):
        for start, end, _ in _with_typed(sc.find(index), typed, index):
            s0, _ = sc.sentence(start)
            cut = max(s0, start - 60)
            prefix = low[cut:start]
            then_you = P.NAME_THEN_YOU_AFTER.match(low, end)  # "the useless lump you are"
            if P.FIRST_PERSON_END.search(prefix) and not then_you:
                continue
            you = P.YOU_NOUN_END.search(prefix)
            if then_you:
                sc.add("insult", start, end, EXPLAIN["name"])
                sc.add("you_blame", start, then_you.end(), EXPLAIN["name"])
                continue
            if needs_you and not (you or P.LIKE_A_END.search(prefix)):
                after = P.YOU_NEXT_AFTER.match(low, end) if P.WHAT_A_END.search(prefix) else None
                if after is None:
                    continue
                sc.add("insult", start, end, EXPLAIN["name"])  # "what a tool, you told her"
                sc.add("you_blame", start, after.end(), EXPLAIN["name"])
                continue
            if you and prefix.endswith(("you ", "u ")) and P.NOUN_AS_VERB_AFTER.match(low, end):
                continue  # "when you joke about my job": a verb, not a name
            if P.OF_ME_AFTER.match(low, end) or _aimed_at_speaker(low, prefix, end):
                continue  # "bit of an eejit moment from me": the speaker on themselves
            if P.REPORTED_OF_ME_END.search(prefix):
                continue  # "when your sister said I was 'a bit of an idiot'": hers, reported
            if (simile := P.FOND_SIMILE_END.search(low, s0, start)) and not (
                    P.PARTNER_WORD_RE.search(low, s0, simile.start())
                    or P.TAG_QUESTION_RE.search(low, end, sc.sentence(start)[1])):
                continue  # "grinning like an idiot because you texted": the speaker's own face
            sc.add("insult", start, end, EXPLAIN["name"])
            asked = you or P.ASKED_YOU_END.search(prefix)
            if asked:
                sc.add("you_blame", cut + asked.start(), end, EXPLAIN["name"])
    if not sc.words.isdisjoint(P.CHARACTER_ROLE_WORDS) and not sc.words.isdisjoint(
        P.CHARACTER_LABEL_GATE
    ):  # "you are a bad father", "ur a useless cook"
        for m in P.CHARACTER_LABEL_RE.finditer(low):
            sc.add("insult", m.start(), m.end(), EXPLAIN["name"])
            sc.add("you_blame", m.start(), m.end(), EXPLAIN["name"])
    _fake_care_and_dismissal(sc)
    surprise: list[tuple[int, int]] = []  # mock surprise or praise: (start, end)
    delighted: list[int] = []  # starts of "oh wow" and the like read as delight
    for start, end, key in sc.find(P.SARCASM_INDEX):
        # "you're pathetic" is a label on the partner, not irony: its note says so.
        label = key.rpartition(" ")[2] in P.CHARACTER_ADJECTIVES
        if key in P.DELIGHT_KEYS:  # decided once the other contempt is known
            surprise.append((start, end))
            continue  # "oh wow, you framed our wedding photo? it's beautiful"
        sc.add("insult", start, end, EXPLAIN["name" if label else "sarcasm"])
        if P.TARGETED_SARCASM_RE.search(key):  # "are you stupid", "typical you": at the partner
            sc.add("you_blame", start, end, EXPLAIN["name"])
    for m in sc.at(P.SARCASM_EXTRA_RE, P.SARCASM_EXTRA_TRIGGERS):
        if sc.praised_never(m.start(), m.end()):
            continue  # "thanks for never giving up on us": sincere
        sc.add("insult", m.start(), m.end(), EXPLAIN["sarcasm"])
        if P.THANKS_FOR_HARM_RE.match(low, m.start(), m.end()):  # "thx for ignoring me"
            sc.add("you_blame", m.start(), m.end(), EXPLAIN["sarcasm"])
    if "/s" in low:
        for m in P.SLASH_S_RE.finditer(low):
            sc.add("insult", m.start(), m.end(), EXPLAIN["sarcasm"])
    if not low.isascii():  # emoji are never ASCII: skip two scans of the whole text
        for m in P.EMOJI_RE.finditer(low):
            sc.add("insult", m.start(), m.end(), EXPLAIN["sarcasm"])
        for m in P.AIMED_EMOJI_RE.finditer(low):  # a facepalm about oneself is not contempt
            s0, _ = sc.sentence(m.start())
            if P.MENTIONS_YOU_RE.search(low, s0, m.start()):
                sc.add("insult", m.start(), m.end(), EXPLAIN["sarcasm"])
    if not sc.words.isdisjoint(P.MOCK_PRAISE_TRIGGERS):
        for s0, _ in sc.sentences:  # mock praise opens a sentence
            praise = P.MOCK_PRAISE_RE.match(low, s0)
            if praise:
                surprise.append((praise.start(), praise.end()))
    for m in sc.at(P.MOCKERY_RE, P.MOCKERY_TRIGGERS):
        sc.add("insult", m.start(), m.end(), EXPLAIN["sarcasm"])
    if '"' in low or " '" in low:  # scare quotes, not the apostrophe of "don't"
        for m in P.SCARE_QUOTES_RE.finditer(low):
            sc.add("insult", m.start(), m.end(), EXPLAIN["sarcasm"])
    if not sc.words.isdisjoint(P.MOCK_IMPORTANCE_WORDS):
        for m in P.MOCK_IMPORTANCE_RE.finditer(low):
            sc.add("insult", m.start(), m.end(), EXPLAIN["sarcasm"])
    doubts = [] if sc.words.isdisjoint(P.DOUBT_GATES) else sc.at(
        P.INSULT_DOUBT_RE, P.INSULT_DOUBT_TRIGGERS)
    if doubts:  # "Who raised you? I'd love to meet them": a real question, warm after it
        kept = []
        for m in doubts:
            warm_after = [sc.sentence(p)[1] for p in sc.positives()
                          if sc.warm(p) and sc.sentence(p) != sc.sentence(m.start())]
            if not warm_after:
                kept.append(m)
                continue  # let through: the question and the warm words after it
            sc.cleared += [(code, m.start(), max(warm_after)) for code in ("insult", "you_blame")]
        doubts = kept
    competence = [] if sc.words.isdisjoint(P.COMPETENCE_GATES) else sc.at(
        P.COMPETENCE_DOUBT_RE, P.COMPETENCE_DOUBT_TRIGGERS)  # "are you incapable of ...?"
    for m in (*sc.at(P.INSULT_QUESTION_RE, P.INSULT_QUESTION_TRIGGERS), *doubts, *competence):
        if low.startswith("who", m.start()) and P.SELF_ANSWER_AFTER.match(low, m.end()):
            sc.cleared += [(code, m.start(), m.end()) for code in ("insult", "you_blame")]
            continue  # "Who forgets their own kid's name? Me, apparently": the speaker's own
        sc.add("insult", m.start(), m.end(), EXPLAIN["rhetorical"])
        sc.add("you_blame", m.start(), m.end(), EXPLAIN["rhetorical"])
    for m in sc.at(P.MOCK_THANKS_RE, P.MOCK_THANKS_TRIGGERS):
        if sc.praised_never(m.start(), m.end()):
            continue  # "thanks for never giving up on us": sincere
        sc.add("insult", m.start(), m.end(), EXPLAIN["sarcasm"])
        sc.add("you_blame", m.start(), m.end(), EXPLAIN["sarcasm"])
    # mock praise standing as a short sentence after a charge ("... Really touching.")
    for s0, s1 in sc.sentences[1:]:
        sting = P.STING_RE.match(low, s0, s1) if s1 - s0 <= P.STING_MAX_CHARS else None
        if sting:
            sc.add("insult", sting.start(1), sting.end(1), EXPLAIN["sarcasm"])
            sc.add("you_blame", sting.start(1), sting.end(1), EXPLAIN["sarcasm"])
    _sting_after_comma(sc)
    for start, end in surprise:  # mock surprise or praise, unless sincere delight
        if not _delight(sc, start, end):
            sc.add("insult", start, end, EXPLAIN["sarcasm"])
        elif P.DOUBLE_BANG_RE.search(low, start, sc.sentence(start)[1]):
            delighted.append(start)  # "oh wow you remembered!!": no warm word, yet delight
    _mock_celebration_and_praise(sc)
    _praise_at_a_cost(sc)
    _praise_taken_back(sc)
    _aimed_contempt_is_blame(sc)
    # Only the sentences holding a trigger word are scanned, from the punctuation
    # before each (the pattern is anchored on it).
    seen = -1
    for pos in sc.starts(P.STANDALONE_TRIGGERS):
        s0, s1 = sc.sentence(pos)
        if s0 <= seen:
            continue
        seen = s0
        for m in P.STANDALONE_RE.finditer(low, max(0, s0 - 1), s1):
            g = 1 if m.group(1) else 2
            if m.group(g) in P.PRAISE_RETORTS and not _any_word(low, 0, m.start(g)):
                continue  # "nice one" as a whole reply: nothing before it to mock
            if _delight(sc, m.start(g), m.end(g)):
                continue  # "wow!! the kitchen looks amazing": delight, warm after it
            sc.add("insult", m.start(g), m.end(g), EXPLAIN["sarcasm"])
    _sincere_praise(sc, delighted)


def _sincere_praise(sc: Scan, delighted: list[int]) -> None:
    """Sentences of sincere praise the coach model may not call contempt or blame
    (``Scan.cleared``): a kindness done for the speaker ("you always remember which biscuits
    my mum likes", ``P.CARE_ACT_RE``), the partner's worth ("what would I do without you",
    "never change"; ``P.WORTH_KEYS``), a fond name ("you absolute legend", ``P.FOND_NAME_RE``)
    or tears of joy ("oh wow, you wrote me a poem? I'm actually crying"), in a sentence of
    appreciation (:meth:`Scan.warm`: no insult found there); or surprise shouted in delight
    (*delighted*: start offsets of "oh wow" and the like that :func:`_delight` let through
    for its "!!": "oh wow you remembered!!"). Not when something after it takes it back: a
    sting (:func:`_stung`), a cost to the speaker (:attr:`Scan.praise_costs`), an
    intensifier in capitals. Gottman: fondness and admiration, the antidote to contempt,
    are not to be coached as contempt."""
    low = sc.low
    marks = [s for s, _, key in sc.find(P.POSITIVE_INDEX) if key in P.WORTH_KEYS]
    if not sc.words.isdisjoint(P.CARE_ACT_GATES):
        marks += [m.start() for m in P.CARE_ACT_RE.finditer(low)]
        if not sc.words.isdisjoint(P.FOND_NAME_GATES):  # "cheers, you absolute legend"
            marks += [m.start() for m in P.FOND_NAME_RE.finditer(low)]
    if not (marks or delighted) or sc.praise_costs or P.SHOUTED_INTENSIFIER_RE.search(sc.src):
        return
    marks += delighted
    done: set[int] = set()
    for pos in marks:
        s0, s1 = sc.sentence(pos)
        if s0 in done or not (pos in delighted or sc.warm(pos)) or _stung(sc, pos):
            continue
        done.add(s0)
        sc.cleared += [("insult", s0, s1), ("you_blame", s0, s1)]


def _stung(sc: Scan, pos: int) -> bool:
    """Is there a sting after *pos* (``P.DELIGHT_STING_RE``), other than a negation that
    belongs to the warmth ("never change", "I don't say it enough": ``P.WARM_NEGATION_RE``)?"""
    low = sc.low
    kept = [m.span() for m in P.WARM_NEGATION_RE.finditer(low, pos)]
    return any(not inside(kept, m.start()) for m in P.DELIGHT_STING_RE.finditer(low, pos))


def _praise_at_a_cost(sc: Scan) -> None:
    """Praise, thanks or surprise with a cost to the speaker after it: mockery with no insult
    word (Gottman: contempt). Who paid for the act tells sincere from mock: "thanks for the
    lift, it was lovely waiting two hours outside", "great parenting, letting them stay up
    while I'm on nights", "whoa, you noticed my haircut. three weeks later", "nobody listens
    like you do, which is to say never" (:attr:`Scan.praise_costs`); praise with a benefit to the
    speaker ("thanks for waiting two hours with me at A&E") is not. The cost comes after a
    clause break that follows the praise, in its sentence or the next one (a delay may come
    at once: "thanks for replying nine hours later"). Praise of the partner's role with the
    act as a bare gerund is mockery too ("Fantastic parenting, giving him Coke at 9pm",
    ``P.PRAISED_ROLE_ACT_RE``). Records ``insult`` from the praise to the end of the cost;
    blame is added where the sentence is about the partner (:func:`_aimed_contempt_is_blame`)."""
    low = sc.low
    if not sc.words.isdisjoint(P.PRAISED_ROLE_WORDS):
        for s0, s1 in sc.sentences:
            role = P.PRAISED_ROLE_ACT_RE.match(low, s0, s1)
            if role:  # "Fantastic parenting, giving him Coke at 9pm": the act is the cost
                sc.add("insult", role.start(), role.end(), EXPLAIN["sarcasm"])
    anchors = sorted({*sc.positives(), *sc.starts(P.PRAISE_ANCHOR_WORDS), *(
        (s0 for s0, _ in sc.sentences if P.SURPRISE_OPEN_RE.match(low, s0))
        if not sc.words.isdisjoint(P.SURPRISE_OPEN_WORDS) else ()), *(
        (m.start() for m in P.HABIT_PRAISE_RE.finditer(low))
        if not sc.words.isdisjoint(P.HABIT_PRAISE_WORDS) else ())})
    # a cost counts after praise in its sentence or the next one: search only there
    costs: list[re.Match[str]] = []
    last = -1
    for i in sorted({max(0, bisect.bisect_right(sc._starts, p) - 1) for p in anchors}):
        lo = max(sc.sentences[i][0], last)
        last = sc.sentences[min(i + 1, len(sc.sentences) - 1)][1]
        costs += sc.costs_within(lo, last)
    for m in costs:
        i = max(0, bisect.bisect_right(sc._starts, m.start()) - 1)  # the cost's sentence
        first = sc.sentences[max(0, i - 1)][0]  # praise in it or in the one before
        praise = [p for p in anchors if first <= p < m.start()
                  and ((m.re is P.PRAISE_COST_RE and m.group("delay"))
                       or _BREAK_OR_STOP_RE.search(low, p, m.start()))]
        if praise and not sc.has("insult", praise[0], m.end()):
            sc.add("insult", praise[0], m.end(), EXPLAIN["sarcasm"])


_BREAK_OR_STOP_RE = re.compile("[,;:.!?\u2014\n]")
_GERUND_RE = re.compile(r"[a-z]+ing\b")


def _praise_taken_back(sc: Scan) -> None:
    """Praise taken back later in its sentence ("you're always there for me, except when I
    actually need you"; ``P.PRAISE_TAKEN_BACK_RE``): mockery (Gottman: contempt). Records
    ``insult`` from the warm word to the end of the words that take it back."""
    if sc.words.isdisjoint(P.PRAISE_TAKEN_BACK_WORDS) or not P.PRAISE_TAKEN_BACK_RE.search(sc.low):
        return
    done = -1
    for p in sc.positives():
        s0, s1 = sc.sentence(p)
        if s0 <= done:
            continue
        m = P.PRAISE_TAKEN_BACK_RE.search(sc.low, p, s1)
        if m:
            done = s0
            sc.add("insult", p, m.end(), EXPLAIN["sarcasm"])


def _fond_before(sc: Scan, s0: int, start: int) -> bool:
    """Is there a warm word (:meth:`Scan.positives`) in ``[s0, start)`` (character offsets in
    one sentence) with no negation and no contempt there: the speaker's fondness that an
    "it's embarrassing" after it is about ("i miss you so much it's pathetic")? True or False."""
    return any(s0 <= p < start for p in sc.positives()) and not (
        P.NEGATION_RE.search(sc.low, s0, start) or sc.has("insult", s0, start))


def _delight(sc: Scan, start: int, end: int) -> bool:
    """Is the surprise or praise at ``[start, end)`` (character offsets) sincere delight:
    warm words after it, in a sentence of appreciation ("oh wow, you framed our wedding
    photo? it's beautiful", "well done you! ... that's brilliant"), and no sting
    anywhere after it (``P.DELIGHT_STING_RE``: "shame it was beans on toast", "for once")?
    True or False. Mock surprise at an ordinary act has no warmth after it ("Wow, you
    remembered. After only twelve years")."""
    if P.DELIGHT_STING_RE.search(sc.low, end) or P.SHOUTED_INTENSIFIER_RE.search(sc.src, start):
        return False
    s1 = sc.sentence(start)[1]
    if (P.DOUBLE_BANG_RE.search(sc.low, start, s1) and not P.MOCK_SURPRISE_WORDS_RE.search(
            sc.low, start, s1) and not sc.praise_costs):
        return True  # "oh wow!! you remembered our song": delight shouted, nothing taken back
    return any(p >= end and sc.warm(p) for p in sc.positives())


def _any_word(low: str, start: int, end: int) -> bool:
    """Does ``low[start:end]`` hold a letter or digit?"""
    return any(c.isalnum() for c in low[start:end])


def _sting_after_comma(sc: Scan) -> None:
    """Mock praise, thanks or honour as the last comma clause of a sentence, after words
    that carry a harm (Gottman: contempt): "locked out again, real impressive babe", "ur late
    AGAIN n didnt even ring, cheers 4 that", "A whole phone call, I'm flattered." The clause
    is short (``P.STING_MAX_CHARS``); the harm is ``P.SNIDE_HARM_RE`` in the sentence before
    it. Honour claimed (``P.FLATTERED_RE``) counts only in a statement asking for nothing.
    Records ``insult`` and ``you_blame`` on the clause."""
    low = sc.low
    found = sc.words & P.STING_WORDS
    if not found:
        return
    flattered = not sc.words.isdisjoint(P.FLATTERED_WORDS) and sc.words.isdisjoint(P.ASKING_WORDS)
    # only the sentences holding a sting word, each once
    for s0, s1 in sorted({sc.sentence(p) for w in found for p in sc.positions[w]}):
        comma = low.rfind(",", s0, s1)
        if comma > s0 and P.ADDRESS_ONLY_RE.match(low, comma + 1, s1):
            comma = low.rfind(",", s0, comma)  # "..., very impressive, hun"
        if comma < 0 or s1 - comma > P.STING_MAX_CHARS:
            continue
        sting = P.STING_RE.match(low, comma + 1, s1) or (
            P.FLATTERED_RE.match(low, comma + 1, s1) if flattered else None)
        if sting and P.SNIDE_HARM_RE.search(low, s0, comma):
            sc.add("insult", sting.start(1), sting.end(1), EXPLAIN["sarcasm"])
            sc.add("you_blame", sting.start(1), sting.end(1), EXPLAIN["sarcasm"])


def _typed_insults(sc: Scan) -> dict[lx.PhraseIndex, list[tuple[int, int, str]]]:
    """Insult words typed in a hurry that the word lists do not hold, by the index of
    the word meant: ``{index: [(start, end, word), ...]}`` (character offsets).

    A word no list knows is read through :func:`typed_insult` (drawn-out letters, one
    slip) and kept where it stands in a name's slot (after "so", "such a", "a total",
    "you" ...: ``P.INSULT_SLOT_BEFORE``); a word with characters standing in for
    letters ("b*tch", "tw@t"), which the tokens split, is matched by pattern
    (:func:`censored_insult`).
    Source: data/blame_and_insults.json, "typed_insults".
    """
    out: dict[lx.PhraseIndex, list[tuple[int, int, str]]] = {}
    keys = sc.keys
    known = P.INSULT_WORD_INDEX
    # Each distinct word is read once, then remembered as no insult (known words too),
    # so a statement of words seen before costs one C-level set difference.
    new = sc.words.difference(_NOT_TYPED)
    if new:
        for key in new:
            word = None if key in known or len(key) < 4 else typed_insult(key)
            if word is None:
                _NOT_TYPED.add(key)
                continue
            for start in sc.positions[key]:  # in a name's slot only: "such a moronn"
                i = bisect.bisect_left(sc.token_starts, start)
                if i and keys[i - 1] in P.INSULT_SLOT_BEFORE:
                    out.setdefault(known[word], []).append((start, sc.token_ends[i], word))
        if len(_NOT_TYPED) >= TYPED_MEMO_SIZE:
            _NOT_TYPED.clear()
    low = sc.low
    marks: list[int] = []
    if "*" in low or "#" in low or "$" in low or "@" in low:
        marks = [m.start() for m in P.CENSOR_MARK_RE.finditer(low)]
    if "!" in low or "-" in low:
        marks = sorted([*marks, *(m.start() for m in P.CENSOR_INNER_RE.finditer(low))])
    last = 0
    for start in marks:
        if start < last or start == 0 or not low[start - 1].isalpha():
            continue  # "*itch" is left alone: two real letters must lead
        while start > 0 and low[start - 1].isalpha():
            start -= 1
        rest = P.CENSORED_REST_RE.match(low, start)  # always matches (a starred class)
        last = rest.end() if rest else start + 1
        text = low[start:last]
        word = censored_insult(text)
        if word:
            end = last - (len(text) - len(text.rstrip("!-")))
            out.setdefault(known[word], []).append((start, end, word))
    return out


_NOT_TYPED: set[str] = set()
"""Words found to be no typed insult, known insult words included (at most
:data:`TYPED_MEMO_SIZE`, then forgotten all at once; about a megabyte)."""
TYPED_MEMO_SIZE = 16384


def typed_insult(key: str) -> str | None:
    """The insult word of the lists meant by the token *key*, or None.

    A run of three or more of one letter may stand for one or two ("stupiddd",
    "lazyyy", "losssserrr"); a word of five letters or more may carry one typing slip
    (``P.INSULT_SLIPS``, the :class:`lexicon.FuzzyIndex` also used for feeling words;
    "idoit", "selfsih"), never an ordinary word listed as one slip away ("think" is
    not "thick").
    """
    known = P.INSULT_WORD_INDEX
    if P.DRAWN_OUT_RE.search(key):
        shapes = {key}
        for _ in range(3):  # at most three runs squeezed, each to one or two letters
            shapes = {
                s for shape in shapes for s in (
                    P.DRAWN_OUT_RE.sub(r"\1", shape, count=1),
                    P.DRAWN_OUT_RE.sub(r"\1\1", shape, count=1),
                )
            }
        for shape in sorted(shapes, key=len):
            if shape in known:
                return shape
        for shape in sorted(shapes, key=len):
            slip = P.INSULT_SLIPS.get(shape)
            if slip:
                return slip
        return None
    return P.INSULT_SLIPS.get(key) if len(key) >= 5 else None


def censored_insult(word: str) -> str | None:
    """The insult word of the lists that *word*, with characters standing in for
    letters (``P.CENSOR_CHARS``: "b*tch", "a**hole", "tw@t"), spells, one character
    for one letter; the first in list order when several fit (all are names); None
    unless *word* keeps at least two real letters, the first of them leading ("*itch"
    is not read). Trailing "!" and "-" are punctuation, not letters ("tw@t!")."""
    for shape in dict.fromkeys((word, word.rstrip("!-"))):
        letters = sum(c.isalpha() for c in shape)
        if letters < 2 or letters == len(shape):
            continue
        fits = [
            w for w in P.INSULTS_BY_SHAPE.get((len(shape), shape[0]), ())
            if all(a == b or a in P.CENSOR_CHARS for a, b in zip(shape, w, strict=True))
        ]
        if fits:  # "tw@t" is "twat" or "twit": a name either way
            return fits[0]
    return None


def _with_typed(found: list[tuple[int, int, str]],
                typed: dict[lx.PhraseIndex, list[tuple[int, int, str]]],
                index: lx.PhraseIndex) -> list[tuple[int, int, str]]:
    """*found* (a word list's hits) with the typed insults of *index* added, in order."""
    extra = typed.get(index)
    return sorted([*found, *extra]) if extra else found


def _fake_care_and_dismissal(sc: Scan) -> None:
    """Contempt without an insult word (Gottman: contempt is also dismissal and
    mockery): asking the partner to fake care ("could u maybe pretend to care",
    "at least act interested"), and a passive-aggressive dismissal, two of its signs
    together ("its fine whatever, do what u want, u will anyway": leave given, the
    partner doing it regardless, the speaker's say discounted, a lone "whatever").
    Both are criticism of the partner too, so each also counts as blame."""
    low = sc.low
    for m in sc.at(P.FAKE_CARE_RE, P.FAKE_CARE_TRIGGERS):
        s0, _ = sc.sentence(m.start())
        if P.FAKE_CARE_LEFT_RE.search(low[s0 : m.start()]):
            sc.add("insult", m.start(), m.end(), EXPLAIN["sarcasm"])
            sc.add("you_blame", m.start(), m.end(), EXPLAIN["sarcasm"])
    words = sc.words
    kinds = (  # the kinds of sign whose words occur: two are needed
        ("do" in words and not words.isdisjoint(_LEAVE_WORDS))
        + (not words.isdisjoint(P.DISMISSAL_ANYWAY_WORDS))
        + ("always" in words and "do" in words)
        + ("not" in words and not words.isdisjoint(_SAY_WORDS))
        + ("whatever" in words)
    )
    if kinds < 2:
        return
    signs: list[tuple[int, int]] = []  # one span per kind of sign found
    if "do" in words:
        leave = sc.at(P.DISMISSAL_LEAVE_RE, _DO)
        if leave:
            signs.append(leave[0].span())
    for pos in sc.starts(P.DISMISSAL_ANYWAY_WORDS):
        s0, _ = sc.sentence(pos)
        you = P.DISMISSAL_ANYWAY_END.search(low, max(s0, pos - 50), pos)
        if you:
            signs.append((you.start(), pos + 6))
            break
    for pos in sc.positions.get("always", ()):
        if P.DISMISSAL_ALWAYS_DO_RE.match(low, pos) and P.DISMISSAL_YOU_END.search(
                low, max(0, pos - 6), pos):
            signs.append((pos, pos + 9))
            break
    if "not" in words:
        say = sc.at(P.DISMISSAL_SAY_RE, _NOT)
        if say:
            signs.append(say[0].span())
    for pos in sc.positions.get("whatever", ()):
        if P.DISMISSAL_WHATEVER_AFTER.match(low, pos) and P.DISMISSAL_WHATEVER_END.search(
                low, max(0, pos - 8), pos):
            signs.append((pos, pos + 8))
            break
    if len(signs) >= 2:
        start, end = min(s for s, _ in signs), max(e for _, e in signs)
        sc.add("insult", start, end, EXPLAIN["dismissal"])
        sc.add("you_blame", start, end, EXPLAIN["dismissal"])


_DO = frozenset({"do"})
_LEAVE_WORDS = frozenset({"want", "like", "please", "wish"})
_SAY_WORDS = frozenset({"matters", "matter", "counts", "count", "care", "anything", "say", "vote",
                        "choice"})
_NOT = frozenset({"not"})


def _aimed_at_speaker(low: str, prefix: str, end: int) -> bool:
    """Is the name ending at *end* aimed at the speaker by the words after it ("what a
    muppet I was", "such an eejit I am", a self-label: "Total idiot here:", "Pendeja me,",
    "total muppet moment,"), with no "you" in *prefix* (the text before it)?"""
    return bool(P.NAME_THEN_I_AFTER.match(low, end) or P.SELF_LABEL_AFTER.match(low, end)) and (
        not P.MENTIONS_YOU_RE.search(prefix))


def _mock_celebration_and_praise(sc: Scan) -> None:
    """Mockery with no insult word (Gottman: contempt): an ordinary act greeted as a rare
    event ("is it Christmas?", "call the newspapers", "should i throw a party"), praise
    opening a sentence said of a harm ("Great job, another Saturday gone to the cricket",
    "Oh fab, you've double-booked us again"), and mock patience ("take your time, it's
    only been an hour"). Not in a statement holding a sentence of appreciation."""
    low = sc.low
    gate = sc.words & P.MOCK_GATE_WORDS
    if not gate:
        return
    if not gate.isdisjoint(P.PRAISE_OPENER_TRIGGERS):  # the harm is the sign: no warm test
        for s0, s1 in sc.sentences:
            first = P.FIRST_WORD_RE.match(low, s0, s1)  # the praise opens the sentence
            if first is None or first.group(1) not in P.PRAISE_OPENER_TRIGGERS:
                continue
            praise = P.PRAISE_OPENER_RE.match(low, s0, s1)
            if praise and P.PRAISE_HARM_RE.search(low, praise.end(), s1 + 80):
                sc.add("insult", praise.start(), praise.end(), EXPLAIN["sarcasm"])
    celebration: list[re.Match[str]] = []
    if not gate.isdisjoint(P.CELEBRATION_GATES):
        celebration = sc.at(P.MOCK_CELEBRATION_RE, P.MOCK_CELEBRATION_TRIGGERS)
        if "?" in low and "it" in sc.words:  # "is it Christmas?"
            celebration += sc.at(P.MOCK_CELEBRATION_RE, P.IS_WORD)
    patience = [] if gate.isdisjoint(P.MOCK_PATIENCE_WORDS) or gate.isdisjoint(
        P.MOCK_PATIENCE_GATES) else list(P.MOCK_PATIENCE_RE.finditer(low))
    inside_mock = [(m.start(), m.end()) for m in (*celebration, *patience)]
    if inside_mock and not any(  # a warm word inside the mockery ("special occasion") is its own
        sc.warm(p) for p in sc.positives() if not inside(inside_mock, p)
    ):
        for m in (*celebration, *patience):
            sc.add("insult", m.start(), m.end(), EXPLAIN["sarcasm"])


def _aimed_contempt_is_blame(sc: Scan) -> None:
    """Contempt in a sentence about the partner, or with no one else as its subject
    ("Thanks a bunch for eating my leftovers"), is criticism too (Gottman: contempt is
    criticism from a position of superiority): each such insult also counts as blame."""
    low = sc.low
    for code, start, end, _ in list(sc.hits):
        if code != "insult" or sc.has("you_blame", start, end):
            continue
        s0, s1 = sc.sentence(start)
        if P.PARTNER_MENTIONED_RE.search(low, s0, s1) or not P.SPEAKER_SUBJECT_RE.search(
            low, s0, s1
        ):
            sc.add("you_blame", start, end, EXPLAIN["name"])


def _left_of(sc: Scan, end: int) -> str:
    """What ``P.IMPERATIVE_LEFT`` and ``P.WISH_LEFT`` must read before a frame at *end*:
    the sentence up to *end*, from the start of its second-to-last token.

    Exact: both patterns end ``[\\s"']*$``, so a match ends at the last non-blank
    before *end* with one stop, one emoji, or a phrase of at most two words (each
    opening on ``\\b``), or is the ``^`` of a sentence holding no word; a two-word
    phrase starts no earlier than the second-to-last token (an "i'm" is one token but
    two words for ``\\w``: still inside). ``^`` and ``\\b`` read the same at a token
    start as at the sentence's, unless an underscore precedes it (not a token
    character, yet a word one): then the whole sentence is read.
    """
    s0 = sc.sentence(end)[0]
    k = bisect.bisect_left(sc.token_starts, end) - 2
    w = sc.token_starts[k] if k >= 0 else s0
    if w <= s0 or sc.low[w - 1] == "_":
        w = s0
    return sc.low[w:end]


def _request_frames(sc: Scan) -> list[re.Match[str]]:
    frames = list(sc.at(P.REQUEST_AT, P.REQUEST_TRIGGERS))
    for m in sc.at(P.IMPERATIVE_AT, P.IMPERATIVE_TRIGGERS):
        if P.IMPERATIVE_LEFT.search(_left_of(sc, m.start())):
            frames.append(m)
    for m in sc.at(P.WISH_AT, P.WISH_TRIGGERS):
        if P.WISH_LEFT.search(_left_of(sc, m.start())):
            frames.append(m)
    if not frames and "?" in sc.low:  # "dinner out tonight?"
        for s0, s1 in sc.sentences[1:]:
            proposal = P.PROPOSAL_RE.match(sc.low, s0, s1)
            if proposal and P.TIME_RE.search(sc.low, s0, proposal.end()):
                frames.append(proposal)
    return sorted(frames, key=lambda m: m.start())


def _shouting(sc: Scan, start: int, end: int) -> re.Match[str] | None:
    """An all-capitals word in ``src[start:end]``, unless the whole text is in capitals."""
    if sc.shout_free is None:  # checked once per statement
        sc.shout_free = _THREE_CAPITALS.search(sc.src) is None
    if sc.shout_free:  # exact: SHOUT_RE needs three capitals in a row
        return None
    m = P.SHOUT_RE.search(sc.src, start, end)
    while m is not None and P.DETERMINER_END.search(sc.src, max(0, m.start() - 5), m.start()):
        m = P.SHOUT_RE.search(sc.src, m.end(), end)  # "the MOT": a name, not a shout
    if m is None:
        return None
    if sc.mostly_capitals is None:  # counted once per statement
        letters = [c for c in sc.src if c.isalpha()]
        sc.mostly_capitals = sum(c.isupper() for c in letters) * 2 >= len(letters)
    return None if sc.mostly_capitals else m


def _exasperation_gate() -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]] | None:
    """What the tokens must hold for ``P.REQUEST_EXASPERATION_RE`` to match: a token
    opening on a one-word marker ("ever", "finally", "wtf"), or a token that is the
    first word of a longer one followed by a token opening on its second ("for once",
    "is it too much to ask"). Returns ``(one-word markers, {first word: second words})``,
    built from the same list as the pattern (``blame_and_insults.json``, "exasperation");
    None, so no gate, when a marker holds anything but letters, digits, apostrophes,
    spaces and commas (the pattern would then accept spellings this does not foresee).
    """
    block = lx.load("blame_and_insults.json")["exasperation"]
    singles: set[str] = set()
    pairs: dict[str, set[str]] = {}
    for phrase in block["in_requests"] + block["anywhere"]:
        phrase = phrase.strip().lower()
        if not phrase or not _MARKER_CHARS.fullmatch(phrase) or not phrase[0].isalnum():
            return None
        words = lx.words_of(phrase)
        if len(words) == 1:
            singles.add(words[0])
        else:
            pairs.setdefault(words[0], set()).add(words[1])
    return tuple(sorted(singles)), {w: tuple(sorted(after)) for w, after in pairs.items()}


_MARKER_CHARS = re.compile(r"[a-z0-9 ',]+")
_EXASPERATION_GATE = _exasperation_gate()


def _may_be_exasperated(sc: Scan, begin: int, limit: int) -> bool:
    """Can ``P.REQUEST_EXASPERATION_RE`` match in ``[begin, limit)``? False only when
    no token starting there opens a marker (see :func:`_exasperation_gate`): the
    pattern tries its 84 markers after each of the next six words, dear when nothing
    is there (about 12 µs a request)."""
    if _EXASPERATION_GATE is None:
        return True
    singles, pairs = _EXASPERATION_GATE
    keys, starts = sc.keys, sc.token_starts
    last = len(keys) - 1
    for i in range(bisect.bisect_left(starts, begin), bisect.bisect_left(starts, limit)):
        key = keys[i]
        if key.startswith(singles):  # a marker's last word may go on: "ever's"
            return True
        after = pairs.get(key)
        if after and i < last and keys[i + 1].startswith(after):
            return True
    return False


def find_requests(sc: Scan) -> str | None:
    """Requests (NVC); exasperated ones ("can you just for once") become blame instead.

    Returns the first request clause in the original wording, or None.
    """
    low, first = sc.low, None
    for m in _request_frames(sc):
        s0, s1 = sc.sentence(m.start())
        if inside(sc.request_spans, m.start()) or P.REQUEST_BLOCKED_END.search(low, s0, m.start()):
            continue
        limit = min(s1, m.end() + 60)
        tail = P.REQUEST_EXASPERATION_RE.match(low, m.end(), limit) if _may_be_exasperated(
            sc, m.end(), limit) else None
        if tail and P.SOFT_EXASPERATION_END.search(tail.group()) and not P.MENTIONS_YOU_RE.search(
            m.group()
        ):
            tail = None  # "could we write letters this time": a plan of ours, not a reproach
        if tail:
            sc.add("you_blame", m.start(), tail.end(), EXPLAIN["exasperated"])
            continue
        exasperated = sc.find(P.EXASPERATION_INDEX)
        if exasperated and any(m.end() <= s < s1 for s, _, _ in exasperated):
            continue  # "how about you try listening, for a change": flagged below
        shout = _shouting(sc, m.start(), s1)
        if shout:  # "Can you PLEASE stop ..."
            sc.add("you_blame", m.start(), shout.end(), EXPLAIN["shouting"])
            continue
        # The request clause starts at the last clause break before the frame, unless
        # that leaves more than four words of something else ("I feel hurt when you
        # leave could you ...").
        start = sc.clause_start(s0, m.start())
        if len(lx.TOKEN_RE.findall(low, start, m.start())) > 4:
            start = m.start()
        while start < s1 and low[start].isspace():
            start += 1
        # The request ends where the speaker starts telling what happened or how they felt
        # ("I'd love to go back, and I felt so close to you there", "... — I got so excited").
        # (Exact gate: every branch of REQUEST_STOP_RE holds a break or a dash.)
        stop = P.REQUEST_STOP_RE.search(low, m.end(), s1) if m.end() < s1 - 6 and (
            _STOP_CHARS.search(low, m.end(), s1)) else None
        end = stop.start() if stop else s1
        sc.request_spans.append((start, end))
        if first is None:
            first = _LEADING_CONJUNCTION.sub("", sc.src[start:end].strip())
    for start, end, _ in sc.find(P.EXASPERATION_INDEX):
        sc.add("you_blame", start, end, EXPLAIN["exasperated"])
    return first


def find_blame(sc: Scan) -> None:
    """Accusations with the partner as subject (Gottman: criticism; NVC: evaluation)."""
    low = sc.low
    positions = sc.positions
    # Each trigger's one alternation is tried at all its positions in one C-level
    # map; only the few positions where it matches are then read in text order.
    # (Nothing below reads the "you_blame" hits the loop adds, so finding the
    # matches first gives the same result as trying each position in turn.)
    found: list[tuple[int, str, re.Match[str]]] = []
    for word in sc.words & P.BLAME_TRIGGERS:
        anyone = P.BLAME_ANY_BY_TRIGGER.get(word)
        if anyone is None:
            continue
        starts = positions[word]
        if word == "you":  # the most frequent: cut down by the word after it
            keys, token_starts, last = sc.keys, sc.token_starts, len(sc.keys) - 1
            for start in starts:
                i = bisect.bisect_left(token_starts, start)
                regex = P.blame_any_after_you(keys[i + 1] if i < last else "")
                hit = regex.match(low, start) if regex else None
                if hit is not None:
                    found.append((start, word, hit))
            continue
        for start, hit in zip(starts, map(anyone.match, repeat(low), starts), strict=True):
            if hit is not None:
                found.append((start, word, hit))
    if len(found) > 1:
        found.sort(key=itemgetter(0))  # a token start holds one word: no ties
    for start, word, hit in found:
        entries = P.BLAME_BY_TRIGGER[word]
        for j in range(int((hit.lastgroup or "k0")[1:]), len(entries)):
            i, regex = entries[j]
            kind = P.BLAME_PATTERNS[i][0]
            m = regex.match(low, start)
            if not m:
                continue
            if kind in P.WARM_EXEMPT_KINDS and (sc.warm(start) or inside(sc.request_spans, start)):
                continue
            if kind == "question" and _curious(sc):
                continue  # "why did you pick blue? just curious"
            if kind == "question" and sc.warm(start) and not P.NEVER_PRAISE_STING.search(
                    low, start, sc.sentence(start)[1]):
                continue  # "why are you so good to me?": a question of wonder at warmth
            if (kind in P.WONDER_KINDS and _warm_later(sc, start)
                    and low.endswith("?", start, sc.sentence(start)[1])
                    and not P.DELIGHT_STING_RE.search(low, start)):
                sc.cleared.append(("you_blame", m.start(), m.end()))
                continue  # "how on earth did you get tickets? you're a legend": wonder
            if kind == "fault" and P.CAUSE_OF_WARMTH_END.search(low, start, m.end()) and any(
                    not m.start() <= p < m.end() and sc.warm(p) and sc.sentence(p) == sc.sentence(
                        start) for p in sc.positives()):
                continue  # "my heart is so full because of you": the cause of warmth
            if kind == "incredulous" and (_warm_later(sc, start) or (
                    sc.warm(start) and not P.DELIGHT_STING_RE.search(low, start))):
                sc.cleared.append(("you_blame", m.start(), m.end()))
                continue  # "Who does that?! You drove three hours to bring me soup. Love you."
            if kind == "incredulous" and low.startswith("who", m.start()) and (
                P.SELF_ANSWER_AFTER.match(low, m.end())
            ):  # "Who forgets their own birthday? Me, apparently": a joke at one's own expense
                sc.cleared.append(("you_blame", m.start(), m.end()))
                continue
            if low.startswith(("you", "u "), start) and P.OBJECT_YOU_BEFORE.search(
                low, max(0, start - 20), start
            ):
                continue  # "I want to be with you forever": the partner is the object
            sc.add("you_blame", m.start(), m.end(), EXPLAIN[kind])
            break
    if not sc.words.isdisjoint(P.REASON_WORDS):  # "... because you kept distracting me"
        for m in sc.at(P.FAULT_REASON_RE, P.REASON_WORDS):
            if sc.has("you_blame", m.start(), m.end()):
                continue
            if low.startswith(("thanks", "down"), m.start()) or not sc.warm(m.start()):
                sc.add("you_blame", m.start(), m.end(), EXPLAIN["shifted_act"])
    # "when you go on at me": searched only just before each target ("at me", "into us")
    # or "nag" word (one scan for the targets)
    words = sc.words
    ends = [p for w in ("at", "into") for p in sc.positions.get(w, ())
            if P.BARRAGE_TARGET_RE.match(low, p + len(w) + 1)
            and P.BARRAGE_BEFORE_RE.search(low, max(0, p - 6), p)] if (
        not words.isdisjoint(P.BARRAGE_PARTICLES)
        and not words.isdisjoint(P.BARRAGE_OBJECTS)) else []
    if not words.isdisjoint(P.BARRAGE_WORDS):
        ends = sorted([*ends, *(p for w in sc.words & P.BARRAGE_WORDS for p in sc.positions[w])])
    for pos in ends:
        for m in P.BARRAGE_RE.finditer(low, max(0, pos - _BARRAGE_BEFORE), pos + _BARRAGE_AFTER):
            if m.start() <= pos < m.end() and not sc.has("you_blame", m.start(), m.end()):
                sc.add("you_blame", m.start(), m.end(), EXPLAIN["barrage"])
    if not sc.words.isdisjoint(P.PAIRED_GATE_WORDS):
        _paired_blame(sc)
    if sc.words.isdisjoint(P.GATE_WORDS):
        return
    for kind, words, regex in P.GATED_BLAME:
        gates = words & sc.words
        if gates:
            _blame_around(sc, kind, gates, regex, _GATE_BEFORE, _GATE_AFTER)


def _paired_blame(sc: Scan) -> None:
    """Blame of ``P.PAIRED_BLAME``: a place or time made grim ("you make the house so
    tense"), stories told by a promise and its dates, and someone dear left waiting
    (skipped in warm sentences where the kind says so). Each pattern is tried only in a
    statement holding one of its gate words and one of its needed words, in a window
    around each gate word; records ``you_blame`` on the whole match."""
    for kind, gates, needs, before, after, regex in P.PAIRED_BLAME:
        found = gates & sc.words
        if found and not needs.isdisjoint(sc.words):
            _blame_around(sc, kind, found, regex, before, after)


def _blame_around(
    sc: Scan, kind: str, gates: set[str] | frozenset[str], regex: re.Pattern[str],
    before: int, after: int,
) -> None:
    """Record ``you_blame`` (explanation ``EXPLAIN[kind]``) on each match of *regex*
    that holds one of the *gates* words present in the statement. Every match of a gated
    pattern holds a gate word, so only the window from *before* characters ahead of each
    gate word to *after* characters past it is searched; a match found from two gate
    words counts once, and kinds in ``P.WARM_EXEMPT_KINDS`` are skipped in a sentence of
    appreciation."""
    seen: set[tuple[int, int]] = set()
    for pos in sorted(p for w in gates for p in sc.positions[w]):
        for m in regex.finditer(sc.low, max(0, pos - before), pos + after):
            if m.span() in seen or not m.start() <= pos < m.end():
                continue
            seen.add(m.span())
            if kind in P.WARM_EXEMPT_KINDS and sc.warm(m.start()):
                continue
            sc.add("you_blame", m.start(), m.end(), EXPLAIN[kind])


_BARRAGE_BEFORE = 60
_BARRAGE_AFTER = 16
"""Characters searched before and after a target of ``P.BARRAGE_RE`` (its matches run
about 50 characters before the target and 12 after)."""
_GATE_BEFORE = 200
_GATE_AFTER = 80
"""Characters searched before and after a gate word of ``P.GATED_BLAME`` (its matches
run at most about 120 characters before the word and 40 after it)."""


def _warm_later(sc: Scan, start: int) -> bool:
    """Whether a sentence after the one at *start* (a character offset) is one of
    appreciation: a question of disbelief then answered with praise or love ("Are you
    serious?? You got the job?! So proud of you") is delight, not a charge; True or False.
    As for a doubt about upbringing followed by warmth (:func:`find_contempt`)."""
    s0 = sc.sentence(start)[0]
    return any(p > s0 and sc.sentence(p)[0] > s0 and sc.warm(p) for p in sc.positives())


def _curious(sc: Scan) -> bool:
    """Does the statement say its question is a real one ("just curious", "out of interest")?"""
    return not sc.words.isdisjoint(P.CURIOUS_WORDS) and bool(P.CURIOUS_RE.search(sc.low))


def _token_at(sc: Scan, start: int) -> set[str]:
    """The key of the token starting at *start*, as a one-element set (empty if none)."""
    m = lx.TOKEN_RE.match(sc.low, start)
    return {m.group().replace("'", "")} if m else set()


def find_story(sc: Scan) -> None:
    """A case built from a list of the partner's actions (Gottman: criticism).

    Three or more actions in one sentence ("you came in, dumped your bag, went to
    your phone and ignored me"), the first with the partner as subject, perhaps after a
    time or a place ("On Saturday at the barbecue you ...") or an indictment ("For the
    record: you ..."); not in a "when ..." clause or a sentence of appreciation, and not
    a list of plain acts (no sign of fault, ``P.FAULT_SIGN_RE``) thanked in another
    sentence ("Yesterday you picked up the kids, cooked and fixed the gate. Thank you").
    The lists let through are recorded in ``sc.cleared``: the coach model may not call
    them blame either.
    """
    low = sc.low
    if not sc.words.isdisjoint(_STORY_WHO):
        _story_told(sc)
        _echo_questions(sc)
    if sc.words.isdisjoint(P.EVENT_TRIGGERS):
        return
    who = sc.starts(_STORY_WHO)  # the first action needs the partner as subject
    for s0, s1 in sc.sentences:
        i = bisect.bisect_left(who, s0)
        if i == len(who) or who[i] >= s1:
            continue
        if s1 - s0 < 25:
            continue
        when = P.STORY_SKIP_RE.match(low, s0, s1)
        cuts = list(P.STORY_SPLIT_RE.finditer(low, s0, s1))
        if len(cuts) < 2:
            continue
        actions: list[tuple[int, int]] = []
        first_who = -1
        pos = s0
        for cut in [*cuts, None]:
            seg_end = cut.start() if cut else s1
            lead = P.STORY_LEAD_RE.match(low, pos, seg_end)
            begin = lead.end() if lead else pos
            m = P.STORY_ACTION_RE.match(low, begin, seg_end)
            if m and (actions or m.group("who")):
                if not actions:
                    first_who = m.start("who")
                actions.append((m.start(), m.end()))
            pos = cut.end() if cut else s1
        if len(actions) < 3:
            continue
        end = actions[-1][1]
        if when or (not P.FAULT_SIGN_RE.search(low, first_who, end) and any(
            sc.warm(p) for p in sc.positives() if not s0 <= p < s1
        )):  # "When you came home, ... I felt lonely"; plain acts thanked for
            sc.cleared.append(("you_blame", first_who, end))
        elif not sc.warm(s0):
            sc.add("you_blame", first_who, end, EXPLAIN["story"])


def _echo_questions(sc: Scan) -> None:
    """What the partner did put back to them as a question ("Hang on, you sold the car?!",
    "You're telling me you forgot?"): incredulity, so criticism (Gottman)."""
    low = sc.low
    if "?" not in low:
        return
    doubled = "??" in low or "?!" in low or "!?" in low
    for s0, s1 in sc.sentences:
        if "?" not in low[s0:s1] or sc.has("you_blame", s0, s1):
            continue
        m = P.ECHO_QUESTION_RE.match(low, s0, s1)
        if m and not low[s0 : m.start("who")].strip() and not (
            P.ECHO_MARK_RE.match(low, m.end("who"))
            or P.FAULT_SIGN_RE.search(low, m.end("who"), _partner_clause_end(low, m.end("who"),
                                                                            m.end()))
            or low.startswith(("?!", "??"), m.end() - 1)
        ):
            m = None  # "u picked up the kids already?": a plain check, no sign of disbelief
        if m is None and doubled:
            m = P.ECHO_DOUBLE_RE.match(low, s0)  # "You're going to the footy?? On our ...!!"
            if m and m.end() < len(low) and sc.warm(m.end()):
                m = None  # "you're pregnant?! I'm so happy"
        if m and _warm_later(sc, s0) and not P.DELIGHT_STING_RE.search(low, s0):
            sc.cleared.append(("you_blame", m.start("who"), m.end()))
            m = None  # "you made me a cake?? stop it, it looks incredible": delight
        if m and not sc.warm(s0) and not inside(sc.request_spans, m.start("who")):
            sc.add("you_blame", m.start("who"), m.end(), EXPLAIN["incredulous"])


def _story_told(sc: Scan) -> None:
    """A sentence that tells what the partner did as a charge (Gottman: criticism).

    The sentence opens with the partner as subject (after "so", "and then" ...), so
    it is not the "when ..." of an I-statement, and it either opens with a
    narrative "so/then ... you just" or carries a mark of the charge ("decided to",
    "went ahead", "had the cheek to", "without even asking", "behind my back").
    Sentences of appreciation are left alone.
    """
    low = sc.low
    scenes = not sc.words.isdisjoint(P.SCENE_WORDS)
    for s0, s1 in sc.sentences:
        m = P.STORY_TOLD_OPEN_RE.match(low, s0, s1)
        if m:
            told = bool(m.group("told") or (m.group("conn").strip() and m.group("just")))
        elif scenes and (first := P.FIRST_WORD_RE.match(low, s0, s1)) and (
            first.group(1) in P.SCENE_FIRST_WORDS) and (m := P.SCENE_STORY_RE.match(low, s0, s1)):
            # "We're at the restaurant and you start ...": a story, unless a plan or a feeling
            told = not P.SCENE_NOT_STORY_AFTER.match(low, m.end()) and not (
                P.SPEAKER_FEELS_RE.search(low, s0, s1))
        if not m or sc.has("you_blame", s0, s1):
            continue
        mark = P.STORY_TOLD_MARK_RE.search(low, m.end(), s1)
        if mark is None and not sc.words.isdisjoint(P.FOUND_OUT_WORDS):
            mark = P.FOUND_OUT_RE.search(low, m.end(), s1)
        if (told or mark) and not sc.warm(s0):
            end = mark.end() if mark else m.end()
            sc.add("you_blame", m.start("who"), end, EXPLAIN["story_told"])


def find_partner_only(sc: Scan) -> None:
    """A statement only about the partner: blame (Gottman: talk about yourself).

    Called when the statement names no feeling of the speaker, no need and no request.
    A sentence whose main clause has the partner as subject ("u forgot the milk
    again", "He spent the whole evening on his phone") is then a charge, unless it
    is appreciation, thanks, an apology, agreement or a plain question, or it carries
    no sign of fault (``P.FAULT_SIGN_RE``): "You booked the table for 8" is a report,
    or it was read as sincere praise (:func:`_sincere_praise`: "oh wow you remembered!!").
    """
    if sc.words.isdisjoint(_STORY_WHO) or sc.has("you_blame", 0, len(sc.low)):
        return
    low = sc.low
    for s0, s1 in sc.sentences:
        m = P.PARTNER_MAIN_RE.match(low, s0, s1)
        if m is None or sc.warm(s0) or P.PARTNER_ONLY_SKIP_RE.search(low, s0, s1):
            continue
        if ("you_blame", s0, s1) in sc.cleared:
            continue  # "oh wow you remembered!!": read as sincere praise (_sincere_praise)
        if not P.FAULT_SIGN_RE.search(low, m.start("who"), _partner_clause_end(low, m.end(), s1)):
            continue  # "You booked the table for 8": a plain report, no sign of fault
        who = m.group("who").partition("'")[0]
        if who in P.THIRD_PERSON_BEFORE and P.THIRD_PERSON_BEFORE[who].search(low, 0, s0):
            continue  # "Had a chat with your dad. He told me ... again": the dad, not the partner
        sc.add("you_blame", m.start("who"), m.end(), EXPLAIN["partner_only"])
        return


def _partner_clause_end(low: str, pos: int, end: int) -> int:
    """Where the clause with the partner as subject, from *pos*, ends within ``[pos, end)``:
    at a break before another subject ("..., I didn't open it", "..., is that still the
    plan?"; ``P.OTHER_CLAUSE_RE``), else *end*. Offsets are characters into *low*."""
    other = P.OTHER_CLAUSE_RE.search(low, pos, end)
    return other.start() if other else end


_PURPOSE_AFTER_REQUEST = 16
"""How many characters after a request its purpose clause may open ("Could you tell me
what you thought, so I feel like I'm part of it?": the request's span stops at the
comma)."""


def find_pseudo(sc: Scan) -> list[str]:
    """Thoughts and accusations dressed as feelings (NVC). Returns underlying-feeling hints."""
    low = sc.low
    hints: list[str] = []
    for m in sc.at(P.PSEUDO_THOUGHT_RE, P.PSEUDO_THOUGHT_TRIGGERS):
        if (
            sc.request_spans and any(s <= m.start() <= e + _PURPOSE_AFTER_REQUEST
                                     for s, e in sc.request_spans)
            and P.PURPOSE_END.search(low, max(0, m.start() - 12), m.start())
            and P.PURPOSE_SELF_AFTER.match(low, m.end())
        ):
            continue  # "could we make a plan, so I feel like I'm pulling my weight?": a purpose
        word = m.group().split()[-1]
        sc.add("pseudo_feeling", m.start(), m.end(), EXPLAIN["pseudo_thought"].format(word=word))
    for m in sc.at(P.SUBJECTLESS_PSEUDO_RE, P.FEEL_WORDS):  # "Feel like u don't care"
        bare = P.SUBJECTLESS_END.search(low, max(0, m.start() - 40), m.start())
        if bare and not sc.has("pseudo_feeling", m.start(), m.end()):
            why = EXPLAIN["pseudo_thought"].format(word=m.group().split()[1])
            sc.add("pseudo_feeling", m.start(), m.end(), why)
    for index, negated_only in ((P.PSEUDO_INDEX, False), (P.NEGATED_NEED_INDEX, True)):
        for start, end, key in sc.find(index):
            frame = P.FRAME_END.search(low, max(0, start - 80), start)
            if not frame and not negated_only and P.EXCLAIM_AFTER.match(low, end):
                # "(you've no idea) how pushed aside I feel": the frame after the word
                frame = P.HOW_END.search(low, max(0, start - 30), start)
            if not frame or (negated_only and not P.NEGATION_RE.search(frame.group())):
                continue
            if key in ("used", "pushed") and _USED_TO.match(low, end):
                continue  # "I'm used to it", "I'm pushed for time"
            if not negated_only and P.SELF_CORRECTION_AFTER.match(low, end):
                continue  # "I felt abandoned -- no, lonely": taken back at once
            if (not negated_only and key in P.PRESSURE_WORDS
                    and _paired_with_feeling(sc, start, end)):
                continue  # "When your mum called, I felt pressured and sad"
            if not negated_only and key in P.OWN_ACT_PSEUDO_WORDS and _after_own_act(
                    sc, frame.start(), start, end):
                continue  # "I cried at your work dinner and I felt humiliated afterward"
            hint = P.PSEUDO.get(key, P.NEGATED_NEED_HINT)
            hints.extend(hint)
            begin = frame.start() if negated_only else start
            sc.add("pseudo_feeling", begin, end, EXPLAIN["pseudo_word"].format(
                word=sc.src[start:end], hint=" or ".join(hint[:2])))
    return hints


def _after_own_act(sc: Scan, frame: int, start: int, end: int) -> bool:
    """Whether the word at *start*..*end* (its frame opening at *frame*; character offsets)
    follows the speaker's own act in its sentence ("I cried ... and I felt humiliated",
    "... humiliated after I fell over") with no one else its subject (True or False)."""
    low = sc.low
    s0, s1 = sc.sentence(start)
    if P.OTHER_SUBJECT_RE.search(low, s0, s1) or not P.OWN_ACT_AFTER.match(low, end):
        return False
    after = P.OWN_ACT_AFTER.match(low, end)
    return bool(P.OWN_ACT_BEFORE.search(low, s0, frame) or (after and "i" in after.group().split()))


def _paired_with_feeling(sc: Scan, start: int, end: int) -> bool:
    """Whether the pseudo feeling at *start*..*end* stands beside a genuine feeling ("pressured
    and sad", "anxious and pressured") in a sentence with no partner in it (character
    offsets; True or False)."""
    low = sc.low
    s0, s1 = sc.sentence(start)
    if P.PARTNER_IN_SENTENCE_RE.search(low, s0, s1):
        return False
    pair = P.PAIRED_AFTER.match(low, end, s1) or P.PAIRED_BEFORE.search(
        low, max(s0, start - 40), start)
    return pair is not None and pair.group(1) in P.FEELINGS and pair.group(1) not in P.VAGUE


def find_feeling(sc: Scan) -> tuple[int, int, str] | None:
    """First genuine, non-negated feeling word in a first-person frame (NVC feelings).

    Returns (start, end, feeling) or None.
    """
    low = sc.low
    # a self-judgement ("I feel stupid"), or a degree word ("awful" of "awful lonely")
    fallback: tuple[int, int, str] | None = None
    for start, end, key in sc.find(P.FEELING_INDEX):
        frame = _feeling_frame(sc, start, end, key)
        if frame is None:
            continue
        if key in P.FEEL_ONLY and not P.FEEL_VERB_RE.search(frame) and not (
            key in P.FEEL_ONLY_AFTER_BE and frame and P.FEEL_ONLY_SITUATION_AFTER.match(low, end)
        ):
            continue
        if key in P.VAGUE and (
            P.VAGUE_STATE_SKIP_AFTER if key in P.VAGUE_STATES else P.VAGUE_SKIP_AFTER
        ).match(low, end) and not P.VAGUE_AT_OCCASION.match(low, end):
            continue
        hit = start, end, " ".join(low[start:end].split())
        if key in P.VAGUE_AS_DEGREE and P.VAGUE_AS_DEGREE_AFTER.match(low, end) and any(
                s == end + 1 for s, _, _ in sc.find(P.FEELING_INDEX)):
            fallback = fallback or hit  # kept if the word after it does not count after all
            continue  # "awful lonely": the degree of the feeling after it
        if key in P.SELF_JUDGEMENTS:
            if P.SELF_JUDGEMENT_YOU_AFTER.match(low, end):
                sc.add("pseudo_feeling", start, end, EXPLAIN["pseudo_word"].format(
                    word=sc.src[start:end], hint=" or ".join(P.SELF_JUDGEMENT_HINT[:2])))
            else:
                fallback = fallback or hit
            continue
        return hit
    if not sc.words.isdisjoint(_FRAMED_FEELING_WORDS):
        framed = _feeling_framed(sc)
        if framed:
            return framed
    keys = sc.keys
    # typing slips ("frustated", "lonley"): a word of five letters or more after a frame word
    for i in compress(count(1), map(P.SLIP_AFTER.__contains__, keys[:-1])):
        key, start, end = keys[i], sc.token_starts[i], sc.token_ends[i]
        if len(key) < 5:
            continue
        word = P.FEELING_SLIPS.get(key)
        if word and _feeling_frame(sc, start, end, word) is not None:
            return start, end, word
    return fallback


def _feeling_framed(sc: Scan) -> tuple[int, int, str] | None:
    """A feeling named by a frame rather than a feeling word of the lists: a feeling
    verb ("I worry when ..."), "it ... me" ("it annoys me when"), the body ("my heart
    sank"), a feeling as a noun ("what I felt was embarrassment", "such a relief"), "it
    hurts". Returns (start, end, feeling) or None; each frame only when its own words
    occur, and none of them when no word of :data:`_FRAMED_FEELING_WORDS` does."""
    low = sc.low
    if not sc.words.isdisjoint(P.FEELING_VERB_TRIGGERS):  # "I worry when ..."
        for m in P.FEELING_VERB_RE.finditer(low):
            feeling = P.FEELING_VERBS[lx.canonical(m.group(1))]
            if P.FEELINGS.get(feeling) and P.WISHED_VERB_FRAME_RE.search(m.group()):
                continue  # "I'd have loved a call": a wish, no feeling had
            if not P.NEGATION_RE.search(m.group()) or P.HEDGED_NEGATION_RE.search(m.group()):
                return m.start(1), m.end(1), feeling
    framed = (
        _framed_word(sc, P.IT_VERBS_ME, P.IT_VERB_RE, P.IT_VERBS_ME)  # "it annoys me when"
        or _framed_word(  # "it winds me up when ..."
            sc, P.IT_PHRASE_TRIGGERS, P.IT_PHRASE_RE, P.IT_PHRASES, canonical=True)
    )
    if framed:
        return framed
    if not sc.words.isdisjoint(P.BODY_TRIGGERS):  # "my heart sank when ..."
        for body in P.BODY_RE.finditer(low):
            s0, _ = sc.sentence(body.start())
            if not P.NEGATION_RE.search(low, max(s0, body.start() - 12), body.start()):
                return body.start(), body.end(), P.BODY[" ".join(body.group().split())]
        body_frame = _body_frame(sc)
        if body_frame:
            return body_frame
    framed = (
        _framed_word(  # "What I felt was embarrassment"
            sc, P.NOUN_FEELING2_WORDS, P.NOUN_FEELING2_RE, P.NOUN_FEELINGS2)
        or _framed_word(  # "Relief, honestly, that's what I felt"
            sc, P.NOUN_FEELING2_WORDS, P.NOUN_FEELING_FRONTED_RE, P.NOUN_FEELINGS2)
        or _framed_word(  # "Missed you loads while ..."
            sc, P.FEELING_VERB_TRIGGERS, P.SUBJECTLESS_VERB_RE, P.FEELING_VERBS, canonical=True)
        or _framed_word(  # "Such a relief when ..."
            sc, P.NOUN_FEELING_WORDS, P.NOUN_FEELING_RE, P.NOUN_FEELINGS)
        or _framed_word(  # "I was a nervous wreck before ..."
            sc, P.NOUN_PHRASE_FEELING_TRIGGERS, P.NOUN_PHRASE_FEELING_RE, P.NOUN_PHRASE_FEELINGS,
            canonical=True)
    )
    if framed:
        return framed
    if "like" in sc.words and not sc.words.isdisjoint(P.FEEL_LIKE_TRIGGERS):
        for m in P.FEEL_LIKE_ACT_RE.finditer(low):  # "I feel like crying when ..."
            if not P.NEGATION_RE.search(m.group()):
                return m.start(1), m.end(1), P.FEEL_LIKE_ACTS[lx.canonical(m.group(1))]
    if "hurt" in sc.words or "hurts" in sc.words:  # "it hurts when ..."
        found = P.IT_HURTS_RE.search(low)
        if found:
            return found.start(), found.end(), "hurt"
    return None


def _body_frame(sc: Scan) -> tuple[int, int, str] | None:
    """A feeling told through the speaker's own body by frame, not by a whole phrase of
    the list: "my" + a part + a movement ("my chest goes tight", "my heart just sank"), a
    thing held in "my" part ("a knot of dread in my stomach": the feeling it is "of" when
    that names one), or held by "I" ("I had butterflies all day", "I've had a heavy heart
    since ..."). Only the speaker's body counts ("your heart sank" is no feeling of
    theirs), and not under a negation ("my heart didn't even skip"). Returns (start, end,
    feeling) with character offsets, or None. NVC counts a feeling told by the body as the
    speaker's own; Gottman notes the body is where a partner first notices flooding."""
    low = sc.low
    for regex, names in ((P.BODY_MOVE_RE, P.BODY_MOVES), (P.BODY_HELD_IN_RE, P.BODY_HELD_IN),
                         (P.BODY_HELD_RE, P.BODY_HELD)):
        for m in regex.finditer(low):
            s0, _ = sc.sentence(m.start())
            if P.NEGATION_RE.search(low, max(s0, m.start() - 12), m.end()):
                continue
            held = " ".join(m.group(1).split())
            feeling = names.get(held) or P.NOUN_FEELINGS2[held]  # "the dread in my stomach"
            if regex is P.BODY_HELD_IN_RE and m.group(2) in P.NOUN_FEELINGS2:
                feeling = P.NOUN_FEELINGS2[m.group(2)]  # "a knot of dread": dread it is
            return m.start(), m.end(), feeling
    return None


_FRAMED_FEELING_WORDS = frozenset().union(
    P.FEELING_VERB_TRIGGERS, P.IT_VERBS_ME, P.IT_PHRASE_TRIGGERS, P.BODY_TRIGGERS,
    P.NOUN_FEELING2_WORDS, P.NOUN_FEELING_WORDS, ("hurt", "hurts"), P.FEEL_LIKE_TRIGGERS,
    P.NOUN_PHRASE_FEELING_TRIGGERS,
)
"""Every word that opens a frame of :func:`_feeling_framed` (its gate)."""


def _framed_word(
    sc: Scan,
    triggers: Collection[str],
    frame: re.Pattern[str],
    lexicon: Mapping[str, str],
    *,
    canonical: bool = False,
) -> tuple[int, int, str] | None:
    """The feeling word of the first match of *frame* (its group 1), when one of
    *triggers* occurs in the text at all (a cheap test before the search).

    Returns (start, end, feeling) with character offsets into ``sc.src`` and the
    feeling from *lexicon* (keyed by the word, or its :func:`lexicon.canonical`
    form with *canonical*), or None. Frames follow NVC: the speaker's own feeling.
    """
    if sc.words.isdisjoint(triggers):
        return None
    found = frame.search(sc.low)
    if not found:
        return None
    word = found.group(1)
    return found.start(1), found.end(1), lexicon[lx.canonical(word) if canonical else word]


def _feeling_frame(sc: Scan, start: int, end: int = 0, key: str | None = None) -> str | None:
    """The first-person frame before a feeling word at *start*, or None (NVC: own feelings).

    A negated frame ("I'm not angry") is None, unless the negation is a hedge
    that still asserts the feeling ("I can't help feeling", "I'd be lying if I
    said I wasn't") or the feeling follows a contrast ("I wasn't angry, I was
    scared"). With the feeling word's *end* and lexicon *key* given, frames
    without "I" count too: a sentence opening on the feeling or its verb ("Sad
    we didn't talk", "Was a bit low when ...", "" is returned for a bare
    feeling) and an exclamation ("How happy I was when ...").
    """
    low = sc.low
    cut = max(0, start - 80)
    frame = P.FRAME_END.search(low, cut, start)
    if frame:
        text = frame.group()
        if not P.NEGATION_RE.search(text) or P.HEDGED_NEGATION_RE.search(
            low, max(0, frame.start() - 30), frame.end()
        ):
            return text
    # "I wasn't angry, I was scared", "not mad, just sad": the feeling after the contrast.
    contrast = P.CONTRAST_END.search(low, cut, start) if frame or (
        "n't" in low[cut:start] or " not " in low[cut:start] or "never" in low[cut:start]
        or "no," in low[cut:start]
    ) else None
    if contrast and not P.NEGATION_RE.search(contrast.group("tail")):
        return contrast.group()
    if frame or key is None:
        return None
    if P.TAGALOG_OWNER_AFTER.match(low, end):
        return "ko"  # Taglish "sobrang sad ko": the owner after the feeling ("I was so sad")
    bare = P.SUBJECTLESS_END.search(low, max(0, start - 50), start)
    if bare and not P.NEGATION_RE.search(bare.group()):
        if bare.group("verb"):
            return bare.group()
        if key not in P.FEEL_ONLY and key not in P.VAGUE and key not in P.SELF_JUDGEMENTS:
            return ""  # "Sad we didn't get to talk": the feeling opens the sentence
    if P.EXCLAIM_AFTER.match(low, end) and P.EXCLAIM_END.search(low, max(0, start - 30), start):
        return "how"  # "How happy I was when ..."
    inverted = P.INVERTED_EXCLAIM_END.search(low, max(0, start - 40), start)
    if inverted:  # "Oh my goodness, was I nervous!": an exclamation, unless asked
        mark = P.SENTENCE_MARK.search(low, end)
        if mark is None or mark.group() != "?" or P.QUESTION_CLAUSE_AFTER.search(
                low, end, mark.start()):
            return inverted.group()
    return None


def find_needs(sc: Scan) -> str | None:
    """Needs (NVC): "because I need ...", "... matters to me". Returns the first need clause."""
    low, first = sc.low, None
    for m in sc.at(P.NEED_AT, P.NEED_TRIGGERS):
        s0, s1 = sc.sentence(m.start())
        start = sc.clause_start(s0, m.start())
        reason = max(low.rfind("because", start, m.start() + 1),
                     low.rfind("since", start, m.start()))
        if reason >= 0:
            start = reason
        elif low.startswith("i", m.start()):  # "... and I need a break": start at "I"
            start = m.start()
        stop = _PUNCT_RE.search(low, m.end(), s1)
        end = stop.start() if stop else s1
        sc.need_spans.append((start, end))
        if first is None and not inside(sc.request_spans, m.start()):
            first = _LEADING_CONJUNCTION.sub("", sc.src[start:end].strip()).strip(" .!?;,")
    return first


def find_absolutes(sc: Scan) -> None:
    """Generalisations about behaviour (Gottman: be specific; NVC: observation vs. evaluation)."""
    low = sc.low
    hits = sc.find(P.ABSOLUTE_INDEX)
    for pos in sc.positions.get("ever", ()):  # each "ever" with the few words before it
        m = P.EVER_RE.search(low, max(0, pos - 60), pos + 4)
        if m:
            hits = [*hits, (m.start(), m.end(), "ever")]
        elif (
            (m := P.TRAILING_EVER_RE.search(low, max(0, pos - 12), pos + 8))
            and m.end() == pos + 4
            and P.NEGATION_RE.search(low, max(0, pos - 120), m.start())
        ):  # "You don't help with the kids, ever."
            hits = [*hits, (pos, pos + 4, "ever")]
    for start, end, word in hits:
        before = low[max(0, start - 40) : start]
        if (inside(sc.need_spans, start) or inside(sc.request_spans, start)) and not (
            P.PARTNER_HABIT_IN_REQUEST_END.search(before)
        ):
            continue  # "please always text me", but not "please, you never answer" nor
            # "I miss you ... because you never bother to call" (a need, then the partner's habit)
        if P.COMMITMENT_END.search(before) or P.BOUNDED_AFTER.match(low, end):
            continue
        if P.SELF_REPORT.search(before) and P.SELF_REPORT_AFTER.match(low, end):
            continue
        if word in ("nothing", "everything") and (
            P.NOTHING_EXEMPT_AFTER.match(low, end) or before.endswith("for ")
        ):
            continue
        if word == "never" and P.EXPERIENCE_END.search(before):
            continue  # "I've never been to Rome": a count, not a verdict
        if word == "never" and P.SENTENCE_OPENS_END.search(before) and (
                P.NEVER_BEEN_SO_AFTER.match(low, end)):
            continue  # "Never been this anxious about ...": the speaker's own, at its height
        if word == "never" and P.NEVER_BETTER_AFTER.match(low, end):
            continue  # "never had a better birthday": a superlative, praise
        if word in ("never", "not once") and sc.praised_never(
                _echo_start(sc, start) if word == "not once" else start, start):
            continue  # "you never let me down(, not once)", "thanks for never giving up on us"
        if word in P.NEVER_LIKE and word != "never" and sc.warm(start) and (
                P.ABOVE_ALL_RE.search(low, end, sc.sentence(start)[1])
                or low.startswith(" else ", end)):
            continue  # "nobody makes me laugh like you do", "no one else could ...": above everyone
        if word in ("nobody", "no one") and (kind := P.NOBODY_EVER_FOR_ME_AFTER.match(
                low, end)) and (kind.group("feel") is None or kind.group("good") or sc.warm(start)):
            continue  # "Nobody has ever done that for us": the partner's kindness, above everyone
        if word in ("never", "ever") and sc.warm(start) and any(
                m.start() <= start < m.end()
                for m in P.WARM_NEGATION_RE.finditer(low, *sc.sentence(start))):
            continue  # "never change": a wish that the partner stay as they are
        if word == "nothing" and P.HEDGED_NOTHING_END.search(before):
            continue  # "probably nothing, but I'll ring the GP": a hedged worry
        s0, s1 = sc.sentence(start)
        c0 = max(s0, max(low.rfind(c, s0, start) for c in ",;:") + 1)
        you = P.YOU_SUBJECT_END.search(low[c0:start])
        at = c0 + you.start() if you else 0
        if you and P.OBJECT_YOU_BEFORE.search(low, max(0, at - 20), at + 1):
            you = None
        if not you and P.OUTSIDE_SUBJECT_RE.match(low, c0, start) and not (
                P.PARTNER_WORD_RE.search(low, end, clause_end(low, end, s1))):
            continue  # "the shop's always closed on mondays": the world, not a person
        if not you and P.ABSOLUTE_EXEMPT_AFTER.match(low, end):
            continue  # "I never meant to": about the speaker ("you never want to" is not)
        if word in P.ROUTINE_WORDS and not you and P.OWN_ROUTINE_AFTER.match(low, end):
            continue  # "Every morning I look forward to our coffee": the speaker's own
        if word in P.ROUTINE_WORDS and not you and P.ROUTINE_SITUATION_RE.search(low, s0, start):
            continue  # "I feel exhausted when I cook every night": our own routine
        if word == "never" and P.RELIEF_NEVER_END.search(before) and P.RELIEF_NEVER_AFTER.match(
            low, end
        ):
            continue  # "we never have to move again"
        if word in P.QUANTITY_WORDS and not you and (
            word == "forever"
            or P.QUANTITY_END.search(before)
            or P.TIME_RE.search(low, c0, clause_end(low, end, s1))
        ):
            continue  # "we have nothing planned", "nobody was home at 10pm"
        if word not in P.NEVER_LIKE and word != "ever" and sc.warm(start):
            continue
        if word in P.NEVER_LIKE and not you and _one_occasion_or_first(sc, c0, start, end, s1):
            continue  # "we never had a single bar of signal last weekend", "nobody has ... before"
        if not you and _own_habit(sc, word, before, start, end, s1):
            continue  # "I never sleep well before exams": a habit of the speaker's own
        later = None
        if word in P.HABIT_WORDS and not you and P.HABIT_OPENS_RE.fullmatch(low, c0, start) and (
            P.SPEAKER_NEXT_RE.match(low, end)
        ):  # "Every time I ..., you ...": the habit is the partner's, in the main clause
            later = P.PARTNER_LATER_RE.match(low, end, s1)
        sc.add("absolute", start, end, EXPLAIN["absolute"].format(word=sc.src[start:end]))
        inverted = P.ABSOLUTE_INVERTED_AFTER.match(low, end)
        if you:  # "you're late all the time": a verdict on the partner
            begin = c0 + you.start() + (1 if not low[c0 + you.start()].isalnum() else 0)
            sc.add("you_blame", begin, end, EXPLAIN["absolute_you"])
        elif inverted:  # "not once have you asked"
            sc.add("you_blame", start, inverted.end(), EXPLAIN["absolute_you"])
        elif later:  # "every time I bring it up you walk off"
            sc.add("you_blame", start, later.end(), EXPLAIN["absolute_you"])
        elif word == "nothing" and (enough := P.NEVER_ENOUGH_AFTER.match(low, end)) and not (
                sc.has("you_blame", start, enough.end())):
            sc.add("you_blame", start, enough.end(), EXPLAIN["absolute_you"])  # "... ever enough"
        elif (
            (topic := P.PARTNER_TOPIC_AFTER.match(low, end, s1))
            and (
                P.REASON_END.search(low, max(c0, start - 10), start)  # "... because every time"
                or ((not topic.group("subj") or P.HABIT_OPENS_RE.fullmatch(low, c0, start))
                and not P.SPEAKER_FEELS_RE.search(low, s0, start))
            )
            and not sc.warm(start)
        ):
            sc.add("you_blame", start, topic.end(), EXPLAIN["absolute_you"])  # "... about your job"


def _echo_start(sc: Scan, start: int) -> int:
    """Where the praise a "not once" at *start* echoes may open: its own sentence's start,
    or the sentence before when "not once" opens a sentence of its own ("you never once
    made me feel like a burden. not once."). A character offset."""
    s0, _ = sc.sentence(start)
    if s0 > 0 and not sc.low[s0:start].strip():
        return sc.sentence(s0 - 1)[0]
    return s0


def _one_occasion_or_first(sc: Scan, c0: int, start: int, end: int, s1: int) -> bool:
    """Is the "never / nobody / nothing" at ``[start, end)`` about one bounded occasion or
    a first time, with no partner anywhere in its clause (*c0* its start, *s1* the end of
    the sentence)? "We never had a single bar of signal at the cabin last weekend" (one past
    weekend), "Nobody has ever said that to me before" (a first experience of the
    speaker's). Gottman's absolutes are verdicts on the partner's pattern; neither is one.
    """
    low = sc.low
    stop = clause_end(low, end, s1)
    if P.PARTNER_WORD_RE.search(low, c0, stop):
        return False
    return bool(P.BEFORE_END_RE.search(low, end, stop) or P.ONE_PAST_TIME_RE.search(low, end, stop))


def _own_habit(sc: Scan, word: str, before: str, start: int, end: int, s1: int) -> bool:
    """Is the absolute at ``[start, end)`` a habit or recurring feeling of the speaker's own?

    "I never sleep well before exams", "I'm always jittery before check-ups", "Every time
    I drive on the motorway I get anxious": the speaker is the subject, the partner is not
    in the clause, and it is no complaint in disguise ("I'm always the one who ...", "I
    never get a say"). Gottman's absolutes are verdicts on the partner; these are not.
    *before* is the text just before *start*; *s1* the end of the sentence.
    """
    low = sc.low
    # The rest of the sentence up to a request of it ("..., can you hold my hand?"), reasons
    # included ("I'm always exhausted because of your mess" is about the partner).
    stop = min((a for a, _ in sc.request_spans if end <= a < s1), default=s1)
    if word in P.HABIT_WORDS:  # the speaker's habit and the speaker's own reaction to it
        again = P.SPEAKER_AGAIN_RE.match(low, end, stop) if P.SPEAKER_NEXT_RE.match(
            low, end) else None
        if again is None or P.COMPLAINT_AFTER.match(low, again.end()):
            return False
        fond = P.FOND_REACTION_RE.match(low, again.start("again"))
        if fond:  # "every time I hear this song I think of you": the partner as what is missed
            return not P.PARTNER_WORD_RE.search(low, end, again.end()) and not (
                P.PARTNER_WORD_RE.search(low, fond.end(), clause_end(low, fond.end(), stop)))
        # The partner may come in a later clause ("every time I hear that song I think of
        # our first date, and I missed you so much"), not in the habit or the reaction.
        return not P.PARTNER_WORD_RE.search(low, end, clause_end(low, again.end(), stop))
    away = P.PARTNER_AWAY_RE.search(low, end, stop) if not sc.words.isdisjoint(
        P.PARTNER_AWAY_WORDS) else None
    if away:  # "I never sleep well when you're away": the partner's absence is the time
        if P.PARTNER_WORD_RE.search(low, end, away.start()) or P.PARTNER_WORD_RE.search(
                low, away.end(), clause_end(low, away.end(), stop)):
            return False
    elif P.PARTNER_WORD_RE.search(low, end, stop):
        return False
    return bool(P.OWN_HABIT_END.search(before)) and not P.COMPLAINT_AFTER.match(low, end)


def find_situation(sc: Scan, feeling: tuple[int, int, str] | None) -> str | None:
    """One specific, observable situation (NVC observation; Gottman: describe, don't judge).

    Returns the situation clause in the original wording ("when ...", "that ..."), or None.
    A time alone is given as ``"when … <time>"`` (the time's phrase whole: "at your brother's
    party", "during a funeral"); a situation found whose words cannot be reused as a clause
    (no verb left: "another evening of you glued to the telly", "your mum back| because ...")
    as ``"when …"``, still a situation, for the person to fill.
    """
    low, src = sc.low, sc.src

    def clause(start: int, body: int) -> str | None:
        _, s1 = sc.sentence(start)
        end = clause_end(low, body, s1)
        if not lx.TOKEN_RE.search(low, body, end):  # "when I get in from work": read on
            end = clause_end(low, min(s1, end + 3), s1)
        if inside(sc.request_spans, start) and not P.PAST_RE.search(low, body, end):
            return None  # "could we talk when you get home?": a plan, not what happened
        dangling = low[end : end + 1].isspace() and _DANGLING_SUB_RE.search(low, body, end)
        if dangling:  # "when you check your phone while| I'm talking": read on past the "I'm"
            further = clause_end(low, end + 1, s1)
            if feeling is None or not end <= feeling[0] < further:
                end = further
            elif len(lx.TOKEN_RE.findall(low, body, dangling.start())) >= 2:
                end = dangling.start()  # the feeling comes next: drop the "while"
        if len(lx.TOKEN_RE.findall(low, body, end)) >= 2 or P.TIME_RE.search(low, body, end):
            return src[start:end].strip()
        return None

    if feeling is not None:
        m = P.FEELING_CAUSE_AFTER.match(low, feeling[1])
        if m and not (
            m.group("conn") == "because" and inside(sc.need_spans, m.start("conn"))
        ):
            # "proud of you for finishing ...": the situation keeps whose act it was
            found = clause(m.start("of") + 1 if m.group("of") else m.start("conn"), m.end())
            if found:
                return found
        noun = P.NOUN_EVENT_AFTER.match(low, feeling[1])
        if noun and not inside(sc.request_spans, feeling[1]):  # "nervous about the move"
            return src[feeling[1] : noun.end()].strip()
        if not sc.words.isdisjoint(P.NOUN_EVENT_TRIGGERS):  # "I was an idiot about the ticket"
            s0, _ = sc.sentence(feeling[0])
            self_event = P.NOUN_EVENT_SELF_RE.search(low, s0, feeling[0])
            if self_event and not inside(sc.request_spans, self_event.start()):
                return src[self_event.start() : clause_end(low, self_event.end(), feeling[0])]
        gap = _SPACE_THAT_RE.match(low, feeling[1])
        event = gap and (P.EVENT_RE.match(low, gap.end()) or P.NEWS_RE.match(low, gap.end()))
        if event:  # "I'm sad you couldn't come to my birthday", "glad the offer went through"
            _, s1 = sc.sentence(event.start())
            return "that " + src[event.start() : clause_end(low, event.end(), s1)].strip()
    for m in sc.at(P.SITUATION_MARKER_RE, P.SITUATION_TRIGGERS):
        word = m.group()
        if feeling is not None and feeling[0] <= m.start() < feeling[1]:
            continue  # the "after" of "looked after" is the feeling, not a time
        s0, _ = sc.sentence(m.start())
        if word.startswith("when") and not low[s0 : m.start()].strip() and (
            P.WHEN_QUESTION_AFTER.match(low, m.end())
        ):
            continue  # "When will you ...?" is a question, not a situation
        if word == "if" and P.POLITE_IF_AFTER.match(low, m.end()):
            continue
        if word == "since" and P.SINCE_REASON_AFTER.match(low, m.end()):
            continue
        found = clause(m.start(), m.end())
        if found:
            return found
    times = (  # where a time may start: a time word, or a number
        [start for key, start in zip(sc.keys, sc.token_starts, strict=True)
         if key in P.TIME_TRIGGERS or key[:1].isdigit()]
        if _DIGIT_RE.search(low) else sc.starts(P.TIME_TRIGGERS)
    )
    not_a_time = None  # "the whole garden": no time, kept only if nothing better is found
    for start in times:
        m = P.TIME_RE.match(low, start)
        if m and (not inside(sc.request_spans, start) or P.PAST_RE.match(low, start)):
            end = m.end()
            if _WHOLE_RE.match(low, start):
                span = _WHOLE_SPAN_RE.match(low, start)
                if not span:  # what the partner did to the whole thing: "you did the whole garden"
                    act = _act_before(sc, feeling, start)
                    if act:
                        return act
                    not_a_time = "when …"  # "telling the whole table": no time to keep
                    continue
                end = span.end()  # "the whole long weekend"
            # "at your brother's party", "during a funeral", "on the way to work"
            tail = _TIME_TAIL_RE.match(low, end) or (
                _FUNCTION_END_RE.search(low, start, end) and _NEXT_WORD_RE.match(low, end)
            )
            if tail and tail.end() <= sc.sentence(start)[1]:
                end = tail.end()
            return "when … " + src[m.start() : end]
    if not_a_time:
        return not_a_time
    if "never" in sc.words and "before" in sc.words:  # "I've never done a budget before"
        first = P.FIRST_EXPERIENCE_RE.search(low)
        if first and not inside(sc.request_spans, first.start()):
            return "that " + src[first.start() : first.end()]  # "anxious that I've never ..."
    if not sc.words.isdisjoint(P.OWN_MISHAP_TRIGGERS):  # "I burned the pie for the supper"
        for m in P.OWN_MISHAP_RE.finditer(low):
            if not inside(sc.request_spans, m.start("act")) and not sc.has(
                "you_blame", m.start(), m.end()
            ):
                return "when I " + src[m.start("act") : m.end()].strip()
    verbless = False
    for regex, triggers in ((P.EVENT_RE, P.EVENT_TRIGGERS), (P.NEWS_RE, P.NEWS_TRIGGERS)):
        for m in sc.at(regex, triggers):
            if not inside(sc.request_spans, m.start()) and not sc.has(
                "you_blame", m.start(), m.end()
            ):
                _, s1 = sc.sentence(m.start())
                end = clause_end(low, m.start(), s1)
                if (  # "your mum back| because you wanted": the verb is past the clause
                    end < m.end() - len(m.group().rsplit(None, 1)[-1])
                    or _NONFINITE_BEFORE_RE.search(low, max(0, m.start() - 8), m.start())
                    or _STRANDED_END_RE.search(low, m.start(), end)  # "the place we went to?"
                ):
                    verbless = True  # "of you glued to the telly": no clause to reuse
                    continue
                what = src[m.start() : end].strip()
                return "when " + what[0].lower() + what[1:]
    return "when …" if verbless else None


# A subordinator left at the end of a situation clause cut before "I'm" or "I was":
# "when you check your phone while| I'm talking".
_DANGLING_SUB_RE = re.compile(
    r"\s(?:when|whenever|while|if|before|after|until|till|since)\s*$"
)
# "the whole / entire ..." (P.TIME_RE) is a time only for a stretch of time or an occasion.
_WHOLE_RE = re.compile(r"(?:the|that|this)\s+(?:whole|entire)\s")
_WHOLE_SPAN_RE = re.compile(
    r"(?:the|that|this)\s+(?:whole|entire)\s+(?:[a-z]+\s+)?(?:day|night|week|weekend|wknd|wkend"
    r"|evening|morning|afternoon|trip|holiday|holidays|hols|journey|drive|flight|way|year|month"
    r"|summer|winter|spring|autumn|term|semester|season|party|dinner|meal|lunch|breakfast|film"
    r"|movie|match|game|visit|stay|wedding|ceremony|service|show|concert|time|process|meeting"
    r"|conversation|call|walk|ride|break|shift|festival|christmas|birthday|honeymoon|marathon|race)s?\b"
)
# Words that finish a time cut short by P.TIME_RE: a possessive and the noun it names ("at
# your brother|'s party"); after a function word, the next word ("during a| funeral").
_TIME_TAIL_RE = re.compile(
    r"['\u2019]s\b(?:\s+(?!(?:on|in|at|for|to|and|but|or|so|with|last|this|yesterday|today"
    r"|tonight|when|because|cos|i|we|you|u|is|are|was|were|has|have|had|dark)\b)[a-z0-9][\w'-]*)?"
)
_FUNCTION_END_RE = re.compile(r"\s(?:a|an|the|to|my|your|ur|our|his|her|their)$")
_NEXT_WORD_RE = re.compile(r"(?:\s+(?:whole|entire|own|old|new|best|little|big))?\s+[\w'-]+")
# A subject after a preposition is no clause: "another evening of you glued to the telly".
_NONFINITE_BEFORE_RE = re.compile(r"\b(?:of|with)\s+$")
# A clause ending on its preposition: "that thai place we went to?", "u didn't have to".
_STRANDED_END_RE = re.compile(
    r"(?<!used)(?<!have)(?<!has)(?<!had)(?<!got)(?<!want)(?<!going)(?<!ought)(?<!need)"
    r"\s(?:to|with|of|for|from|at|about)\s*$"
)
# Someone's act before a time, in the same clause: "you did the whole garden today".
_ACT_RE = re.compile(
    r"(?<!thank\s)\b(?:you|u|we|i|he|she|they)\s+(?:(?:really|just|also|actually|only|so)\s+)?"
    r"(?:did|do|does|made|took|got|had|have|was|were|went|came|gave|put|told|[a-z]{3,}ed)\b"
)


def _act_before(sc: Scan, feeling: tuple[int, int, str] | None, at: int) -> str | None:
    """``"when <subject> <verb> ..."`` from a subject and its verb before *at* in the same
    clause to the end of that clause ("you did the whole garden today"), or None when there
    is none, the feeling lies in it, or a rule flagged blame in it."""
    low = sc.low
    s0, s1 = sc.sentence(at)
    begin = max([s0, *(m.end() for m in _PUNCT_RE.finditer(low, s0, at))])
    act = None
    for act in _ACT_RE.finditer(low, begin, at):  # noqa: B007 (the last one is wanted)
        pass
    if act is None:
        return None
    end = clause_end(low, at, s1)
    if feeling is not None and act.start() <= feeling[0] < end:
        return None
    if sc.has("you_blame", act.start(), end) or sc.has("insult", act.start(), end):
        return None
    what = sc.src[act.start() : end].strip()
    return "when " + (what if what[:2] in ("I ", "I'") else what[0].lower() + what[1:])
