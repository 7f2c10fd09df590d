"""Steps 4 and 5 of the aftermath conversation, in full.

Gottman's "Aftermath of a Fight or Regrettable Incident" (John Gottman &
Julie Schwartz Gottman, Gottman Institute materials), in Attune's words:

4. ``ownership``: I say my part in what happened (phase ``own``). Then, if I
   want to, I apologise (phase ``apology``: ``aftermath_apology_offer`` or
   ``aftermath_apology_skip``; an apology is never required). If I did, my
   partner answers (phase ``apology_answer``): "I accept your apology", or
   what they still need before they can (``still_need``, in words).
5. ``next_time``: I say one thing I will do differently next time, and
   optionally one thing I ask of my partner next time (phase ``propose``). If
   I asked something, my partner accepts it as asked or adjusts it to what
   they can promise (phase ``request_answer``); the adjusted words are what
   they agree to.

What both agree to in step 5 becomes the couple's plan
(:mod:`exercises.aftermath.plan`), which comes back at their next practice
session and on the couple page until both mark each item done or dropped.
"""

from __future__ import annotations

from exercises.aftermath.steps import (
    KIND,
    MAX_APOLOGY_CHARS,
    MAX_NEXT_TIME_CHARS,
    MAX_OWNERSHIP_CHARS,
    MAX_REQUEST_CHARS,
    MAX_STILL_NEED_CHARS,
    advance,
    require,
    share,
)
from exercises.engine import (
    Command,
    Event,
    InvalidChoice,
    State,
    Step,
    TextNotAllowed,
    clean_text,
    command,
)

APOLOGY_ANSWERS = ("accept", "still_need")
REQUEST_ANSWERS = ("accept", "adjust")


def _answer(cmd: Command, choices: tuple[str, ...], *, needs_text: str, limit: int) -> tuple[
    str, str | None
]:
    """``(answer, text)`` from the payload: ``answer`` one of ``choices``;
    ``text`` required (≤ ``limit`` characters) for ``needs_text``, not allowed
    otherwise. Raises InvalidChoice, TextRequired, TextTooLong, TextNotAllowed."""
    answer = cmd.payload.get("answer")
    if answer not in choices:
        raise InvalidChoice("Choose one of the answers.", field="answer", choices=list(choices))
    if answer == needs_text:
        return answer, clean_text(cmd.payload, "text", limit=limit)
    if cmd.payload.get("text"):
        raise TextNotAllowed("This answer needs no words.", field="text")
    return answer, None


# --- step 4: my part, and an optional apology ------------------------------------------


@command("aftermath_part_own", exercise=KIND)
def aftermath_part_own(state: State, cmd: Command) -> Step:
    """Step 4: one part I played in it (``text``, ≤ MAX_OWNERSHIP_CHARS
    characters), owned without excuse. Phase → ``apology`` (still my move).

    Raises WrongStep, NotYourTurn, TextRequired, TextTooLong.
    """
    ex = state["exercise"]
    require(ex, cmd.actor, "ownership", "own")
    text = clean_text(cmd.payload, "text", limit=MAX_OWNERSHIP_CHARS)
    ex["ownership"][cmd.actor] = text
    ex["phase"] = "apology"
    return [Event("aftermath_part_owned", {"by": cmd.actor, "text": text})]


@command("aftermath_apology_offer", exercise=KIND)
def aftermath_apology_offer(state: State, cmd: Command) -> Step:
    """Step 4, optional: after my part, I apologise (``text``, ≤
    MAX_APOLOGY_CHARS characters). Phase → ``apology_answer`` (my partner's
    move).

    Raises WrongStep (not right after "my part"), NotYourTurn, TextRequired,
    TextTooLong.
    """
    ex = state["exercise"]
    require(ex, cmd.actor, "ownership", "apology")
    text = clean_text(cmd.payload, "text", limit=MAX_APOLOGY_CHARS)
    ex["apologies"][cmd.actor] = {"text": text, "answer": None, "still_need": None}
    ex["phase"] = "apology_answer"
    return [Event("aftermath_apology_offered", {"by": cmd.actor, "text": text})]


