"""I-statement analyzer: does a sentence start a hard conversation gently?

A *genuine I-statement* names the speaker's own feeling, one specific
situation, and a need or a request, without blame, absolutes, pseudo feelings
or contempt::

    I feel frustrated when the dishes stay in the sink overnight, because I
    need a clean kitchen to start my morning calmly. Could we wash up before bed?

Where the rules come from:

* **Nonviolent Communication** (Marshall Rosenberg): observation without
  evaluation, feelings vs. thoughts dressed up as feelings ("I feel that...",
  "I feel ignored"), universal needs, and requests (doable, present, positive)
  rather than demands.
* **Gottman's gentle start-up** (John Gottman & Nan Silver, *The Seven
  Principles for Making Marriage Work*): talk about yourself, not your partner;
  describe the situation, not a verdict ("always", "never"); no criticism of the
  partner's character and above all no contempt (name-calling, sarcasm,
  mockery, eye-rolling), the worst of the "Four Horsemen".

Issue codes (:data:`ISSUE_CODES`):

* ``you_blame`` — an accusation with the partner as subject: "you never ...",
  "why do you always ...", "you're so ...", "you made me ...", "can you for
  once ..."; also blame shifted into the reason of an I-sentence ("I'm late
  because you can't organise anything", "I only checked ur phone cos u ...",
  "because you'd have gone mental"), including the partner's act given as the
  reason as a fault ("I burnt the rice because you kept distracting me", "cos u
  hogged the bathroom", "because of your stupid car", "that's down to you
  showing up late"), intent claimed ("on purpose"), questions that only pretend
  to ask (unless a later sentence is warm: "Who does that?! You drove three hours
  to bring me soup. Love you.") ("How many times do I need to tell you ...?", "Hang on, you sold the
  car?!", "You're going out on our anniversary??", "can't believe u ...", "y did
  u ..."), what the partner did told as a charge ("So you just decide to buy a
  car without asking", "Then you turned round and said ...", "you sat on your
  phone while I cleaned", "We're at the restaurant and you start ...", "... and
  I find out from Facebook"), a habit pinned on the partner ("Every time I bring
  it up you walk off", "Every Christmas it's the same, you ...", "Everything is
  always about your job"), a statement only about what the partner did, with a
  sign of fault and nothing of the speaker in it ("u forgot the milk again"),
  a promise told by its dates ("You said you would. It's Thursday and it's
  still ..."), someone dear left waiting while the partner did something else
  ("Mum waited an hour and you didn't even ring"), the partner's words told as
  a barrage or a home made grim ("when you go on at me", "you make the house so
  tense"), "Did it not occur to you ...?", what the partner ranks above the
  speaker, even in the "when" or "because" of a well-formed I-statement ("when you
  put your job ahead of us", "because you chose the rugby instead of me"; not "when
  you put me first"), intent there too ("when you deliberately booked it", "... so
  I'd have no say"), a love test ("if you really loved me you'd ..."), a list of
  charges after a time, a place or an indictment ("For the record: you ..., you ...
  and you ..."; not plain acts thanked for, nor a list in a "when ..." clause), and
  contempt aimed at the partner.
  Plain requests ("could you text me?"),
  one-off circumstances ("because you can't make it on Friday", "because you
  were in hospital"), plain reports and questions ("You booked the table for
  8", "why did you pick blue? just curious") and appreciation ("you always make
  me laugh", "you never let me down", "thanks for never giving up on us", "my
  heart is so full because of you") are not blame; nor is wonder at warmth ("why
  are you so good to me?", "how on earth did you get tickets? you're a legend",
  "you made me a cake?? it looks incredible").
* ``absolute`` — always / never / every time / nothing / ... used as a verdict
  on behaviour; not in commitments ("I'll always love you"), future requests,
  warm sentences ("you always make me laugh", "you always light up the room"),
  "never" with a harm that is praise ("you never let me down", "you never fail
  to cheer me up", "never once made me feel stupid"; not "never fail to
  embarrass me", nor with the praise taken back: "..., because I stopped
  expecting anything"), the partner above everyone in a warm sentence ("nobody
  makes me laugh like you do", "no one else could have made this day so
  special"), quantities and limits ("we have
  nothing planned"), relief ("we never have to move again"), the speaker's own
  routine ("when I cook every night") or habit with no partner in it ("I never
  sleep well before exams", "every time I drive on the motorway I get anxious",
  "every time I hear that song I think of our first date", even when the partner
  comes in a later clause; "I'm always the one who ..." stays a complaint), a
  first experience ("I've never been to Rome", "nobody has ever said that to me
  before"), one bounded occasion with no partner in it ("we never had a single bar of
  signal at the cabin last weekend"), a warm feeling of the speaker's
  ("I felt so cared for every time you ...") or a bounded period ("every night
  this week"); a trailing "ever" after a denial ("You don't help, ever.") is
  one.
* ``pseudo_feeling`` — a thought or accusation dressed as a feeling: "I feel
  that / like / as if ...", "I feel you're ...", "I feel ignored", "I don't
  feel heard", "how pushed aside I feel", also hedged ("I think I maybe felt a
  lil ignored?") or insisted on ("I'm not being sarcastic, I mean it"); not
  "pressured" beside a real feeling in a sentence without the partner ("When your
  mum called, I felt pressured and sad").
* ``insult`` — contempt: name-calling (British, Irish, Scottish, Australian,
  South African, Indian, Nigerian, Welsh, NZ and Canadian names too), character
  labels pinned on someone, sarcasm, mockery without an insult word (mock
  thanks, rewards, titles such as "your majesty", praise of a harm, surprise at
  an ordinary act as at a rare event ("what's the occasion?"), mock praise,
  thanks or honour as the last clause after a harm ("late again, very
  impressive, hun", "A whole phone call, I'm flattered."), patience,
  self-sacrifice), praise taken back in its sentence ("you're always there for
  me, except when I actually need you", "..., said nobody"), rhetorical insult
  questions (also doubting the partner's upbringing, thinking, age or basic
  competence: "Who raised you?", "Is there anything you can't mess up?", "Who on
  earth forgets ...?", "Are you incapable of ...?", "Is it physically impossible
  for you to ...?", "Who misses their own son's ...?"; not "Is it possible for you
  to ...?" or a question the speaker answers with "Me"), eye-roll emoji. Not insults aimed at
  oneself ("I was such an idiot", "What a muppet I was", "petty of me", "sorry
  for being such a drama queen"), warm self-mockery ("i fancy you so much it's
  embarrassing 🙈", "grinning like an idiot because you texted"), exasperation
  ("Is it too much to ask ...?" is blame, not contempt), sincere praise or
  thanks, surprise with warmth after it ("oh wow, you framed our wedding photo?
  it's beautiful"), or friendly emoji. Also
  contempt: asking the partner to fake care ("could u maybe pretend to care")
  and a passive-aggressive dismissal ("its fine whatever, do what u want, u
  will anyway"). Names count as typed in a hurry: misspelt by one slip
  ("idoit"), drawn out ("lazyyy") or censored ("b*tch", "a**hole"); a name
  aimed by the words after it ("the useless lump you are"); a label of the
  partner in a role ("you are a bad father", "ur a useless cook"). These count
  also as blame; "I feel like a bad mum" is the speaker's own.
* ``missing_feeling`` — no genuine feeling word in a first-person frame ("I
  feel ...", "I'm ...", "I get ...", "... makes me (feel) ...", "it hurts"),
  including frames without "I" ("Sad we didn't talk", "Was a bit low when"),
  after a contrast or a word taken back ("I wasn't angry, I was scared"),
  exclamations ("How happy I was"), the body ("my heart sank", "I was
  shaking"), feeling verbs ("I dread", "Missed you loads"), feelings as nouns
  ("what I felt was embarrassment", "Relief, honestly, that's what I felt"),
  "... had me so anxious", hedges ("I think I was maybe a bit hurt?", "I was
  mostly nervous"), "I can't believe how relieved I felt", a feeling opening
  after emoji or an interjection ("ugh, so flustered"), being cared for after
  thanks ("I felt really supported / looked after"), a broad word before an
  occasion ("I felt awful at dinner"), an urge that names a feeling ("I feel
  like crying", "felt like giving up"; not "I feel like you ..."); everyday and
  regional words and intensifiers ("fierce upset", "awfy lonely", "very much
  hurt", "reallyyy anxious") and typing slips ("frustated", "happpy", "scaired")
  count; so do a feeling as a noun phrase ("I was an absolute nervous wreck", "a
  bag of nerves") and a pleasant verb ("I loved the note you left", "I really
  enjoyed our walk"; not "I'd have loved a call"); a feeling noun after "I am
  feeling" ("I am feeling worry"); the speaker's own body by frame ("my chest goes
  tight", "a knot of dread in my stomach", "I had a lump in my throat"; not "your
  heart sank"); Singapore, Taglish and Jamaican frames ("i damn sad leh", "sobrang
  sad ko", "mi did frighten").
* ``missing_situation`` — no specific situation: a "when / while / after ..."
  clause, a time reference ("last night", "on Tuesday", "at dinner", and as
  typed: "tmrw", "tomorow", "the gig sat", "sun tbh", "thurs am", "all wkend",
  "next week", "on holiday", "the whole trip"), a cause after the feeling ("...
  that we cancelled the trip"), what the speaker was doing or is about to do
  ("anxious waiting for the results", "scared rn sitting in A&E", "nervous
  about meeting your boss"), an event named by a noun ("nervous about the
  move", "overwhelmed w the seating plan"; not a standing topic: "stressed
  about the rent"), what the speaker did ("I was an idiot about the parking
  ticket", "I've never done a budget before") or a reported event ("you got
  the job!", "the offer went through", "the drive home was horrible"). A
  request ends where the speaker goes on to tell how they felt ("I'd love to go
  back, and I felt so close to you on holiday").
* ``missing_need_or_request`` — neither a need ("because I need / value ...",
  "... matters to me") nor a request ("could we ...", "would you be willing
  ...", "please ...", "abeg ...", "I'd love it if ...", "I would very much like us
  to ...", an imperative after "just" or "next time just" ("Just send me a text
  when ..."), and wishes without a subject: "it
  would be so good to ...", "wd b nice if u ...", "would mean heaps", "keen to
  do that again?", after an emoji "❤️ would love to go again", after a clause
  ending on its time "the move tmrw need u to help ...", and after another
  sentence a short proposal with a time in it: "dinner out tonight?").

The analysis is deterministic. The rules come first; then a small linear model
(:mod:`exercises.i_statements.model`, learnt from our labelled statements and
shipped as numbers in ``exercises/data/coach_model.json``) may add ``you_blame``
or ``insult`` where the rules raised neither, for blame and contempt worded in
ways no rule lists; it points at the words that carry the judgement (a phrase of
the rules' own lists, or the heaviest words of one clause), and never clears
what a rule found. Word lists live in
``exercises/data`` (see its README.md), grammar frames in
:mod:`exercises.i_statements.patterns`, and the rules that combine them in
:mod:`exercises.i_statements.rules`; the rules look at who does what in each
clause (who is the subject, whether it is a question, a request, a reason, or
a story of what the partner did). Pure Python (standard library only); about
0.14-0.15 ms of CPU per statement of typical length (median; 99th percentile about
0.3 ms) and 1.3-1.4 ms for 2,000 characters on a quiet 2-core machine, estimated
from in-process comparisons with earlier trees (``python -m bench.analyzer --ref``;
figures and their limits in ``docs/benchmarks.md``). Most of it is the scan
(tokens, the word lists, the patterns tried at trigger words: about a quarter),
the rules (about half) and the model (about a fifth, much of it cache misses
beside the rules' tables); the blame
rules (about a quarter). Accuracy on our own labelled statements, by kind:
``tests/exercises/i_statements/test_partner_cases.py``; on statements written
blind by someone else: the newest ``cases_blind*.jsonl`` (``make bench``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from itertools import product
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from exercises import lexicon as lx
from exercises.i_statements import model as M
from exercises.i_statements import rules as R

MAX_ANALYZED_CHARS = 2000
"""Only the first this-many characters of the input are analysed; the rest is
ignored (``Analysis.truncated`` says so). Offsets always refer to the original
string, whose first ``MAX_ANALYZED_CHARS`` characters are what was analysed."""

ISSUE_CODES = frozenset(
    {
        "you_blame",
        "absolute",
        "pseudo_feeling",
        "insult",
        "missing_feeling",
        "missing_situation",
        "missing_need_or_request",
    }
)
"""Every code that can appear in :attr:`Analysis.issues`."""

BLOCKING_ISSUES = frozenset({"you_blame", "absolute", "pseudo_feeling", "insult"})
"""Issues that disqualify a statement even when feeling, situation and need are present."""

IMPORTANCE = (
    "insult",
    "you_blame",
    "pseudo_feeling",
    "absolute",
    "missing_feeling",
    "missing_situation",
    "missing_need_or_request",
)
"""Codes, most important first: contempt is the most damaging of Gottman's Four
Horsemen, then criticism (blame), then thoughts dressed as feelings (NVC), then
generalisations; what is missing comes last."""
_RANK = {code: i for i, code in enumerate(IMPORTANCE)}
_BY_SPAN = attrgetter("start", "end")
_HIT_BY_SPAN = itemgetter(1, 2, 0)  # a raw hit (code, start, end, why) by start, end, code


@dataclass(frozen=True)
class Note:
    """One stretch of words with everything found in it, for the live coach.

    Attributes:
        start, end: character offsets into the original text (end exclusive)
            covering every finding of the note; ``0, 0`` for a ``missing_*`` note.
        codes: the codes found in the stretch, most important first (see
            :data:`IMPORTANCE`), each once.
        message: the explanation of the most important finding in the stretch.
    """

    start: int
    end: int
    codes: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Finding:
    """One issue, pinned to the words that triggered it.

    Attributes:
        code: one of :data:`ISSUE_CODES`.
        start, end: character offsets into the *original* text (end exclusive),
            so ``text == original[start:end]``. For the ``missing_*`` codes there
            are no words to point at: ``start == end == 0`` and ``text == ""``.
        text: the triggering words, exactly as written.
        explanation: one or two sentences for the user, naming the rule's source.
    """

    code: str
    start: int
    end: int
    text: str
    explanation: str


@dataclass(frozen=True)
class Analysis:
    """Result of :func:`analyze`.

    Attributes:
        is_i_statement: genuine feeling + specific situation + need or request,
            and no blame, absolute, pseudo feeling or insult.
        issues: the set of codes found (subset of :data:`ISSUE_CODES`).
        feeling: the first genuine feeling word in a first-person frame, lower case.
        suggestion: a rewrite template filled with whatever could be kept; ``…``
            marks the parts the user still has to supply. It names the feeling once
            (not again inside the situation) and hands back no words a rule flagged
            as blame, contempt or an absolute (a time alone excepted).
        findings: one :class:`Finding` per triggering phrase, ordered by position.
        situation, need, request: the fragments that were recognised (original
            wording), or None.
        truncated: True when the input was longer than :data:`MAX_ANALYZED_CHARS`.
        notes: the findings grouped for display: one :class:`Note` per stretch of
            overlapping findings (all its codes together) and one per missing
            part, ordered by their most important code (:data:`IMPORTANCE`),
            then by position.
    """

    is_i_statement: bool
    issues: frozenset[str]
    feeling: str | None
    suggestion: str
    findings: tuple[Finding, ...]
    situation: str | None = None
    need: str | None = None
    request: str | None = None
    truncated: bool = False
    notes: tuple[Note, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable dict: ``issues`` as a sorted list, findings as dicts,
        ``notes`` as ``[{"start", "end", "codes": [...], "message"}, ...]``."""
        data = asdict(self)
        data["issues"] = sorted(self.issues)
        data["findings"] = [asdict(f) for f in self.findings]
        data["notes"] = [{**asdict(n), "codes": list(n.codes)} for n in self.notes]
        return data


