"""Compiled patterns for :mod:`exercises.i_statements.analyzer`.

Everything here is built once, at import, from the word lists in
``exercises/data`` (via :mod:`exercises.lexicon`) and from a handful of
grammar frames written out below. All patterns run on the analyzer's
*normalised* text: lower case, typographic apostrophes straightened, same
length as the original so offsets carry over unchanged.

Naming: ``*_RE`` patterns are searched through the text; ``*_END`` patterns are
anchored with ``$`` and are run on the few dozen characters *before* a
candidate word to check its left context ("is 'lazy' pinned on someone?").

Sources of the rules:

* feelings vs. pseudo feelings, needs, requests, observation vs. evaluation:
  Nonviolent Communication (Marshall Rosenberg);
* blame ("you" + criticism), absolutes and the shape of a gentle start-up
  ("I feel ... about ... I need ..."), contempt / sarcasm as the worst of the
  Four Horsemen: John Gottman & Nan Silver.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from exercises import lexicon as lx

_BLAME = lx.load("blame_and_insults.json")
_ABS = lx.load("absolutes.json")

# --------------------------------------------------------------------------- pieces
YOU = r"(?:you|u)"
# "you" written once: the regex engine then reads it once per position, not once per
# form (same matches, tried in the same order).
YOU_ARE = (
    r"(?:you(?:\s*'?re|\s+are|\s+r|\s+were|\s*'?ve\s+been|\s+have\s+been"
    r"|\s+can\s+be|\s+get|\s+act|\s+acted|\s+sound|\s+seem|\s+look"
    r"|\s+became|\s+become)|u\s+r|ur)"
)
PARTNER3 = (
    r"(?:he|she|my\s+(?:partner|husband|wife|boyfriend|girlfriend|spouse|fianc[eé]e?|bf|gf))"
)
NEG = (
    r"(?:don'?t|do\s+not|doesn'?t|does\s+not|didn'?t|did\s+not|won'?t|will\s+not|can'?t|cannot"
    r"|can\s+not|wouldn'?t|would\s+not|never|aren'?t|isn'?t|wasn'?t|weren'?t|not|no\s+longer"
    r"|hardly|barely|'m\s+not)"
)
NEGATION_RE = re.compile(
    r"\b(?:not|never|no\s+longer|hardly|barely|cannot|dont|didnt|cant)\b|n't\b"
)

# Emoji (and the joiners inside them), which open a sentence as a full stop would:
# "😭❤️ so sad about the dog".
EMOJI_CLASS = "\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D"

# Intensifiers allowed between a frame verb and a feeling word ("I feel *a bit* lonely").
ADV = (
    r"(?:really|s+o+|very\s+much|very|much|quite|pretty|rather|somewhat|slightly|extremely|incredibly|deeply"
    r"|truly|totally|completely|super|too|just|still|also|more|less|most|increasingly"
    r"|genuinely|honestly|actually|particularly|especially|terribly|awfully|utterly|absolutely"
    r"|fairly|a\s+(?:little\s+)?bit|a\s+little|a\s+lot|kind\s+of|kinda|sort\s+of|sorta|bit"
    r"|little|even|already|again|almost|all|seriously|painfully|hugely|immensely|unbelievably"
    r"|insanely|overly|both|now|then|often|sometimes|usually|always|getting|growing|becoming|like|this"
    r"|proper|properly|well|right|dead|bloody|hella|mega|real|lowkey|highkey|massively|majorly"
    r"|realy|rly|rlly|relly|reallly|reely|realli|rele|sooo+|re+a+l+y{2,}|ve+r+y{2,}|ve{2,}r+y+"
    r"|fucking|fuckin|freaking|freakin|effing|f[a-z]?[*#$@!]+[a-z]{0,2}(?:ing|in)|v|vv|wee|a\s+wee\s+bit|abit|af|ngl|tbh"
    r"|fair|at\s+all|suddenly|stupidly|ridiculously|absurdly|weirdly|oddly|strangely|unreasonably"
    r"|irrationally|silly|crazy|madly|pure|that|maybe|perhaps|probably|possibly|a\s+tad|tad"
    r"|ever\s+so|mostly|mainly|largely|fierce|wile|awfy|awfie|gey|heaps|mighty|wicked|right\s+and"
    r"|a\s+lil(?:\s+bit)?|lil|a\s+smidge|a\s+touch|plumb|damn"
    # degree words of other Englishes: Newfoundland and Atlantic Canada "some sad", Ulster "wild
    # nervous", Hawaiian Pidgin "da kine nervous", Spanglish "bien sad", "muy triste"
    r"|some|wild|da\s+kine|dakine|bien|muy"
    # a broad feeling word as a degree word before another (Irish, Northern English, Scots):
    # "awful lonely", "terrible anxious", "rotten jealous"; see VAGUE_AS_DEGREE
    r"|awful|terrible|horrible|rotten"
    r"|(?:starting|beginning)\s+to(?:\s+(?:feel|get))?|" + NEG + r")"
)
ADVS = rf"(?:[\s,]+{ADV})*"
# Words allowed between "I" and the frame verb ("I *have been* feeling", "I *don't* feel").
MID = (
    r"(?:\s+(?:really|just|still|also|do|did|always|often|sometimes|usually|honestly|actually"
    r"|genuinely|definitely|kind\s+of|kinda|sort\s+of|have|had|has|been|will|would|can|could"
    r"|might|may|must|tend\s+to|start(?:ed)?\s+to|begin\s+to|began\s+to|end(?:ed)?\s+up|am|was"
    r"|starting\s+to|beginning\s+to|maybe|perhaps|probably|possibly|prob|defo|def"
    r"|" + NEG + r"))*"
)
_VERB = (
    r"(?:feel|feels|felt|feeling|feelin|get|gets|got|getting|gettin|gotten|become|became|becoming|grow|grew"
    r"|growing|am|was|were|been|be|wasn'?t|weren'?t)"
)
# Where a branch of FRAME_END can open: the start of the text, a stop, comma, colon or
# emoji, or a word beginning with one of these letters (i, makes, leaves, gets, keeps,
# drives, had, and, but, so, just, still, then, what, a part, deep down). A search runs
# the whole pattern only where this holds: the same matches, a quarter of the cost.
# Keep it in step with the branches.
_FRAME_OPENS = r"(?=^|[.!?;,:" + EMOJI_CLASS + r"]|\b[imlgkdhabsjtwp])"
# First-person feeling frame, anchored at the end of the text before a feeling word.
FRAME_END = re.compile(
    _FRAME_OPENS
    + r"(?:\bi(?:'m|m)\b" + MID + r"(?:\s+(?:feeling|getting|becoming|growing))?"
    # no verb: Singapore and Malaysian English "i damn sad leh", "I very stress", and Jamaican
    # "mi did frighten" (did: the past), where the degree word or the tense marker stands in
    # for "am" / "was"
    r"|\bi(?=\s+(?:damn|very|quite|super|sibei)\s)|\bmi(?:\s+(?:did|did\s+get|get|ben))?(?=\s)"
    # "ah" is "I" in Geordie and Caribbean English ("Ah was real stressed"), before a verb only
    r"|\b(?:i(?:'ve|'d|'ll|ve)?|mi(?=\s+(?:did|was|feel|felt|get|got|a\s+feel)\b)"
    r"|ah(?=\s+(?:was|were|am|feel|felt|get|got)\b))\b" + MID
    + r"(?:\s+a)?\s+" + _VERB + r"\b(?:\s+as\b)?"
    r"|\b(?:makes?|made|making|leaves?|left|leaving|gets?|got|getting|keeps?|kept|keeping"
    r"|drives?|drove|driving|had|has|have|having)\s+me(?:\s+(?:feel|feeling))?"
    r"|(?:^|[.!?;,:" + EMOJI_CLASS + r"]\s*|\b(?:and|but|so|just|still|then)\s+)"
    r"(?:feeling|felt|feel|feelin)"
    # a hedge opening a sentence with no "I": "honestly feel a bit used", "kinda feel invisible"
    r"|(?:^|[.!?;,:]\s*)(?:(?:honestly|kinda|kind\s+of|sorta|tbh|tbf|ngl|lowkey|really|also|just"
    r"|still|rly|srsly)[\s,]+)+(?:feeling|felt|feel|feelin)"
    # "Never been this anxious about ... as I am about Friday's": the feeling at its height,
    # with no "I" (see HEDGED_NEGATION_RE for why "never" does not deny it)
    r"|(?:^|[.!?;,:]\s*)never\s+(?:been|felt)(?=\s+(?:so|this|that|more|as)\b)"
    r"|\bi\s+(?:find|found)\s+myself(?:\s+(?:feeling|getting|becoming))?"
    # Spanglish "me sentí bien sad" ("I felt"), "me siento muy triste" ("I feel")
    r"|\bme\s+(?:sent[ií]|siento)"
    r"|\bwhat\s+i(?:'m|m|\s+am|\s+was)?\s+(?:feel|felt|feeling)\s+(?:is|was)"
    r"|\b(?:(?:a\s+)?part\s+of\s+me|deep\s+down\s+i)\s+(?:feels?|felt|is|was|gets?|got)"
    # "there's a part of me that's been scared since ..."
    r"|\bpart\s+of\s+me\s+(?:that|which)(?:'s(?:\s+been)?|\s+(?:has|had)\s+been|\s+(?:feels?|felt|is|was"
    r"|gets?|got))"
    r"|\bi\s+(?:just\s+)?(?:can'?t|cannot|couldn'?t)\s+(?:help|stop)(?:\s+but)?\s+(?:feel|feeling))"
    + ADVS
    # "I feel stupid *and* embarrassed": one other word, then a conjunction.
    + r"(?:\s+(?:[a-z'-]+|like\s+(?:a|an|such\s+an?)(?:\s+[a-z'-]+){1,3})\s*(?:,|\s(?:and|&|but|yet"
    + r"|or|n))" + ADVS + r")?"
    + r"\s+$"
)
# A negated frame that still asserts the feeling: "I can't help feeling", "I'd be
# lying if I said I wasn't hurt", "not gonna lie, I was upset".
HEDGED_NEGATION_RE = re.compile(
    r"(?:can'?t|cannot|couldn'?t)\s+(?:help|stop)|lying\s+if\s+i\s+said"
    r"|pretend\s+(?:that\s+)?i\s+(?:wasn'?t|'m\s+not|am\s+not)|(?:not|never)\s+(?:gonna|going\s+to)\s+lie"
    r"|never\s+(?:felt|been)\s+(?:so|more|this|that|as)"
    # "I never thought I'd be this nervous": the surprise at a feeling had, not a denial of it
    r"|never\s+(?:thought|imagined|expected|knew)\s+(?:that\s+)?i(?:'d|\s+would|\s+could)\s+(?:be|feel)"
    r"|(?:can'?t|cannot|won'?t|couldn'?t)\s+(?:say|deny|pretend)\s+(?:that\s+)?i\s+(?:wasn'?t|'m\s+not|am\s+not"
    r"|didn'?t|don'?t)"
)
# Feeling frames with no "I": a sentence that opens on the feeling ("Sad we didn't
# get to talk", "So glad you're home!") or on its verb ("Was a bit low when ...",
# "Got teary when ..."), after an optional greeting or hedge. Run on the text
# before a feeling word; the words in ADV may stand between.
_OPENER = (
    r"(?:ngl|tbh|tbf|honestly|ok|okay|so|and|but|babe|baby|hey|hi|love|hun|oh|well|also|lol|srsly"
    r"|rly|kinda|lowkey|ugh|urgh|argh|phew|aw+|eek|welp"
    r"|fr|um|hmm|right|look|just|still|really|x+|god|man|omg|mate|darling|sweetheart)"
)
SUBJECTLESS_END = re.compile(
    r"(?:^|[.!?;\n…" + EMOJI_CLASS + r"]|\s-\s"
    r"|[,:]\s*(?:" + _OPENER + r"[\s,]+)*(?=(?:was|were|got|get|been|am)\b))"
    r"[\s\"'(*]*(?:" + _OPENER + r"[\s,!]+)*"
    r"(?P<verb>(?:(?:was|were|been|am|got|get|getting|gotten|feeling|feelin|felt|feel|went|going)\s+)+)?"
    r"(?:" + ADV + r"[\s,]+)*$"
)
# A feeling asserted after a negated one in the same sentence: "I wasn't angry, I was
# scared", "I'm not mad, just sad", "not annoyed at all - more hurt".
CONTRAST_END = re.compile(
    r"(?:\bnot\b|n't\b|\bnever\b|\bno(?=\s*,))[^.!?;\n]{0,60}?(?P<tail>(?:,|\bbut\b|\s-\s|—)\s*(?:(?:just|only|more"
    r"|mostly|really|actually|rather|honestly|i\s+was|i'm|im|i\s+am|i\s+felt|i\s+feel|more\s+like)[\s,]+)*"
    r"(?:" + ADV + r"[\s,]+)*)$"
)
# An exclamation around a feeling: "How happy I was when ...", "How relieved I am".
EXCLAIM_AFTER = re.compile(r"\s+(?:i|we)\s+(?:was|were|am|felt|feel|get|got|'m)\b")
EXCLAIM_END = re.compile(
    r"(?:(?:^|[.!?;\n…]|,)[\s\"'(]*(?:(?:oh|god|gosh|wow)[\s,]+)*"
    # "I can't believe how relieved I felt", "you've no idea how happy I was": the negation
    # is of the telling, not of the feeling
    r"|\b(?:can'?t|cannot|couldn'?t)\s+(?:believe|tell\s+(?:you|u)|describe|explain|say)\s+"
    r"|\bno\s+idea\s+)how(?:\s+" + ADV + r")*\s+$"
)
# An exclamation with the verb before "I": "Oh my goodness, was I nervous at that
# interview!", "Boy, was I relieved" (the sentence must not end on "?": see
# rules._feeling_frame).
INVERTED_EXCLAIM_END = re.compile(
    r"(?:^|[.!?;,\n…]|\b(?:oh|boy|gosh|wow|man|god|goodness|lord|jeez|golly|crikey|blimey))"
    r"[\s,!\"']*(?:was|were|am)\s+(?:i|we)(?:\s+" + ADV + r")*\s+$"
)
# A question of its own after a comma ("oh man was I scared on that flight, can we stay in
# tonight?"): the "?" is the request's, not the exclamation's.
QUESTION_CLAUSE_AFTER = re.compile(
    r",\s*(?:so\s+|and\s+)?(?:can|could|would|will|shall)\s+(?:we|you|u|ya)\b")
# Tagalog puts the speaker after the feeling: "sobrang sad ko" ("I was so sad"), "kinabahan
# ako" ("I got nervous"); see rules._feeling_frame.
TAGALOG_OWNER_AFTER = re.compile(r"\s+(?:ko|ako)\b")
SENTENCE_MARK = re.compile(r"[.!?\n]")
HOW_END = re.compile(r"\bhow(?:\s+" + ADV + r")*\s+$")
"""A "how" right before a word, anywhere ("you've no idea how pushed aside I feel")."""
IT_VERBS_ME = lx.load("feelings.json")["it_verbs_me"]["verbs"]
# "it upsets me when ...", and a thing or an event as the subject: "Seeing the garden after
# the storm honestly upset me" (not a person: "you upset me" is no feeling of the speaker's
# told as their own, and not "moved me" or "touched me", which name acts as often).
_IT_ADVS = r"(?:\s+(?:really|just|still|kind\s+of|sometimes|honestly|truly|properly|actually|so))*"
_THING_VERBS = (
    r"(?:upset|upsets|scared|scares|frightened|frightens|worried|worries|saddened|saddens|stressed"
    r"|stresses|hurt|hurts|shocked|shocks|unnerved|unnerves|rattled|rattles|gutted|stung|stings"
    r"|thrilled|thrills|delighted|delights|overwhelmed|overwhelms|terrified|terrifies)"
)
IT_VERB_RE = re.compile(
    r"\b(?:it|this|that|(?!(?:you|u|ya|yuh|ye|you've|youve|you'd|he|she|they|it|this|that|i|we"
    r"|didn't|didnt|doesn't|doesnt|don't|dont|not|never|won't|wont|wouldn't|wouldn't|to|and|or)\b)"
    r"[a-z']+(?=" + _IT_ADVS + r"\s+" + _THING_VERBS + r"\s+me\b))" + _IT_ADVS + r"\s+("
    + "|".join(sorted(IT_VERBS_ME, key=len, reverse=True))
    + r")\s+me\b"
)
FEEL_VERB_RE = re.compile(r"\b(?:feel|feels|felt|feeling|feelin)\b")
# "I was a bit down after the match": a feel-only word after "be" counts when a situation,
# or the end of the clause, follows it ("I'm down for it" does not).
FEEL_ONLY_AFTER_BE = frozenset({"down", "low", "blue", "flat", "crap", "rubbish", "shit", "pants"})
FEEL_ONLY_SITUATION_AFTER = re.compile(
    r"\s*(?:[,.!?;]|$|\s+(?:after|when|since|about|that|because|cos|today|tonight|lately|recently"
    r"|at\s+the\s+moment|this\s+\w+|last\s+\w+|all\s+\w+))"
)
IT_HURTS_RE = re.compile(
    r"\bit(?:\s+(?:really|still|just|kind\s+of|kinda|sort\s+of|sorta|did|does|honestly|actually"
    r"|truly|properly|a\s+bit|a\s+little|so))*\s+(?:hurts|hurt)\b"
    r"(?!\s+(?:you|him|her|them|my\s+(?:back|knee|leg|arm|head|neck|foot)))"
    # the speaker's feelings as the thing hurt: "I got my feelings hurt", "my feelings were hurt"
    r"|\bi(?:'ve)?\s+(?:got|get|had|have)\s+my\s+feelings\s+hurt\b"
    r"|\bmy\s+feelings\s+(?:got|get|were|was|are|have\s+been)(?:\s+(?:really|so|a\s+bit|pretty))?\s+hurt\b"
)

# --------------------------------------------------------------------------- feelings
FEELINGS = lx.feeling_words()
EVERYDAY = lx.everyday_feelings()
SELF_JUDGEMENTS, SELF_JUDGEMENT_HINT = lx.self_judgements()
_ALL_FEELINGS = dict(FEELINGS)
for _word, _near in EVERYDAY.items():
    _ALL_FEELINGS.setdefault(_word, FEELINGS.get(lx.canonical(_near), False))
FEEL_ONLY = lx.feel_only_words()
VAGUE = lx.vague_feeling_words()
VAGUE_SKIP_AFTER = re.compile(
    r"\s+(?:at|with|of|for|about\s+you)\b|\s+(?:with|of)\s+(?:you|u)\b"
)
# "at" naming an occasion, not a skill: "I felt awful at dinner", "terrible at the party".
VAGUE_AT_OCCASION = re.compile(
    r"\s+at\s+(?:dinner|breakfast|lunch|brunch|tea|bedtime|church|the\s+(?:party|wedding|funeral"
    r"|dinner|table|do|pub|restaurant|station|hospital|airport|match|gig|concert|meeting|barbecue"
    r"|bbq|reunion|christening|service|weekend|end)|(?:your|ur|my|our|his|her|their)\s+(?:\w+'s?\s+)?"
    r"(?:party|birthday|wedding|do|place|house|funeral|dinner))\b"
)
# Broad words with no sense of ability ("bad at maths"): only "sick of it" is skipped, and
# "emotional at the funeral", "sick about it when ..." count.
VAGUE_STATES = frozenset({"emotional", "sick"})
# A broad word straight before another feeling word is its degree, not the feeling: "I was
# awful lonely" is lonely (see rules.find_feeling).
VAGUE_AS_DEGREE = frozenset({"awful", "terrible", "horrible", "rotten"})
VAGUE_AS_DEGREE_AFTER = re.compile(r" [a-z]")
VAGUE_STATE_SKIP_AFTER = re.compile(r"\s+of\b")
FEELING_INDEX = lx.PhraseIndex([*_ALL_FEELINGS, *SELF_JUDGEMENTS])
# Tolerance for typing slips in feeling words ("frustated", "lonley"): see lexicon.FuzzyIndex.
# The everyday entries that are themselves one slip from their word ("scarred" for scared,
# "exited" for excited) lead to that word, so a slip between the two ("scaired") is not
# taken for two feelings and dropped.
FEELING_SLIPS = lx.FuzzyIndex(
    {
        w: EVERYDAY[w] if w in EVERYDAY and lx.edit_distance(w, EVERYDAY[w]) <= 1 else w
        for w in _ALL_FEELINGS if " " not in w
    },
    exclude=lx.not_misspellings()
    | frozenset(lx.canonical(w) for w in _BLAME["character_adjectives"])
    | frozenset(w for phrase in lx.pseudo_feelings() for w in phrase.split())
    | frozenset(lx.canonical(w) for w in lx.need_words()),
)
# Frame words a slip may follow (a cheap filter before FRAME_END is tried).
SLIP_AFTER = frozenset(
    "feel feels felt feeling im am was were been get got getting so really very bit too quite"
    " pretty super totally kinda little and me realy rly proper properly well absolutely extremely"
    " incredibly sooo soooo bloody dead right real plumb abit some wild muy bien".split()
)
FEELING_VERBS = lx.feeling_verbs()
FEELING_VERB_RE = re.compile(
    r"\bi(?:'ve|'m|'d|m|ve)?\b" + MID
    + r"(?:\s+(?:been|get|got|start|started|always|sometimes|really|so|just|kinda|secretly|proper"
    # Singapore and Malaysian English put a degree word straight before the verb: "I very stress"
    r"|very|damn|quite"
    r"|properly|totally|absolutely|completely|literally|seriously))*\s+("
    + lx.alternation(FEELING_VERBS)
    + r")\b"
)
FEELING_VERB_TRIGGERS = frozenset(lx.words_of(w)[0] for w in FEELING_VERBS)
# A pleasant feeling verb after "would / 'd / could" is a wish or a regret, not a feeling
# had ("I'd have loved a call", "I would have enjoyed it more if ..."): see rules._feeling_framed.
WISHED_VERB_FRAME_RE = re.compile(r"\b(?:would|could|should|might)\b|'d\b")
# A story of what the partner did, told as a list of actions ("you came in, dumped your
# bag and went to your phone"): see rules.find_story.
STORY_SPLIT_RE = re.compile(r"[,;:]|\s(?:and\s+then|then|and|n|&)\s")
STORY_LEAD_RE = re.compile(r"\s*(?:(?:so|first|then|and|just|also|n|&|oh|and\s+then)\s+)*")
STORY_ACTION_RE = re.compile(
    # a time or a place may open the first action: "On Saturday at the Hendersons' barbecue you ..."
    r"(?:(?:(?:on|at|in|during|over|last|this|yesterday)\s+(?:[\w'-]+\s+){1,6}?|(?:[\w']+\s+){0,3}?)"
    r"(?P<who>you|u|he|she)\s+)?(?:(?:just|then|also|straight|even|always|never"
    r"|basically|literally)\s+)?(?:(?:didn'?t|did\s+not|couldn'?t|wouldn'?t|won'?t|don'?t|doesn'?t)\s+\w+"
    r"|(?!(?:need|want|lov|lik|hop|feel|seem|us|tri)ed\b)[a-z]{2,}ed\b|(?:went|came|left|took|said|told|gave|got|ate"
    r"|drank|threw|sat|ran|forgot|made|put|bought|brought|kept|sent|spent|broke|lost|hung|goes|does"
    r"|let|fell|hid|sold|lent|rang|woke|drove|swore|spoke|wrote|stole|blew|tore|bit|shut|slept)\b"
    r"|(?:come|go|get|grab|dump|sit|eat|drink|throw|leave|take|say|tell|make|walk|buy|expect|act|moan"
    r"|complain|disappear|turn|roll|pick|play|watch|sleep|decide|blame|ignore|storm|slam|scroll)s?\b)"
)
# A time a story opens on: "Yesterday you ...", "Last Sunday you ...", "On Friday you ...".
_TIME_OPENER = (
    r"yesterday|today|tonight|earlier(?:\s+today)?|this\s+(?:morning|afternoon|evening|week|weekend)"
    r"|last\s+(?:night|week|weekend|month|year|time|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|christmas)|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|our\s+anniversary|my\s+birthday)|the\s+other\s+(?:day|night)"
)
# A sentence that opens with the partner as subject (after "so", "and then" ...):
# "So you just decide to buy a car", "Then you had the cheek to ...".
STORY_TOLD_OPEN_RE = re.compile(
    r"\W*(?P<conn>(?:(?:so|and|then|and\s+then|so\s+then|oh|well|right|ok|okay|k|kk|n|&|lol|wow"
    r"|first|" + _TIME_OPENER + r"|"
    r"|(?P<told>of\s+course|next\s+thing(?:\s+i\s+know)?|and\s+then|then|out\s+of\s+nowhere|next\s+minute"
    r"|all\s+of\s+a\s+sudden|suddenly|so\s+(?:you'?re|ur|u\s+r)"
    r"\s+telling\s+me(?:\s+that)?|turns\s+out|apparently))[,\s]+)*)"
    r"(?P<who>you|u|he|she|ur|you'?re|you'?ve|you'?d)\s+"
    r"(?P<just>(?:just|then|actually|really|even|literally)\s+)*"
)
# A story set in a scene, with the partner as subject of what follows: "So we get to your
# mum's and you go straight to the telly", "We're at Tesco and you start ...", "At the
# wedding you got hammered and then ..." (tried only where a sentence opens on "we"/"at").
SCENE_STORY_RE = re.compile(
    r"\W*(?:(?:so|and|then|and\s+then|so\s+then|oh|well|right|ok|okay|k|kk|n|&|lol|wow|anyway|first"
    r"|of\s+course|" + _TIME_OPENER + r")[,\s]+)*"
    r"(?:we(?:'re|\s+are|\s+were)?\s+(?:get|got|gets|arrive|arrived|go|went|turn\s+up|turned"
    r"\s+up|pull\s+up|pulled\s+up|walk|walked|sit|sat|at|in|out)\b[^.!?;\n]{0,50}?\s(?:and|n|&)"
    r"|at\s+(?:the|your|ur|my|our|his|her|their)\s+[^.!?;,\n]{1,30}?)[,\s]+(?:then\s+)?"
    r"(?P<who>you|u|he|she|ur|you'?re|you'?ve|you'?d)\s+"
    r"(?:(?:just|then|actually|really|even|literally|straight)\s+)*"
)
SCENE_WORDS = frozenset({"we", "were", "at"})
SCENE_FIRST_WORDS = frozenset(
    "so and then right ok okay well anyway k kk n oh lol wow first of we were at yesterday today"
    " tonight earlier this last on the".split()
)
"""Words a sentence telling a scene can open with (a cheap test before SCENE_STORY_RE)."""
FIRST_WORD_RE = re.compile(r"[\W_]*([a-z]+)")
# After a scene ("At the party you ..."): a plan or a wish, not a story.
SCENE_NOT_STORY_AFTER = re.compile(
    r"(?:can|could|should|will|'ll|ll|might|may|need|want|would|'d|love|loved|looked|look|were|was"
    r"|are|'re|re)\b"
)
SPEAKER_FEELS_RE = re.compile(r"\bi(?:'m|m|\s+am|\s+was|\s+felt|\s+feel|\s+got|\s+get)\b")
# "... and expect me to be cheerful": a warm word the partner demands of the speaker
# is no appreciation.
EXPECTED_OF_ME_BEFORE = re.compile(
    r"\bexpect(?:ed|s|ing)?\s+(?:me|us)\s+to\s+(?:be|feel|look|act|stay)\s+(?:\w+\s+)?$"
)
# A story whose connective alone makes it a case ("Then you turned round and said ...",
# "And of course you then tell everyone ...", "Next thing I know you've ...").
# What makes such a sentence a case against the partner rather than a report.
STORY_TOLD_MARK_RE = re.compile(
    r"\b(?:decide[ds]?\s+to|deciding\s+to|went\s+ahead|go(?:es)?\s+ahead|had\s+the\s+(?:cheek"
    r"|nerve|gall|audacity)|thought\s+it\s+was\s+(?:ok|okay|fine|alright|acceptable|a\s+good\s+idea)"
    r"|without\s+(?:even\s+|so\s+much\s+as\s+)?(?:asking|telling|checking|consulting|a\s+word"
    r"|saying|talking|a\s+thought|thinking|a\s+second|bothering)|behind\s+my\s+back"
    # the manner of the telling: the partner's ease set against what it cost
    r"|(?:didn'?t|did\s+not|couldn'?t|wouldn'?t)\s+even|not\s+even|instead\s+of|like\s+nothing"
    r"|as\s+if\s+nothing|(?:rocked|rolled|swanned|waltzed|strolled|sauntered|breezed|swaggered"
    r"|stumbled)\s+(?:up|in|into|back|home|through)|expect(?:ed|s)?\s+(?:me|us|dinner|everyone)"
    r"|turn(?:ed)?\s+(?:round|around)\s+and|sat\s+there|stood\s+there|the\s+whole\s+(?:time|night"
    r"|evening|dinner|meal|day|way|weekend|party|drive)|promised\b[^.!?;]{0,40}?(?:and|but)\s+then"
    r"|helped\s+yourself|help\s+yourself|took\s+it\s+upon\s+yourself"
    r"|(?:didn'?t|did\s+not|never)\s+(?:even\s+)?(?:think|bother|stop)\s+to\s+\w+"
    r"|(?:didn'?t|did\s+not|never)\s+(?:say|tell\s+me|breathe)\s+(?:a\s+word|anything|a\s+thing)"
    r"|just\s+assumed|took\s+it\s+for\s+granted"
    r"|right\s+through\s+(?:my|our|the|his|her|their)|while\s+(?:everyone|everybody|we\s+all"
    r"|the\s+whole\s+\w+|all\s+(?:my|our|your)\s+\w+)"
    r"|while\s+i\s+(?:was\s+|had\s+to\s+)?\w+|(?:left|leave|leaves|leaving)\s+me\s+(?:with|to|alone|on\s+my\s+own|stranded"
    r"|hanging|waiting|holding|high\s+and\s+dry|in\s+the\s+lurch)"
    r"|(?:went|go|goes|gone|going)\s+and\s+(?!(?:got|get|bought|buy|made|make|picked|booked|found)\s+"
    r"(?:me|us)\b)[a-z]+|happen(?:ed|s)?\s+to\s+forget)\b"
)
# The speaker the last to know: "So you book a holiday, tell your mates, and I find out from
# Facebook" (searched only in sentences holding one of FOUND_OUT_WORDS).
FOUND_OUT_RE = re.compile(
    r"\b(?:and|then|n)\s+(?:then\s+)?i\s+(?:only\s+)?(?:find|found|hear|heard|learn|learnt|learned)\s+"
    r"(?:out|about|from)\b"
)
FOUND_OUT_WORDS = frozenset("find found hear heard learn learnt learned".split())
# After a word of affection, a harm done to the speaker: "you enjoy upsetting me",
# "you like making me feel small" is not appreciation.
HARM_GERUND_AFTER = re.compile(
    r"\s+(?:\w+ing)\s+(?:me|us)\b"
    r"(?!\s+(?:laugh|smile|happy|feel\s+(?:safe|loved|good|special|happy)))"
)
# A word right after a bare "you" followed by a preposition or object is a verb
# ("when you joke about my job"), not a name ("you joke!").
NOUN_AS_VERB_AFTER = re.compile(
    r"\s+(?:about|at|around|with|on|to|me|us|that|when|and|all|every|in|like)\b"
)
STORY_SKIP_RE = re.compile(r"\W*(?:when(?:ever)?|while|after|before|if|since|as\s+soon\s+as)\b")
IT_PHRASES = lx.it_feeling_phrases()
IT_PHRASE_RE = re.compile(
    r"\b(?:it|this|that|which|what)(?:'s|\s+(?:really|just|still|kind\s+of|sometimes|honestly|always"
    r"|totally|actually|properly|proper|kinda|also|does|did|can|is|was|has|had))*\s+("
    + lx.alternation(IT_PHRASES)
    + r")"
)
IT_PHRASE_TRIGGERS = frozenset(
    lx.words_of(w)[-1 if lx.words_of(w)[0] in ("a", "such") else 0] for w in IT_PHRASES
)
# "My heart sank when ...": a feeling told through the speaker's own body.
BODY = {lx.canonical(w): f for w, f in lx.load("feelings.json")["body"]["phrases"].items()}
BODY_RE = re.compile(r"\b(?:" + "|".join(
    r"\s+".join(map(re.escape, phrase.split())) for phrase in sorted(BODY, key=len, reverse=True)
) + r")\b")
# The same by frame: "my" + a part of the body + a movement ("my chest goes tight", "my
# heart just sank"), or a thing held in the speaker's body ("a knot of dread in my stomach",
# "I had a lump in my throat", "I've had butterflies all day"). See feelings.json "body".
_BODY = lx.load("feelings.json")["body"]
BODY_MOVES = {" ".join(w.split()): f for w, f in _BODY["moves"].items()}
# A feeling named as a noun in a first-person frame: "What I felt was mostly embarrassment",
# "I felt a wave of relief when ...".
NOUN_FEELINGS2 = {
    "embarrassment": "embarrassed", "sadness": "sad", "anger": "angry", "fear": "scared",
    "shame": "ashamed", "guilt": "guilty", "jealousy": "jealous", "loneliness": "lonely",
    "frustration": "frustrated", "disappointment": "disappointed", "anxiety": "anxious",
    "pride": "proud", "joy": "joyful", "gratitude": "grateful", "relief": "relieved",
    "panic": "panicked", "dread": "dread", "resentment": "resentful", "hurt": "hurt",
    "grief": "grieving", "worry": "worried", "excitement": "excited", "confusion": "confused",
}
BODY_HELD_IN = dict(_BODY["held_in_body"])
BODY_HELD = {" ".join(w.split()): f for w, f in _BODY["held"].items()}
_BODY_PARTS = lx.alternation(_BODY["parts"])
_BODY_ADVS = (r"(?:\s+(?:just|really|literally|actually|completely|totally|kind\s+of|kinda|all"
              r"|still|always|instantly|immediately|honestly|properly|right|so))*")
BODY_MOVE_RE = re.compile(
    r"\bmy\s+(?:" + _BODY_PARTS + r")" + _BODY_ADVS + r"\s+(" + lx.alternation(BODY_MOVES) + r")\b"
)
BODY_HELD_IN_RE = re.compile(
    r"\b(?:an?|the|this|that)\s+"
    r"(?:(?:little|big|huge|tight|hard|heavy|horrible|awful|real|massive)\s+)?("
    + lx.alternation(BODY_HELD_IN) + "|" + lx.alternation(NOUN_FEELINGS2)
    # "the dread sitting in my stomach": a feeling noun held in the body names itself
    + r")(?:\s+of\s+([a-z]+))?(?:\s+(?:sitting|sat|stuck|lodged|settled|that\s+sat))?"
    r"\s+in\s+my\s+(?:"
    + _BODY_PARTS + r")\b"
)
BODY_HELD_RE = re.compile(
    r"\b(?:i(?:'ve|'d|ve)?(?:\s+(?:just|still|really|been|had|have|got|get|getting|having))*"
    r"|with)\s+(?:an?\s+|the\s+)?(?:(?:real|huge|massive|such|proper)\s+)?("
    + lx.alternation(BODY_HELD) + r")\b"
)
# Words one of which every BODY phrase and frame holds (a cheap test before they are searched).
BODY_TRIGGERS = frozenset(
    "heart stomach chest gut tears cried cry froze cold sleep broke shaking trembling throat tummy"
    " belly butterflies".split()
)

PSEUDO = lx.pseudo_feelings()
PSEUDO_INDEX = lx.PhraseIndex(PSEUDO)
NEGATED_NEED_WORDS, NEGATED_NEED_HINT = lx.negated_need_words()
NEGATED_NEED_INDEX = lx.PhraseIndex(NEGATED_NEED_WORDS)

_FEEL_FRAME = (
    r"(?:\bi(?:'ve|'d|'m|m|\s+am)?\b" + MID + r"\s+(?:feel|felt|feeling)"
    r"|\b(?:makes?|made|making|leaves?|left|leaving)\s+me\s+(?:feel|feeling))"
)
# Names someone might call themselves: "I felt like a right muppet" judges the speaker
# (a self-judgement), it is not a thought about the partner.
# Not the names for being treated badly ("like a doormat", "like a child"), and not when
# the partner is the cause ("like an idiot when you ...": a pseudo feeling).
_SELF_NAMES = (
    "(?:fool|"
    + lx.alternation([w for w in _BLAME["name_nouns"] if w not in ("doormat", "crybaby")])
    + r")(?![\s,]+(?:when(?:ever)?|because|cos|if|after|every\s+time)\s+(?:you|u|he|she)\b)"
)
# "I feel like / that / as if ..." and "I feel you're ...": a thought, not a feeling.
PSEUDO_THOUGHT_TRIGGERS = frozenset(
    "i ive id im makes make made making leaves leave left leaving it".split()
)
# "Feel like u don't even want me around": the same thought with no "I" (sentence start).
FEEL_WORDS = frozenset({"feel", "feels", "felt", "feeling"})
# A word taken back at once: "I felt abandoned -- no, lonely", "neglected... I mean sad".
SELF_CORRECTION_AFTER = re.compile(
    r"[^.!?;\n]{0,60}?(?:\.{2,}|…|-{1,2}|—|,)\s*(?:no|nah|wait|actually|sorry"
    # "..., I mean it" insists on the word (it takes nothing back)
    r"|i\s+mean(?!\s+(?:it|that|this|every\s+word)\b)|or\s+rather"
    r"|scratch\s+that|more\s+like)\b(?!\s+(?:matter|one|way|longer|more|doubt|idea)\b)"
)
NOUN_FEELING2_WORDS = frozenset(NOUN_FEELINGS2)
NOUN_FEELING2_RE = re.compile(
    r"\b(?:i\s+(?:felt|feel|was\s+feeling)"
    # "I am feeling worry about ...", "I've been feeling real dread": a feeling noun after the
    # present or perfect "feeling" is the speaker's as much as after "felt"
    r"|i(?:'m|m|\s+am|'ve\s+been|ve\s+been|\s+have\s+been)(?:\s+(?:just|really|still|honestly|also))*"
    r"\s+feeling"
    r"|what\s+i\s+(?:felt|feel)\b[^.!?;\n]{0,60}?\b(?:was|is))"
    r"\s+(?:(?:mostly|mainly|just|pure|sheer|real|such|so\s+much|a\s+lot\s+of|a\s+bit\s+of|a\s+wave\s+of"
    r"|a\s+pang\s+of|a\s+rush\s+of|a\s+surge\s+of|some|huge|massive|deep|real)\s+)*("
    + "|".join(NOUN_FEELINGS2) + r")\b(?![-'])"
)
# The feeling noun put first, then owned: "Relief, honestly, that's what I felt when ...",
# "Gratitude mostly - that was what I was feeling".
NOUN_FEELING_FRONTED_RE = re.compile(
    r"(?:^|[.!?;\n…]\s*)[\s\"'(]*(?:(?:pure|sheer|just|mostly|mainly|total|such)\s+)*("
    + "|".join(NOUN_FEELINGS2) + r")\b[\s,:.!\-—]+(?:(?:honestly|mostly|mainly|really|tbh|ngl|just"
    r"|if\s+i'?m\s+honest|more\s+than\s+anything)[\s,:\-—]+)*(?:that'?s|thats|that\s+(?:is|was)|is"
    r"|was)\s+what\s+i(?:'d|\s+had)?\s+(?:felt|feel|was\s+feeling|been\s+feeling)\b"
)
# A feeling verb opening a sentence with no "I": "Missed you loads while ...".
SUBJECTLESS_VERB_RE = re.compile(
    r"(?:^|[.!?;\n…]\s*)[\s\"'(]*(?:(?:ngl|tbh|honestly|so|and|but|really|just|still|oh|x+|god|babe)"
    r"[\s,]+)*(" + lx.alternation(FEELING_VERBS) + r")\b"
)
# A feeling named by a noun phrase with the speaker as subject: "I was an absolute nervous
# wreck before ...", "I've been a bag of nerves since ...", "Was such a mess after ...".
NOUN_PHRASE_FEELINGS = lx.noun_phrase_feelings()
NOUN_PHRASE_FEELING_TRIGGERS = frozenset(lx.words_of(w)[-1] for w in NOUN_PHRASE_FEELINGS)
NOUN_PHRASE_FEELING_RE = re.compile(
    r"(?:\bi(?:'m|m|\s+am|\s+was|'ve\s+been|ve\s+been|\s+have\s+been|\s+had\s+been"
    r"|\s+felt(?:\s+like)?|\s+feel(?:\s+like)?|\s+turned\s+into|\s+became)"
    r"|(?:^|[.!?;\n]\s*)(?:(?:honestly|tbh|ngl|and|but|so)[\s,]+)*(?:was|been))"
    r"(?:\s+(?:really|honestly|just|totally|basically|literally|still|such|kind\s+of|kinda))*"
    r"\s+(?:an?|such\s+an?)(?:\s+(?:complete|total|absolute|utter|right|proper|real|bit\s+of\s+an?"
    r"|little|big|massive|blubbering|shaking|quivering|gibbering))*"
    r"\s+(" + lx.alternation(NOUN_PHRASE_FEELINGS) + r")\b"
)
# A feeling named as a noun at the start of a sentence: "Such a relief when ...".
NOUN_FEELINGS = {"relief": "relieved", "shock": "shocked", "worry": "worried", "fright": "scared",
                 "blow": "disappointed", "letdown": "disappointed", "comfort": "comforted"}
NOUN_FEELING_WORDS = frozenset(NOUN_FEELINGS)
NOUN_FEELING_RE = re.compile(
    r"(?:^|[.!?;\n]\s*)[\s\"']*(?:(?:oh|god|gosh|honestly|and|but|so|ah)[\s,]+)*(?:(?:such|what)\s+an?"
    # "I got such a fright", "I had a real shock": the speaker given the feeling
    r"|i\s+(?:just\s+)?(?:got|had|get)\s+(?:such\s+)?an?)"
    r"\s+(?:(?:huge|massive|real|big|total|complete|proper|awful|terrible)\s+)?("
    + "|".join(NOUN_FEELINGS) + r")\b"
)
SUBJECTLESS_PSEUDO_RE = re.compile(
    r"(?:feel|feels|felt|feeling)(?:\s+(?:like|as\s+if|as\s+though|that))\s+(?:you|u|ur|you're|youre"
    r"|he|she|he's|she's|nobody|no\s+one|everyone|i'm\s+the\s+only|i\s+am\s+the\s+only)\b"
)
# "Pressured" (and its group in pseudo_feelings.json) beside a genuine feeling, in a sentence
# with no partner in it ("When your mum called, I felt very pressured and sad"): the weight
# of a circumstance or of someone else, with the feeling named; not a thought about the
# partner (see rules.find_pseudo).
PRESSURE_WORDS = frozenset(
    next(e["words"] for e in lx.load("pseudo_feelings.json")["entries"]
         if "pressured" in e["words"])
)
PAIRED_AFTER = re.compile(r"\s*,?\s+(?:and|&|n)" + ADVS + r"\s+([a-z]+)\b")
PAIRED_BEFORE = re.compile(r"\b([a-z]+)\s*,?\s+(?:and|&|n)" + ADVS + r"\s+$")
PARTNER_IN_SENTENCE_RE = re.compile(r"\b(?:you|u|you'?ve|you'?d|you'?re|youre|ya|ye)\b")
# "Humiliated" after the speaker's own act, told in the same sentence with no one else as a
# subject ("I cried at your work dinner and I felt humiliated afterward", "I felt humiliated
# after I fell over on stage"): the shame of one's own moment (dictionaries' "made to feel
# ashamed"), no claim about what anyone did; see rules.find_pseudo. Only this word: the
# others of its entry ("belittled", "mocked") always name someone's act.
OWN_ACT_PSEUDO_WORDS = frozenset({"humiliated"})
_PAST_ACT = (r"(?:(?:just|really|totally|completely|accidentally)\s+)?(?:[a-z]{2,}(?:ed|t)"
             r"|fell|froze|forgot|broke|said|did|made|lost|ran|spoke|sang|wore|ate|drank|threw|got)\b")
OWN_ACT_BEFORE = re.compile(
    r"\bi\s+" + _PAST_ACT + r"[^.!?;]*?"
    r"\band\s+(?:then\s+)?$")
OWN_ACT_AFTER = re.compile(
    r"(?:\s+(?:afterwards?|after\s+that|after|later))?(?:[.!?;]|$|\s+(?:because|after|when)\s+i\s+"
    + _PAST_ACT + ")")
OTHER_SUBJECT_RE = re.compile(
    r"\b(?:you|u|you'?ve|you'?d|you'?re|youre|he|she|they|he's|she's|they're|someone|somebody"
    r"|everyone|everybody|people|nobody)\b")
# "..., so I feel like I'm pulling my weight" inside a request: the feeling the request
# is for, about the speaker, not a thought about the partner (see rules.find_pseudo).
PURPOSE_END = re.compile(r"\bso(?:\s+that)?\s+$")
PURPOSE_SELF_AFTER = re.compile(r"\s*(?:i'm|im|i\s+am|i\s+can|i'm\s+not|i\s+have|we're|we\s+are"
                                r"|i\s+(?:know|understand|matter|belong)"
                                r"|part\s+of)\b")
PSEUDO_THOUGHT_RE = re.compile(
    _FEEL_FRAME
    + r"(?:\s+(?:really|just|kind\s+of|kinda|sometimes|honestly|so|strongly|definitely|almost))*"
    r"\s+(?:(?:like|as\s+if|as\s+though)\b(?!\s+(?:(?!(?:no|some|any|every)thing\b)\w+ing\b"
    r"|(?:that|this|it)\s*(?:[.,!?;]|$)|(?:crap|shit|rubbish|death|garbage|hell|a\s+wreck)\b"
    r"|(?:such\s+)?an?\s+(?:(?:total|complete|bit\s+of\s+an?|real|right|proper|absolute|utter|massive"
    r"|big|little|useless|stupid)\s+)*(?:failure|burden|bad\s+\w+|terrible\s+\w+|"
    + _SELF_NAMES + r")\b))"
    r"|that\b(?!\s+way\b)"
    r"|(?:you|u)\b(?!\s*(?:[.!,?]|$))"
    r"|it\s+(?:is|was|would|will|could|should|might|has|had|seems|must|isn'?t|wasn'?t)\b"
    r"|(?:your|ur|you're|youre|he|she|they|he's|she's|they're|it's|this|that's|we|we're"
    r"|nobody|no\s+one|everyone|everybody|everything|nothing|there's|there\s+is)\b)"
    r"|\bit\s+(?:really\s+|just\s+|sometimes\s+|often\s+)?(?:feels|felt)\s+(?:like|as\s+if"
    r"|as\s+though)\b(?!\s+(?:that|this|it)?\s*(?:[.,!?;]|$))"
    # a time likened to another, no thought about anyone: "it felt like old times", "it felt
    # like when we first met", "it felt like forever"
    r"(?!\s+(?:old\s+times|the\s+old\s+days|home|a\s+dream|a\s+holiday|christmas|when\s+we\b"
    r"|we\s+were\s+(?:kids|young|teenagers|dating|students|newlyweds|back)|ages|forever|a\s+lifetime"
    r"|hours|an\s+eternity|(?:a\s+)?(?:fresh|new)\s+start|(?:our\s+)?(?:first|early)\s+(?:date|days"
    r"|years))\b)"
)

# --------------------------------------------------------------------------- contempt
_INS = (
    r"(?:s+o+|such|too|really|very|just|completely|totally|utterly|incredibly|unbelievably|truly"
    r"|the\s+most|most|an?|fucking|freaking|damn|bloody|always|never|constantly|getting|becoming"
    r"|kind\s+of|kinda|pretty|quite|acting|being|like|plain|downright|seriously|actually"
    r"|literally|still|also|even|more|a\s+bit|a\s+little|sometimes|often|beyond|ridiculously"
    r"|right|absolute|utter|complete|total|great|massive|big|proper|bloody|stupid|silly|lazy"
    r"|selfish|useless|fat|old|little|an\s+absolute|a\s+complete|a\s+total|an\s+utter|a\s+right"
    r"|a\s+bit\s+of\s+an?)"
)
ADJ_INDEX = lx.PhraseIndex(_BLAME["character_adjectives"])
_ADJ_ALT = lx.alternation(_BLAME["character_adjectives"])
NOUN_INDEX = lx.PhraseIndex(_BLAME["name_nouns"])
NOUN_YOU_INDEX = lx.PhraseIndex(_BLAME["name_nouns_need_you"]["words"])
# Left context that pins an adjective on someone: "you're so ___", "that's ___", "how ___".
ADJ_ANCHOR_END = re.compile(
    rf"(?:\b{YOU_ARE}|\b(?:are|were|r)\s+{YOU}|\b(?:he|she)\s*(?:'s|\s+is|\s+was|\s+can\s+be)|\b(?:that|this)\s*(?:'s|\s+is"
    rf"|\s+was)|\bthats|\bhow|\bwhat\s+an?|\bsuch\s+an?|\bbeing|\bacting|\bact|\bbe"
    rf"|\b{YOU}(?=\s+{_INS})"
    # blame shifted into a condition: "I'd be calmer if you weren't so hopeless with money"
    rf"|\b{YOU}\s+(?:weren'?t|were\s+not|wasn'?t|aren'?t|are\s+not)(?=\s+{_INS}))(?:\s+{_INS})*\s+$"
)
YOU_NOUN_END = re.compile(
    rf"(?:\b{YOU_ARE}|\b(?:are|were|r)\s+{YOU}|\b{YOU}|\bye)(?:\s+{_INS})*(?:\s+{_ADJ_ALT})?[\s,]+$"
)
# "your attitude is disgusting": a copula, with the partner mentioned earlier in the sentence.
COPULA_END = re.compile(rf"\b(?:is|was|are|were|'s)(?:\s+{_INS})*\s+$")
MENTIONS_YOU_RE = re.compile(r"\b(?:you|your|u|ur)\b")
SPEAKER_SUBJECT_RE = re.compile(r"\b(?:i|i'm|im|i've|i'd|i'll|we|we're)\b")
PARTNER_MENTIONED_RE = re.compile(
    r"\b(?:you|your|u|ur|you're|youre|yourself|he|she|he's|she's|his)\b"
)
LIKE_A_END = re.compile(
    rf"\b(?:being|acting\s+like|act\s+like|like|such)\s+an?(?:\s+{_INS})*\s+$"
    r"|\bwhat\s+an?\s+(?:absolute|total|complete|utter|right|proper|massive|useless|lazy|selfish|great)"
    r"(?:\s+(?:big|little|old|fat|lazy|selfish|useless))?\s+$"
)
SENTENCE_OPENER_END = re.compile(
    r"^[\s\"'(]*(?:(?:oh|so|just|how|wow|god|man|ugh|well|seriously|honestly|and|but|totally"
    r"|such|really|too|plain|simply|sooo*)[\s,!]+)*$"
)
OF_YOU_AFTER = re.compile(rf"\s+of\s+{YOU}\b")
# "This is ridiculous of me", "Petty of me, I know": the speaker judging themselves.
OF_ME_AFTER = re.compile(
    r"\s+(?:of|from|by)\s+me\b|\s+(?:moment|move|mistake)\s+(?:of|from|by)\s+me\b"
)
# A name the speaker gives themselves as a label at the head of their own story: "Total
# idiot here: I put your jumper in the dryer", "Pendeja me, I booked the wrong month",
# "total muppet moment, dropped my phone" (a stop or a comma after it; see
# rules._aimed_at_speaker, which also wants no "you" before the name).
SELF_LABEL_AFTER = re.compile(r"\s+(?:here|me|moment)(?=\s*[,:;.!\-\u2013—]|\s+(?:i|lol|haha)\b)")
# A name followed by its target, the speaker: "what a muppet I was", "such an eejit I am"
# (not after "you": "you idiot, I was worried sick").
NAME_THEN_I_AFTER = re.compile(
    r"\s+(?:i\s+(?:was|am|have\s+been|can\s+be|must\s+be|must\s+have\s+been)|i'm|im|i've\s+been)\b"
)
# "what a tool, you told her": an exclamation of a name, with the partner the subject next.
WHAT_A_END = re.compile(r"(?:^|[^\w'])what\s+an?\s+$")
YOU_NEXT_AFTER = re.compile(r"[\s,!.]+(?:you|u)\s+(?!(?:and|too|know)\b)[a-z']{2,}")
# Speaker talking about themselves: "I'm so stupid", "call me lazy", "we were childish".
FIRST_PERSON_END = re.compile(
    r"(?:\b(?:i|i'm|im|i've|i'd|i'll|me|myself|we|we're|us|ourselves)\b"
    r"(?:\s+(?:was|am|were|being|been|acting|acted))?"
    # "sorry for being such a ...", "my bad for acting like a ...": an apology is the speaker's
    r"|\b(?:sorry|apologies|my\s+bad)\s+(?:for|about)\b)"
    # up to six words: "I know I'm being a bit of a drama queen"
    r"(?:[\s,]+(?!(?:you|u|your|ur|you're|youre|he|she|he's|she's|they|they're|that|that's"
    r"|this|it|it's|is|was|are|were)\b)[\w']+){0,6}[\s,]*$"
)
# Someone else's words about the speaker, told: "when your sister said I was 'a bit of an
# idiot'", "my boss called me lazy", "your aunt asked if I was the roommate" (the name is
# theirs, reported; the speaker calls no one anything). Not when the partner said it ("you
# just called me an idiot"): see rules.find_contempt.
REPORTED_OF_ME_END = re.compile(
    r"(?<!\byou\s)(?<!\bu\s)\b(?!(?:you|u|ya|yuh|ye|you've|youve)\b)[a-z']+\s+(?:said|says|called"
    r"|calls|told\s+\w+|tells\s+\w+|asked\s+(?:if|whether)|joked|implied|suggested|reckoned"
    r"|made\s+out)(?:\s+(?:that|if|whether))?\s+(?:i\s+(?:was|am|were|looked|seemed|sounded|must\s+be)"
    r"|i'm|im|me(?:\s+(?:was|is|an?))?)"
    r"[\s\"'\u201c\u2018]*(?:(?:a\s+bit\s+of|a\s+right|a\s+real|such|kind\s+of|sort\s+of|basically"
    r"|just|being)\s+)*(?:(?:an?|the)\s+)?(?:[a-z'-]+\s+)?$"
)
SARCASM_INDEX = lx.PhraseIndex(_BLAME["sarcasm_and_mockery"])
SARCASM_EXTRA_RE = re.compile(
    r"(?:thanks|thank\s+you|thx|thnx|thanx|ty|cheers|ta)(?:\s+(?:a\s+lot|so\s+much|a\s+bunch|a\s+million"
    r"|very\s+much|ever\s+so\s+much))?"
    r"\s+for\s+(?:nothing|finally|once|at\s+least|not\s+\w+|never\s+\w+|ruining|wasting"
    r"|forgetting|ignoring|embarrassing|humiliating|ditching|abandoning|wrecking|spoiling"
    r"|screwing|messing|blowing|leaving\s+me|letting\s+me\s+down|making\s+me\s+(?:wait|look))\b"
    r"|(?:nice|good|great|lovely|glad)\s+to\s+(?:see|know|hear)\s+(?:that\s+)?(?:you|u)(?:'ve|\s+have)?\s+"
    r"(?:finally|actually|decided|bothered|remembered)\b"
    r"|(?:nice|good|great|glad|kind|sweet|lovely)\s+of\s+you\s+to\s+(?:finally|show|join|remember"
    r"|bother|notice|grace)\b"
    # "look who remembered we have kids" (not "look who's walking now!")
    r"|look\s+who(?:\s+(?:has|finally|actually|'s\s+finally))*\s+(?:[a-z]+ed|came|woke|got|made|found"
    r"|showed|bothered|turned|rolled|crawled|dragged|graced|deigned)\b"
)
SARCASM_EXTRA_TRIGGERS = frozenset(
    "thanks thank thx thnx thanx ty cheers ta nice good great glad kind sweet lovely look".split()
)
# Mock thanks for a harm are blame as well as contempt: "thx for ignoring me all day".
THANKS_FOR_HARM_RE = re.compile(
    r"[^.!?]*?\bfor\s+(?:nothing|not\s+\w+|never\s+\w+|ruining|wasting|forgetting|ignoring|embarrassing"
    r"|humiliating|ditching|abandoning|wrecking|spoiling|screwing|messing|blowing|leaving\s+me"
    r"|letting\s+me\s+down|making\s+me)"
)
SLASH_S_RE = re.compile(r"(?<!\w)/s\b")
_STANDALONE = _BLAME["standalone_sarcasm"]
STANDALONE_RE = re.compile(
    r"(?:^|[.!?,;:\n…\-\u2013—\"(])[\s\"']*(?:(?:oh|ok|okay|fine|yeah|well|um|uh|ah)[\s,]+)?"
    r"(" + lx.alternation(_STANDALONE["before_comma"]) + r")(?=\s*(?:[.!?,;…\"]|$))"
    r"|(?:^|[.!?;:\n…\-\u2013—\"(])[\s\"']*(?:(?:oh|ok|okay|fine|yeah|well|um|uh|ah)[\s,]+)?"
    r"(" + lx.alternation(_STANDALONE["whole_sentence"]) + r")(?=\s*(?:[.!?;…\"]|$))"
)
PRAISE_RETORTS = frozenset({
    "nice one", "nice 1", "bravo", "great stuff", "thanks a lot", "thanks a bunch",
    "thanks a million", "thanks heaps", "thx a lot", "thx a bunch", "cheers for that",
    "cheers 4 that",
})
"""Retorts of ``STANDALONE_RE`` that are praise or thanks said plainly: contempt only
after something to be ironic about, never as the whole message ("nice one" as a reply)."""
STANDALONE_TRIGGERS = frozenset(
    lx.words_of(w)[0] for w in _STANDALONE["before_comma"] + _STANDALONE["whole_sentence"]
)
# A sentence of mock praise standing on its own after a charge ("... again. Really
# touching.", "Truly inspiring.", "Really thoughtful, that.", "Silly me."): the praise
# word is one of a warm character's, said of what was just described (contempt, Gottman).
STING_RE = re.compile(
    r"[\s\"'(*-]*(?:(?:oh|wow|well|yeah|ah)[\s,]+)?"
    r"((?:really|truly|so|very|real|how|just|such)\s+(?:considerate|touching|inspiring|admirable"
    r"|thoughtful|classy|generous|sweet|kind|caring|romantic|mature|impressive|heartwarming"
    r"|heart-warming|gracious|selfless|gentlemanly|ladylike|charming|lovely\s+of\s+you)"
    r"(?:\s+of\s+you)?(?:,?\s+(?:that|there|mate|babe|love|darling|hun))?"
    r"|silly\s+(?:me|old\s+me)|my\s+mistake|how\s+dare\s+i|thx\s+a\s+lot|thx\s+a\s+bunch"
    r"|ta\s+very\s+much|thanks\s+heaps|(?:cheers|thanks|thx|thnx|ty|ta)(?:\s+a\s+lot)?\s+(?:for|4)\s+that"
    r"|(?:really\s+|truly\s+)?(?:inspired|impressive)(?:\s+stuff)?(?:,?\s+(?:that|there|mate|babe|love|hun))?"
    r"|top\s+marks|much\s+appreciated"
    r"|(?:really|truly)\s+(?:appreciate|appreciated)\s+(?:it|that))\s*[.!?;…\"]*\s*$"
)
"""Tried at the start of each short sentence (``STING_MAX_CHARS``) after the first, and at
the last comma clause of a sentence whose words before it carry a harm (``SNIDE_HARM_RE``)."""
# Honour claimed for an ordinary act, as the last words of a sentence: "A whole phone call,
# I'm flattered.", "Gosh, a text back within three hours, I'm honoured." Bare (a warm "I'm
# so touched" is left alone) and only in a statement asking nothing (see the rule).
FLATTERED_RE = re.compile(
    r"[\s\"'(*-]*((?:i'?m|im|i\s+am)\s+(?:truly\s+)?(?:honou?red|flattered|touched|blessed|spoil[te]d?))"
    r"\s*[.!]*\s*$"
)
# A last clause that only addresses or insists ("..., very impressive, hun"): the sting is
# the clause before it.
ADDRESS_ONLY_RE = re.compile(
    r"\s*(?:babe|hon|hun|love|darling|mate|dear|sweetie|sweetheart|pet|honey|really|honestly"
    r"|seriously|truly|mate)\s*[.!?…]*\s*$"
)
FLATTERED_WORDS = frozenset("honoured honored flattered touched blessed spoilt spoiled".split())
STING_WORDS = FLATTERED_WORDS | frozenset(
    "considerate touching inspiring admirable thoughtful classy generous sweet kind caring"
    " romantic mature impressive heartwarming heart gracious selfless gentlemanly ladylike"
    " charming lovely silly mistake dare thx thanks thnx ty ta cheers appreciate appreciated"
    " inspired marks".split()
)
"""Words one of which every sting of ``STING_RE`` or ``FLATTERED_RE`` holds: the rule
looks at the sentences only when the statement has one."""
ASKING_WORDS = frozenset(
    "could can would will please pls plz need like love want wanna lets let's".split()
)
# Signs of a harm in the words before a short clause of mock praise or mock thanks:
# "locked out again, real impressive babe", "u made me late 4 work again, thx a lot".
SNIDE_HARM_RE = re.compile(
    r"\b(?:again|another|late|forgot|forgotten|forgetting|lost|locked\s+out|ruined|wasted"
    r"|double[\s-]?booked|didn'?t\s+even|didnt\s+even|without\s+(?:even\s+)?(?:asking|telling"
    r"|a\s+word)|last\s+minute|(?:only\s+)?told\s+(?:me|us)\s+(?:today|tonight|this\s+morning"
    r"|just\s+now|now)|a\s+whole|within|at\s+last|for\s+once|gosh|wow"
    # a count of an ordinary act: "Two replies in one day, I'm honoured."
    r"|in\s+(?:one|a\s+single)\s+(?:day|week|evening)|in\s+a\s+row|before\s+(?:noon|lunch|midday))\b"
)
STING_MAX_CHARS = 48
# Mock thanks with a pet name put after it ("Thank you ever so much for telling everyone
# about my debts, sweetheart."), and mock permission ("No no, please, keep scrolling, I'm
# only telling you the boiler is leaking"). One top-level branch per opening word, so
# ``Scan.at`` tries only the branch its word opens.
# An ordinary act greeted as a rare event, and praise said of a harm (see
# "mock_celebration" and "mock_praise_of_harm" in blame_and_insults.json).
_CELEB = _BLAME["mock_celebration"]
MOCK_CELEBRATION_RE = re.compile(
    r"\bis\s+it\s+(?:(?:actually|really)\s+)?" + lx.alternation(_CELEB["occasions"])
    + r"(?:\s+already)?\s*\?|\b(?:call|alert|ring|phone|notify)\s+the\s+"
    + lx.alternation(_CELEB["announce"])
    + r"|\b(?:should|shall)\s+i\s+(?:throw|bake|get|buy|organi[sz]e|plan|book|make|hang|put\s+up"
    r"|set\s+off|give|write)\s+(?:you\s+|u\s+|him\s+|her\s+|us\s+)?(?:a\s+|an\s+|some\s+)?"
    + lx.alternation(_CELEB["treats"])
    # the treat is the whole point ("should i throw a party"), not a plan ("... for your mum")
    + r"(?=\s*(?:[?!.,…]|$|lol|haha|now|then|or\s+something|too)\b|\s*[?!.,…]|\s*$)"
    + r"|" + lx.alternation(_CELEB["wonders"])[3:-1]
)
MOCK_CELEBRATION_TRIGGERS = frozenset(
    {"call", "alert", "ring", "phone", "notify", "should", "shall"}
    | {lx.words_of(w)[0] for w in _CELEB["wonders"]}
)
""""is it ...?" is tried only in a question holding "is" and "it" (see the rule)."""
_COMMON = frozenset("someone somebody mark the me it".split())
CELEBRATION_GATES = frozenset(
    {lx.words_of(w)[-1] for k in ("occasions", "announce", "treats") for w in _CELEB[k]}
    | {max(set(lx.words_of(w)) - _COMMON, key=len) for w in _CELEB["wonders"]}
)
"""The rule is tried only when one of these words (the event's own word) occurs."""
_PRAISE = _BLAME["mock_praise_of_harm"]
PRAISE_OPENER_RE = re.compile(
    r"[\s\"'(*-]*(?:(?:oh|wow|well|ah|yeah|ooh)[\s,!]+)*" + lx.alternation(_PRAISE["openers"])
    + r"(?:\s+(?:job|work|idea|plan|planning|move|effort|thinking|timing|stuff|call|choice|decision"
    r"|parenting|driving|cooking|organising|organizing))?(?:[\s,]+(?:babe|hon|hun|love|darling|dear|mate|sweetie|sweetheart|pet|honey))?\s*[,!.]"
)
PRAISE_OPENER_TRIGGERS = frozenset(
    {"oh", "wow", "well", "ah", "yeah", "ooh"} | {lx.words_of(w)[0] for w in _PRAISE["openers"]}
)
PRAISE_HARM_RE = re.compile(
    r"\b(?:another\s+(?:\w+\s+){1,2}?(?:gone|lost|wasted|ruined|down\s+the\s+drain|spent\s+on)"
    r"|double[\s-]?booked|forgot|forgotten|forgetting|ruined|ruining|wasted|wasting"
    r"|lost\s+(?:the|my|our)|losing\s+(?:the|my|our)|"
    + lx.alternation(_PRAISE["tails"])[3:-1] + r")\b"
)
_MOCK_THANKS_TAIL = (
    r"(?:\s+(?:so|very|ever\s+so|soo+)\s+much|\s+a\s+lot|\s+heaps|\s+loads)?\s+for\s+"
    r"(?!(?:everything|all|the|your|this|that|being|always|helping|listening|understanding"
    r"|sorting|picking|cooking|taking\s+care"
    # acts of care toward the speaker are thanked sincerely: "Thanks for hearing me out, love"
    r"|hearing|holding|hugging|supporting|comforting|trying|caring|reassuring|backing|staying"
    r"|looking\s+after|checking\s+(?:in|on)|standing\s+by|making\s+time)\b)[a-z]+ing\b[^.!?\n]*?,\s*"
    r"(?:sweetheart|sweetie|darling|babe|honey|hun|dear|love|my\s+love|sweetpea|petal|pet|princess)"
    r"\s*(?:[.!?]|$)"
)
_OVERDONE_THANKS = (  # "thanks for X, really, so thankful": gratitude with no one feeling it
    r"\s+(?:(?:ever\s+)?so\s+much\s+|a\s+lot\s+|heaps\s+|very\s+much\s+|a\s+bunch\s+|muchly\s+)?"
    r"(?:for|4)\s+[^.!?\n]*?,\s*(?:"
    r"(?:really|truly|honestly)[,.!]*\s+(?:(?:so|very|ever\s+so|eternally|most|super|just\s+so)\s+"
    r"(?:grateful|thankful|appreciative|touched|blessed)\b"
    # "..., really, appreciate it heaps": thanks said twice over, with "really," between
    r"|(?:i\s+)?(?:appreciate\s+it|much\s+appreciated)\b)"
    # "..., much appreciated as always": thanks for a harm that is said to be usual
    r"|(?:(?:really|truly)\s+)?(?:much\s+appreciated|appreciate\s+it|cheers|thanks|ta)\s+as\s+(?:always|usual|ever)\b)"
)
MOCK_THANKS_RE = re.compile(
    "|".join(rf"{w}\b(?:" + _MOCK_THANKS_TAIL + "|" + _OVERDONE_THANKS + ")"
             for w in (r"thanks", r"thank\s+you", r"thx", r"cheers", r"ta"))
    + r"|please[,\s]+(?:keep|carry\s+on|go\s+on|continue|don'?t\s+(?:stop|let\s+me))\b[^.!?\n]*?"
    r"\b(?:i'?m|im)\s+only\b"
)
MOCK_THANKS_TRIGGERS = frozenset("thanks thank thx cheers ta please".split())
# Mock patience: "No no, take your time, it's only been an hour of me sat in the car park."
MOCK_PATIENCE_RE = re.compile(
    r"\b(?:take\s+(?:your|ur)\s+(?:sweet\s+)?time|no\s+rush|no\s+hurry|don'?t\s+(?:rush|hurry))\b"
    r"[^.!?\n]*?[,.;!]\s*(?:it'?s|its|it\s+has|i'?ve|i\s+have)\s+(?:only|just)\s+been\b[^.!?\n]*"
)
MOCK_PATIENCE_WORDS = frozenset({"only", "just"})
MOCK_PATIENCE_GATES = frozenset({"time", "rush", "hurry"})
MOCK_GATE_WORDS = (PRAISE_OPENER_TRIGGERS | CELEBRATION_GATES | MOCK_PATIENCE_WORDS
                   | MOCK_PATIENCE_GATES)
"""Every word the mockery rules of ``rules._mock_celebration_and_praise`` wait for:
one intersection per statement, then each rule tests the few words found."""
IS_WORD = frozenset({"is"})
"""Mock patience needs "only been" / "just been": searched only when one of these occurs."""
EMOJI_RE = re.compile("|".join(re.escape(e) for e in _BLAME["sarcasm_emoji"]))
AIMED_EMOJI_RE = re.compile(
    "|".join(re.escape(e) for e in _BLAME["sarcasm_emoji_when_aimed"]["emoji"])
)
# Mock praise and mock surprise with no insult word: "Well done, you actually cooked",
# "Congrats on finally ...", "Wow, you remembered" (Gottman: contempt as mockery).
MOCK_PRAISE_RE = re.compile(
    r"[\s\"']*(?:(?:oh|well|wow|ooh|gosh|omg)[\s,!]+)*"
    r"(?:well\s+done|congratulations|congrats|bravo|hooray|yay|amazing|incredible|impressive"
    r"|look\s+at\s+you|what\s+an?\s+(?:hero|star|legend|saint|gentleman|lady|achievement)|wow|look"
    r"|shock\s+horror|oh\s+my\s+god|would\s+you\s+look\s+at\s+that|hallelujah|praise\s+be)"
    r"[\s,!.]+(?:(?:you|u|he|she)(?:'ve|\s+have|\s+has|'s|\s+is|'re|\s+are)?\s+(?:actually|finally|managed|remembered"
    r"|found|even|only|noticed|bothered|did\s+it|made\s+it|showed\s+up)|on\s+(?:doing|finally"
    r"|managing|remembering|actually|the\s+bare)|for\s+(?:doing|finally|actually|remembering)"
    r"|(?:doing|finding|remembering|noticing|lifting|helping|managing)\b)"
)
# Rhetorical insult questions: "What are you, five?", "Do you have a brain?",
# "Were you raised by wolves?": contempt *and* blame.
# A label inside a question put to the partner: "What are you, an idiot?", "r u thick".
ASKED_YOU_END = re.compile(rf"\b(?:are|r|were)\s+{YOU}\b[\w\s,']{{0,30}}$")
INSULT_QUESTION_RE = re.compile(
    rf"what\s+are\s+{YOU}\s*,?\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|thirteen|fourteen|fifteen|a\s+child|a\s+teenager|my\s+(?:mother|mum|mom|dad|father))\b"
    rf"|\b(?:do|does)\s+{YOU}\s+(?:even\s+)?have\s+a\s+(?:brain|clue|spine|heart|single\s+brain\s+cell)"
    rf"|\b(?:were|was)\s+(?:{YOU}|he|she)\s+(?:raised|born|brought\s+up)\s+(?:by\s+wolves|in\s+a\s+barn)"
    r"|\bbetween\s+(?:your|ur|those|his|her)\s+ears\b"
    rf"|\b(?:are|r)\s+{YOU}\s+(?:(?:honestly|genuinely|just|actually|really|seriously|truly"
    r"|for\s+real|srsly)\s+)?(?:that|this|so)\s+" + _ADJ_ALT
    + rf"|\b(?:are|r)\s+{YOU}\s+(?:actually\s+|really\s+|seriously\s+|completely\s+|totally\s+)?"
    r"(?:that\s+|so\s+|this\s+)?(?:deaf|blind|thick|dense|stupid|dumb|an?\s+idiot|a\s+child|brain[\s-]?dead|simple|slow"
    r"|mental|nuts|bonkers|daft|dim|soft\s+in\s+the\s+head|a\s+moron|thick\s+in\s+the\s+head)\b"
    # "What are you, a toddler?": any label offered as the answer
    rf"|what\s+are\s+{YOU}\s*,\s*(?:a|an|some\s+(?:kind|sort)\s+of)\s+[\w-]+"
    # "What kind of grown man can't boil an egg?": a question about a category of person
    r"|\bwhat\s+(?:kind|sort|type)\s+of\s+(?:an?\s+)?(?:grown(?:[\s-]+up|\s+(?:man|woman|adult))"
    r"|person|partner|man|woman|husband|wife|boyfriend|girlfriend|father|mother|dad|mum|mom"
    r"|parent|adult|human(?:\s+being)?)\s+(?!(?:do|would|should|could|are|is)\s+(?:you|u|we)\b)"
    r"[^.!?\n]*\?"
    r"|\bwho\s+in\s+their\s+right\s+mind\b[^.!?\n]*\?"
    # "Who on earth forgets their own anniversary?": the doer asked for is the partner
    r"|\bwho\s+(?:on\s+(?:god'?s\s+)?earth|the\s+(?:hell|heck|fuck)|in\s+the\s+world|in\s+god'?s\s+name)"
    r"\s+(?!(?:knew|knows|know|would|could|will|can|cares?|is|was|are|'s)\b)[a-z']+(?:s|ed)\b[^.!?\n]*\?"
    # "Is there anything you can't mess up?": a question whose only answer is a verdict
    rf"|\b(?:anything|single\s+thing|one\s+thing|owt)\s+{YOU}\s+(?:can'?t|cannot|don'?t|do\s+not|won'?t)"
    r"\s+(?:\w+\s+)?(?:mess|break|ruin|moan|complain|whinge|whine|forget|lose|screw|cock|muck|burn"
    r"|spill|argue|critici[sz]e|wreck|stuff|botch|balls|bitch|nag|lie|exaggerate|fuss|sulk|overthink"
    r"|overreact|break|kill|bodge|drop|ruin)\w*\b"
    # questions about what is in the partner's head
    rf"|\b(?:were|was)\s+(?:{YOU}|he|she)\s+dropped\s+on\s+(?:your|ur|his|her)\s+head"
    rf"|\b(?:were|was)\s+(?:{YOU}|he|she)\s+born\s+(?:this|that|so)\s+\w+"
    r"|(?:(?<=your\s)|(?<=ur\s)|(?<=his\s)|(?<=her\s))(?:head|brain|skull)\s+(?:full\s+of|empty"
    r"|made\s+of|screwed\s+on|switched\s+on|on\s+backwards)"
    r"|\b(?:is\s+there\s+)?(?:anything|anyone|anybody|something)\s+(?:going\s+on\s+)?(?:in|inside|up)"
    r"\s+(?:there|that\s+(?:thick\s+)?(?:head|skull|brain)|your\s+(?:head|skull|brain))\b"
    r"|(?:thought|brain\s+cell|idea|clue)\s+(?:in|inside)\s+(?:your|ur|that)\s+(?:thick\s+|little\s+)?"
    r"(?:head|skull)\b"
)
# "I feel like a failure when you criticise me": a self-judgement blamed on the partner
# reads as "you make me a failure" (NVC: a pseudo feeling).
SELF_JUDGEMENT_YOU_AFTER = re.compile(
    rf"[\s,]+(?:when(?:ever)?|because|cos|coz|bc|if|after|every\s+time)\s+(?:{YOU}|he|she)\b"
)
# Doubt cast on the partner's upbringing, thinking or age, as a question: "Who raised
# you, wolves?", "Did your mother never teach you ...?", "Do you ever think before you
# speak?", "how do you get to 40 without knowing how to boil an egg?" (contempt and
# blame). Tried only when one of DOUBT_GATES occurs.
INSULT_DOUBT_RE = re.compile(
    rf"\bwho\s+(?:raised|brought\s+up|dragged\s+up)\s+{YOU}\b"
    rf"|\bwho\s+(?:brought|dragged)\s+{YOU}\s+up\b"
    # "Who taught you to load a dishwasher, a toddler?": the answer offered is the label
    rf"|\bwho\s+taught\s+{YOU}\b[^.!?\n]*?,\s*(?:an?|some)\s+[\w-]+\s*\?"
    r"|\b(?:did|didn'?t)\s+(?:your|ur)\s+(?:mother|mum|mom|mam|ma|parents|dad|father|folks|nan)"
    rf"\s+(?:never\s+|not\s+|ever\s+)?teach\s+{YOU}\b"
    rf"|\b(?:do|does)\s+{YOU}\s+(?:ever|even)\s+think\s+before\b"
    rf"|\bhow\s+(?:do|did|does|can|could|have|has)\s+(?:{YOU}|a\s+grown\s+\w+|anyone|someone|he|she)"
    r"\s+(?:get|got|reach|reached|make\s+it|made\s+it|live|lived|survive|survived|manage|go|gone)"
    r"\s+(?:to\s+)?(?:\d+|[a-z]+ty|your\s+age|this\s+age|adulthood|this\s+long|this\s+far)\b"
    r"[^.!?\n]*?\bwithout\b"
)
INSULT_DOUBT_TRIGGERS = frozenset("who did didnt do does how".split())
# "Who forgets their own birthday? Me, apparently": the speaker answers their own question,
# so it is a joke at their own expense, not a question aimed at the partner.
SELF_ANSWER_AFTER = re.compile(
    r"[\s?!.,]*(?:(?:erm|um|well|oh|yep|yes)[\s,]+)?(?:me|i\s+do|i\s+did|that'?d\s+be\s+me"
    r"|that\s+would\s+be\s+me|guilty|this\s+guy|this\s+girl|moi)\b"
)
DOUBT_GATES = frozenset("raised brought dragged teach taught think without".split())
# Doubt of the partner's basic competence, as a question or a label (contempt and blame).
# Tried only in a statement holding one of COMPETENCE_GATES.
COMPETENCE_DOUBT_RE = re.compile(
    # doubt of the partner's basic competence: "Are you actually incapable of reading a map?",
    # "ur literally incapable of ...", "Is it physically impossible for you to ...?", "Is it
    # beyond you to ...?", "did you forget how to use a phone?" (not "is it possible for you
    # to ...", "are you able to ...", "did you forget how to get to Priya's?")
    rf"\b(?:(?:are|r)\s+{YOU}|{YOU_ARE})\s+(?:(?:actually|really|genuinely|honestly|seriously"
    r"|literally|physically|just|completely|totally|simply|clearly|obviously)\s+)*(?:incapable\s+of"
    r"|physically\s+unable\s+to)"
    r"|\bis\s+it\s+(?:(?:actually|really|genuinely|honestly|seriously|just)\s+)*(?:physically"
    rf"|humanly|literally|biologically|medically)\s+impossible\s+for\s+{YOU}\b"
    r"|\bis\s+it\s+(?:(?:really|honestly|seriously|actually)\s+)?(?:completely\s+|totally\s+)?"
    rf"beyond\s+{YOU}\b"
    rf"|\b(?:did|have|has)\s+{YOU}\s+(?:(?:just|completely|actually|suddenly)\s+)?"
    r"forg(?:o|e)t(?:ten)?\s+how\s+to\s+(?:read|write|count|spell|text|speak|talk|use\s+(?:a|your|ur|the)\s+(?:phone|mobile|clock"
    r"|calendar|watch|brain))\b"
    rf"|\bdo\s+{YOU}\s+(?:even|actually)\s+know\s+how\s+to\s+(?:read|write|count|spell|text"
    r"|use\s+(?:a|your|ur|the)\s+(?:phone|mobile|clock|calendar|watch))\b"
    rf"|\b(?:can|could)\s+{YOU}\s+(?:not|even)\s+(?:read|count|spell|tell\s+the\s+time)\s*\?"
    # "Who forgets their own kid's recital?": the one asked for is the partner; someone dear
    # or an occasion of their own forgotten or missed
    r"|\bwho\s+(?:(?:even|actually|honestly|seriously|just)\s+)?(?:forgets|forgot|misses|missed|skips"
    r"|skipped|ditches|ditched|abandons|abandoned|ignores|ignored|neglects|neglected|loses|lost)\s+"
    r"(?:their|his|her)\s+own\s+(?:kid|kids|child|children|son|daughter|baby|babies|wife|husband"
    r"|partner|mum|mom|mother|dad|father|family|anniversary|wedding|fianc[eé]e?)\b[^.!?\n]*\?"
)
COMPETENCE_DOUBT_TRIGGERS = frozenset(
    "are r you u ur is did have has do can could who".split()
)
COMPETENCE_GATES = frozenset(
    "incapable unable impossible beyond forget forgot forgotten know read count spell own".split()
)
INSULT_QUESTION_TRIGGERS = frozenset(
    "what do does were was are r anything anyone anybody something thought brain idea clue head"
    " single one owt"
    " between who"
    " skull".split()
)
# Mockery with no insult word (Gottman: contempt): mock thanks, mock rewards, mock titles,
# mock praise put as a question, mock agreement, and mock importance.
MOCKERY_RE = re.compile(
    r"(?:thanks|thank\s+you)(?:\s+(?:so|very)\s+much|\s+a\s+lot)?\s+for\s+(?:gracing|deigning|blessing"
    r"|gracing\s+us|honou?ring\s+us|finally\s+\w+ing|bothering|remembering\s+i\s+exist)\b"
    r"|(?:want|expect)\s+a\s+(?:medal|parade|trophy|gold\s+star|prize|cookie"
    r"|biscuit|round\s+of\s+applause|pat\s+on\s+the\s+back|certificate|award|thank\s+you\s+card)\b"
    r"|(?:should|shall)\s+i\s+(?:throw|give|get|bake|buy|make)\s+(?:you|u|him|her)\s+a\s+(?:medal|parade"
    r"|trophy|gold\s+star|prize|cookie|cake|round\s+of\s+applause|party|certificate|award)\b"
    r"|(?:mr|mister|miss|mrs|ms|little\s+miss|lord|lady|saint|captain|professor|dr)\.?\s+(?:perfect"
    r"|helpful|know[\s-]?it[\s-]?all|right|reliable|organi[sz]ed|responsible|punctual|generous"
    r"|sensitive|thoughtful|considerate|busy|important|popular|cool|fun|nice\s+guy|clean|tidy"
    r"|sunshine|productive|romantic|hardworking|hard[\s-]working|efficient|never\s+wrong)\b"
    r"|(?:should|shall)\s+i\s+(?:write|put|mark|note|frame)\s+(?:that|it|this)\s+(?:on|in|down)\b"
    r"|(?<=how\s)(?:brave|noble|gracious|big|heroic|selfless|magnanimous)\s+of\s+(?:you|u|him|her)\b"
    r"|oh\s+how\s+(?:kind|nice|good|generous|thoughtful|sweet|lovely)\s+of\s+(?:you|u|him|her)\b"
    r"|aren'?t\s+we\s+(?:just\s+)?(?:so\s+)?(?:in\s+a\s+(?:good\s+|bad\s+|right\s+)?(?:mood|strop|huff)|clever"
    r"|special|grumpy|touchy|sensitive|chirpy|cheerful|moody|precious|funny|busy|important|high\s+and\s+mighty)"
    rf"|aren'?t\s+{YOU}\s+(?:just\s+)?(?:so\s+)?(?:the\s+(?:perfect|ideal|model|best)\s+\w+|clever|smart"
    r"|special|a\s+genius|funny|hilarious"
    r"|brilliant|perfect|a\s+star|the\s+(?:clever|smart|funny)\s+one|a\s+treat|a\s+delight"
    r"|a\s+comedian|the\s+expert)\b"
    rf"|(?:yes|yeah|yep|sure)[,\s]+because\s+(?:{YOU}|he|she)\b"
)
# Mock importance: "your very important scrolling" (searched only when both words occur).
MOCK_IMPORTANCE_RE = re.compile(
    r"\b(?:your|ur|his|her)\s+(?:very|oh\s+so|super|ever\s+so)\s+(?:important|precious|busy|vital"
    r"|urgent)\s+[\w-]+"
)
MOCK_IMPORTANCE_WORDS = frozenset("important precious busy vital urgent".split())
# Scare quotes around what the partner claims: 'your "important" meetings'.
SCARE_QUOTES_RE = re.compile(
    r"[\"'](?:important|busy|working|tired|helping|forgot|forgotten|emergency|urgent|sorry|help"
    r"|friend|friends|work|meeting|meetings|plans|headache)[\"']"
)
# Sarcasm phrases aimed at the partner, so blame as well as contempt: "are you stupid",
# "typical you", "sure you did", "what's wrong with you" (keys as in the word list index).
CHARACTER_ADJECTIVES = frozenset(lx.canonical(w) for w in _BLAME["character_adjectives"])
"""Character adjectives as canonical words: a sarcastic phrase that ends on one
("you're pathetic") labels the partner, and its note says so."""
TARGETED_SARCASM_RE = re.compile(
    r"^(?:are\s+(?:you|u)|you\s+re|typical\s+(?:you|u|of)|so\s+typical|(?:sure|of\s+course)\s+you"
    r"|what\s*s?\s+(?:is\s+)?(?:wrong\s+with\s+you|your\s+problem)|who\s+do\s+you\s+think"
    r"|(?:like|as\s+if)\s+you)\b"
)
MOCKERY_TRIGGERS = frozenset(
    "thanks thank want expect should shall mr mister miss mrs ms little lord lady saint oh captain"
    " professor dr arent yes yeah yep sure brave noble gracious big heroic selfless"
    " magnanimous".split()
)
MOCK_PRAISE_TRIGGERS = frozenset(
    "oh well wow ooh gosh congratulations congrats bravo hooray yay amazing incredible impressive"
    " look what omg shock would hallelujah praise".split()
)

# --------------------------------------------------------------------------- blame
_EXASP = _BLAME["exasperation"]
EXASPERATION_INDEX = lx.PhraseIndex(_EXASP["anywhere"])
REQUEST_EXASPERATION_RE = re.compile(
    r"(?:[\s,]+\w+){0,5}?[\s,]+"
    + lx.alternation(_EXASP["in_requests"] + _EXASP["anywhere"])
    + r"\b(?!(?<=even)\s+just\b)"  # "even just a thumbs up" asks for less, not a reproach
)
# Markers that make a reproach only of a request put to the partner ("can you even ...",
# "could you do it properly this time"); in a request of ours they are plain words.
SOFT_EXASPERATION_END = re.compile(r"\b(?:this\s+time|even|ever|actually|already|at\s+all)$")
_POSITIVE_EXEMPT = "positive_exempt"
# (kind, starts, pattern): kind names the explanation; the pattern is tried only
# where a token in *starts* begins; "positive_exempt" patterns are skipped in
# warm sentences ("you always make me laugh").
BLAME_PATTERNS: tuple[tuple[str, frozenset[str], re.Pattern[str]], ...] = tuple(
    (kind, frozenset(starts.split()), re.compile(src))
    for kind, starts, src in (
        (
            _POSITIVE_EXEMPT,
            "you u he she my",
            rf"\b(?:{YOU}|{PARTNER3})\s+(?:(?:just|really|also|still|literally|seriously|basically"
            r"|pretty\s+much|almost|honestly)\s+)?(?:always|never|constantly|continually"
            r"|continuously|forever|keeps?(?!\s+(?:me\s+(?:warm|safe|sane|going|grounded)))"
            r"|only\s+ever|refuse[ds]?\s+to|(?:don'?t|doesn'?t|didn'?t|can'?t|won'?t|couldn'?t"
            r"|wouldn'?t|do\s+not|does\s+not)\s+(?:ever|even))\b",
        ),
        (
            _POSITIVE_EXEMPT,
            "you u ur youre youve he she hes shes",
            rf"\b(?:{YOU_ARE}|(?:he|she)(?:'s|\s+is))\s+(?:(?:just|really|literally|so)\s+)?"
            r"(?:always|never|constantly|forever|continually|the\s+(?:worst|reason|problem"
            r"|one\s+who))\b",
        ),
        (
            _POSITIVE_EXEMPT,
            "you u ur youre youve",
            rf"\b{YOU}\s+(?:(?:just|really|always|never|totally|completely|seriously)\s+)?"
            r"(?:make|makes|made|drive|drove|push|pushed|ruin|ruined|ruins|piss|pissed|stress"
            r"|stressed|annoy|annoyed|upset|hurt|embarrass|embarrassed|humiliate|humiliated"
            r"|disgust|disgusted|scare|scared|frustrate|frustrated|infuriate|infuriated|bore"
            r"|bored|exhaust|exhausted|disappoint|disappointed|anger|angered|irritate|irritated)"
            r"\s+(?:me|everything|my\s+(?:day|life|night|evening|weekend|mood))\b"
            rf"|\b{YOU_ARE}\s+(?:making|driving|pushing|ruining|stressing|annoying|upsetting"
            r"|hurting|embarrassing|scaring|frustrating|boring|exhausting|disappointing)"
            r"\s+(?:me|everything)\b",
        ),
        (
            _POSITIVE_EXEMPT,
            "you u ur youre",
            rf"\b(?:{YOU_ARE}(?:\s+[\w']+){{0,3}}?|{YOU}\s+(?:just\s+|also\s+)?(?:did|forgot|left"
            r"|broke|lost|missed|came|went|said|[a-z]{3,}(?<!e)ed)\b(?:\s+[\w']+){0,5}?)"
            r"\s+(?:again|yet\s+again|as\s+usual)\b"
            # a plan, not a charge: "you're flying again on Monday"
            r"(?!\s+(?:on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|next|tonight|soon"
            r"|this\s+(?:week|weekend|evening|afternoon)|later)\b)",
        ),
        (
            "question",
            "why y how what whats wtf do does did can will cant wont couldnt dont didnt wouldnt",
            r"\b(?:why|y|whyy+)\s+(?:(?:the\s+hell|on\s+earth|in\s+the\s+world|tf)\s+)?(?:do|does|did|are|r"
            r"|were|would|wud|wd|wld|must|have|is\s+it\s+that|can'?t|couldn'?t|won'?t|wouldn'?t|didn'?t"
            rf"|aren'?t|weren'?t|haven'?t|doesn'?t)\s+{YOU}\b"
            rf"|\b(?:why|y)\s+{YOU}\s+(?:always|never|keep|even|gotta|got\s+to|have\s+to|wanna)\b"
            rf"|\bwhy\s+don'?t\s+{YOU}\s+(?:\w+\s+)?(?:ever|even|just|always|never|care|listen"
            r"|help|bother|stop|think|notice|try|do\s+anything)\b"
            rf"|\bhow\s+(?:could|can|dare|come)\s+(?:{YOU}|anyone|anybody|someone|a\s+(?:person|grown"
            r"\s+(?:man|woman|adult)))\b"
            rf"|\bhow\s+(?:on\s+earth|the\s+hell|in\s+the\s+world|tf|the\s+fuck|in\s+god'?s\s+name)\s+(?:did|do"
            rf"|could|can|would|have|are|were)\s+{YOU}\b"
            rf"|\b(?:how\s+)?did\s+{YOU}\s+(?:even\s+)?manage\s+to\s+(?:lose|forget|break|miss|ruin|mess"
            r"|screw|burn|lock|leave)\b"
            r"|\b(?:can'?t|won'?t|couldn'?t|don'?t|didn'?t|wouldn'?t)\s+(?:you|u)\s+(?:just\s+)?"
            r"(?:see|ever|even|understand|get\s+it|listen|stop|remember|care|hear|dare)\b"
            rf"|\b(?:what|wtf)(?:'s|\s+is)\s+(?:wrong|the\s+matter)\s+w(?:ith|/)?\s*{YOU}\b"
            r"|\bwhat(?:'s|\s+is)\s+your\s+problem\b"
            rf"|\bwhy\s+(?:is|was)\s+it\s+so\s+(?:hard|difficult)\s+for\s+{YOU}\b"
            rf"|\b(?:do|does|did|can|will)\s+{YOU}\s+even\b"
            rf"|\b(?:do|does|will|can)\s+(?:{YOU}|he|she)\s+ever\s+(?:listen|help|think|care|clean"
            r"|stop|bother|notice|remember|consider|pay|pick|put|do|finish|plan|ask|apologi[sz]e"
            r"|call|text|say|tidy|wash|cook|take|show|try|change|lift|offer|thank)\b"
            # "do you ever think about moving?": a real question about a plan
            r"(?!\s+(?:about|of)\s+\w+ing\b)",
        ),
        (
            "attitude",
            "you u he she my ur youre youve",
            rf"\b(?:{YOU}|{PARTNER3})\s+(?:(?:just|really|clearly|obviously|simply)\s+)?"
            r"(?:don'?t|do\s+not|doesn'?t|does\s+not|won'?t|can'?t|cannot|never|wouldn'?t"
            r"|refuse\s+to)\s+(?:even\s+|really\s+|actually\s+|seem\s+to\s+)?(?:care|listen"
            r"|respect|appreciate|love|understand|bother|pay\s+attention|notice|get\s+it|give\s+a"
            r"|value|think\s+about\s+(?:anyone|anybody|me|us|my|how)|consider|try|help|support"
            r"|take\s+(?:me|my|us)|want\s+to\s+(?:listen|hear|help|spend|be\s+with)|ask"
            r"|apologi[sz]e"
            r"|change|make\s+time|do\s+(?:anything|your\s+share|a\s+thing))\b"
            rf"|\b{YOU_ARE}\s+(?:just\s+|still\s+)?not\s+(?:even\s+)?(?:listening|helping|trying"
            r"|hearing|paying\s+attention|making\s+(?:an|any)\s+effort|taking\s+(?:this|me|it)"
            r"\s+seriously)\b"
            rf"|\b{YOU}\s+(?:obviously\s+|clearly\s+|just\s+|honestly\s+)?(?:couldn'?t|could)\s+care\s+less\b"
            rf"|\b{YOU}\s+(?:obviously\s+|clearly\s+|just\s+)?(?:care|cared|think|thought)\s+more\s+about\s+"
            r"[\w\s']{1,30}?\s+than\s+(?:me|us|your\s+(?:family|kids|wife|husband|partner)|our)\b"
            rf"|\b{YOU}\s+(?:didn'?t|did\s+not)\s+(?:even\s+)?(?:care|listen|bother|respect"
            r"|appreciate|notice|think\s+about\s+(?:me|us|anyone))\b",
        ),
        (
            "judgement",
            "you u ur youre youve",
            rf"\b{YOU}\s+(?:(?:just|totally|completely|basically|clearly|obviously|always"
            r"|never)\s+)?"
            r"(?:ignored|ignore|ignores|abandoned|abandon|manipulated|manipulate|manipulates"
            r"|disrespected|disrespect|betrayed|betray|used(?!\s+to\b)|use\s+me|rejected|reject"
            r"|attacked|attack|criticised|criticized|criticise|criticize|dismissed|dismiss"
            r"|belittled|belittle|neglected|neglect|cheated|cheat|controlled|control|lied"
            r"|lie(?!\s+down)"
            r"|humiliated|insulted|insult|mocked|mock|guilt[\s-]?tripped|gaslit|gaslight|gaslighted"
            r"|bullied|bully|blamed|blame|accused|nag|nagged|whine|whined|overreact|overreacted"
            r"|exaggerate|exaggerated|sulk|sulked|twisted|twist|patronised|patronized|smother"
            r"|smothered|deceived|exploited)\b"
            rf"|\b{YOU_ARE}\s+(?:(?:just|always|so|constantly|totally|completely|being)\s+)?"
            r"(?:ignoring|lying|overreacting|exaggerating|nagging|whining|complaining|sulking"
            r"|pouting|manipulating|controlling|twisting|criticising|criticizing|attacking|blaming"
            r"|judging|gaslighting|smothering|playing\s+the\s+victim|being\s+(?:difficult|defensive"
            r"|unfair|a\s+\w+|an\s+\w+)|making\s+(?:a\s+(?:big\s+)?deal|excuses|this\s+about\s+you"
            r"|everything\s+about\s+you)|unfair|wrong)\b",
        ),
        (
            "demand",
            "you u stop get pull pulls pulled pulling",
            rf"\b{YOU}\s+(?:should(?:'?ve|\s+have)|shouldn'?t(?:\s+have|'?ve)?|should\s+(?:know"
            r"|be\s+ashamed)|(?:really\s+)?(?:need|have|got)\s+to\s+(?:[\w']+\s+){1,3}?(?:yourself|urself)\b"
            r"|need\s+to\s+(?:stop|grow|change|learn|get|calm|chill|relax|start|sort|man\s+up|wake\s+up"
            r"|pull|take\s+responsibility|look\s+at"
            r"|understand|realize|realise)|have\s+to\s+(?:stop|grow|change|learn)|(?:had\s+)?better"
            r"\s+(?:stop|start|not)|could\s+(?:at\s+least|have|'?ve|of))\b"
            r"|\bstop\s+(?:ignoring|blanking|ghosting|interrupting|shouting|yelling|criticising|criticizing"
            r"|mocking|belittling|patroni[sz]ing|hogging|leaving|being|acting|nagging|whining|complaining|sulking"
            r"|overreacting"
            r"|exaggerating|lying|pouting|moaning|bitching)\b|\bget\s+your\s+act\s+together\b"
            r"|\bpull(?:s|ed|ing)?\s+your\s+(?:own\s+)?weight\b",
        ),
        (
            "fault",
            "you u ur youre youve i your because thanks its it thats cant cannot can",
            rf"\b{YOU_ARE}\s+(?:just\s+)?like\s+your\s+(?:mother|father|mom|mum|dad|ex|sister"
            r"|brother)\b|\b(?:i\s+)?(?:can'?t|cannot|can\s+not)\s+(?:even\s+|actually\s+|honestly"
            r"\s+|seriously\s+)?believe\s+(?:that\s+)?(?:you|u)\b"
            rf"|\b{YOU}\s+(?:only\s+|just\s+)?(?:think|care|worry)\s+about\s+yourself\b"
            rf"|\b{YOU}\s+(?:act|acted|acting|behave|behaved|treat|treated)\s+(?:me\s+)?(?:like"
            r"|as\s+if|as\s+though)\b"
            rf"|\b{YOU}\s+(?:do|did|does|contribute|bring|help\s+with)\s+(?:absolutely\s+|literally\s+)?(?:nada|zilch"
            r"|jack|sod\s+all|f\s+all|fuck\s+all|bugger\s+all|nowt|nothing|naff\s+all)\b"
            r"|\b(?:that'?s|thats|it'?s)\s+(?:all\s+)?on\s+(?:you|u)\b"
            r"|\b(?:your\s+(?:fault|excuses|attitude|nonsense|bullshit|crap|drama|whining|nagging"
            r"|complaining|lies|mess|problem|issue)|you\s+(?:do|did|say|said|contribute|bring|give)"
            r"\s+(?:absolutely\s+|literally\s+)?nothing|because\s+of\s+you|thanks\s+to\s+you"
            r"|it'?s\s+on\s+you|you\s+did\s+this"
            rf"|{YOU_ARE}\s+to\s+blame)\b",
        ),
        (
            "incredulous",
            "are r you u ur youre who what whats wtf is how do does did were since",
            rf"\b(?:are|r)\s+{YOU}\s+(?:actually\s+|really\s+|being\s+|fucking\s+)?(?:serious|kidding"
            r"|joking|for\s+real|having\s+a\s+laugh|insane|mad|crazy|out\s+of\s+your\s+mind"
            r"|taking\s+the\s+(?:piss|mick|mickey))\b"
            rf"|\b(?:are|were|is)\s+{YOU}\s+even\b"
            rf"|\b{YOU}\s+(?:did|said|spent|bought|sold|told\s+\w+|gave\s+\w+)\s+what\b"
            r"|\bwho\s+(?:(?:even|actually|on\s+earth|the\s+hell|in\s+their\s+right\s+mind)\s+)?(?:[\w']+\s+)"
            r"{1,6}?(?:like\s+(?:that|this)|their\s+(?:own\s+)?(?:wife|husband|partner|girlfriend"
            r"|boyfriend|kids?|children|mum|mother|dad|father|family|fianc[eé]e?))\b[^.!?\n]*\?"
            r"|\bwho\s+(?:even\s+|actually\s+)?(?:does\s+(?:that|this)|would\s+do\s+(?:that|this)|does\s+\w+"
            r"\s+like\s+that|says\s+(?:that|things\s+like)|forgets|leaves|treats|talks\s+to|behaves|acts"
            r"|in\s+their\s+right\s+mind)\b[^.!?\n]*\?"
            rf"|\bwhat\s+(?:on\s+earth\s+|the\s+hell\s+|in\s+the\s+world\s+|tf\s+)?were\s+{YOU}\s+thinking\b"
            r"|\b(?:what|wtf)\s+(?:on\s+earth|the\s+hell|the\s+fuck|tf|in\s+god'?s\s+name)?\s*(?:are|were"
            rf"|is|was)\s+{YOU}\s+(?:on|doing|playing\s+at)\b"
            r"|\bis\s+it\s+(?:really\s+|honestly\s+)?(?:that|so)\s+(?:hard|difficult)\b"
            rf"|\bhow\s+is\s+it\s+(?:even\s+)?possible\s+(?:that\s+)?{YOU}\b"
            rf"|\bdo\s+{YOU}\s+(?:even\s+)?(?:have\s+any\s+idea|realise|realize|know\s+how|understand\s+how"
            r"|see\s+what|get\s+how)\b"
            r"|\bwhat\s+kind\s+of\s+(?:a\s+)?(?:person|partner|man|woman|husband|wife|boyfriend|girlfriend"
            r"|father|mother|parent|adult|grown\s+up)\b"
            rf"|\b{YOU}\s+(?:honestly\s+|seriously\s+|really\s+|actually\s+)?(?:thought|think)\s+(?:that|this"
            r"|it)\s*(?:was|is|'s|would\s+be)\s+(?:ok|okay|fine|acceptable|alright|all\s+right|clean|funny"
            r"|normal|a\s+good\s+idea|helping)\b"
            rf"|\b{YOU}\s+call\s+(?:that|this)\b"
            # present forms only: "you were telling me about your day" is a story
            r"|\b(?:you(?:\s*'?re|\s+are|\s+r)|u\s+r|ur)\s+(?:actually\s+|seriously\s+|really\s+"
            r"|honestly\s+)?telling\s+me\b"
            r"|\bsince\s+when\s+(?:do|does|did|are|can|is|was|has|have|am|were|would|should)\b"
            rf"|\bwhat(?:'s|\s+is)\s+it\s+with\s+{YOU}\b"
            rf"|\b(?:did|do|does|are|were|r)\s+{YOU}\s+(?:seriously|honestly|actually"
            r"|really|genuinely|literally)\s+(?:just|think|expect|believe|mean|not|gonna|going\s+to"
            r"|want\s+me|say|said|tell|call)\b"
            rf"|\b(?:did|do|are|were|have|r)\s+{YOU}\s+seriously\b"
            rf"|\bwhat\s+(?:planet|world|universe)\s+(?:are|r|do|were)\s+{YOU}\b"
            rf"|\bdo\s+{YOU}\s+(?:even\s+)?(?:hear|listen\s+to)\s+(?:yourself|urself)\b"
            rf"|\b{YOU_ARE}\s+(?:actually\s+|seriously\s+|literally\s+)?(?:joking|kidding|having\s+a\s+laugh"
            r"|taking\s+the\s+(?:piss|mick|mickey))\b",
        ),
        (
            "mind_reading",
            "i im seems",
            r"(?:\bi(?:'m|m)?\s+(?:just\s+|honestly\s+|really\s+|genuinely\s+|kind\s+of\s+|kinda\s+|still\s+)?"
            r"(?:think|reckon|bet|guess|suspect|believe|swear|(?:am\s+)?(?:pretty\s+|quite\s+|100%\s+)?"
            r"(?:sure|certain|convinced)|(?:get|have|got)\s+the\s+(?:feeling|sense|impression))"
            r"|\bseems\s+(?:to\s+me\s+)?(?:like|as\s+if|as\s+though)?)"
            r"\s+(?:that\s+)?(?:you|u|ur|you're|youre|you've)\b"
            r"(?!\s*(?:'d(?!\s+(?:rather|forget|lose|never|not|leave|ignore|choose|pick|prefer|sooner))"
            r"|would(?!\s+(?:rather|forget|lose|never|not|leave|ignore|choose|pick|prefer|sooner))"
            r"|will(?!\s+never)|'ll(?!\s+never)|might|may|could(?!n'?t)|can(?!'?t|not|\s+never)"
            r"|should(?!n'?t)|shall"
            r"|were\s+right|are\s+right|'re\s+right"
            r"|re\s+right|deserve|did\s+(?:great|well|your\s+best)|meant\s+well|mean\s+well|know|need"
            r"|have\s+a\s+point|'re\s+(?:amazing|doing|trying|tired|busy|stressed)|are\s+(?:amazing"
            r"|doing|trying|tired|busy|stressed)|want\s+to\s+(?:help|come|see)))"
            # "I know you only say sorry to ...": claimed knowledge of a motive.
            r"|\bi\s+(?:just\s+|honestly\s+|really\s+)?know\s+(?:that\s+)?(?:you|u)\s+(?:only"
            r"|just|never|secretly|don'?t\s+(?:care|respect|love|want|mean))\b",
        ),
        (
            "mind_reading",
            "you u he she",
            rf"\b(?:{YOU}|he|she)\s+(?:clearly|obviously|evidently)\s+(?!(?:love|loves|care|cares|tried|worked"
            r"|put|made\s+an\s+effort)\b)[\w']+",
        ),
        (
            "fault",
            "i id im if because cos coz cause bc since you u ur youre cant cba only point",
            r"\bi\s*(?:'d|\s+would)(?:n'?t|\s+not)\s+(?:[\w']+\s+){0,4}?if\s+(?:you|u)\b"
            r"|\bi\s*(?:'d|\s+would)\s+(?:be\s+)?(?:a\s+lot\s+|much\s+|so\s+much\s+|far\s+|way\s+)?(?:less"
            r"|more|happier|calmer)\s+(?:[\w']+\s+)?if\s+(?:you|u)\b"
            r"|\bi(?:'m|\s+am|\s+was|m)?\s+only\s+[\w']+(?:\s+[\w']+){0,4}?\s+(?:because|cos|coz|cause|bc|since)"
            r"\s+(?:you|u)\b"
            rf"|(?<=the\s)only\s+(?:way|time)\s+{YOU}(?:'ll|\s+will|'d|\s+would|\s+ever)\b"
            r"|(?<=the\s)only\s+reason\s+(?:i|we)\b[^.!?;]{0,40}?\b(?:is|was|'s)\s+(?:because\s+(?:of\s+)?)?"
            r"(?:you|u)\b"
            # the partner's imagined reaction as the reason: "because you'd have gone mental"
            rf"|\b(?:because|cos|coz|cause|bc|since)\s+{YOU}(?:'d|\s+would)\s+(?:have\s+|'ve\s+|of\s+)?(?:just\s+)?"
            r"(?:gone\s+(?:mental|mad|crazy|nuts|ballistic|off)|kicked\s+off|flipped|freaked|lost\s+it"
            r"|lost\s+your\s+temper|exploded|blown\s+up|hit\s+the\s+roof|overreact\w*|made\s+a\s+(?:fuss"
            r"|scene|big\s+deal)|started\s+(?:a\s+row|an\s+argument|shouting|yelling)|shouted|yelled"
            r"|had\s+a\s+go|sulked|gone\s+off\s+on\s+one|been\s+(?:furious|livid|angry|mad))"
            r"|(?<=no\s)point\s+(?:in\s+)?(?:talking|trying|asking|telling|explaining|saying|arguing)\b"
            rf"[^.!?;]{{0,20}}?\b{YOU}\b"
            rf"|\b(?:because|cos|bc)\s+{YOU}\s+(?:provoked|forced|pushed|made|wound|drove)\s+me\b"
            rf"|\b{YOU}\s+(?:just\s+|really\s+|clearly\s+|obviously\s+)?(?:(?:can'?t|couldn'?t|cannot)"
            r"\s+(?:even\s+)?be\s+(?:bothered|arsed|assed)|cba)\b"
            rf"|\bcba\s+with\s+{YOU}\b"
            rf"|\b{YOU}\s+literally\s+(?:said|told|promised|just|never|always|did|do|forgot|only)\b"
            rf"|\b{YOU_ARE}\s+(?:so\s+|such\s+|just\s+)?full\s+of\s+(?:it|shit|crap|yourself)\b"
            rf"|\b{YOU}\s+(?:said|promised)\s+[^.!?\n]{{0,40}}?\b(?:and|but|n|&)\s+(?:then\s+)?{YOU}\s+"
            r"(?:didn'?t|did\s+not|never|forgot)\b",
        ),
        (
            "judgement",
            "you u ur youre make makes making made",
            r"\bma(?:ke|kes|king|de)\s+(?:everything|it|this|things|every\s+\w+)\s+(?:all\s+)?about\s+"
            r"(?:you|yourself|u|urself)\b(?!\s+(?:and|&)\s+me\b)"
            rf"|\b{YOU}\s+(?:just\s+)?(?:ignoring|lying|sulking|nagging|whining|blanking|ghosting)\b"
            rf"|\b(?:{YOU_ARE}|{YOU})\s+(?:just\s+)?(?:gonna|gunna|going\s+to)\s+(?:ignore|blank|ghost|sulk"
            r"|lie|pretend|walk\s+away|leave\s+me)\b",
        ),
        (
            "exasperated",
            "can could would will",
            rf"\b(?:can|could)\s+{YOU}\s+not\b(?!\s+(?:tell|say|mention)\b)"
            r"|\b(?:would|will)\s+it\s+(?:(?:really|honestly|actually)\s+)?(?:be\s+)?(?:(?:really|honestly)\s+)?"
            r"(?:so|that|too|such\s+a)\s+(?:hard|difficult|much|tough|impossible|big\s+(?:deal|ask)|hardship"
            r"|chore|effort)\b"
            # "Can you try not to embarrass me": the request presumes the harm
            rf"|\b(?:can|could|would|will)\s+{YOU}\s+(?:please\s+|just\s+)?(?:try\s+(?:and\s+|to\s+)?)?"
            r"(?:not|to\s+not|stop)\s+(?:to\s+)?(?:embarrass|humiliate|ignor|shout|yell|scream|patroni[sz]|belittl"
            r"|interrupt|nag|lie\s+to|critici[sz]|show\s+me\s+up|ruin|mock|make\s+fun|talk\s+down"
            r"|snap|be\s+(?:rude|so|such|a|an|difficult|awkward|selfish|mean|nasty|horrible|vile|cold))",
        ),
        (
            # Blame shifted into the reason of an I-sentence: "I'm late because you
            # can't organise anything". The partner is the subject of the reason and
            # what follows is a general inability, refusal or trait, not one event
            # ("because you can't make it on Friday" is circumstance, left alone).
            "shifted",
            "because cos coz cause bc since",
            rf"\b(?:because|cos|coz|cause|bc|since)\s+{YOU}\s+(?:just\s+|really\s+|simply\s+"
            r"|literally\s+|clearly\s+|obviously\s+)?(?:(?:can'?t|cannot|won'?t|will\s+not"
            r"|refuse\s+to)(?:\s+even)?(?!\s+(?:make\s+it|come|join|be\s+there|attend|afford|get"
            r"\s+(?:away|off|out\s+of\s+work)|help\s+it|wait|stop\s+(?:by|in))\b)\s+\w+"
            r"|(?:are|'re|re|r|were)\s+(?:too\s+\w+|being\s+(?:so\s+|such\s+an?\s+)?\w+"
            r"|incapable|hopeless|useless|impossible|(?:so\s+|such\s+an?\s+|just\s+|really\s+|totally\s+)?"
            + _ADJ_ALT + r")"
            r"|(?:don'?t|do\s+not|never)\s+(?:even\s+)?(?:care|bother|listen|think|help|lift|pull"
            r"|pay\s+attention|give\s+a))\b",
        ),
        (
            # A question that only pretends to ask: "How many times do I need to tell
            # you ...?", "Why am I always the one who ...?" (Gottman: criticism).
            "incredulous",
            "how why whys",
            r"\bhow\s+many\s+(?:more\s+)?times\s+(?:(?:do|will|must|should|would|am)\s+(?:i|we)"
            r"\s+(?:need\s+to|have\s+to|got\s+to|gotta|going\s+to|gonna|be\s+able\s+to)?\s*"
            r"|(?:have|has|did)\s+(?:i|we)\s+(?:already\s+)?)(?:tell|told|ask|asked|say|said|remind"
            r"|reminded|explain|explained|repeat|repeated|beg|begged|mention|mentioned)\b"
            r"|\bwhy\s*(?:am\s+i|is\s+it|'?s\s+it)\s+(?:always|only|never|the\s+one|the\s+only\s+one|me"
            r"|stuck|left)\b(?:\s+(?:who|that|the\s+one|having|me|to))?"
            r"|\bwhy\s+(?:do|must|should)\s+i\s+(?:always|constantly|even\s+bother|have\s+to"
            r"\s+(?:always|keep|do\s+everything|ask))\b",
        ),
        (
            # An exasperated order at the start of a clause: "Just stop interrupting me".
            "demand",
            "just",
            r"(?<!\bi\s)(?<!\bwe\s)(?<!\bthey\s)\bjust\s+(?:stop|quit|give\s+it\s+a\s+rest"
            r"|grow\s+up|leave\s+it)\b(?=\s+\w+ing\b|\s+it\b|[\s,.!?]*$|[\s,]+(?:seriously"
            r"|honestly|please|for|ffs|ok|okay)\b)",
        ),
    )
)
BLAME_TRIGGERS = frozenset().union(*(starts for _, starts, _ in BLAME_PATTERNS))
# Who or what the partner is said to rank below something else ("ahead of this
# relationship", "before me", "over our anniversary"), and what a love test asks for.
_RANKED_BELOW = (
    r"(?:(?:me|us)\b(?=\s*(?:[.,!?;)]|$|(?:and|but|again|every|all|like|when|so|because|cos|as"
    r"|on|at|in|last|this|these|lately)\b))|this\s+relationship|the\s+relationship|this\s+family"
    r"|our\s+\w+|(?:your|ur)\s+(?:family|kids|children|wife|husband|partner|girlfriend|boyfriend"
    r"|fianc[eé]e?|son|daughter))\b"
)
_LOVE_ME = (
    r"(?:loved|love|cared\s+(?:about|for)|care\s+(?:about|for)|respected|respect|valued|value)"
    r"\s+(?:me|us)\b"
)
# Blame whose sign is a word that may stand several words after the partner: searched
# only in texts holding one of the words (kind, words, pattern).
GATED_BLAME: tuple[tuple[str, frozenset[str], re.Pattern[str]], ...] = (
    (
        # intent claimed: "you push my buttons on purpose" (not "you didn't mean to")
        "judgement",
        # or right after the partner: "when you deliberately booked it on my work day"
        frozenset({"purpose", "deliberately", "intentionally", "spite", "annoy", "punish",
                   "purposely", "purposefully", "wilfully", "willfully"}),
        re.compile(
            rf"\b{YOU}\s+(?:(?:deliberately|intentionally|purposely|purposefully|wilfully|willfully)\s+"
            r"(?!(?:didn'?t|did|don'?t|do|never|wouldn'?t|weren'?t|wasn'?t|not)\b)[\w']+"
            r"|(?:(?!(?:didn'?t|did|don'?t|do|never|wouldn'?t|weren'?t|wasn'?t|not)\b)"
            r"[\w']+\s+){1,6}?(?:on\s+purpose|deliberately|intentionally|purposely|purposefully|wilfully"
            r"|willfully|just\s+to\s+(?:annoy|wind|upset|hurt|spite|get\s+at|get\s+back\s+at|punish"
            r"|make\s+me)))\b"
        ),
    ),
    (
        # the speaker's say taken away as the aim: "you sorted the bookings without me so I'd
        # have no say", "u sort the money without me so i've got no say" (not in a warm sentence)
        "no_say",
        frozenset({"say", "choice", "input", "voice", "option"}),
        re.compile(
            rf"\b{YOU}\s+(?:(?!(?:didn'?t|don'?t|never|wouldn'?t|won'?t|and|but|if)\b)[\w']+[\s,]+)"
            r"{1,14}?so\s+(?:that\s+)?(?:i|we)(?:'d|'ve|\s+would|\s+had|\s+have|\s+could)?"
            r"(?:\s+(?:have|get|got|be\s+left\s+with))?\s+(?:no|zero)\s+(?:say|choice|input|voice|option)\b"
        ),
    ),
    (
        # love made a test: "if you really loved me you'd have come", "if u actually cared
        # about us ud be home" (not "if you'd love to come", "if you really loved the film")
        "love_test",
        frozenset({"loved", "love", "cared", "care", "respected", "respect", "valued", "value"}),
        re.compile(
            rf"\bif\s+{YOU}\s+(?:(?:really|actually|truly|genuinely|honestly|even)\s+{_LOVE_ME}"
            rf"|{_LOVE_ME}(?=[,\s]+(?:then\s+)?{YOU}(?:'?d|\s+would|\s+wouldn'?t)\b))"
        ),
    ),
    (
        # "Is that really the best you could do?", "srsly? u forgot the tickets?"
        "incredulous",
        frozenset({"best"}),
        re.compile(
            rf"\b(?:is|was)\s+that\s+(?:really\s+|honestly\s+|seriously\s+)?(?:the\s+best|all)\s+{YOU}"
            r"\s+(?:could|can|got)\b"
        ),
    ),
    (
        # "Did it not occur to you to ask?", "it never crossed ur mind": the thought that
        # was owed is the charge (not "it didn't occur to me")
        "incredulous",
        frozenset({"occur", "occurred", "occured", "cross", "crossed", "enter", "entered"}),
        re.compile(
            r"\b(?:did(?:n'?t)?\s+it|it)\s+(?:(?:not|never|even|ever|once|just)\s+)*"
            r"(?:occur(?:r?ed)?|cross(?:ed)?|enter(?:ed)?)\s+(?:(?:to\s+)?(?:you|u)\b|(?:your|ur)\s+(?:mind|head))"
        ),
    ),
    (
        "incredulous",
        frozenset({"srsly", "seriously", "fr"}),
        re.compile(rf"\b(?:srsly|seriously|for\s+real|fr)\s*[?!]+\s*{YOU}\s+\w+"),
    ),
    (
        # priorities pinned on the partner: "your mates are SO much more important than me"
        "attitude",
        frozenset({"important"}),
        re.compile(
            r"\bmore\s+important\s+(?:to\s+(?:you|u|him|her)\s+)?than\s+(?:me|us|your\s+(?:family|kids"
            r"|wife|husband|partner)|our\s+\w+)\b"
        ),
    ),
    (
        # the same ranking said inside a feeling ("I'm a bit worried that you're more interested
        # in your fantasy football than in this family"): a verdict on the partner's heart,
        # however gently it opens (Gottman: criticism in a soft start-up's clothes)
        "attitude",
        frozenset({"interested", "care", "cares"}),
        re.compile(
            rf"\b{YOU}(?:'re|re|\s+are|\s+seem(?:\s+to\s+be)?|\s+get|\s+always|\s+just|\s+obviously"
            r"|\s+clearly|\s+seem\s+to)?\s+(?:so\s+|much\s+|way\s+|a\s+lot\s+|far\s+)?more\s+"
            r"(?:interested\s+in|cares?\s+(?:about|for))\s+[^.!?;\n]{1,60}?\s+than\s+"
            r"(?:in\s+|about\s+|for\s+|with\s+)?" + _RANKED_BELOW
            + r"|\b" + YOU + r"\s+(?:seem\s+to\s+|just\s+|obviously\s+|clearly\s+)?cares?\s+"
            r"(?:so\s+|much\s+|way\s+|a\s+lot\s+|far\s+)?more\s+about\s+[^.!?;\n]{1,60}?\s+than\s+"
            r"(?:about\s+|for\s+)?" + _RANKED_BELOW
        ),
    ),
    (
        # "Nothing I do is ever good enough for you": the verdict is the partner's
        "fault",
        frozenset({"enough"}),
        re.compile(r"\bgood\s+enough\s+for\s+(?:you|u|him|her)\b"),
    ),
    (
        # a habit of the partner's given as the reason: "cos u flirt with everyone"
        "shifted",
        frozenset({"everyone", "everybody", "anyone", "anybody"}),
        re.compile(
            rf"\b(?:because|cos|coz|cause|bc)\s+{YOU}\s+(?:(?!(?:and|but|so|when|if|on|at|last"
            r"|yesterday|today)\b)[\w']+\s+){1,4}?(?:everyone|everybody|anyone|anybody)\b"
            r"(?!\s+else\b)"
        ),
    ),
)
_MADE_GRIM = (
    "tense awkward misery miserable nightmare hell unbearable stressful uncomfortable horrible"
    " impossible difficult hard toxic chore ordeal grim unpleasant awful"
)
_UNDONE = (
    # not a plan checked by a question: "you said 7, is that still happening?"
    r"(?:(?<!\bi\s)(?<!\bwe\s)(?<!\bis\sthat\s)(?<!\bis\sit\s)(?<!\bis\sthis\s)"
    r"still\s+(?:not|no|nothing|hasn'?t|haven'?t|isn'?t|aren'?t|hanging|under"
    r"|broken|waiting|sitting|lying|there|leaking|dripping|empty|full|unpaid|unbooked"
    r"|(?!(?:loving|hoping|dreaming|smiling|laughing|thinking|feeling|grinning)\b)\w+ing)"
    r"|came\s+and\s+went"
    r"|no\s+sign\s+of|not\s+a\s+(?:word|peep|call|text))\b"
)
PAIRED_BLAME: tuple[
    tuple[str, frozenset[str], frozenset[str], int, int, re.Pattern[str]], ...
] = (
    (
        # what the partner ranks above the speaker: "when you put your job ahead of this
        # relationship", "because you chose the rugby instead of (being with) me", "u put ur
        # mates before me", "you'd rather be at the pub than with me" (not "you put me first",
        # "you put the kids ahead of your own plans", "would you rather ... than ... with us?")
        "priority",
        frozenset({"instead", "ahead", "above", "over", "before", "first", "rather"}),
        frozenset(
            "put puts putting place places placed placing rank ranks ranked prioritise prioritises"
            " prioritised prioritising prioritize prioritizes prioritized prioritizing value values"
            " valued chose choose chooses choosing pick picks picked prefer prefers preferred"
            " decide decides decided opt opts opted rather".split()
        ),
        200, 80,
        re.compile(
            rf"(?<!\bwould\s)(?<!\bdo\s)(?<!\bwd\s)\b{YOU}(?:'d|d|\s+would)?\s+(?:(?!(?:didn'?t|don'?t"
            r"|never|wouldn'?t|won'?t|not|and|but|if|when)\b)[\w']+\s+){0,3}?(?:"
            r"(?:put|puts|putting|place[sd]?|placing|rank(?:s|ed)?|prioriti[sz](?:e|es|ed|ing)"
            r"|value[sd]?)\s+(?!me\b|us\b)[^.!?;,\n]{1,60}?\s+(?:ahead\s+of|before|above)\s+"
            + _RANKED_BELOW
            + r"|(?:cho(?:se|ose|oses|osing)|pick(?:s|ed)?|prefer(?:s|red)?"
            r"|prioriti[sz](?:e|es|ed|ing)|value[sd]?)\s+(?!me\b|us\b)[^.!?;,\n]{1,60}?\s+over\s+"
            + _RANKED_BELOW
            + r"|put(?:s|ting)?\s+(?!me\b|us\b|yourself\b"
            r"|(?:our|the|your|ur)\s+(?:kids|children|family)\b"
            r"|(?:your|ur)\s+(?:own\s+)?(?:health|wellbeing|safety|recovery|mental\s+health)\b)"
            r"[^.!?;,\n]{1,40}?\s+first\b"
            r"|(?:cho(?:se|ose|oses|osing)|pick(?:s|ed)?|prefer(?:s|red)?|decide[sd]?|opt(?:s|ed)?)\s+"
            r"[^.!?;\n]{1,100}?\s+instead\s+of\s+(?:[\w']+\s+){0,6}?(?:with\s+)?(?:me|us)\b"
            r"|rather\s+[^.!?;\n]{1,60}?\s+than\s+(?:[\w']+\s+){0,5}?(?:with\s+)?(?:me|us)\b)"
        ),
    ),
    (
        # the partner made a place or a time grim: "because you make the house so tense",
        # "you make coming home a misery" (not "you made it so easy")
        "shifted",
        frozenset(_MADE_GRIM.split()),
        frozenset({"make", "makes", "made", "making"}),
        90, 12,
        re.compile(
            rf"\b{YOU}\s+(?:(?:just|always|really|only)\s+)?(?:make|makes|made|making)\s+"
            r"(?:[\w']+\s+){1,3}?(?:so|such(?:\s+an?)?|too|really|very|a|an|an\s+absolute|a\s+total"
            r"|a\s+living|absolute|total)\s+(?:" + "|".join(_MADE_GRIM.split()) + r")\b"
        ),
    ),
    (
        # a promise told by its dates: "I asked you to ring the plumber on Monday. You said
        # you would. It's Thursday and the bathroom's still under water." (a story, Gottman:
        # criticism); the promise and the sign it was not kept, within a few sentences
        "story",
        frozenset({"still", "came", "sign", "peep"}),
        frozenset({"said", "promised", "swore", "told", "asked"}),
        200, 30,
        re.compile(
            rf"\b(?:{YOU}\s+(?:said|promised|swore|told\s+me)\s+(?:(?:that\s+)?(?:you'?d|u'?d|you\s+would"
            r"|u\s+would|you\s+will|you'?ll|it'?d|it\s+would)|to)\b"
            rf"|\bi\s+asked\s+{YOU}\s+(?:to|if|for)\b)[^\n]{{0,180}}?\b" + _UNDONE
        ),
    ),
    (
        # someone dear left waiting while the partner did something else: "My sister was here
        # all afternoon and you stayed upstairs on the Xbox", "Your dad waited at the station
        # for an hour and you didn't even answer"
        "story",
        frozenset({"waited", "waiting", "ready", "here", "there"}),
        frozenset({"you", "u"}),
        12, 120,
        re.compile(
            r"\b(?:waited|was\s+waiting|were\s+waiting|was\s+here|were\s+here|was\s+ready"
            r"|were\s+ready|sat\s+there|stood\s+there)\b[^.!?\n]{0,60}?(?:,|\band|\bn)\s+(?:you|u)\s+"
            r"(?:(?:just|then|still)\s+)?(?:didn'?t|did\s+not|never|couldn'?t|wouldn'?t|turned\s+up"
            r"|showed\s+up|rolled\s+in|strolled\s+in|wandered\s+in|were\s+still|was\s+still"
            r"|stayed\s+(?:upstairs|downstairs|in\s+(?:bed|the\s+\w+|your\s+\w+)|on\s+(?:your|ur|the)"
            r"\s+\w+|out|at\s+the\s+pub|glued))\b"
        ),
    ),
    (
        # the other order: "you slept in, and she waited at the door for forty minutes"
        "story",
        frozenset({"waited", "waiting", "sat", "stood"}),
        frozenset({"hour", "hours", "minutes", "mins", "ages"}),
        120, 60,
        re.compile(
            rf"\b{YOU}\s+[^.!?\n]{{1,60}}?(?:,|\band|\bn)\s+(?:she|he|they|my\s+\w+|your\s+\w+|ur\s+\w+"
            r"|the\s+kids)\s+(?:was\s+left\s+|were\s+left\s+)?(?:waited|waiting|sat|stood)\b[^.!?\n]{0,40}?"
            r"\bfor\s+(?:(?:an?|over\s+an?|nearly\s+an?|\w+)\s+)?(?:hours?|minutes|mins|ages)\b"
        ),
    ),
)
"""Blame searched only in a statement holding a gate word *and* one of the needed words,
each in the text from ``before`` characters before a gate word to ``after`` after it:
(kind, gates, needs, before, after, pattern). Every match holds a gate word."""
PAIRED_GATE_WORDS = frozenset().union(*(entry[1] for entry in PAIRED_BLAME))
GATE_WORDS = frozenset().union(*(words for _, words, _ in GATED_BLAME))
"""Every gate word of GATED_BLAME (one test for texts holding none)."""
# The partner's words told as a barrage, with any opening ("when you go on at me", "you
# started on at me again", "u kicked off at the kids", "when you nag me"): the verb already
# judges what was said (Gottman: criticism). Searched only in a text holding " at " + a target
# or a "nag" word (see ``rules.find_blame``).
BARRAGE_RE = re.compile(
    rf"\b{YOU}\s+(?:(?:just|always|then|really|constantly|still)\s+)?(?:"
    r"(?:go|goes|going|went|gone|start|starts|started|starting|keep|keeps|kept|get|gets|got"
    r"|kick|kicks|kicked|kicking|have|has|had|having|bang|bangs|banged|banging|harp|harps|harped"
    r"|harping)\s+(?:on\s+(?:and\s+on\s+)?at|off\s+at|a\s+go\s+at|a\s+dig\s+at|on\s+at)"
    r"\s+(?:me|us|the\s+kids|my\s+\w+)"
    r"|(?:nag|nags|nagged|nagging|badger|badgers|badgered|badgering|pester|pesters|pestered"
    r"|pestering|hassle|hassles|hassled|hassling|lay\s+into|lays\s+into|laid\s+into|tear\s+into"
    r"|tore\s+into)\s+(?:me|us|the\s+kids)"
    r")\b"
)
BARRAGE_WORDS = frozenset(
    "nag nags nagged nagging badger badgers badgered badgering pester pesters pestered pestering"
    " hassle hassles hassled hassling".split()
)
BARRAGE_TARGET_RE = re.compile(r"(?:me|us|the\s+kids|my)\b")
"""What follows "at"/"into" in a barrage ("at me", "into us"), matched just after each
such word; BARRAGE_RE is searched only around these pairs."""
BARRAGE_BEFORE_RE = re.compile(r"(?:on|off|go|dig|lay|lays|laid|tear|tore)\s$")
"""The word just before "at"/"into" in a barrage ("on at me", "a go at me", "lay into me")."""
BARRAGE_PARTICLES = frozenset({"on", "off", "go", "dig", "into"})
BARRAGE_OBJECTS = frozenset({"me", "us", "kids", "my"})
"""A barrage with a target needs "at"/"into", one of the particles and one of the objects:
the targets are looked for only in a statement holding all three."""
BLAME_ANY_RE = re.compile(
    "|".join(f"(?P<k{i}>{regex.pattern})" for i, (_, _, regex) in enumerate(BLAME_PATTERNS))
)
"""All of BLAME_PATTERNS in one alternation; group ``k<i>`` says which matched first."""


def _top_level_branches(src: str) -> list[str]:
    """*src* split at its top-level ``|`` (outside groups and character classes)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(src[start:i])
            start = i + 1
        i += 1
    out.append(src[start:])
    return out


_LEAD_WORD = re.compile(r"(?:\\b)?([a-z]+)")


def _group_end(body: str) -> int:
    """Index of the ``)`` closing the group that opens *body*."""
    depth = 0
    for i, c in enumerate(body):
        depth += (c == "(") - (c == ")") if body[i - 1 : i] != "\\" else 0
        if depth == 0:
            return i
    return len(body)


def _lead_words(branch: str) -> frozenset[str] | None:
    """Literal letters each way of starting *branch* begins with, or None if unknown.

    Handles a branch opening with letters or with one ``(?:a|b ...)`` group whose
    branches each open with letters (recursively), after any look-behinds (they
    read no letters of the match); an optional group (``(?:a|b)?``) adds the
    leads of what follows it. Anything else is unknown.
    """
    body = branch[2:] if branch.startswith("\\b") else branch
    while body.startswith(("(?<!", "(?<=")):
        body = body[_group_end(body) + 1 :]
    if body.startswith("(?:"):
        i = _group_end(body)
        after = body[i + 1 : i + 2]
        rest: frozenset[str] | None = frozenset()
        if after in ("?", "*"):  # an optional group: the branch may open with what follows
            rest = _lead_words(body[i + 2 :].removeprefix("?"))  # greedy or lazy
        elif after == "{":
            rest = None
        if rest is None:
            return None
        inner = body[3:i]
        words: set[str] = set()
        for sub in _top_level_branches(inner):
            found = _lead_words(sub)
            if not found:
                return None
            words |= found
        return frozenset(words) | rest
    m = _LEAD_WORD.match(body)
    if not m:
        return None
    lead = m.group(1)
    if body[m.end() : m.end() + 1] in ("?", "*", "{"):
        lead = lead[:-1]  # "yo?u": the last letter is optional
    return frozenset({lead}) if lead else None


def _opens_with(branch: str, word: str) -> bool:
    """Can *branch* match at a token whose key is *word*? (True when unsure.)"""
    leads = _lead_words(branch)
    return leads is None or any(word.startswith(x) or x.startswith(word) for x in leads)


NARROWED: dict[int, dict[str, re.Pattern[str] | None]] = {}
"""id of a module-level regex → ``{word: narrowed regex or None}`` built so far (see
:func:`narrowed`); keyed by id because hashing a compiled pattern hashes its whole
program. ``rules.Scan.at`` reads it directly: no call per word."""


def narrowed_table(regex: re.Pattern[str]) -> dict[str, re.Pattern[str] | None]:
    """The entry of :data:`NARROWED` for *regex* (created empty when missing)."""
    table = NARROWED.get(id(regex))
    if table is None:
        table = NARROWED[id(regex)] = {}
    return table


def narrowed(regex: re.Pattern[str], word: str) -> re.Pattern[str] | None:
    """*regex* cut down to the top-level branches that can open with *word*.

    None when no branch can; *regex* itself when every branch can. Built once
    per (regex, word) and kept, so the analyzer tries at each position only
    the alternatives its word can start (the same matches, fewer attempts).
    """
    table = narrowed_table(regex)
    if word not in table:
        branches = _top_level_branches(regex.pattern)
        kept = [b for b in branches if _opens_with(b, word)]
        table[word] = (
            None if not kept
            else regex if len(kept) == len(branches)
            else re.compile("|".join(kept), regex.flags)
        )
    return table[word]


def _dispatch() -> dict[str, tuple[tuple[int, re.Pattern[str]], ...]]:
    """Trigger word → ``(pattern index, regex)`` in order, each regex holding only the
    branches of that pattern that can open with the word (a branch whose literal
    opening letters are a prefix of the word, or the word of them)."""
    table: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
    for word in sorted(BLAME_TRIGGERS):
        for i, (_, starts, regex) in enumerate(BLAME_PATTERNS):
            if word not in starts:
                continue
            narrow = narrowed(regex, word)
            if narrow is not None:
                table.setdefault(word, []).append((i, narrow))
    return {word: tuple(entries) for word, entries in table.items()}


BLAME_BY_TRIGGER = _dispatch()
"""Trigger word → the BLAME_PATTERNS (index, narrowed regex) that may start with it,
in order, so a position tries only the few branches its word can open."""
BLAME_ANY_BY_TRIGGER = {
    word: re.compile("|".join(f"(?P<k{j}>{rx.pattern})" for j, (_, rx) in enumerate(entries)))
    for word, entries in BLAME_BY_TRIGGER.items()
}
"""Trigger word → its narrowed patterns in one alternation: one regex call per
position when nothing matches (the usual case); group ``k<j>`` names the first
entry of ``BLAME_BY_TRIGGER[word]`` that matched."""


def _group_then(body: str) -> tuple[str, str]:
    """``(content, after)`` of the ``(?:...)`` group opening *body*."""
    i = _group_end(body)
    return body[3:i], body[i + 1 :]


def _after_you(alternation: str, after: str) -> frozenset[str] | None:
    r"""Literal letters the token after a token "you" must open with for the group
    ``(?:alternation)`` followed by *after* to match at that "you", or None if unknown.

    A token "you" is the bare word with a non-token character (or the end) after
    it, so: a branch ``you`` or ``(?:you|u)`` goes on with *after*, which must then
    be ``\s+`` and letters (the next token opens with them); a branch
    ``you(?:\s+are|\s*'?re ...)`` needs the next token to open with the letters of
    one of its inner branches, each opened by spaces or an apostrophe ("you 're");
    a branch ``you\s+...`` or ``(?:you|u)\s+...`` needs the opening letters of the
    rest; a branch whose known opening letters are neither "you" nor a part of it
    adds nothing (other letters, or more than "you": "your"); anything else is
    unknown.
    """
    leads: set[str] = set()
    for sub in _top_level_branches(alternation):
        if sub in ("you", "(?:you|u)"):
            if not after.startswith("\\s+"):
                return None
            found = _lead_words(after[3:])
        elif sub.startswith("you(?:") and _group_end(sub[3:]) == len(sub) - 4:
            inner: set[str] = set()
            for part in _top_level_branches(sub[6:-1]):
                rest = part.removeprefix("\\s*'?").removeprefix("\\s+")
                if rest == part:
                    return None  # no space or apostrophe before the next word
                more = _lead_words(rest)
                if not more:
                    return None
                inner |= more
            found = frozenset(inner)
        elif sub.startswith("(?:"):
            content, rest = _group_then(sub)
            if rest[:1] in ("?", "*", "+", "{"):
                return None  # a group that may be left out or repeated
            found = _after_you(content, rest or after)
            if found is not None and not found:
                continue  # no branch of the group can open with "you"
        elif sub.startswith(("you\\s+", "(?:you|u)\\s+")):
            found = _lead_words(sub.removeprefix("(?:you|u)\\s+").removeprefix("you\\s+"))
        elif (known := _lead_words(sub)) is not None and not any(
                "you".startswith(x) for x in known):
            continue  # opens with other letters, or with more than "you" ("your")
        else:
            return None
        if not found:
            return None
        leads |= found
    return frozenset(leads)


def _you_branches() -> tuple[tuple[int, str, frozenset[str] | None], ...]:
    """The branches of ``BLAME_BY_TRIGGER["you"]``: ``(entry index, branch, letters the
    next token must open with or None)`` (see :func:`_after_you`)."""
    out = []
    for j, (_, rx) in enumerate(BLAME_BY_TRIGGER["you"]):
        for branch in _top_level_branches(rx.pattern):
            leads = None
            if branch.startswith("\\b(?:"):
                content, after = _group_then(branch[2:])
                leads = _after_you(content, after)
            out.append((j, branch, leads))
    return tuple(out)


_YOU_BRANCHES = _you_branches()
_YOU_BY_NEXT: dict[str, re.Pattern[str] | None] = {}
_YOU_BY_KEPT: dict[tuple[int, ...], re.Pattern[str] | None] = {}
YOU_MEMO_SIZE = 4096


def blame_any_after_you(key: str) -> re.Pattern[str] | None:
    """``BLAME_ANY_BY_TRIGGER["you"]`` cut down to the branches that can match at a
    token "you" followed by the token *key* ("" at the end), the groups ``k<j>``
    kept: the same first match, fewer attempts. None when no branch can match.

    A branch is dropped only when the letters the next token must open with are
    known (:func:`_after_you`) and *key* neither opens with one of them nor is the
    opening of one. The answer for a word is kept (at most :data:`YOU_MEMO_SIZE`
    words, then forgotten all at once); one regex is made per set of branches kept.
    """
    try:
        return _YOU_BY_NEXT[key]
    except KeyError:
        pass
    kept = tuple(
        n for n, (_, _, leads) in enumerate(_YOU_BRANCHES)
        if leads is None or any(key.startswith(x) or x.startswith(key) for x in leads)
    )
    if kept not in _YOU_BY_KEPT:
        groups: dict[int, list[str]] = {}
        for n in kept:
            j, branch, _ = _YOU_BRANCHES[n]
            groups.setdefault(j, []).append(branch)
        _YOU_BY_KEPT[kept] = re.compile(
            "|".join(f"(?P<k{j}>{'|'.join(b)})" for j, b in groups.items())
        ) if groups else None
    if len(_YOU_BY_NEXT) >= YOU_MEMO_SIZE:
        _YOU_BY_NEXT.clear()
    _YOU_BY_NEXT[key] = _YOU_BY_KEPT[kept]
    return _YOU_BY_KEPT[kept]
# The partner's act given as the reason of a sentence, as a fault: "I burnt the rice
# because you kept distracting me", "cos u hogged the bathroom", "since you left the forms
# to me", "because of your stupid car", "that's down to you showing up late". The clause
# has the partner as subject and its verb is a fault ("faults_in_reasons" in
# blame_and_insults.json) or the neglect of a duty; a circumstance ("because you were
# away", "because you had to work") has neither and is left alone.
_FAULTS = _BLAME["faults_in_reasons"]
REASON_WORDS = frozenset("because cos coz cause bc since down thanks".split())
FAULT_REASON_RE = re.compile(
    r"(?:because|cos|coz|cause|bc|since)\s+(?:you|u)(?:'ve|\s+have|'d|\s+had)?\s+"
    r"(?:(?:just|really|also|always|still|literally|then|even|totally|completely)\s+)*"
    # intent claimed before any verb: "because you deliberately ignore my messages"
    r"(?:(?:deliberately|purposely|purposefully|intentionally|wilfully|willfully)\b"
    r"|(?:deliberately|purposely|purposefully|intentionally|wilfully|willfully)\s+)?"
    # "because you were snoring and hogging the duvet"
    r"(?:(?:were|was|are|'re|re|been|kept|keep)\s+(?:\w+ing\s+(?:and|n|&)\s+)?)?"
    r"(?:" + lx.alternation(_FAULTS["acts"])[3:-1]
    + r"|kep[t]?\s+(?:on\s+)?\w+ing|keeps?\s+(?:on\s+)?\w+ing"
    r"|let\s+(?:me\s+down|the\s+\w+|them|him|her|everyone|your\s+\w+)"
    r"|(?:left|leave|leaves|leaving)\s+(?:me\s+(?:with|to|alone|behind|hanging|waiting|out)"
    r"|[^,.;!?]{1,30}?\s+(?:to|for|on)\s+me\b"
    r"|(?:the|my|our|your|ur|his|her|it|them|a\s+mess|mess|a\s+trail)\b[^,.;!?]{0,20}?\s+(?:open|on|out"
    r"|unlocked|running|lying|behind|in\s+the\s+\w+|all\s+over|everywhere|around)"
    r"|(?:a\s+)?mess\b)"
    # the partner's words as a barrage: "because you go on at me", "cos u kicked off at me"
    r"|(?:go|goes|going|went|gone|start|starts|started|starting|keep|keeps|kept|get|gets|got"
    r"|kick|kicks|kicked|kicking|have|has|had|having)\s+(?:on\s+(?:and\s+on\s+)?at|off\s+at"
    r"|a\s+go\s+at|a\s+dig\s+at|at)\s+me\b"
    r"|(?:make|makes|made|making|turn|turns|turned|turning)\s+(?:every|everything|it|things)\b"
    r"[^,.;!?]{0,30}?\b(?:about|back\s+to|round\s+to)\s+(?:you|yourself|u|urself)\b"
    r"|cho(?:se|ose|oses)\s+[^,.;!?]{1,30}?\s+over\s+(?:me|us|my|our)\b"
    r"|(?:don'?t|do\s+not|didn'?t|did\s+not|never|won'?t|wouldn'?t|will\s+not|would\s+not)"
    r"\s+(?:even\s+|ever\s+|bother\s+to\s+)?" + lx.alternation(_FAULTS["duties"]) + r")\b"
    r"|(?:because|cos|coz|cause|bc)\s+of\s+(?:your|ur)\s+(?:stupid|bloody|damn|damned|fucking|flipping"
    r"|stinking|precious|ridiculous|pathetic|useless|endless|constant|so[\s-]called)\b"
    r"|down\s+to\s+(?:you|u)\s+(?:\w+ing|being)\b"
    # any act, with a mark of fault in the same clause: "because you brought up my weight in
    # front of your mates", "because you couldn't find your keys again"
    r"|(?:because|cos|coz|cause|bc|since)\s+(?:you|u)\s+(?!(?:were|was|are|'re|had\s+to|have\s+to"
    r"|need(?:ed)?\s+to)\b)[^,.;!?\n]{0,50}?\b(?:again|in\s+front\s+of|without\s+(?:even\s+)?(?:asking"
    r"|telling|checking|a\s+word)|behind\s+my\s+back|on\s+purpose|for\s+the\s+(?:\w+|\d+\w*)\s+time)\b"
    r"|thanks\s+to\s+(?:your|ur)\s+\w+"
)
# A "why did you ...?" that says it is a real question: "just curious", "out of interest".
CURIOUS_WORDS = frozenset("curious wondering interest curiosity asking".split())
CURIOUS_RE = re.compile(
    r"\b(?:just|only|genuinely|honestly|i'?m|im|i\s+am)\s+(?:(?:really|so|just|genuinely)\s+)?"
    r"(?:curious|wondering|asking)\b|\bout\s+of\s+(?:interest|curiosity)\b"
)
WARM_EXEMPT_KINDS = frozenset({_POSITIVE_EXEMPT, "mind_reading", "shifted", "no_say"})
"""Blame kinds skipped in sentences of appreciation ("I think you'd love it")."""
# A "you" that is the object, not the subject: "be with you forever", "love you always".
OBJECT_YOU_BEFORE = re.compile(
    r"\b(?:with|to|for|at|about|from|without|than|of|by|on|love|loved|miss|missed|thank|adore|hug"
    r"|hold|marry|married|choose|chose|cherish)\s+$"
)
# Partner as subject of a clause ending right before a word: "you ___", "he ... ___".
YOU_SUBJECT_END = re.compile(
    r"(?:^|[^\w'])(?:you|u|ur|you're|youre|you've|he|she|he's|she's)\b(?:\s+[\w']+){0,6}\s+$"
)
ABSOLUTE_INVERTED_AFTER = re.compile(
    rf"\s+(?:have|has|did|do|does|will|would|had)\s+(?:{YOU}|he|she)\b"
)
# A shouted word (all capitals) in a request or accusation; see rules.find_requests.
SHOUT_RE = re.compile(r"\b[A-Z]{3,}\b")
# Not a name or an acronym after a determiner ("the MOT", "my GP", "our ISA").
DETERMINER_END = re.compile(r"\b(?:the|an?|my|our|your)\s$", re.IGNORECASE)

# --------------------------------------------------------------------------- requests & needs
# What a wish without a subject is worth: "(it) would be *so good* to ...", "would mean
# *heaps*" (Australian and New Zealand English), "wd b *nice* if u came".
_WISH_GOOD = (
    r"(?:great|nice|lovely|helpful|wonderful|good|amazing|brilliant|awesome|ace|fab|cool|perfect"
    r"|ideal|a\s+(?:big\s+|huge\s+)?help|easier|better|grand|magic|sweet|choice|mint)"
)
_WISH_MEAN = (
    r"(?:\s+(?:a\s+lot|so\s+much|the\s+world|heaps|loads|lots|a\s+heap|a\s+ton|a\s+great\s+deal))?"
)
# Patterns whose name ends in _AT are tried only at the start of a token whose
# key is in the matching *_TRIGGERS set (apostrophes removed: "let's" -> "lets").
REQUEST_AT = re.compile(
    # "could yuh stay by mi side?" (Jamaican "yuh"); Tagalog "pwede ba tayo ..." ("can we ...")
    r"(?:pwede|puwede)\s+(?:ba\s+)?(?:tayo|natin|mo|ba)\b|"
    rf"(?:could|can|would|will|cd|cud|cn|wud|wd|cld|wld)\s+(?:we|{YOU}|ye|yuh|yu)\b(?!\s+(?:believe|imagine|be\s+any\s+more))"
    rf"|(?:are|would|will)\s+{YOU}\s+be\s+(?:willing|open|up\s+for|ok|okay|happy|able)\b"
    rf"|are\s+{YOU}\s+(?:willing|open|up\s+for|ok\s+with|okay\s+with|happy\s+to)\b"
    r"|(?:would|could|will)\s+(?:it|that)\s+be\s+(?:ok|okay|possible|alright|all\s+right"
    r"|fine|helpful)\b"
    # "abeg": Nigerian Pidgin and Nigerian English "please" (from "I beg"), as "please"
    r"|(?<!oh\s)(?<!oh,\s)(?:please|pls|plz|abeg)\b"
    r"|let'?s\b|let\s+us\b|shall\s+we\b|how\s+about\b|what\s+(?:if|about)\s+(?:we|you|i)\b"
    r"|why\s+don'?t\s+we\b|maybe\s+(?:we|you)\s+could\b|we\s+could\b|i\s+wonder\s+if\b"
    rf"|do\s+{YOU}\s+think\s+(?:we|you)\s+could\b"
    r"|i(?:'?d|\s+would)\s+(?:really\s+|so\s+|(?:very\s+)?much\s+|truly\s+|dearly\s+)?"
    r"(?:love|like|appreciate|prefer)\s+(?:it\s+)?"
    r"(?:if|for|us|you|to|when)\b"
    r"|(?:it\s+would|it'?d|itd)\s+(?:really\s+|so\s+)?(?:help|mean\b" + _WISH_MEAN
    + r"|be\s+(?:so\s+|really\s+|rly\s+|just\s+)?" + _WISH_GOOD + r")\b"
    # a request put as a condition with the good it would do the speaker: "If you could just
    # hold me for a bit tonight, that would mean a lot", "if you could take the kids, I'd be
    # so grateful" (not "if you weren't always ...": no act asked for)
    rf"|if\s+(?:{YOU}|we)\s+(?:could|would|can)\b(?=[^.!?\n]*?[,\s](?:that|it|i)(?:'d|d|\s+would)"
    r"\s+(?:really\s+|so\s+|just\s+)?(?:mean|help|be\s+(?:so\s+|really\s+)?(?:grateful|thankful"
    r"|glad|happy|relieved|lovely|great|a\s+help)|make|love|appreciate)\b)"
    r"|i\s+want\s+us\s+to\b|i'?m\s+asking\b|my\s+request\b|i\s+(?:ask|request)\s+that\b"
    # a wish with its own subject: "My wish is that we pick a frame together", "my hope is
    # that you'll ring first"; Jamaican "mi woulda love if we plan ..." ("I would love it if")
    r"|my\s+(?:wish|hope|ask)\s+is\s+(?:that\s+|for\s+)?(?:we|you|u|us)\b"
    r"|mi\s+(?:woulda|wuda|would|wud)\s+(?:really\s+)?(?:love|like)\s+(?:it\s+)?(?:if|fi|when)\b"
    # offers and apologies phrased as questions (NVC: a request can be an offer of help)
    r"|(?:can|could|may|shall|should)\s+i\b(?=[^.!?\n]*(?:\?|$))"
    r"|(?:do\s+you\s+|would\s+you\s+|d'?you\s+)?(?:want|like)\s+me\s+to\b"
    r"|would\s+it\s+(?:help|be\s+(?:ok|okay|alright|easier|better))\s+if\b"
    r"|(?:do\s+you\s+|would\s+you\s+)?mind\s+if\s+(?:i|we)\b"
    r"|is\s+there\s+(?:anything|something)\s+(?:i|we)\s+(?:can|could)\b|how\s+can\s+i\s+help\b"
    r"|let\s+me\s+(?:make|take|help|cook|do|know|try|fix|buy|get|pick|drive|call)\b"
    r"|i\s+(?:wish|hope)\s+(?:we|you|u)\s+(?:could|would|can|will|'d|'ll)\b"
    r"|i(?:'m|m|\s+am)?\s+(?:really\s+|so\s+|just\s+)?hoping\s+(?:we|you|u|to)\b"
)
REQUEST_TRIGGERS = frozenset(
    "could can would will cd cud cn wud wd cld wld are please pls plz abeg lets let shall how what"
    " pwede puwede"
    " why"
    " maybe we i do it itd if"
    " id im my may should want dyou mind is mi".split()
)
# Wishes without a subject ("Would love a hug tonight", "wish we could talk"), counted
# only at the start of a sentence or clause (see WISH_LEFT).
WISH_AT = re.compile(
    r"(?:would|wud|wd)\s+(?:really\s+|so\s+|just\s+|honestly\s+)?(?:love|like|appreciate|welcome"
    r"|(?:be|b)\s+(?:so\s+|really\s+|rly\s+)?" + _WISH_GOOD
    + r"|help|mean\s+(?:a\s+lot|so\s+much|the\s+world|heaps|loads|lots|a\s+heap|a\s+ton))\b"
    # "keen to do that again?", "up for a walk later?": a proposal asked as a question
    r"|(?:keen|up\s+for|down\s+for)\s+(?:to|for|on|a|an|some|another|more|\w+ing)\b"
    r"(?=[^.!?\n]*\?)"
    # "want to grab brunch to celebrate?", "wanna get food after?": the same, with "want"
    r"|(?<!you\s)(?<!u\s)(?<!ya\s)(?:want\s+to|wanna)\s+(?!be\b)[a-z]+\b(?=[^.!?\n]*\?)"
    # polite openers of a request: "Kindly message me once you land" (Indian and West
    # African English), "Beg yuh, text mi" (Jamaican: "please")
    r"|kindly\s+(?!(?:of|enough|offered|meant|stop|quit)\b)[a-z]+\b|beg\s+(?:yuh|yu|you|u)\b"
    r"|wish\s+(?:we|you|u)\s+(?:could|would|can|'d)\b"
    r"|hoping\s+(?:we|you|u|to)\b"
    r"|(?:could|would|cud|wud)\s+(?:really\s+|so\s+|just\s+|honestly\s+)?(?:do\s+with|use)\s+(?:a|an|some"
    r"|more|less|the|your|ur|help|us)\b"
    r"|(?:would|wud|wd)\s+(?:really\s+|so\s+)?(?:luv|lurve|adore)\b"
    r"|(?:be|b)\s+(?:so\s+|really\s+|rly\s+)?" + _WISH_GOOD + r"\s+(?:to|if|for)\b"
    r"|need\s+(?:a|an|some|you|u|us|to|more|a\s+bit|help|time|space|a\s+hug)\b"
)
WISH_TRIGGERS = frozenset(
    "would wud wd wish hoping could cud be b need keen up down want wanna kindly beg".split()
)
# (rules._left_of reads only the last two tokens before the wish: keep every phrase
# here to at most two words, ending the pattern on [\s"']*$.)
WISH_LEFT = re.compile(
    r"(?:^|[,;:.!?\n\-\u2013—\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]|\b(?:so|then|and|but|maybe"
    r"|honestly|tbh|ngl|really|just|x+|i'?m|am|also|plus|lol|pls|please|you|u|are\s+you|r\s+u"
    # a clause typed without a stop that ends on its time: "... the move tmrw need u to help"
    r"|tomorrow|tmrw|tmr|tomoz|tonight|tonite|today|rn|atm|right\s+now))[\s\"']*$"
)
# Imperatives count as requests at the start of a sentence or clause ("Text me if ...").
IMPERATIVE_AT = re.compile(
    r"(?:text|call|tell|let|give|help|try|remember|come|ask|check|put|wash|take|keep|leave|bring"
    r"|pick|talk|sit|hug|join|meet|send|consider|plan|book|agree)\s+(?:me|us|with|a|the|to"
    r"|together|if|when|on|your)\b"
    # asking for the partner's good wishes before an ordeal: "wish me luck!", "cross your
    # fingers for me"
    r"|wish\s+(?:me|us)\s+(?:luck|well)\b|cross\s+(?:your|ur)\s+fingers\b"
    r"|wait\s+(?:for|by|at|up|till|until)\b"
)
IMPERATIVE_TRIGGERS = frozenset(
    "text call tell let give help try remember come ask check put wash take keep leave bring pick"
    " talk sit hug join meet send consider plan book agree wait wish cross".split()
)
# (At most two words a phrase, as WISH_LEFT: see rules._left_of.)
# "just" may come between ("Just send me a text", "next time just call me"; of "next
# time just" only "time just" is read).
IMPERATIVE_LEFT = re.compile(
    r"(?:(?:^|[,;:\U0001F000-\U0001FAFF\u2600-\u27BF]|\b(?:so|then|maybe|next\s+time|tonight|tomorrow"
    r"|and|abeg))(?:\s*just)?|\btime\s+just)"
    r"[\s\"']*$"
)
# (The look-ahead lets a search over the words before a request skip at once every
# position not opening on w or h.)
REQUEST_BLOCKED_END = re.compile(r"(?=[wh])\b(?:why|how|what)\s+$")
# A proposal with no verb, asked as a short question with a time in it: "dinner out
# tonight?", "drinks on fri?" (a request in NVC's sense: doable, and free to refuse).
PROPOSAL_RE = re.compile(
    r"[\s\"'(]*(?!(?:why|how|what|who|where|when|whose|which|seriously|really|so|you|u|ur|are|is"
    r"|do|did|does|was|were|can|could|would|will|again|still|home|out|late|not|no)\b)[a-z]+"
    r"(?:[\s,]+(?!again\b)[a-z'0-9]+){1,3}\s*\?"
)
NEED_WORDS = lx.need_words()
NEED_AT = re.compile(
    r"i(?:\s+(?:really|also|just|truly|genuinely|deeply|still|do|kind\s+of|so|very\s+much))*"
    r"\s+(?:need|needed|value|valued|want|wanted|long\s+for|longed\s+for|crave|yearn\s+for"
    r"|hope|hoped|wish|care\s+(?:a\s+lot\s+|deeply\s+|so\s+much\s+)?about|treasure|miss)\b"
    r"|i(?:'?d|\s+would)(?:\s+(?:really|so|just|very\s+much|much|truly|dearly))*"
    r"\s+(?:like|love|appreciate|prefer|welcome)\b"
    r"|(?:matters?|mattered)(?:\s+[\w']+){0,3}?\s+to\s+me\b"
    r"|(?:important|precious|valuable|meaningful|essential)\s+(?:to|for)\s+me\b"
    r"|means?\s+(?:a\s+lot|so\s+much|a\s+great\s+deal|the\s+world|everything|a\s+ton)\s+to\s+me\b"
    r"|my\s+need\s+(?:for|to)\b|what\s+i\s+(?:need|want|value)\b"
    r"|i'?m\s+(?:needing|wanting|longing|hoping|wishing)\b"
    r"|because\s+i\s+(?:really\s+)?(?:like|love|enjoy|prefer|appreciate)\b"
    r"|because\s+(?:(?:my|our|some|a\s+bit\s+of|a\s+little|more|the|real|mutual|shared)\s+)?"
    + lx.alternation(NEED_WORDS)
    + r"\b"
)
NEED_TRIGGERS = frozenset(
    "i id im matters matter mattered important precious valuable meaningful essential means mean"
    " my what because".split()
)

# --------------------------------------------------------------------------- situations
SITUATION_TRIGGERS = frozenset(
    "when whenever while after before as each every any anytime the until till til since if wen"
    .split()
)
SITUATION_MARKER_RE = re.compile(
    r"\b(?:when(?:ever)?|wen|while|after|before|as\s+soon\s+as|each\s+time|every\s+(?:single\s+)?time"
    r"|any\s*time"
    r"|(?<!\bof\s)(?<!\ball\s)the\s+(?:moment|minute|day|night|time|sec|second)|until|till|til|since|if"
    # a recurring occasion named by who does what in it: "on the weeks you're offshore",
    # "the evenings you cycle home", "the nights we don't talk"
    r"|(?<!\bof\s)the\s+(?:days|nights|weeks|weekends|evenings|mornings|afternoons|times|months"
    r"|shifts)(?=\s+(?:when\s+|that\s+)?(?:you|u|we|i|he|she|they|you're|youre|i'm|im)\b))\b"
)
WHEN_QUESTION_AFTER = re.compile(
    r"\s+(?:will|are|do|did|is|can|were|would|does|have|was|should|could|am)\b"
)
POLITE_IF_AFTER = re.compile(
    # "if I'm honest", "if I'm being honest": a hedge on the telling, no situation
    r"\s+(?:i'?m\s+(?:being\s+)?(?:honest|truthful)|i\s+am\s+(?:being\s+)?(?:honest|truthful)"
    r"|i\s+(?:may|can)\s+say\s+so)\b|"
    rf"\s+(?:{YOU}\s+(?:want|like|'d\s+like|would\s+like|don'?t\s+mind|can|could|have\s+time"
    r"|prefer|agree|feel\s+like|need|are\s+(?:ok|okay|up\s+for))|that'?s\s+(?:ok|okay|alright|fine)"
    r"|possible|at\s+all|needed|not)\b"
)
SINCE_REASON_AFTER = re.compile(r"\s+(?:i|we)\s+(?:need|value|want|care|really)\b")
CLAUSE_END_RE = re.compile(
    r"[,.;!?:\n…—\u2013" + EMOJI_CLASS + r"]|\s-\s"
    r"|\s(?:because|since|so\s+that|but|and\s+then|which"
    r"|(?:and|so)\s+(?:i|i'm|im|i'd)|i\s+(?:feel|felt"
    r"|get|got|am|was|start|end|really|just)|i'm|i've|it\s+makes|it\s+made|makes\s+me|made\s+me"
    r"|could\s+(?:we|you)|can\s+(?:we|you)|would\s+you|please)\b"
)
FEELING_CAUSE_AFTER = re.compile(
    r"(?:[\s,]+(?:and|&|but|or)\s+(?:(?:really|so|very|a\s+bit|also|a\s+little)\s+)?[\w-]+)?"
    r"(?:\s+(?:at|with)\s+(?:you|u|him|her|them)"
    # "proud of you for finishing the half marathon"
    r"|(?P<of>\s+of\s+(?:you|u|him|her|them|myself|us|ourselves))(?=\s+for\b))?(?:\s+(?:rn|right\s+now|atm))?"
    r"\s+(?P<conn>that|about\s+(?:how|what|the\s+way|it\s+when)|to\s+(?:see|hear|find|learn|notice"
    r"|come\s+home\s+to|wake\s+up\s+to|be\s+left)|seeing|hearing|finding|at\s+(?:how|the\s+way"
    r"|what)|by\s+(?:how|what|the\s+way)|over\s+(?:how|what|the\s+way)|because"
    # what the speaker was doing when it came, or is about to do: "anxious waiting for the
    # results", "nervous about meeting your boss" (a gerund and at least two words after)
    r"|(?:(?:about|abt|over|before|for)\s+)?(?!(?:feeling|being|going|getting|nothing|something"
    r"|anything|everything|thing|king|morning|evening|wedding|ceiling|building|ring|sibling"
    r"|darling|ending)\b)[a-z]{2,}ing)\s+"
)
# Where a request stops inside its sentence: a clause break, then the speaker telling how
# they felt or what happened ("..., and I felt so close to you", "... — I got so excited").
REQUEST_STOP_RE = re.compile(
    r"(?:[,;:]|\s[\u2014\u2013-])\s*(?:(?:and|but|so|cos|because)\s+)?i(?:'m|m)?\s+(?:(?:really|just"
    r"|honestly|also)\s+)?(?:felt|was|got|feel|get|am|had|loved|missed)\b|\s[\u2014\u2013]\s"
)
# An event named by a noun after the feeling: "nervous about the move", "overwhelmed w
# the wedding list", "worried about my mum's operation" (an observation of what is coming or
# what happened, NVC). The noun must name an event, a task or an appointment (our own list,
# and nouns of action ending in -tion/-ment/-al: "renewal", "appointment"); an ongoing topic
# ("stressed about the rent", "sad about us") is no one specific situation.
_NOUN_EVENT = (
    r"(?:the|my|your|ur|our|his|her|their|tomorrow'?s|tmrw'?s)\s+(?:[a-z][\w'&-]*\s+){0,2}?"
    r"(?:move|exams?|interview|tests?|results|dentist|doctors?|gp|scans?|op|appointment|wedding"
    r"|party|funeral|trip|flight|journey|date|gig|concert|match|game|meeting|presentation"
    r"|deadline|viewing|audition|visit|do|list|plan|hearing|surgery|christening|reunion|speech"
    r"|race|launch|checkup|check-up|smear|mot|exam|inspection|ticket|holiday|hols|budget|dinner"
    r"|lunch|birthday|anniversary|christmas|weekend|barbecue|bbq|row|argument|fight|chat|call"
    r"|[a-z]{3,}(?:tion|ment|al))s?\b"
)
NOUN_EVENT_AFTER = re.compile(
    r"(?:\s+(?:rn|right\s+now|atm|now))?\s+(?:about|abt|over|with|w|before|b4)\s+" + _NOUN_EVENT
)
# A first experience the speaker names: "I've never done a budget before" (one specific
# situation coming up, not a verdict; the absolute is exempt too, see EXPERIENCE_END).
FIRST_EXPERIENCE_RE = re.compile(
    r"\bi(?:'ve|ve|\s+have)\s+never\s+(?:\w+\s+){1,6}?before\b"
)
# What the speaker did, judged by themselves, before the feeling: "I was a complete idiot
# about the parking ticket and I feel embarrassed" (a past act of theirs: any noun will do).
NOUN_EVENT_TRIGGERS = frozenset({"about", "abt", "over"})
NOUN_EVENT_SELF_RE = re.compile(
    r"\b(?:i|i'm|im|i've)\s+(?:was|been|being|acted|acting)\s+(?:[\w']+\s+){0,2}?(?:a|an|such|like)"
    r"\s[^.!?;\n]{0,30}?\b(?:about|abt|over)\s+(?:the|my|your|ur|our)\s+(?:[\w'&-]+\s+){0,2}?"
    r"[\w'&-]{3,}\b"
)
# The speaker's own mishap as the situation, told as what they did: "I burned the pecan
# pie for the church supper", "..., forgot to book the table for our anniversary" (NVC:
# an observation, here of the speaker's own act). "I" or the start of a clause before it,
# so "you forgot the milk" is not one; a thing after it (the speaker's act, not a verdict).
OWN_MISHAP_TRIGGERS = frozenset(
    "burned burnt broke dropped forgot smashed spilled spilt scratched dented crashed lost missed"
    " ruined overcooked snapped shouted locked misplaced left deleted booked".split()
)
OWN_MISHAP_RE = re.compile(
    r"(?:\bi\s+|(?:^|[.!?;,:\n]|\b(?:and|then|so))\s*)(?:(?:just|totally|completely|accidentally"
    r"|stupidly)\s+)?(?P<act>(?:burned|burnt|broke|dropped|forgot|smashed|spilled|spilt|scratched"
    r"|dented|crashed|lost|missed|ruined|overcooked|locked|misplaced|deleted)\s+(?:to\s+[a-z]+\s+)?(?:the|my|your"
    r"|ur|our|his|her|their|a|an)\s+(?:(?!again\b)[^.!?;,\n]){3,}?|(?:snapped|shouted)\s+at\s+(?:you|u)\b"
    r"[^.!?;,\n]*?"
    # "locked myself out at the gym", "left my purse on the bus": the speaker's own slip
    r"|locked\s+myself\s+(?:out|in)\b[^.!?;,\n]*?|left\s+my\s+(?:(?!again\b)[^.!?;,\n]){3,}?"
    # "I booked the flights for the wrong month": the speaker's own mix-up
    r"|booked\s+(?:the|my|our|a|an)\s+[^.!?;,\n]{2,60}?\bwrong\s+(?:month|day|date|week|time|year"
    r"|weekend|night|airport|hotel|train|flight)s?)"
    r"(?=\s*(?:[.!?;,\n]|$)|\s+(?:and|but|so|n)\b)"
)
# A reported event with a definite subject other than a pronoun: "the offer went through",
# "your mum's scan came back clear", "the drive home was horrible" (NVC: an observation).
NEWS_TRIGGERS = frozenset("the your ur my our his her their".split())
NEWS_RE = re.compile(
    r"(?:the|your|ur|my|our|his|her|their)\s+(?:(?!(?:is|are|has|have)\b)[\w'-]+\s+){1,4}?"
    r"(?:was|were|came|went|got|fell|broke|won|lost|sold|arrived|[a-z]{3,}ed)\s+[\w']+"
)
_DAYS = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)s?"
)
TIME_TRIGGERS = frozenset(
    "yesterday today tonight this last the earlier on every at during over before after in"
    " overnight a an two three few couple monday tuesday wednesday thursday friday saturday sunday"
    " mondays tuesdays wednesdays thursdays fridays saturdays sundays weekend weekends tomorrow"
    " tomorrows tmrw tmrws tmr tomoz 2moro 2morrow tonite 2nite 2night yday yest 2day sat all"
    " these tomorow tommorow tommorrow tomorrw tomoro tmoro tmrow 2mrw tmorrow"
    " fri next that mon mons tue tues wed weds thu thur thurs fris sats sun suns"
    " kanina kagabi kahapon".split()
)
# Days as partners abbreviate them ("the gig sat", "mon's appraisal", "thurs am"): a time
# only at the end of a clause, before a part of the day, or as a possessive, and not
# after a subject or "the" ("we sat down", "in the sun").
_SHORT_DAY = (
    r"(?<!\bi\s)(?<!\bwe\s)(?<!\byou\s)(?<!\bu\s)(?<!\bhe\s)(?<!\bshe\s)(?<!\bthey\s)"
    r"(?<!\bjust\s)(?<!\bhad\s)(?<!\bthe\s)(?<!\bwas\s)"
    r"(?:mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun)(?:\s+(?:am|pm|morning|morn|night"
    r"|nite|eve|evening|arvo|afternoon|lunch|lunchtime)\b|(?=\s*(?:[,.!?;:)\n]|$))|'?s\b"
    r"|(?=\s+(?:tbh|ngl|lol|haha|pls|plz|please|x+|cos|coz|cuz|bc|because)\b))"
)
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
TIME_RE = re.compile(
    # a run of recent days: "the last three nights", "the past few mornings", "these last two weeks"
    r"\b(?:(?:the|these)\s+(?:last|past)\s+(?:two|three|four|five|six|seven|few|couple(?:\s+of)?|\d+)"
    r"\s+(?:nights|days|mornings|evenings|weeks|weekends)"
    r"|yesterday|today|tonight|this\s+(?:morning|afternoon|evening|week|weekend|month|year"
    r"|past\s+\w+)|last\s+(?:night|week|weekend|month|year|time|summer|winter|spring|autumn|fall"
    rf"|christmas|{_DAYS})|the\s+other\s+(?:day|night|week|evening|morning)|earlier\s+(?:today"
    rf"|tonight|this\s+\w+)|(?:on\s+|this\s+|every\s+)?{_DAYS}(?:\s+(?:night|morning|evening"
    r"|afternoon)s?)?|on\s+(?:our|my|your|the|his|her)\s+(?:anniversary|birthday|date|trip|holiday"
    r"|vacation|way\s+\w+|drive|flight|call|phone)|on\s+(?:holiday|hols|vacation|honeymoon)|at\s+(?!the\s+(?:end|moment|same|least|most)\b)"
    r"(?:dinner|breakfast|lunch|brunch|bedtime|night|work|home|church|school|christmas|the\s+\w+"
    r"|your\s+\w+|my\s+\w+|our\s+\w+|his\s+\w+|her\s+\w+|\d)|during\s+\w+"
    r"|over\s+(?:dinner|breakfast|lunch|the\s+weekend|the\s+holidays)|before\s+(?:bed|work|dinner"
    r"|breakfast|lunch|school|sleep)|after\s+(?:work|dinner|school|\d)"
    r"|in\s+front\s+of\s+(?:(?:the|your|my|our|his|her|their|all)\s+)?[\w']+"
    r"|(?:on\s+)?the\s+\d{1,2}(?:st|nd|rd|th)|(?:tomm?orr?ow|tomorrw|t?moro|tmr(?:o?w)?|tmorrow|tomoz|2moro|2morrow|2mrw)(?:'?s)?"
    r"|(?:this|last|next)\s+(?:wknd|wkend|wk)|the\s+(?:day|night|morn)(?=\s*(?:[,.!?;]|$))|(?:tonite|2nite|2night|yday|yest|2day|this\s+arvo|this\s+morn|last\s+nite|sat\s+night|fri\s+night)"
    r"|(?:on|last|this|at\s+the)\s+(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)\b"
    rf"|next\s+(?:week|weekend|month|year|wk|wknd|wkend|{_DAYS})|{_SHORT_DAY}|in\s+{_MONTHS}"
    r"|(?:the|that|this)\s+(?:whole|entire)\s+(?!(?:thing|lot|world|point|idea|time)\b)[a-z]{3,}"
    r"|all\s+(?:day|week|weekend|wkend|wknd|wk|night|morning|afternoon|evening)(?:\s+(?:long|yesterday|today))?"
    # Tagalog: earlier today, last night, yesterday
    r"|this\s+(?:am|pm)(?![a-z])|kanina|kagabi|kahapon"
    r"|\d{1,2}(?::\d\d)?\s*(?:am|pm|o'?clock)|(?:\d+|a|an|two|three|few|couple\s+of)\s+(?:minutes?"
    r"|hours?|days?|weeks?)\s+ago|overnight|in\s+the\s+(?:morning|evening|afternoon|night)s?)\b"
)
# A clause inside a request still describes the situation if it is in the past
# ("can we talk about how I felt when you left early last night?").
PAST_RE = re.compile(
    r"\b(?:yesterday|last\s+(?:night|week|weekend|time|month|year)|ago|earlier|the\s+other\s+day"
    r"|was|were|did|didn'?t|had|hadn'?t|left|forgot|said|told|came|went|took|broke|missed|spent"
    r"|felt|got|made|gave|ran|sent|wore|lost|kept|[a-z]{3,}(?<!e)ed)\b"
)
EVENT_TRIGGERS = frozenset({"you", "u", "we", "he", "she", "they"})
EVENT_RE = re.compile(
    r"\b(?:you|u|we|he|she|they)\s+(?:(?:just|also|then|still|actually)\s+)?(?:(?:didn'?t|couldn'?t"
    r"|wouldn'?t|wasn'?t|weren'?t|haven'?t|hasn'?t|hadn'?t)\s+\w+"
    r"|did\s+not\s+\w+|(?!(?:used|seemed|wanted|needed|loved|liked|hated|looked|sounded|acted"
    r"|behaved|deserved|tried|cared|agreed)\b)[a-z]+ed|left|forgot|forgotten|said|told|came|went"
    r"|took|broke|missed|spent|bought|brought|wore|threw|kept|lost|sent|hung\s+up|ate|drank|slept"
    r"|ran|gave|made\s+plans|got\s+home|came\s+home|walked\s+out|rolled\s+your\s+eyes"
    r"|got\s+(?:the|a|an|your|ur|into|in|through|back|off|engaged|married|promoted|offered))\s+[\w']+"
)

# --------------------------------------------------------------------------- absolutes
ABSOLUTE_INDEX = lx.PhraseIndex(_ABS["words"])
EVER_RE = re.compile(
    rf"\b{NEG}\s+(?:[\w']+\s+)?ever\b|\bnever\s+ever\b"
    rf"|\b(?:do|does|will|can)\s+(?:{YOU}|he|she)\s+(?:even\s+)?ever\b"
)
# "ever" standing alone as the last word of a denial, after a comma or full stop: "You
# don't help with the kids, ever.", "You don't say thank you. Ever.", "u never text back.
# like ever" (searched from a few characters before the word to the end of the text; the
# rule also wants a negation in the words before it).
TRAILING_EVER_RE = re.compile(
    r"[,.!?;:…—-]\s*(?:like\s+|not\s+|no\s+not\s+)?ever(?=\s*(?:[.!?…]|$))"
)
# After "every time / whenever ..." the partner as subject later in the sentence: "Every
# time I bring up money you walk off" is a verdict on the partner.
HABIT_WORDS = frozenset({"every time", "everytime", "every single time", "each and every time",
                         "every bloody time", "every damn time"})
PARTNER_LATER_RE = re.compile(
    r"[^.!?;\n]*?(?:^|[\s,])(?<!\bwith\s)(?<!\bto\s)(?<!\bfor\s)(?<!\bat\s)(?<!\bsee\s)"
    r"(?:you|u|he|she)\s+(?!(?:and|or|to|too|guys|i|we|me|both|all|lot)\b)(?:just\s+|always\s+"
    r"|then\s+|suddenly\s+)?(?:[a-z]+(?:s|ed)?|'re\s+\w+|are\s+\w+|get\s+\w+)"
)
# The partner as the topic of the rest of a sentence holding an absolute: "Every Christmas
# it's the same, you disappear", "every single holiday u end up working", "Everything is
# always about your job", "It's always your mates first" (Gottman: a verdict on the partner).
# The partner as subject (group "subj") counts only when the absolute opens the clause,
# or the reason of the sentence ("I feel hurt because every time you go out you ...").
REASON_END = re.compile(r"\b(?:because|cos|coz|cause|bc|since)\s+$")
PARTNER_TOPIC_AFTER = re.compile(
    r"(?P<subj>(?:\s+[a-z]+)?[\s,]*(?:(?:it'?s|its)\s+(?:always\s+)?the\s+same(?:\s+(?:story|thing"
    r"|old\s+\w+))?(?:\s+again)?[\s,:;.!-]+)?(?:and\s+|then\s+)?(?:you|u)\s+"
    r"(?!(?:and|or|too|guys|both|all|know)\b)[a-z']{2,})"
    r"|\s+(?:(?:revolves?|is|was|has\s+to\s+be|centres?|centers?)\s+)?(?:(?:all|only|just)\s+)?"
    r"(?:about|around)\s+(?:you|u|your|ur|yourself|urself)\b"
    r"|\s+(?:your|ur)\s+[a-z]+"
)
HABIT_OPENS_RE = re.compile(
    r"[\s\"'(]*(?:(?:and|but|so|because|cos|coz|honestly|like|i\s+mean|literally)[\s,]+)*"
)
SPEAKER_NEXT_RE = re.compile(r"\s+(?:i|we|i'm|im|i've)\b")
# A habit of the speaker's own (see rules._own_habit): "I never sleep well before exams",
# "I'm always jittery before check-ups"; "Every time I drive on the motorway I get anxious".
OWN_HABIT_END = re.compile(
    r"(?:^|[^\w'])(?:i|i'm|im|i\s+am|i've|i\s+have)\s+(?:(?:just|really|honestly|almost|nearly"
    r"|literally|pretty\s+much)\s+)?$"
)
SPEAKER_AGAIN_RE = re.compile(
    r"\s+(?:i|i'm|im|i've)\b[^.!?;\n]*?[\s,]+(?P<again>i|i'm|im|i've)\b")
# The partner's absence as the time of the speaker's own habit: "I never sleep well when
# you're away" (a circumstance, no act of the partner's: see rules._own_habit).
PARTNER_AWAY_RE = re.compile(
    r"\s+(?:when|while|whenever)\s+(?:you're|youre|you\s+are|ur|u\s+r|u're|you've\s+gone"
    r"|he's|she's)\s+(?:away|gone|out|travelling|traveling|abroad|on\s+(?:nights|night\s+shifts?"
    r"|lates|call|tour|a\s+trip|deployment)|at\s+work|working\s+(?:late|away|nights))\b"
    r"(?:\s+for\s+work)?"
)
PARTNER_AWAY_WORDS = frozenset(
    "away gone out travelling traveling abroad on at working".split()
)
"""Words one of which every match of PARTNER_AWAY_RE holds (a cheap test first)."""
PARTNER_WORD_RE = re.compile(
    r"\b(?:you|u|your|ur|you're|youre|yours|he|she|him|her|his|he's|she's)\b"
)
# What makes a first-person "always / never" a complaint about the partner after all:
# "I'm always the one who ...", "I never get a say", "I always have to ask twice".
COMPLAINT_AFTER = re.compile(
    r"\s+(?:(?:the\s+(?:only\s+)?one|the\s+last|last\s+to|first\s+to|left|stuck|waiting|alone"
    r"|on\s+my\s+own|asked|told|blamed|ignored|forgotten|expected|made\s+to|end(?:ed)?\s+up"
    r"|hear\s+(?:from|back)|see\s+(?:you|u))\b"
    r"|(?:have|had|has|having|get|got|gets|need|needed|seem)\s+to\b"
    r"|(?:get|got)\s+(?:a\s+say|asked|told|blamed|ignored|left|stuck|the\s+blame|any|nothing|no"
    r"|anything|a\s+thank|a\s+chance|a\s+word|a\s+break)\b)"
)
# A routine of the speaker's named inside the situation of an I-statement ("I feel
# exhausted when I cook every night") is a description, not a verdict; the partner's
# ("when you work late every night") stays a generalisation.
ROUTINE_WORDS = frozenset({"every day", "every night", "every evening", "every morning",
                           "every week", "every weekend", "every christmas", "every holiday",
                           "every birthday", "every anniversary", "every summer"})
ROUTINE_SITUATION_RE = re.compile(
    r"\b(?:i|i'm|im|i've|i'd)\b[^.!?;\n]*\b(?:when|whenever|while|if|that|because|cos)\b"
)
# "We never have to move again": a relief, not a verdict.
RELIEF_NEVER_END = re.compile(r"\b(?:we|i)\s+$")
RELIEF_NEVER_AFTER = re.compile(r"\s+(?:have|need|had)\s+to\b")
NEVER_LIKE = frozenset({"never", "nothing", "nobody", "no one", "not once", "not even once",
                        "not a single time"})
# Inside a request, the partner's habit told beside it is still a verdict: "please,
# you never answer", "abeg, answer your phone instead of ignoring me like you always do"
# (not "could you always text first?", a request about the future).
PARTNER_HABIT_IN_REQUEST_END = re.compile(
    r"(?:^|[,;]|\b(?:like|as|way|and|but|cos|because|when))\s*(?:you|u)\s+$"
    # the habit wished away in the condition of a request: "it would mean a lot if you
    # weren't always glued to your phone" (not "if you could always text first")
    r"|\bif\s+(?:you|u)\s+(?:weren'?t|wasn'?t|didn'?t|don'?t|did\s+not|were\s+not|stopped)\s+$"
)
COMMITMENT_END = re.compile(
    r"\b(?:i|we)(?:'ll|'d|\s+will|\s+would|\s+can|\s+could|\s+promise(?:\s+to)?|\s+want\s+to"
    r"|\s+hope\s+to|'m\s+going\s+to|\s+am\s+going\s+to)(?:\s+(?:always|never|really|just))?\s+$"
)
SELF_REPORT = re.compile(r"\bi(?:'m)?\s+$")
_SELF_REPORT_VERBS = (
    r"(?:feel|felt|get|got|am|worry|wonder|look\s+forward|love|enjoy|appreciate|notice|try"
    r"|want|miss|smile|grin|laugh|sleep\s+(?:better|best|easier|sounder)|think\s+of\s+(?:you|u|us))\b"
)
SELF_REPORT_AFTER = re.compile(r"\s+" + _SELF_REPORT_VERBS)
# "Every morning I look forward to our coffee": a routine of the speaker's own, opened
# by the absolute word, about what the speaker feels or enjoys.
OWN_ROUTINE_AFTER = re.compile(
    r"[\s,]+i\s+(?:(?:really|just|still|always|honestly)\s+)?" + _SELF_REPORT_VERBS
)
ABSOLUTE_EXEMPT_AFTER = re.compile(
    r"\s+(?:want|wanted|meant|mean|intended|intend|thought|knew|said|expected|imagined|dreamed"
    r"|dreamt|realized|realised|stop\s+loving|fail(?:s|ed)?\s+to|cease(?:s|d)?\s+to|mind|been"
    r"\s+happier|felt\s+(?:so|more))\b"
)
# A bounded period makes "every night" one stretch of time: "every night this week".
BOUNDED_AFTER = re.compile(
    r"\s+(?:(?:this|last|that)\s+(?:week|month|weekend|fortnight)|(?:for|over)\s+the\s+(?:past|last)"
    r"|since\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the\s+\w+|last\s+\w+))\b"
)
# "I've never been to Rome": a plain count of experiences, not a verdict.
EXPERIENCE_END = re.compile(
    r"\b(?:i|we)(?:'ve|\s+have|'d|\s+had|ve)(?:\s+(?:just|honestly|actually))?\s+$"
)
# "we have nothing planned", "there's nothing in the fridge": a quantity.
QUANTITY_END = re.compile(
    r"\b(?:have|has|had|having|there'?s|there\s+(?:is|was|were|are)|with|spend|spent|spending|got"
    r"|get|eat|ate|left|saved|earn|earned|owe|cost|costs|buy|bought|hear|heard|see|saw|know|knew)"
    r"(?:\s+(?:almost|literally|absolutely|basically|next\s+to|pretty\s+much))?\s+$"
)
# "... to me before": the first time of something (rules._one_occasion_or_first).
BEFORE_END_RE = re.compile(r"\bbefore(?:\s+(?:now|today|this))?\s*$")
# One past time that bounds a "never" to an occasion: "... at the cabin last weekend".
ONE_PAST_TIME_RE = re.compile(
    rf"\b(?:yesterday|last\s+(?:night|week|weekend|month|year|{_DAYS})|(?:a|two|three|few)\s+\w+\s+ago"
    r"|the\s+other\s+(?:day|night|week)|earlier\s+today|this\s+(?:morning|afternoon|past\s+\w+))\b"
)
QUANTITY_WORDS = frozenset({"nothing", "everything", "nobody", "no one", "forever"})
NOTHING_EXEMPT_AFTER = re.compile(
    r"\s+(?:wrong|to\s+worry|to\s+do\s+with|else|more\s+than|like\s+that|is\s+(?:fine|ok|okay"
    r"|alright|good)|'s\s+(?:fine|ok|okay|alright|good)|matters\s+more|in\s+the\s+world|compares"
    r"|left|planned|saved|booked|on\s+(?:the|our|my)|in\s+the|in\s+our|in\s+my"
    # a superlative: "nothing beats your lasagne", "nothing tops that view"
    r"|beats|tops|comes\s+close|better\s+than|quite\s+like|like\s+(?:a|an|your|our|the)\b"
    # praise: "you've been nothing but supportive", "nothing but kind to me"
    r"|but\s+(?:(?:so|really|very)\s+)?(?:supportive|kind|patient|lovely|loving|good\s+to\s+me|wonderful"
    r"|generous|caring|understanding|helpful|amazing|sweet|gentle|brilliant|encouraging|thoughtful"
    r"|a\s+(?:rock|star|gem|saint|support|help)))\b"
)
# A superlative told by "never": "never had a better birthday", "never tasted a nicer curry",
# "you've never looked better" (praise, not a verdict).
# "Never been this anxious as ...", opening its sentence with the speaker's "I've" dropped:
# the height of a feeling of the speaker's own, no verdict (as "I've never been this happy").
SENTENCE_OPENS_END = re.compile(r"(?:^|[.!?;\n])[\s\"'(]*$")
NEVER_BEEN_SO_AFTER = re.compile(r"\s+(?:been|felt)\s+(?:so|this|that|more|as)\b")
NEVER_BETTER_AFTER = re.compile(
    r"\s+(?:(?:had|seen|tasted|eaten|met|heard|known|spent|found|been\s+to|looked|sounded|been)\s+)"
    r"(?:(?:a|an|such\s+a|such\s+an|any)\s+)?(?:better|nicer|lovelier|finer|tastier|happier|prettier"
    r"|kinder|cosier|comfier|more\s+(?:beautiful|fun|relaxing|delicious|lovely|gorgeous))\b"
)
# "never" with a harm after it is praise: "you never let me down", "you never fail to cheer
# me up", "thanks for never giving up on us", "you never once made me feel stupid", "you
# never judge me", "never forget the little things" (our own list, from the families of
# false flags in cases_warm.jsonl). Not a habit of harm ("never fail to embarrass me",
# "never let me finish"), nor with a sting after it (NEVER_PRAISE_STING).
NEVER_PRAISE_AFTER = re.compile(
    r"\s+(?:(?:once|ever|even|really|actually)\s+)?(?:"
    r"let(?:s|ting)?\s+(?:me|us|them|the\s+kids)\s+(?:down|walk\s+home\s+alone|feel\s+(?:alone|lonely"
    r"|stupid|small|silly|bad|like\s+a\s+burden)|go\s+to\s+bed\s+(?:sad|angry|upset))"
    r"|let(?:s|ting)?\s+a\s+day\s+go\s+by"
    r"|fail(?:s|ed|ing)?\s+to\s+(?:(?:make|makes)\s+(?:me|my|us|our)|cheer|surprise|amaze|impress"
    r"|brighten|lift|put\s+(?:me|us)|notice|remember)"
    r"|g[ia]ve?s?\s+up\s+on|giving\s+up\s+on"
    r"|judg(?:e|es|ed|ing)\b|complain(?:s|ed|ing)?\b|moan(?:s|ed|ing)?\b"
    r"|(?:make|makes|made|making)\s+me\s+feel\s+(?:\w+\s+)?(?:bad|stupid|silly|small|daft|guilty"
    r"|alone|judged|embarrassed|ashamed|like\s+a\s+(?:burden|nuisance))"
    r"|forg[eo]t(?:s|ting)?\s+(?:to\s+(?:kiss|hug|say|tell|ring|call|text|ask)|the\s+little|a\s+birthday"
    r"|an?\s+anniversary|my\s+(?:birthday|mum|dad)|our\s+anniversary)"
    r"|miss(?:es|ed|ing)?\s+(?:a\s+single|one\s+of|any\s+of|a|my|our|the\s+kids')\s+(?!chance|opportunity)"
    r"|(?:raise[sd]?|raising|rais)\s+(?:your|ur|his|her)\s+voice"
    r"|los(?:e|es|t|ing)\s+(?:your|ur|his|her)\s+(?:temper|cool|patience)"
    r"|le(?:ft|ave|aves|aving)\s+my\s+side)"
)
NEVER_PRAISE_STING = re.compile(
    r"\b(?:except|apart\s+from|unless|funny\s+how|because|cos|but|anyway|if\s+by|to\s+(?:your|ur)"
    r"\s+mates)\b"
)
# "nobody makes me laugh like you do", "nobody has ever loved me as patiently as you have",
# "no one will ever compare to you": the partner above everyone, in a warm sentence.
ABOVE_ALL_RE = re.compile(
    r"\b(?:like|as|than|compare[sd]?\s+to|the\s+way|only|but|besides)\s+(?:you|u|my\s+(?:wife"
    r"|husband|partner|boyfriend|girlfriend|fianc[eé]e?|bf|gf|love|man|girl))\b"
)
# What turns surprise, wonder or praise into a sting after all ("wow, you cooked! shame it
# was beans on toast", "how do you stay so calm? oh right, because I do everything",
# "you're always there for me, except when I need you"): no delight, no wonder.
DELIGHT_STING_RE = re.compile(
    r"\b(?:except|apart\s+from|unless|funny\s+how|shame|pity|if\s+by|for\s+once|about\s+time"
    r"|after\s+only|only\s+took|oh\s+(?:right|wait|yeah)|said\s+nobody|not|never|anyway)\b|n't\b"
    # a one-word coda after a full stop, the way mock praise ends ("I'm speechless. truly",
    # "... my birthday. really touched.")
    r"|[.!]\s*(?:truly|really\s+touched|so\s+touched|deeply\s+touched|bless)\b"
)
# Two or more exclamation marks in the sentence of a surprise ("oh wow!! you remembered our
# song"): delight, unless the surprise holds a sign of mockery ("actually", "finally", "even",
# "bothered") or a cost follows (rules._delight).
DOUBLE_BANG_RE = re.compile(r"!{2,}")
MOCK_SURPRISE_WORDS_RE = re.compile(r"\b(?:actually|finally|even|bothered|managed|for\s+once)\b")
# An intensifier typed in capitals before praise or thanks ("thanks SO much"): the stress
# of mock thanks, not delight (rules._delight; read on the original text).
SHOUTED_INTENSIFIER_RE = re.compile(r"\b(?:SO|SUCH|REALLY|TOTALLY|VERY)\b")
# Entries of the sarcasm list that are also sincere delight when warmth follows them
# (rules._delight): "oh wow, you framed our wedding photo? it's beautiful".
DELIGHT_KEYS = frozenset({"oh wow", "well done you", "look at you go", "well look at you",
                          "wow just wow"})
# "it's embarrassing", "that's ridiculous" after the speaker's own fondness ("i fancy you so
# much it's embarrassing 🙈", "i miss you so much it's pathetic"): warm self-mockery, not a
# label on the partner (rules._fond_before).
IMPERSONAL_END = re.compile(
    r"\b(?:it'?s|its|it\s+is|that'?s|thats|that\s+is)\s+(?:(?:honestly|actually|so|a\s+bit|kinda"
    r"|getting|almost|borderline|literally|just|bordering\s+on|lowkey|a\s+little)\s+)*$"
)
# The speaker's own face or body likened to a fool ("grinning like an idiot", "smiling like
# an eejit"), with no partner as its subject and no tag question after ("..., were you").
FOND_SIMILE_END = re.compile(
    r"\b(?:grin(?:ning|s)?|smil(?:e|es|ing)|beam(?:ing)?|giggl(?:e|es|ing)|blush(?:ing)?"
    r"|blub(?:bing)?|bawl(?:ing)?|sobbing|squeal(?:ing)?)\s+like\s+(?:an?|some)\s+(?:\w+\s+)?$"
)
TAG_QUESTION_RE = re.compile(r"\b(?:were|are|was|weren'?t|aren'?t|wasn'?t)\s+(?:you|u|he|she)\b")
# Praise taken back in the same sentence ("you're always there for me, except when I
# actually need you", "lovely job on the garden, if by garden you mean the one weed",
# "congrats on being the most helpful person in the room, said nobody"): mockery, contempt
# (Gottman). Tried only after a warm word (rules._praise_taken_back).
PRAISE_TAKEN_BACK_RE = re.compile(
    r"[,;:\s]\s*(?:except\s+(?:when|for\s+when|if)|apart\s+from\s+(?:when|every)"
    r"|if\s+by\s+[\w\s]{1,20}?\s+you\s+mean|said\s+(?:nobody|no\s+one|no-one|nobody\s+ever)"
    r"|to\s+(?:your|ur)\s+mates\s+anyway|with\s+my\s+money)\b"
)
# Praise, thanks or surprise with a cost to the speaker after it (voices19): the praise is
# mockery when what follows tells the speaker paid for the act, or that it never happened
# (Gottman: contempt). Read after a clause break that follows the praise (rules.
# _praise_at_a_cost), never inside the "thanks for ..." itself ("thanks for waiting two
# hours with me" is the partner's wait, and sincere).
PRAISE_COST_RE = re.compile(
    # a delay ("delay", no clause break needed): "three days later", "two weeks late", "only
    # took you a fortnight", "at 11:58pm"
    r"\b(?:(?P<delay>(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few"
    r"|several|a\s+couple\s+of)\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?"
    r"|years?)\s+(?:later|late|after\s+(?:we|i)|before\s+(?:they|it|we|the|i))\b"
    r"|(?:only\s+)?took\s+(?:you\s+|u\s+)?(?:a\s|an\s|\d|till\b|until\b|one\b|two\b|three\b"
    r"|four\b|five\b|six\b|several\b|ages\b|forever\b)|it'?s\s+only\s+been\b"
    r"|at\s+\d{1,2}[:.]\d{2}\s*(?:pm|am)?|(?:till|until)\s+(?:midnight|\d)"
    # late by a day: "you remembered my birthday. the day after." (not "the day after my op")
    r"|the\s+(?:day|week|morning|night)\s+after\b(?!\s+(?:my|our|the|i|we|you|u|that|it)\b))"
    # the speaker's wait: "it was lovely waiting two hours", "standing outside for an hour"
    r"|(?:waiting|standing|stood|sitting|sat|stuck)\b[^.!?\n]{0,40}?\b(?:an?\s+hour|hours?"
    r"|minutes?|mins|ages|forever)\b"
    # the speaker left to it: "while I did the rest", "bath time on my own"
    r"|while\s+(?:i|me)\s+(?:did|got|changed|carried|cleaned|cooked|sorted|dealt|handled"
    r"|was\s+stuck|was\s+left)\b|(?:doing|did|carrying|carried)\b[^.!?\n,]{0,25}\bon\s+my\s+own\b"
    r"|me\s+doing\s+(?:all|everything)\b"
    # the partner idle or worse: "sleeping through the alarm", "letting them ..."
    r"|sleeping\s+through\b|standing\s+there\b|letting\s+(?:them|the\s+kids|him|her)\b"
    r"|supervising\b|before\s+(?:you\s+)?(?:told|telling)\s+me\b"
    # the praise taken back: "which is to say never", "it's always the wrong thing"
    r"|which\s+is\s+to\s+say\b|by\s+which\s+i\s+mean\b|as\s+in\s+(?:never|not|no)\b"
    r"|in\s+the\s+sense\s+that\b|(?:always|just)\s+(?:exactly\s+)?the\s+wrong\b"
    r"|mostly\s+with\s+how\b|right\s+after\s+(?:your|ur)\b"
    r"|almost\s+like\s+(?:you'?re|ur|you\s+are)\s+not\b|(?:finding|found)\s+the\s+empty\b"
    r"|all\s+through\s+(?:my|our)\b|(?<!stop\s)(?<!quit\s)\bleaving\s+the\s+[\w\s]{1,20}?\s(?:open|on)\b"
    # the speaker's doubt that the partner could: "I thought you'd forgotten how"
    r"|i\s+(?:thought|assumed|figured)\s+(?:you|u)(?:'d|\s+had|\s+didn'?t|\s+did\s+not"
    r"|\s+couldn'?t)\s+(?:forgotten|know|remember)\b"
    r")"  # one \b for every branch: a position inside a word fails at once
)
# Praise of the partner's role with the act it is said of as a bare gerund after the comma:
# "Fantastic parenting, giving him Coke at 9pm", "brilliant timing, starting the drill just as
# ...": mock praise (sincere praise names the act with "you" or "the way you"). Tried at the
# start of each sentence (rules._praise_at_a_cost).
PRAISED_ROLE_ACT_RE = re.compile(
    r"[\s\"'(*-]*(?:(?:oh|wow|well|yeah|ah|ooh)[\s,!]+)*(?:(?:really|truly|real|such)\s+)?"
    r"(?:great|amazing|brilliant|fantastic|wonderful|super|excellent|outstanding|stellar|top"
    r"|fine|perfect|genius|inspired|nice|fab|fabulous|terrific|marvellous|marvelous)\s+"
    r"(?:parenting|timing|planning|teamwork|driving|cooking|effort|thinking|organi[sz]ing"
    r"|move|idea|work|decision|call|choice)\s*,\s*"
    r"(?!(?:you|u|the|that|it|i|we|love|babe|hun|honestly|really|seriously|mate|darling|thanks"
    r"|thank|nothing|everything|something|morning|evening|darling|king|bring)\b)([a-z]+ing)\b"
)
PRAISED_ROLE_WORDS = frozenset(
    "parenting timing planning teamwork driving cooking effort thinking organising organizing"
    " move idea work decision call choice".split()
)
PRAISE_COST_WORDS = frozenset(
    "later late before took been midnight waiting standing stood sitting sat stuck while own"
    " doing sleeping there letting supervising told telling say mean never not no sense wrong"
    " mostly right almost night week day morning empty after through leaving thought assumed"
    " figured just".split()
)
"""Words one of which every cost of ``PRAISE_COST_RE`` holds (a time like "11:58pm" aside,
which a delay word or "at" ... "pm" then also needs: "at 11:58pm" is searched with them);
``rules.Scan.praise_costs`` searches only a statement holding one."""
# What opens praise for _praise_at_a_cost beyond the warm words: thanks, praise of a skill,
# and surprise at an ordinary act ("whoa, you noticed", "is that you washing the car?").
PRAISE_ANCHOR_WORDS = frozenset(
    "thanks thank thx ta cheers skill talent gift helpful great fantastic super brilliant"
    " amazing wonderful perfect nice romantic sweet hero star legend genius good".split()
)
SURPRISE_OPEN_RE = re.compile(
    r"[\W]*(?:(?:oh|ooh|well|look|omg)[\s,!]+)*(?:wow|whoa|woah|gosh|blimey|look\s+at\s+(?:you|u)"
    r"|well[\s,!]+well"
    r"|(?:is|was)\s+that\s+(?:you|u))\b"
)
SURPRISE_OPEN_WORDS = frozenset("wow whoa woah gosh blimey look that well".split())
# Praise of the partner above everyone or as a habit ("nobody listens like you do", "no one
# remembers dates like you", "you always make time for me", "you never fail to surprise
# me"): praise for _praise_at_a_cost when a cost follows it ("..., which is to say never").
HABIT_PRAISE_RE = re.compile(
    r"\b(?:nobody|no\s+one|no-one)\b[^.!?\n,]{0,40}?\b(?:like|as)\s+(?:you|u)\b"
    r"|\b(?:you|u)\s+(?:always|never\s+fail\s+to)\b"
)
HABIT_PRAISE_WORDS = frozenset({"nobody", "no", "always", "fail"})
# "never change", "don't ever change", "I don't say it enough", "I don't know what I'd do
# without you": negations that belong to the warmth, not against it (rules.Scan.warm).
WARM_NEGATION_RE = re.compile(
    r"\bi\s+(?:know\s+i\s+|just\s+|probably\s+)?(?:don'?t|dont|do\s+not|never)\s+"
    r"(?:say|tell|thank|show)\b|\bi\s+(?:don'?t|dont|do\s+not)\s+know\s+what\s+i'?d\s+do\b"
    r"|\b(?:don'?t|dont|do\s+not)\s+(?:you\s+)?ever\s+(?:change|stop)\b"
    r"|(?<!you\s)(?<!u\s)(?<!'ll\s)(?<!will\s)(?<!he\s)(?<!she\s)(?<!they\s)"
    r"\bnever\s+(?:ever\s+)?(?:change|stop\s+(?:doing\s+(?:that|this|it)|being\s+(?:you|u)))\b"
)
# A clause of its own after praise ("you always make me laugh, but you always leave your
# dishes for me"): the warmth before it is not the warmth of what follows (rules.Scan.warm).
BUT_CLAUSE_RE = re.compile(r"[,;]?\s+but\s+(?=(?:you|u|he|she)\b)")
# "Nobody has ever done that for us", "no one's ever written me a letter like that": no one
# above the partner in a kindness to the speaker, praise (rules.find_absolutes).
NOBODY_EVER_FOR_ME_AFTER = re.compile(
    r"(?:\s+else)?(?:'s|\s+has|\s+had)?\s+ever\s+(?:done|made|written|cooked|bought|planned"
    r"|organi[sz]ed|given)\s+(?:(?:that|this|something|anything)\b[^.!?\n]{0,30}\bfor\s+"
    r"(?:me|us|my)\b|(?:me|us)\s+(?:a|an)\b|(?:me|my|us|our)\b[^.!?\n]{0,30}\b(?P<feel>feel)\b"
    # a good state given ("... made my family feel as welcome as you did"): kindness, with
    # or without a warm word the lists hold
    r"(?P<good>(?:\s+(?:as|so|this|that|more))?\s+(?:welcome|welcomed|at\s+home|safe|loved|special"
    r"|cared\s+for|looked\s+after|wanted|included|understood)\b)?)"
)
PRAISE_TAKEN_BACK_WORDS = frozenset({"except", "apart", "mean", "said", "mates", "money"})
# Blame kinds that may be wonder when a question is answered by warmth in a later sentence:
# "how on earth did you get tickets, babe? you're a legend", "you made me a cake?? ... it
# looks incredible".
WONDER_KINDS = frozenset({"question", "incredulous", "positive_exempt"})
# "... because of you" at the end of a fault match: in a warm sentence
# the partner is the cause of the warmth ("my heart is so full because of you").
CAUSE_OF_WARMTH_END = re.compile(r"\bbecause\s+of\s+(?:you|u)$")
# "it's probably nothing": a hedge about a worry, not a verdict.
HEDGED_NOTHING_END = re.compile(r"\b(?:probably|prob|prolly|likely|maybe|hopefully)\s+$")
# An absolute about the world, not a person: a place, service, transport or the weather as
# its subject ("the shop's always closed on mondays", "it rains every time we plan a bbq";
# data/absolutes.json, "outside_subjects"). Matched from the clause start to the absolute.
OUTSIDE_SUBJECT_RE = re.compile(
    r"\W*(?:(?:and|but|so|lol|ugh|honestly|typical|classic)[,\s]+)*(?:"
    r"(?:the|our|my|this|that)\s+(?:[\w']+\s+){0,2}?(?:" + lx.alternation(_ABS["outside_subjects"])
    + r")(?:'s|\s+is|\s+are|\s+was|\s+were|\s+gets|\s+get|\s+runs|\s+run|\s+has|\s+have)?"
    r"|it(?:'s|\s+is)?\s+(?:(?:always|never|just)\s+)?(?:rains?|rained|raining|snows?|snowed|snowing"
    r"|pours?|poured|pouring|chucks\s+it\s+down|freezing|windy|sunny|boiling))\s*$"
)
# "every time I hear this song I think of you": the partner as the object of the speaker's
# fond reaction to a habit of their own (see rules._own_habit), not a charge.
FOND_REACTION_RE = re.compile(
    r"(?:i|i'm|im)\s+(?:(?:just|always|still)\s+)?(?:think\s+(?:of|about)|miss|remember|smile"
    r"|picture|want\s+to\s+(?:hug|call|kiss|ring|see))\s+(?:you|u)\b"
)
# "like crazy", "like mad" after a verb: "a lot", not a name ("miss you like crazy").
LIKE_MAD_WORDS = frozenset({"crazy", "mad", "nuts", "mental", "insane"})
LIKE_MAD_END = re.compile(
    r"\b(?:miss(?:ed|ing)?|love[sd]?|loving|work(?:s|ed|ing)?|ran|run(?:s|ning)?|rain(?:s|ed|ing)?"
    r"|laugh(?:s|ed|ing)?|danc(?:e|ed|ing)|train(?:s|ed|ing)?|grow(?:s|ing)?|grew|spend(?:s|ing)?"
    r"|spent|snow(?:s|ed|ing)?|cry|cried|crying|sweat(?:ing)?)(?:\s+(?:you|u|it|them|him|her|me|us))?"
    r"\s+like\s+$"
)
# "nothing I do is ever enough (for you)": the speaker's efforts judged, a verdict on the
# partner in disguise (Gottman: criticism).
NEVER_ENOUGH_AFTER = re.compile(
    r"\s+(?:i|i've)\s+(?:do|did|say|said|try|tried|make|made|cook|cooked|give|gave)\s+(?:is|was|'s)"
    r"\s+(?:ever\s+)?(?:(?:good|right)\s+)?enough(?:\s+for\s+(?:you|u|him|her))?\b"
)
# Words that are feelings only after "feel" ("open", "safe", "close") are warmth only there:
# "you left the back door open" is no appreciation.
FEEL_ONLY_WARM = frozenset(w for w in FEEL_ONLY if _ALL_FEELINGS.get(w)) - {"warm"}
FEEL_BEFORE_END = re.compile(r"\b(?:feel|feels|felt|feeling)\s+(?:[\w']+\s+){0,3}$")
# Praise words that are warmth unless they stand alone as the last clause, a sting ("So you
# told your mum everything, brilliant."; see rules.Scan.positives).
PRAISE_WORDS = frozenset({"brilliant", "gorgeous", "stunning", "lovely", "delicious"})
LONE_CLAUSE_BEFORE_END = re.compile(r"[,.;]\s*(?:(?:oh|just|really|so|how)\s+)?$")
LONE_CLAUSE_AFTER = re.compile(r"\s*(?:[.!?]|$)")
# A copula whose subject is a thing ("you picked the restaurant, the lamb was unreal"): the
# adjective after it is said of the thing, not the partner.
THING_SUBJECT_START = re.compile(r"\W*(?:the|my|our|this|his|her|their)\s+[a-z]")
# "make every day better", "you make mornings brighter": warmth after a "make" only.
WARM_ONLY_AFTER_MAKE = frozenset({"better", "brighter", "easier", "lighter", "happier"})
MAKE_BEFORE_END = re.compile(r"\bma(?:ke|kes|de|king)\s+(?:[\w']+\s+){0,5}$")
# "you make me laugh" is warmth; "you had the nerve to laugh" is not: these count as
# appreciation only with the speaker as their object.
WARM_ONLY_AFTER_ME = frozenset({"laugh", "smile"})
# "I was so moved" is warmth; "you moved the date twice" is an act: not warmth right
# after a subject other than the speaker.
WARM_NOT_AFTER_SUBJECT = frozenset({"moved"})
SUBJECT_BEFORE_END = re.compile(
    r"\b(?:you|u|he|she|they|we)\s+(?:just\s+|then\s+|also\s+|already\s+)?$"
)
ME_BEFORE_END = re.compile(r"\b(?:me|us)\s+(?:[\w']+\s+)?$")
# Affection and praise as partners type it, beyond feeling words (our own selection from
# the false flags of cases_warm.jsonl, by family, in other words in cases_voices17.jsonl):
# what the partner does for the speaker ("you always cheer me up", "you've got my back"),
# fond names ("my rock", "a legend", "my sunshine"), the speaker's body and heart ("my heart
# melts", "I get butterflies", "I well up"), falling for the partner again, and praise of a
# thing the partner made ("it's perfect", "it looks incredible"). Stings that borrow them
# stay flagged by their own rules (a praise word alone as the last clause, see PRAISE_WORDS;
# a negation or an insult in the sentence, see rules.Scan.warm).
# The partner's worth to the speaker and tears of joy (voices19): "what would I do without
# you", "never change", "I'm actually crying". Warm words that also clear the coach model's
# contempt in their sentence when nothing there takes them back (rules._sincere_praise).
# Fond titles ("you're a hero", "the barbecue king", "genius") are warm words only (see
# WARM_PHRASES): "genius move, leaving the gate open" is mockery the model may still find,
# and a title said of a harm is mockery by its own rules (rules._praise_at_a_cost).
WORTH_PHRASES = (
    "do without you", "do without u", "be without you", "be without u", "lost without you",
    "lost without u", "deserve you", "deserve u", "never change", "ever change",
    "never stop doing that", "never stop being you", "ever stop doing that",
    "most important person", "tearing up", "teared up", "in tears", "i'm crying", "im crying",
    "i'm actually crying", "could cry",
)
WARM_PHRASES = (
    "cheer me up", "cheers me up", "cheered me up", "cheering me up", "got my back",
    "have my back", "has my back", "had my back", "means the world", "mean the world",
    "meant the world", "true love", "my rock", "legend", "my hero", "a star", "sunshine",
    "heaven", "favourite", "favorite", "fave", "light up", "lights up", "lit up",
    "melt", "melts", "melted", "melting", "butterflies", "well up", "welled up", "fall for you",
    "falling for you", "fell for you", "fall for u", "so good to me", "good to me",
    "perfect", "incredible", "magic", "magical", "a gift", "a blessing", "blessed",
    "speechless", "over the moon", "hugs", "cuddles", "gets me", "get me like", "hypes me up",
    "look after me", "looks after me", "looked after me", "spoil me", "spoils me",
    "spoiled me", "spoilt me", "a keeper", "crush on you", "fancy you", "soppy", "a sap",
    "smitten", "proud of you", "know what to say", "knows what to say", "know exactly what",
    "knows exactly what", "know just what", "know when i need", "knows when i need",
    "put us first", "puts us first", "put me first", "puts me first", "believe in me",
    "believes in me", "believed in me", "heart is so full", "heart is full", "full heart",
    "heart does a flip", "heart skips", "heart skipped", "grin like", "grinning like",
    "miss you", "missed you", "missing you", "miss u", "smiling like", "been there",
    "it's unreal", "its unreal", "was unreal", "looks unreal", "tastes unreal",
    "feel like home", "feels like home", "smell so good", "smells so good", "smell amazing",
    "first person i", "kindest", "funniest", "sweetest", "bravest", "strongest", "smartest",
    "cleverest", "loveliest", "prettiest", "handsomest", "coolest", "wisest", "calmest",
    "greatest", "most patient", "most generous", "most loving",
    *WORTH_PHRASES, "a hero", "total hero", "real hero", "genius", "king of", "queen of",
    "a saint",
)
# A fond name given to the partner ("you absolute legend", "ya total star"): the shape of
# name-calling ("you absolute ...") with a fond word in it, which the coach model may read
# as contempt (rules._sincere_praise).
FOND_NAME_RE = re.compile(
    r"\b(?:you|u|ya)\s+(?:(?:absolute|total|utter|complete|actual|proper|little|beautiful"
    r"|gorgeous|wonderful|amazing|lovely)\s+)*(?:legend|hero|star|superstar|genius|gem|angel"
    r"|saint|diamond|treasure|champion|champ|king|queen)\b"
)
FOND_NAME_GATES = frozenset(
    "legend hero star superstar genius gem angel saint diamond treasure champion champ king"
    " queen".split()
)
# "never change" is a wish only as an imperative ("never change", "don't ever change",
# "please never stop doing that"); "you'll never change" is a verdict (rules.Scan.positives).
WISH_ONLY_KEYS = frozenset({"never change", "ever change", "never stop doing that",
                            "never stop being you", "ever stop doing that"})
WISH_BEFORE_END = re.compile(
    r"(?:^|[.!?,;:\n]\s*|\b(?:please|pls|just|don'?t|dont|do\s+not|and|seriously|honestly)\s+)$"
)
WORTH_KEYS = frozenset(" ".join(lx.words_of(p)) for p in WORTH_PHRASES)
# A kindness the partner does for the speaker, told as a habit ("you always remember which
# biscuits my mum likes", "you always save me the last bit", "every night you leave the
# landing light on for me", "you always get these things right"): who does what to whom is
# the warmth, with no warm word in it (voices19). The verb is one of care, its object the
# speaker's side; a sentence with a negation is no appreciation all the same
# (rules.Scan.warm), so "you never ask about my day" stays a charge.
CARE_ACT_RE = re.compile(
    r"\b(?:you|u)(?:'ve|\s+have)?\s+(?:(?:always|still|just|really|even|already)\s+)*(?:"
    r"remember(?:s|ed)?\s+(?:which|what|how|when|my|our|the\s+little|to\s+(?:ask|text|ring|call))"
    r"|(?:bring|brings|brought|save|saves|saved|make|makes|made|cook|cooks|cooked|fetch|fetches"
    r"|fetched|pour|pours|poured)\s+me\s+(?!down\b|up\b|out\b|feel\b|look\b|wait\b|do\b)"
    r"(?:a|an|the|some|my|soup|tea|coffee|breakfast|dinner|lunch|flowers)\b"
    r"|(?:warm|warms|warmed)\s+(?:up\s+)?(?:the|my)\b"
    r"|(?:make|makes|made)\s+(?:my|our)\s+(?:lunch|tea|coffee|breakfast|dinner|bed|packed\s+lunch)"
    r"|(?:get|gets|got)\s+(?:my|these|those|the\s+little|it|things|everything)\b[^,.;!?\n]{0,25}\bright\b"
    r"|(?:find|finds|found)\s+the\s+right\s+words"
    r"|(?:ask|asks|asked)\s+(?:me\s+)?(?:about|after)\s+my\b"
    r"|(?:notice|notices|noticed)\s+(?:when|i\b|i'm|im\b|i\s+was|the\s+little)"
    r"|(?:know|knows|knew)\s*(?:[.!]|$|when\s+i)"
    r"|(?:tuck|tucks|tucked)\s+(?:me|my)\b"
    r"|(?:leave|leaves|left)\s+[^,.;!?\n]{0,30}\bon\s+for\s+(?:me|us)\b"
    r"|(?:text|texts|ring|rings|call|calls)\s+me\s+when\s+(?:you|u)\s+(?:land|get)"
    r"|(?:bring|brings|brought|make|makes|made)\s+(?:me|my)\b[^,.;!?\n]{0,30}\bbefore\s+"
    r"(?:i'?m|im|i\s+am)\s+(?:even\s+)?(?:awake|up))"
)
CARE_ACT_GATES = frozenset("you u".split())
POSITIVE_INDEX = lx.PhraseIndex(
    [w for w, met in _ALL_FEELINGS.items() if met]  # everyday words too ("chuffed", "looked after")
    + ["love", "loved", "loves", "appreciate", "appreciated", "thank", "thanks", "laugh", "smile",
       "enjoy", "enjoyed", "kind", "sweet", "thoughtful", "generous", "caring", "beautiful",
       "wonderful", "amazing", "best", "support", "supportive", "there for me", "fun", "special",
       "lucky", "cherish", "treasure", "adore", "warm",
       # praise of the partner or of a thing ("you're a brilliant mum", "every photo is
       # gorgeous", "every day with you is an adventure", "the party went so smoothly")
       *PRAISE_WORDS, "smoothly", "an adventure", "a treat", "a joy", *WARM_ONLY_AFTER_MAKE,
       *WARM_PHRASES]
)
LEXICONS = lx.MultiIndex([
    FEELING_INDEX, PSEUDO_INDEX, NEGATED_NEED_INDEX, ADJ_INDEX, NOUN_INDEX, NOUN_YOU_INDEX,
    SARCASM_INDEX, EXASPERATION_INDEX, ABSOLUTE_INDEX, POSITIVE_INDEX,
])
"""Every word list, searched in one pass per statement."""
SENTENCE_RE = re.compile(r"[^.!?;\n]+[.!?;\n]*|[.!?;\n]+")
AT_PATTERNS = (
    (SARCASM_EXTRA_RE, SARCASM_EXTRA_TRIGGERS), (MOCKERY_RE, MOCKERY_TRIGGERS),
    (INSULT_QUESTION_RE, INSULT_QUESTION_TRIGGERS), (REQUEST_AT, REQUEST_TRIGGERS),
    (MOCK_THANKS_RE, MOCK_THANKS_TRIGGERS),
    (IMPERATIVE_AT, IMPERATIVE_TRIGGERS), (WISH_AT, WISH_TRIGGERS),
    (PSEUDO_THOUGHT_RE, PSEUDO_THOUGHT_TRIGGERS), (SUBJECTLESS_PSEUDO_RE, FEEL_WORDS),
    (NEED_AT, NEED_TRIGGERS), (SITUATION_MARKER_RE, SITUATION_TRIGGERS), (EVENT_RE, EVENT_TRIGGERS),
    (NEWS_RE, NEWS_TRIGGERS),
)
"""The patterns the rules try at trigger words (``rules.Scan.at``); their narrowed forms
are built here, at import, so no statement pays for compiling them."""
for _regex, _triggers in AT_PATTERNS:
    for _word in _triggers:
        narrowed(_regex, _word)
AT_ONE_PASS = tuple(p for p in AT_PATTERNS if p[0] is not EVENT_RE and p[0] is not NEWS_RE)
"""The patterns of :data:`AT_PATTERNS` that ``rules.Scan`` tries in one pass over the
tokens; not the events and news, which ``rules.find_situation`` tries last, when
nothing else told the situation (fewer than half the statements), and which cost most
on long texts."""
AT_SLOTS: dict[int, tuple[int, frozenset[str]]] = {
    id(regex): (slot, triggers) for slot, (regex, triggers) in enumerate(AT_ONE_PASS)
}
"""id of a pattern of :data:`AT_ONE_PASS` → (its place there, its triggers)."""
AT_BY_WORD: dict[str, tuple[tuple[int, Callable[[str, int], re.Match[str] | None]], ...]] = {}
"""Trigger word → ``((place in AT_ONE_PASS, narrowed regex's match), ...)``: every
pattern that may open at the word, so ``rules.Scan`` tries them all in one pass over
the tokens (one dictionary look-up per token)."""
for _slot, (_regex, _triggers) in enumerate(AT_ONE_PASS):
    for _word in sorted(_triggers):
        _narrow = narrowed(_regex, _word)
        if _narrow is not None:
            AT_BY_WORD[_word] = (*AT_BY_WORD.get(_word, ()), (_slot, _narrow.match))
# The partner as subject of a sentence's main clause, with a verb: "u forgot the milk",
# "He spent the whole evening on his phone" (see rules.find_partner_only).
PARTNER_MAIN_RE = re.compile(
    r"[\W_]*(?:(?:so|and|then|but|well|oh|ok|okay|k|kk|honestly|like|lol|wow|and\s+then|yeah|right"
    r"|again|omg|seriously|srsly|also|plus|bruh|bro|first|" + _TIME_OPENER + r")[,\s]+)*"
    r"(?P<who>you|u|ur|you're|youre|you've|youve|he|she|he's|she's)\s+"
    r"(?!(?:and|too|know|guys|both|two|alright|ok|okay|there|home|welcome|right|mean|deserve|did\s+nothing"
    r"|didn'?t\s+do\s+anything\s+wrong)\b)"
    r"(?:[\w']+\s+){0,2}?[a-z']{2,}"
)
# An echo question put back to the partner: "Hang on, you sold the car?!", "You actually
# forgot? Really?", "You're telling me you ...?" (Gottman: criticism as a question).
ECHO_QUESTION_RE = re.compile(
    r"[\W_]*(?:(?:wait|hang\s+on|hold\s+on|sorry|so|what|hold\s+up|um|erm|hmm|and|oh|wow|omg|seriously"
    r"|srsly|really|sorry\s+what)[,\s!?.]+)*"
    r"(?P<who>you|u|he|she)\s+(?:(?:actually|seriously|honestly|really|just|literally|even|then)\s+)*"
    r"(?:(?:didn'?t|never)\s+(?:think|bother|tell|say|ask|mention)|'re\s+telling\s+me|re\s+telling\s+me"
    r"|are\s+telling\s+me|r\s+telling\s+me|[a-z]+ed|went|forgot|left|spent|took|told|said|gave|sold|bought"
    r"|quit|paid|did|made|had|sent|hit|cut|drove|rode|wrote|came|ran|rang|read|swapped|chose|sold"
    r"|thought|let|put|ate|drank|lost|broke|threw|sent|kept|brought|got\s+rid)\b[^.?!\n]*\?"
)
# The partner's plan or act echoed back with "??", "?!" or "!?": "You're going to the footy
# on our anniversary?? We booked this months ago!!" (incredulity, Gottman: criticism).
ECHO_DOUBLE_RE = re.compile(
    r"[\W_]*(?:(?:wait|hang\s+on|hold\s+on|so|what|and|oh|wow|omg|seriously|srsly|really)[,\s!?.]+)*"
    r"(?P<who>you|u|you'?re|ur|u\s+r|you'?ve|he|she|he'?s|she'?s)\s+[^.?!\n]*?(?:\?\s*[?!]|!\s*\?)"
)
# A sign that what the partner did is told as a fault, needed before a statement only about
# the partner's act counts as blame ("u forgot the milk again", "He left his dishes in the
# sink for three days"; not "You booked the table for 8"): a fault act ("faults_in_reasons"),
# a negation, "again / still / even", an absolute, the speaker's things taken or told about,
# a chain ("and then"), or the time it went on for.
FAULT_SIGN_RE = re.compile(
    r"\b(?:" + lx.alternation(_FAULTS["acts"])[3:-1]
    + r"|again|still|even|yet|never|always|constantly|ever|[a-z]+n't|not|nerve|cheek|gall"
    # a negation typed without its apostrophe ("didnt", "cant"), not any word ending in
    # "nt" ("brilliant", "went", "patient")
    r"|(?:do|does|did|is|was|were|are|has|have|had|could|would|should|must|need|might|wo|ca|ai)nt"
    r"|in\s+front\s+of|behind\s+my\s+back|without|instead\s+of|on\s+(?:your|ur|his|her)\s+(?:own|phone)"
    r"|and\s+then|then\s+\w+|laughed|mocked|decided|rolled\s+\w+\s+eyes|let\s+the"
    r"|(?:ate|eaten|eat|finished|used|took|drank|broke|lost|read|went\s+through|opened|binned"
    r"|threw\s+out|gave\s+away|sold)\s+(?:all\s+)?(?:of\s+)?(?:my|our|the\s+last)"
    r"|(?:told|tell|tells|telling|showed|posted)\s+[^.!?\n]{0,25}?\babout\s+(?:my|our|me|us)"
    r"|(?:left|leave|leaves|leaving)\s+(?:me|[^.!?,\n]{1,25}?\s+(?:open|out|unlocked|running|lying"
    # "left the light on", not a place: "left your keys on the table"
    r"|on(?!\s+(?:the|a|an|my|your|ur|our|his|her|their|top|that|this)\s+(?!whole\b))"
    r"|everywhere|behind|in\s+the\s+\w+))"
    r"|all\s+(?:night|day|evening|weekend|morning|afternoon)|for\s+(?:\w+\s+)?(?:days|hours|weeks|ages))\b"
    r"|!|\?!"
)
# Where the partner's clause ends and another subject's begins, so a sign of fault after it
# is not the partner's: "you got a letter from the council, I didn't open it", "u were so
# funny, my cousins havent stopped talking about you", "you said 7, is that still the plan?"
OTHER_CLAUSE_RE = re.compile(
    r"[,;:]\s*(?:(?:and|but|so|though|tho)\s+)?(?:i|i'm|im|i'd|i've|i'll|we|we're|we've|we'd|they"
    r"|they're|they'd|they've|it|it's|its|that|that's|thats|this|there's|my\s+\w+|the\s+\w+"
    r"|(?:is|are|does|do|will|would|can|could|shall|should)\s+(?:that|it|this|we|the))\b"
)
# What makes a bare echo ("You sold the car?") incredulous: "actually", "seriously", ...
ECHO_MARK_RE = re.compile(
    r"\s+(?:actually|seriously|honestly|really|just|literally|even|then|'re\s+telling"
    r"|re\s+telling|are\s+telling|r\s+telling)\b"
)
# "he" or "she" after a sentence naming someone else of that sex ("Had a chat with your
# dad. He told me the canoe story again."): that person, not the partner.
THIRD_PERSON_BEFORE = {
    "he": re.compile(r"\b(?:dad|daddy|father|brother|bro|son|grandad|granddad|grandpa|uncle|nephew"
                     r"|stepdad|father-in-law|brother-in-law)\b"),
    "she": re.compile(r"\b(?:mum|mom|mummy|mother|sister|sis|daughter|nan|nana|gran|granny|grandma"
                      r"|aunt|auntie|aunty|niece|stepmum|mother-in-law|sister-in-law)\b"),
}
# Sentences about the partner that are not charges: thanks, apology, agreement, a wish.
PARTNER_ONLY_SKIP_RE = re.compile(
    r"\b(?:thanks?|thank\s+you|ty|thx|sorry|apologi[sz]e|love|miss|proud|glad|happy|right|welcome|hope"
    r"|wish|congrat\w*|well\s+done|amazing|best|lucky|safe|okay|ok|alright|fine|will|'ll|gonna"
    # good news about the partner: "you won the raffle!", "you're officially on the lease!"
    r"|won|passed|aced|nailed|smashed|officially|promoted|got\s+the\s+job"
    r"|going\s+to|tomorrow|tonight|later|soon|next)\b|\?"
)

# --------------------------------------------------------------------------- typed insults
# Insult words as they are typed in a hurry (data/blame_and_insults.json, "typed_insults"):
# drawn out ("stupiddd"), censored ("b*tch") or with one slip ("idoit"). Read only for
# words the lists do not hold, in a name's slot, by rules._typed_insults.
_TYPED = _BLAME["typed_insults"]
INSULT_WORD_INDEX: dict[str, lx.PhraseIndex] = {}
"""Each one-word insult of the lists (canonical) → the index it belongs to."""
for _index, _words in (
    (NOUN_YOU_INDEX, _BLAME["name_nouns_need_you"]["words"]),
    (NOUN_INDEX, _BLAME["name_nouns"]),
    (ADJ_INDEX, _BLAME["character_adjectives"]),
):
    for _word in map(lx.canonical, _words):
        if " " not in _word:
            INSULT_WORD_INDEX[_word] = _index
INSULT_SLOT_BEFORE = frozenset(map(lx.canonical, _TYPED["slot_before"]))
"""Words after which a typed insult is looked for ("so", "such a", "a total", "you")."""
INSULT_SLIPS = lx.FuzzyIndex(
    {w: w for w in INSULT_WORD_INDEX},
    exclude=frozenset(map(lx.canonical, _TYPED["not_misspellings"]))
    | frozenset(w for w in _ALL_FEELINGS if " " not in w)
    | frozenset(lx.canonical(w) for w in lx.need_words()),
)
"""One typing slip from an insult word of five letters or more (lexicon.FuzzyIndex)."""
DRAWN_OUT_RE = re.compile(r"([a-z])\1\1+")
"""A run of three or more of one letter ("sooo", "lazyyy"): it may stand for one or two."""
CENSOR_CHARS = _TYPED["censor_characters"]
CENSOR_MARK_RE = re.compile(r"[*#$@]")
CENSOR_INNER_RE = re.compile(r"[!\-](?=[a-z])")
"""Where a censored word may be: a "*#$@" anywhere, a "!" or "-" before a letter ("sh!thead",
not "wow!!"). Two one-character patterns: each is a fast C scan (a "+" or an alternation
here would try every position, ten times slower)."""
assert set(CENSOR_CHARS) == set("*#$@!-"), "keep the two patterns in step with the data"
CENSORED_REST_RE = re.compile("[a-z" + re.escape(CENSOR_CHARS) + "]*")
"""The rest of a censored word after a run ("tch" of "b*tch", "hole" of "a**hole")."""
INSULTS_BY_SHAPE: dict[tuple[int, str], tuple[str, ...]] = {}
"""One-word insults by (length, first letter): what a censored word ("b*tch") may spell."""
for _word in INSULT_WORD_INDEX:
    _shape = (len(_word), _word[0])
    INSULTS_BY_SHAPE[_shape] = (*INSULTS_BY_SHAPE.get(_shape, ()), _word)
# A name followed by its target, the partner: "like the useless lump you are", "greedy pig
# that you are", "the coward you've always been" (the mirror of NAME_THEN_I_AFTER).
NAME_THEN_YOU_AFTER = re.compile(
    r",?\s+(?:that\s+)?(?:you(?:\s+(?:are|were|is|have\s+always\s+been|always\s+were|will\s+always\s+be)"
    r"|\s*'re|'ve\s+(?:always\s+)?been|\s+have\s+been)|u\s+(?:r|are|were)|ur)\b(?!\s+(?:a|an|being|not)\b)"
)
# A judgement of the partner in a role: "you are a bad father", "ur a useless cook"
# (data/blame_and_insults.json, "character_labels").
_LABELS = _BLAME["character_labels"]
CHARACTER_LABEL_GATE = frozenset(w for p in _LABELS["judgements"] for w in lx.words_of(p)[:1])
CHARACTER_ROLE_WORDS = frozenset(w for p in _LABELS["roles"] for w in lx.words_of(p)[-1:])
CHARACTER_LABEL_RE = re.compile(
    rf"\b(?:{YOU_ARE}|{YOU}\s+(?:make|made|really\s+are|truly\s+are|must\s+be|can\s+be))"
    rf"\s+(?:such\s+)?(?:an?|the)(?:\s+(?:real|total|complete|absolute|utter|right|proper|really"
    rf"|truly|very|such\s+an?|bloody|fucking|f[*#$@!]+(?:ing|in)))*"
    rf"\s+{lx.alternation(_LABELS['judgements'])}(?:\s+(?:excuse\s+for\s+an?|kind\s+of|sort\s+of|little"
    rf"|old|fucking))?\s+{lx.alternation(_LABELS['roles'])}\b"
)
# Asking the partner to fake care (Gottman: contempt): "could u maybe pretend to care",
# "at least act interested", "try pretending to give a damn". The partner is asked (a "you"
# before it in the sentence, or an imperative opening the sentence).
FAKE_CARE_TRIGGERS = frozenset({"pretend", "pretending", "act", "acting", "fake", "faking"})
FAKE_CARE_RE = re.compile(
    r"(?:pretend(?:ing)?|act(?:ing)?|fak(?:e|ing))\s+(?:(?:to\s+)?be\s+|like\s+(?:you|u)(?:'re|\s+are|\s+r)?\s+"
    r"|(?:that\s+)?(?:you|u)\s+|as\s+if\s+(?:you|u)(?:'re|\s+are)?\s+|to\s+)?"
    r"(?:care|cared|give\s+a\s+(?:damn|toss|shit|crap|fig|monkey'?s|rat'?s|hoot)|interested|bothered|happy"
    r"|pleased|glad|excited|nice|listen(?:ing)?|engaged|present|invested|enjoy\w*|love\s+me|like\s+me"
    r"|want\s+to\s+be\s+here|be\s+here|be\s+a\s+(?:husband|wife|partner|dad|mum|mom|father|mother))\b"
)
FAKE_CARE_LEFT_RE = re.compile(
    r"\b(?:you|u)\s+(?:(?:could|can|can'?t|cant|couldn'?t|might|should|would|will|won'?t|wont|just"
    r"|even|at\s+least|maybe|please|pls|perhaps|to|not|never|don'?t|didn'?t|always|only|barely|so"
    r"|then|try(?:\s+to)?|also|now|sometimes|for\s+once|once)[\s,]+)*$"
    r"|^[\s\"'(]*(?:(?:maybe|just|at\s+least|please|pls|perhaps|try(?:\s+to)?|even|for\s+once|once"
    r"|and|so|but|oh|ok|okay|well|or)[\s,]+)*$"
)
"""The partner asked to fake care: "you" and modals just before the verb, or the verb
opening the sentence as an imperative ("maybe try pretending ...")."""
# Passive-aggressive dismissal (Gottman: contempt and blame): leave given in resignation
# ("do what u want"), the partner doing it regardless ("u will anyway", "you always do"),
# the speaker's say discounted ("not like my opinion matters"), and a lone "whatever". Two
# of these make a dismissal; "do whatever you want for your birthday" alone is an offer.
DISMISSAL_LEAVE_RE = re.compile(
    r"do\s+(?:what(?:ever)?|as)\s+(?:you|u)\s+(?:want|like|please|wish)\b"
)
"""Leave given: "do what u want", "do as you please" (tried at "do")."""
DISMISSAL_ANYWAY_WORDS = frozenset({"anyway", "anyways", "regardless"})
DISMISSAL_ANYWAY_END = re.compile(
    r"\b(?:you|u)(?:'ll|\s+will|\s+would|'d|\s+always|\s+never|\s+do|'re\s+going\s+to|\s+r\s+going"
    r"\s+to|\s+are\s+going\s+to|\s+just)?(?:\s+[a-z']+){0,4}\s+$"
)
"""The partner doing it regardless, before "anyway": "u will anyway", "you never ask me anyway"."""
DISMISSAL_ALWAYS_DO_RE = re.compile(r"always\s+do\b(?!\s+(?:that|this|it|the|a|my|our|your|ur)\b)")
DISMISSAL_YOU_END = re.compile(r"\b(?:you|u)\s+$")
"""'you always do', said alone after the leave ("you always do", not "you always do the dishes")."""
DISMISSAL_SAY_RE = re.compile(
    r"not\s+(?:like|as\s+if)\s+(?:my|i|what\s+i)\b[^.!?;\n]{0,30}?\b(?:matters?|counts?"
    r"|care|mean\s+anything|(?:get|have|got)\s+a\s+(?:say|vote|choice))\b"
)
"""The speaker's say discounted: "not like my opinion matters" (tried at "not")."""
DISMISSAL_WHATEVER_END = re.compile(r"(?:^|[.!?;,\n]|\bfine|\bok(?:ay)?|\bk)\s*$")
DISMISSAL_WHATEVER_AFTER = re.compile(r"whatever(?!\s+(?:you|u|i|we|it|happens|the|they)\b)")
"""A lone "whatever" ("fine whatever", "k whatever."), not "whatever you want"."""
# "I feel like crying", "felt like giving up": an urge that names a feeling, not a thought
# (data/feelings.json, "feel_like_acts").
FEEL_LIKE_ACTS = {
    lx.canonical(w): f for w, f in lx.load("feelings.json")["feel_like_acts"]["acts"].items()
}
FEEL_LIKE_TRIGGERS = frozenset(lx.words_of(w)[0] for w in FEEL_LIKE_ACTS)
FEEL_LIKE_ACT_RE = re.compile(
    r"(?:\bi(?:'m|m|\s+am|\s+was|'ve\s+been|\s+have\s+been)?" + MID
    + r"\s+|(?:^|[.!?;,:\n]|\b(?:and|but|so|just|honestly|still|really|kinda|literally|then))\s*)"
    r"(?:feel|feels|felt|feeling|feelin)(?:\s+(?:really|just|so|almost|kind\s+of|kinda|a\s+bit))*"
    r"\s+like\s+(?:just\s+)?(" + lx.alternation(FEEL_LIKE_ACTS) + r")\b"
)