@command("aftermath_apology_skip", exercise=KIND)
def aftermath_apology_skip(state: State, cmd: Command) -> Step:
    """Step 4: I go on without an apology (it is never required); the turn or
    step moves on. Raises WrongStep, NotYourTurn."""
    ex = state["exercise"]
    require(ex, cmd.actor, "ownership", "apology")
    ex["apologies"][cmd.actor] = None
    return [Event("aftermath_apology_skipped", {"by": cmd.actor}), *advance(state, ex, cmd.actor)]


@command("aftermath_apology_answer", exercise=KIND)
def aftermath_apology_answer(state: State, cmd: Command) -> Step:
    """Step 4: the partner who was apologised to answers: ``answer`` is
    ``"accept"`` ("I accept your apology", no text) or ``"still_need"`` with
    ``text`` (≤ MAX_STILL_NEED_CHARS characters): what they still need.
    Either way the conversation goes on; nobody is made to forgive.

    Raises WrongStep, NotYourTurn (the one who apologised), InvalidChoice,
    TextRequired (still_need without words), TextNotAllowed (words with
    accept), TextTooLong.
    """
    ex = state["exercise"]
    require(ex, cmd.actor, "ownership", "apology_answer")
    answer, text = _answer(cmd, APOLOGY_ANSWERS, needs_text="still_need",
                           limit=MAX_STILL_NEED_CHARS)
    apologiser = ex["turn"]
    apology = ex["apologies"][apologiser]
    apology["answer"], apology["still_need"] = answer, text
    return [
        Event("aftermath_apology_answered",
              {"by": cmd.actor, "to": apologiser, "answer": answer, "text": text}),
        *advance(state, ex, apologiser),
    ]


# --- step 5: one thing I will do differently, one thing I ask ----------------------------


@command("aftermath_next_time_propose", exercise=KIND)
def aftermath_next_time_propose(state: State, cmd: Command) -> Step:
    """Step 5: one thing I will do differently next time (``text``, ≤
    MAX_NEXT_TIME_CHARS characters) and, optionally, one thing I ask of my
    partner next time (``request``, ≤ MAX_REQUEST_CHARS characters). With a
    request, phase → ``request_answer`` (my partner's move); without, the
    turn or step moves on. After the last part the exercise completes with
    :func:`exercises.aftermath.steps.summary_of`.

    Raises WrongStep, NotYourTurn, TextRequired, TextTooLong (``details.field``
    says which).
    """
    ex = state["exercise"]
    require(ex, cmd.actor, "next_time", "propose")
    request = clean_text(cmd.payload, "request", limit=MAX_REQUEST_CHARS, required=False)
    if request is None:
        ex["requests"][cmd.actor] = None  # nothing asked: this part is settled
        return share(state, cmd, "next_time", MAX_NEXT_TIME_CHARS,
                     "aftermath_next_time_proposed", "propose")
    text = clean_text(cmd.payload, "text", limit=MAX_NEXT_TIME_CHARS)
    ex["next_time"][cmd.actor] = text
    ex["requests"][cmd.actor] = {"text": request, "answer": None, "agreed": None}
    ex["phase"] = "request_answer"
    return [Event("aftermath_next_time_proposed",
                  {"by": cmd.actor, "text": text, "request": request})]


@command("aftermath_request_answer", exercise=KIND)
def aftermath_request_answer(state: State, cmd: Command) -> Step:
    """Step 5: the partner asked answers the request: ``answer`` is
    ``"accept"`` (as asked, no text) or ``"adjust"`` with ``text`` (≤
    MAX_REQUEST_CHARS characters): what they can promise instead. The
    accepted or adjusted words become a plan item.

    Raises WrongStep, NotYourTurn (the one who asked), InvalidChoice,
    TextRequired, TextNotAllowed, TextTooLong.
    """
    ex = state["exercise"]
    require(ex, cmd.actor, "next_time", "request_answer")
    answer, text = _answer(cmd, REQUEST_ANSWERS, needs_text="adjust", limit=MAX_REQUEST_CHARS)
    asker = ex["turn"]
    request = ex["requests"][asker]
    request["answer"] = answer
    request["agreed"] = text if answer == "adjust" else request["text"]
    return [
        Event("aftermath_request_answered",
              {"by": cmd.actor, "to": asker, "answer": answer, "agreed": request["agreed"]}),
        *advance(state, ex, asker),
    ]