_T = TypeVar("_T")


def _frozen(cls: type[_T], **fields: Any) -> _T:
    """An instance of the frozen dataclass *cls* (here :class:`Analysis`) holding
    *fields*, every one of its fields by name.

    The same object its ``__init__`` makes, at half the cost: that ``__init__`` sets
    each field through ``object.__setattr__`` (the price of ``frozen=True``), about
    0.15 µs a field, more than a microsecond for the ten fields of an
    :class:`Analysis`. Only for a class with no ``__post_init__``, given every field.
    """
    obj = object.__new__(cls)
    vars(obj).update(fields)
    return obj


def _finding(code: str, start: int, end: int, text: str, explanation: str) -> Finding:
    """``Finding(code, start, end, text, explanation)`` made as :func:`_frozen` makes
    one (the same object, a third of the cost of the frozen ``__init__``)."""
    obj = _NEW(Finding)
    vars(obj).update(code=code, start=start, end=end, text=text, explanation=explanation)
    return obj


def _note(start: int, end: int, codes: tuple[str, ...], message: str) -> Note:
    """``Note(start, end, codes, message)``, made as :func:`_finding` makes a finding."""
    obj = _NEW(Note)
    vars(obj).update(start=start, end=end, codes=codes, message=message)
    return obj


_NEW = object.__new__


def group_notes(findings: tuple[Finding, ...]) -> tuple[Note, ...]:
    """Merge findings whose spans overlap into one :class:`Note` per stretch.

    Findings without a span (``missing_*``) each get their own note at ``0, 0``.
    Notes are ordered by their most important code, then by position.
    """
    stretches: list[list[Finding]] = []
    reach = -1  # end of the current stretch: one pass over the findings by position
    for f in sorted([f for f in findings if f.end > f.start], key=_BY_SPAN):
        if stretches and f.start < reach:
            stretches[-1].append(f)
            reach = max(reach, f.end)
        else:
            stretches.append([f])
            reach = f.end
    stretches.extend([[f] for f in findings if f.end <= f.start])
    notes = []
    for group in stretches:
        if len(group) == 1:
            f = group[0]
            note = _MISSING_NOTES.get(id(f))  # a missing part's note, made once
            notes.append(note or _note(f.start, f.end, (f.code,), f.explanation))
            continue
        ranked = sorted(group, key=lambda f: (_RANK.get(f.code, len(_RANK)), f.start))
        notes.append(_note(
            group[0].start,
            max([f.end for f in group]),
            tuple(dict.fromkeys([f.code for f in ranked])),
            ranked[0].explanation,
        ))
    notes.sort(key=lambda n: (_RANK.get(n.codes[0], len(_RANK)), n.end <= n.start, n.start))
    return tuple(notes)


def feeling_lexicon() -> list[dict[str, Any]]:
    """Feelings for the guided builder's picker.

    Returns:
        ``[{"group": "sad", "needs_met": False, "words": ["sad", ...]}, ...]``,
        loaded once from ``exercises/data/feelings.json``; a fresh copy per call.
    """
    return lx.feeling_groups()


def feeling_picker() -> list[dict[str, Any]]:
    """The builder's feeling picker: :func:`feeling_lexicon` without the
    comparatives, superlatives and near-duplicates
    (:func:`exercises.lexicon.picker_feeling_groups`). A word of the full
    lexicon is still accepted when sent."""
    return lx.picker_feeling_groups()


def need_lexicon() -> list[dict[str, Any]]:
    """Needs for the guided builder's picker.

    Returns:
        ``[{"group": "connection", "words": ["closeness", ...]}, ...]``, loaded
        once from ``exercises/data/needs.json``; a fresh copy per call.
    """
    return lx.need_groups()


_SOFTEN_RE = re.compile(
    r"\s*\b(?:always|constantly|continually|all the time|every single time|as usual|yet again"
    r"|again and again|over and over)\b",
    re.IGNORECASE,
)
_SOFTEN_WORDS = re.compile("always|constantly|continually|time|usual|again|over")
"""A word every match of ``_SOFTEN_RE`` holds (a cheap test of the lower-cased text
before the regex, for ASCII text, where ``re.IGNORECASE`` and ``str.lower`` agree)."""
_REASON_RE = re.compile(r"^(?:because|since|as)\s+", re.IGNORECASE)


_PRONOUN_I = re.compile(r"I\b")


def _lower_first(fragment: str) -> str:
    """Lower-case the first letter unless the fragment starts with the pronoun "I"."""
    if fragment[:1].isupper() and not _PRONOUN_I.match(fragment):
        return fragment[0].lower() + fragment[1:]
    return fragment


_CONNECTIVE_RE = re.compile(r"^(?:when|whenever|wen|that|while|after|before|if|since|until)\s+")
_HURTFUL = frozenset({"you_blame", "insult", "absolute"})
_NEEDS_MET = frozenset(w for g in lx.feeling_groups() if g["needs_met"] for w in g["words"])


def _worth_keeping(
    sc: R.Scan, feeling_hit: tuple[int, int, str] | None, hints: list[str],
    situation: str | None, need: str | None, request: str | None,
) -> tuple[str | None, list[str], str | None, str | None, str | None]:
    """The arguments of :func:`_suggest`, ``(feeling, hints, situation, need,
    request)``, keeping of what the person wrote only what the suggested rewrite
    may reuse as it stands; a part is None (left as ``…`` for them to fill)
    when it carries words flagged as blame, contempt or an absolute, so the
    rewrite never hands an insult or a "you never" back to them as if it were
    the gentle way to say it (Gottman's gentle start-up).

    A pleasant feeling word ("appreciate", "happy": a feeling of needs met, NVC's
    feelings list) in a sentence that carries contempt is read as part of the
    mockery ("wow thanks, really appreciate it 🙄") and not offered back either.
    """
    if feeling_hit and situation:
        situation = _without_feeling(situation, feeling_hit[2])
    flagged = [(s, e) for code, s, e, _ in sc.hits if code in _HURTFUL and e > s]
    if not flagged:
        return (feeling_hit[2] if feeling_hit else None), hints, situation, need, request
    src = sc.src
    words = [src[s:e] for s, e in flagged]

    def clean(part: str | None) -> str | None:
        if part is None or any(w in part for w in words):
            return None
        if part.startswith("when … "):  # a time alone ("when … on Monday") is no charge
            return part
        body = _CONNECTIVE_RE.sub("", part, count=1)
        at = src.find(body) if len(body) > 3 else -1
        if at >= 0 and any(s < at + len(body) and at < e for s, e in flagged):
            return None  # words of a flagged stretch ("... if you| just did what you said")
        return part

    feeling = feeling_hit[2] if feeling_hit else None
    if feeling_hit and feeling in _NEEDS_MET:
        s0, s1 = sc.sentence(feeling_hit[0])
        if any(code == "insult" and s0 <= s < s1 for code, s, _, _ in sc.hits):
            feeling = None
    return feeling, hints, clean(situation), clean(need), clean(request)


_AFTER_FEELING_MARKER = re.compile(r"\b(?:when|whenever|while|after|before|since|until)\b")
_FRAME_WORDS = frozenset(
    "i i'm im i’m i've ive i'd was were am is are have has had felt feel feeling feels get got"
    " getting gets so really very quite a bit little honestly just me made makes make wasn't"
    " wasnt not been being too kinda pretty super such it that and but".split()
)


def _without_feeling(situation: str, feeling: str) -> str:
    """*situation* without the feeling word said again inside it (the rewrite names it
    once, after "I feel"): "when I'm down" for "down" gives ``"when …"``, "after the storm
    yesterday honestly upset me" for "upset" gives "after the storm yesterday", "if I said I
    wasn't hurt when the invite went to everyone" for "hurt" gives "when the invite went to
    everyone". Unchanged when the feeling (lower case) is not in it as a word."""
    low = situation.lower()
    at = low.find(feeling)
    if at < 0:
        return situation
    m = re.search(r"(?<![\w'])" + re.escape(feeling) + r"(?![\w'])", low)
    if not m:
        return situation
    later = _AFTER_FEELING_MARKER.search(low, m.end())
    if later:  # "... I wasn't hurt| when the invite went to everyone"
        return situation[later.start():]
    head = situation[: m.start()].split()
    while head and head[-1].lower().strip(",") in _FRAME_WORDS:
        head.pop()  # "since my operation in March| I have felt quite"
    if len([w for w in head[1:] if w != "…"]) >= 2:
        return " ".join(head).rstrip(",")
    return "when …"


def _suggest(
    feeling: str | None, hints: list[str], situation: str | None, need: str | None,
    request: str | None,
) -> str:
    """Fill the gentle start-up template (Gottman) in NVC order.

    Order: feeling, situation, need, request. Missing parts become ``…``; a
    pseudo feeling is replaced by the genuine feelings that often sit under it.
    """
    if feeling:
        feel = feeling
    elif hints:
        feel = " or ".join(list(dict.fromkeys(hints))[:2])
    else:
        feel = "…"
    if not situation:
        sit = "when …"
    elif situation.isascii() and not _SOFTEN_WORDS.search(situation.lower()):
        sit = situation
    else:
        sit = _SOFTEN_RE.sub("", situation)
    sit = _lower_first(sit)
    if sit.lower().startswith("because "):  # keep one "because": the need's
        sit = "that " + sit[len("because ") :]
    if need:
        body = _lower_first(_REASON_RE.sub("", need)).rstrip(" .")
        why = f"because {body}."
    else:
        why = "because I need …"
    ask = request if request else "Would you be willing to …?"
    ask = ask[0].upper() + ask[1:]
    if ask[-1] not in ".?!…":
        ask += "?"
    return f"I feel {feel} {sit}, {why} {ask}"


def analyze(text: str) -> Analysis:
    """Analyse one statement a partner might say to the other.

    Args:
        text: the statement, any length; only the first :data:`MAX_ANALYZED_CHARS`
            characters are analysed. Case, contractions with or without
            apostrophes ("you're", "youre", "u"), typographic quotes and missing
            punctuation are handled.

    Returns:
        An :class:`Analysis`. Every finding satisfies
        ``text[f.start:f.end] == f.text`` (offsets in characters); ``missing_*``
        findings have ``start == end == 0`` and empty text.

    Raises:
        TypeError: *text* is not a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"analyze() expects str, got {type(text).__name__}")
    if not text or text.isspace():  # an empty box (the live coach asks at every key): no rule
        findings, issues, notes = _MISSING[True, True, True]  # can find anything in it
        return _frozen(
            Analysis, is_i_statement=False, issues=issues, feeling=None,
            suggestion=_suggest(None, [], None, None, None), findings=findings, situation=None,
            need=None, request=None, truncated=len(text) > MAX_ANALYZED_CHARS, notes=notes,
        )
    sc, request, hints, feeling_hit, need, situation = _rules(text[:MAX_ANALYZED_CHARS])
    # The rules' exemptions are checked against the run of words that tipped the
    # model (its reach), which stands in the hits the later steps read; the
    # findings show the words that carry the judgement instead.
    shown: dict[int, R.Hit] = {}
    for hit in M.shipped().read(sc.keys, sc.token_starts, sc.token_ends, sc.src,
                                {hit[0] for hit in sc.hits}, _signs(sc, feeling_hit, request)):
        reach = (hit.code, *hit.reach, hit.explanation)
        if hit.code == "you_blame" and sc.warm(hit.reach[0]):
            continue  # a sentence the rules read as appreciation: not criticism (Gottman)
        if not sc.cleared or not _was_cleared(sc.cleared, reach):
            shown[len(sc.hits)] = (hit.code, hit.start, hit.end, hit.explanation)
            sc.hits.append(reach)
    feeling = feeling_hit[2] if feeling_hit else None
    missing = _MISSING[feeling is None, situation is None, request is None and not sc.need_spans]
    hits = [shown.get(i, hit) for i, hit in enumerate(sc.hits)] if shown else sc.hits
    findings = _findings(hits, sc.src, missing[0]) if hits else missing[0]
    issues = frozenset([f.code for f in findings]) if sc.hits else missing[1]
    return _frozen(
        Analysis,
        is_i_statement=not issues,
        issues=issues,
        feeling=feeling,
        suggestion=_suggest(*_worth_keeping(sc, feeling_hit, hints, situation, need, request)),
        findings=findings,
        situation=situation,
        need=need,
        request=request,
        truncated=len(text) > MAX_ANALYZED_CHARS,
        notes=group_notes(findings) if sc.hits else missing[2],
    )


def _rules(src: str) -> tuple[R.Scan, str | None, list[str], tuple[int, int, str] | None,
                              str | None, str | None]:
    """The rules' reading of *src* (at most :data:`MAX_ANALYZED_CHARS` characters):
    ``(scan with its hits, request, pseudo-feeling hints, feeling hit, need,
    situation)``."""
    sc = R.Scan(src)
    R.find_contempt(sc)
    request = R.find_requests(sc)
    R.find_blame(sc)
    R.find_story(sc)
    hints = R.find_pseudo(sc)
    feeling_hit = R.find_feeling(sc)
    need = R.find_needs(sc)
    R.find_absolutes(sc)
    situation = R.find_situation(sc, feeling_hit)
    if feeling_hit is None and request is None and not sc.need_spans:
        R.find_partner_only(sc)
    return sc, request, hints, feeling_hit, need, situation


def _was_cleared(cleared: list[tuple[str, int, int]], hit: R.Hit) -> bool:
    """Did a rule deliberately let through the words of the model's *hit* (same
    code, overlapping span)? The rules' considered exemptions stand."""
    code, start, end, _ = hit
    return any(c == code and s < end and start < e for c, s, e in cleared)


def _signs(sc: R.Scan, feeling_hit: tuple[int, int, str] | None,
           request: str | None) -> tuple[str, ...]:
    return M.signs(feeling_hit is not None, request is not None, bool(sc.need_spans))


def rules_reading(text: str) -> tuple[list[str], tuple[str, ...]]:
    """What the coach model reads of *text*, exactly as :func:`analyze` hands it
    over: ``(the analyzer's tokens, the signs of what the rules found)`` (see
    :func:`exercises.i_statements.model.features`). For training the model."""
    sc, request, _, feeling_hit, _, _ = _rules(text[:MAX_ANALYZED_CHARS])
    return sc.keys, _signs(sc, feeling_hit, request)


def _findings(hits: list[R.Hit], src: str, missing: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Findings ordered by position: the *missing* ones (at ``0, 0``) first, then
    one per hit of the rules; a hit inside another hit of the same code is dropped.

    Of two hits with the same code and span, the one recorded first is kept (stable
    sorts over the hits in the order the rules found them), so the explanation
    shown never depends on hash order.
    """
    ordered = list(dict.fromkeys(hits))
    if len(ordered) > 1:  # by code, start, then the longest first
        ordered.sort(key=_END, reverse=True)  # a reversed sort keeps ties in order
        ordered.sort(key=_CODE_START)
    kept: list[R.Hit] = []
    last: R.Hit | None = None
    for hit in ordered:
        if last and last[0] == hit[0] and last[1] <= hit[1] and hit[2] <= last[2]:
            continue
        kept.append(hit)
        last = hit
    kept.sort(key=_HIT_BY_SPAN)
    found = [_finding(code, s, e, src[s:e], why) for code, s, e, why in kept]
    if not missing:
        return tuple(found)
    if found and found[0].end == 0:  # an empty hit at 0: among the missing ones, by code
        return tuple(sorted([*missing, *found], key=_BY_SPAN_CODE))
    return (*missing, *found)  # the missing ones, at 0, 0, come first


_END = itemgetter(2)
_CODE_START = itemgetter(0, 1)
_BY_SPAN_CODE = attrgetter("start", "end", "code")


def _missing_sets() -> dict[tuple[bool, ...], tuple[
        tuple[Finding, ...], frozenset[str], tuple[Note, ...]]]:
    """``{(no feeling, no situation, no need or request): (findings, issues, notes)}``
    for a statement whose rules found nothing else: the same objects every time
    (they are immutable), so such a statement builds none."""
    codes = ("missing_feeling", "missing_situation", "missing_need_or_request")
    made = {code: Finding(code, 0, 0, "", R.EXPLAIN[code]) for code in codes}
    for finding in made.values():
        _MISSING_NOTES[id(finding)] = Note(0, 0, (finding.code,), finding.explanation)
    out = {}
    for flags in product((False, True), repeat=3):
        chosen = sorted(code for code, on in zip(codes, flags, strict=True) if on)
        findings = tuple(made[code] for code in chosen)
        out[flags] = (findings, frozenset(chosen), group_notes(findings))
    return out


_MISSING_NOTES: dict[int, Note] = {}
"""id of a missing part's finding (made once, kept for good) → its note."""
_MISSING = _missing_sets()
