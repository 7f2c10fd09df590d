/* Active listening (Speaker–Listener technique) screens.
 * Each partner always sees their role, whose turn it is and the one thing to
 * do now. Typed mode writes each piece; spoken mode records taps only.
 * The listener may ask one clarifying question per piece (clarify_ask); the
 * speaker answers it (clarify_answer). Either partner can call a short pause
 * (listening_pause_call, 1-5 minutes, a server deadline) and end it early
 * (listening_pause_end). A small timer shows the practice time against the
 * length chosen at the start (a gentle cue, nothing stops), and the closing
 * round shows the talk-time balance (exercises/listening_time.py).
 */
(() => {
  "use strict";
  const Attune = (window.Attune = window.Attune || {});
  Attune.exercises = Attune.exercises || {};

  const sentenceCount = (text) => (text.match(/[.!?]+(\s|$)/g) || []).length;

  function clockText(seconds) {
    const total = Math.max(0, Math.floor(seconds));
    return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
  }

  // One ticker for the practice timer and the short pause: it updates the
  // numbers every second and re-renders once when the pause runs out or the
  // practice cue is reached.
  const ticker = { id: null, pauseOver: true, cueShown: true };

  function tick() {
    const c = Attune.session.ctx();
    const ex = c.view && c.view.exercise;
    const floor = ex && (ex.kind === "active_listening" ? ex : ex.floor);
    if (!floor || !floor.practice) {
      clearInterval(ticker.id);
      ticker.id = null;
      return;
    }
    const now = c.serverNow();
    const practiceEl = document.getElementById("practice-clock");
    if (practiceEl) practiceEl.textContent = clockText(now - floor.practice.started_at);
    const pauseEl = document.getElementById("pause-clock");
    if (pauseEl && floor.pause) pauseEl.textContent = clockText(floor.pause.ends_at - now);
    const pauseOver = !floor.pause || now >= floor.pause.ends_at;
    const cueShown = now >= floor.practice.cue_at;
    if (pauseOver !== ticker.pauseOver || cueShown !== ticker.cueShown) {
      ticker.pauseOver = pauseOver;
      ticker.cueShown = cueShown;
      Attune.session.render();
    }
  }

  function startTicker(c, floor) {
    const now = c.serverNow();
    ticker.pauseOver = !floor.pause || now >= floor.pause.ends_at;
    ticker.cueShown = now >= floor.practice.cue_at;
    if (ticker.id === null) ticker.id = setInterval(tick, 1000);
  }

  function practiceTimer(c, ex) {
    if (!ex.practice) return null;
    startTicker(c, ex);
    const now = c.serverNow();
    const cue = now >= ex.practice.cue_at;
    return h("p", { class: "practice-timer" },
      h("span", { id: "practice-clock", role: "timer", "aria-live": "off" }, clockText(now - ex.practice.started_at)),
      ` of about ${ex.practice.minutes} minutes`,
      cue ? h("span", { class: "practice-cue" }, " · You have practised a good while. You could close soon, or go on if it helps.") : null);
  }

  function pausePanel(c, ex) {
    const p = ex.pause;
    const now = c.serverNow();
    if (!p || now >= p.ends_at) return null;
    return [
      h("h2", { class: "step", tabindex: "-1" }, "A short pause"),
      h("p", {}, `${p.by === c.me ? "You" : c.nameOf(p.by)} asked to stop for a moment. Breathe, stretch, come back to the one thing you were talking about.`),
      h("p", { class: "countdown" }, h("span", { id: "pause-clock", role: "timer", "aria-live": "off" }, clockText(p.ends_at - now)), " left"),
      c.view.partners.includes(c.me) ? h("div", { class: "actions" }, button(c, "We're ready to go on", "listening_pause_end")) : null,
    ];
  }

  function pauseForm(c) {
    const limits = c.config.listening.pause;
    const minutes = [];
    for (let m = limits.min; m <= limits.max; m += 1) minutes.push(h("option", { value: m, selected: m === limits.default || null }, `${m} min`));
    const select = h("select", { id: "pause-minutes", "aria-label": "Pause length" }, ...minutes);
    return h("form", { class: "inline-form pause-form", onsubmit: (e) => {
      e.preventDefault();
      c.send("listening_pause_call", { minutes: Number(select.value) });
    } }, h("button", { type: "submit", class: "secondary", disabled: c.isPending("listening_pause_call") || null }, "Let's stop for a minute, we're drifting"), select);
  }

  function talkTime(c, balance) {
    if (!balance) return [];
    const rows = Object.entries(balance).map(([pid, t]) =>
      h("li", {}, h("strong", {}, pid === c.me ? "You" : c.nameOf(pid)), `: ${t.pieces} piece${t.pieces === 1 ? "" : "s"}, ${clockText(t.floor_seconds)} holding the floor`));
    return [h("h3", {}, "Talk time"), h("ul", { class: "talk-time" }, ...rows),
      h("p", { class: "hint" }, "Counted from your taps, not a microphone. Just for noticing; there is no right balance.")];
  }

  function startForm(c) {
    const { h, config, me, otherPartner, nameOf } = c;
    const topics = config.starter_topics.map((topic, i) =>
      h("label", { class: "choice" },
        h("input", { type: "radio", name: "topic_choice", value: topic, checked: i === 0 || null }), topic));
    const ownTopic = h("input", { type: "text", id: "own-topic", name: "own_topic", "data-max-chars": config.limits.topic, placeholder: "Our own topic" });
    const form = h("form", { class: "start-form", onsubmit: (e) => {
      e.preventDefault();
      const data = new FormData(form);
      const own = (data.get("own_topic") || "").trim();
      const topic = own || data.get("topic_choice");
      c.send("exercise_start", { exercise: "active_listening", topic, mode: data.get("mode"), first_speaker: data.get("first_speaker"), practice_minutes: Number(data.get("practice_minutes")) });
    } },
      h("fieldset", {}, h("legend", {}, "Topic"), ...topics,
        h("label", { class: "choice", for: "own-topic" }, "Or write your own:"), ownTopic),
      h("fieldset", {}, h("legend", {}, "How will you talk?"),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "mode", value: "typed", checked: true }),
          "Typed: each of you writes (apart, or in a quiet room)"),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "mode", value: "spoken" }),
          "Spoken: you talk aloud (same room or a call); the app holds the floor and records taps")),
      h("fieldset", {}, h("legend", {}, "Who takes the floor first?"),
        ...(c.view.partners.includes(me)
          ? [h("label", { class: "choice" }, h("input", { type: "radio", name: "first_speaker", value: me, checked: true }), "I will"),
             h("label", { class: "choice" }, h("input", { type: "radio", name: "first_speaker", value: otherPartner() }), nameOf(otherPartner()))]
          : c.view.partners.map((p, i) => h("label", { class: "choice" },
              h("input", { type: "radio", name: "first_speaker", value: p, checked: i === 0 || null }), nameOf(p))))),
      practiceLength(c),
      h("button", { type: "submit", disabled: c.isPending("exercise_start") || null }, "Start active listening"));
    return form;
  }

  function practiceLength(c) {
    const limits = c.config.listening.practice;
    const options = [];
    for (let m = limits.min; m <= limits.max; m += 5) options.push(h("option", { value: m, selected: m === limits.default || null }, `${m} minutes`));
    return h("label", { class: "choice" }, "Practice length ", h("select", { name: "practice_minutes" }, ...options),
      h("span", { class: "hint" }, " A gentle cue when the time is up; nothing stops."));
  }

  function button(c, label, command, payload, opts = {}) {
    return h("button", {
      type: "button",
      class: opts.secondary ? "secondary" : null,
      disabled: c.isPending(command) || opts.disabled || null,
      onclick: () => c.send(command, payload || {}, opts.field || null),
    }, label);
  }

  // The h helper is shared; grab it lazily.
  const h = (...args) => Attune.session.h(...args);

  /** Optional, gentle I-statement coaching of the speaker's own piece before
   * it is shared: to the speaker only (the "analyze" frame is answered to this
   * socket and nothing is stored), folded by default, never blocking. */
  function pieceCoach() {
    const coachLib = Attune.iStatementCoach;
    if (!coachLib) return null;
    const count = h("span", { class: "piece-coach-count" });
    const coach = coachLib.coachArea("al-piece-coach", {
      // The folded summary says how many notes wait inside, so they are
      // noticed without opening anything (and never block sharing).
      onAnalysis: (text, analysis) => {
        // an emptied piece is answered with no analysis: the count goes with it
        const n = analysis ? coachLib.notesOf(analysis).length : 0;
        count.textContent = !n || analysis.is_i_statement ? "" : ` (${n} note${n === 1 ? "" : "s"})`;
      },
    });
    const box = h("details", { class: "piece-coach" },
      h("summary", {}, "Gentle notes on how this might land", count, " (only you see them)"), coach.root);
    return { box, analyze: (text) => coach.analyze(text) };
  }

  function textStep(c, { field, label, limit, command, submit, placeholder, nudge, coach }) {
    const nudgeEl = h("p", { class: "nudge", "aria-live": "polite" });
    const helper = coach ? pieceCoach() : null;
    const area = c.draftArea(field, {
      label, limit, placeholder,
      onInput: nudge || helper ? (text) => {
        if (nudge) {
          nudgeEl.textContent = text.length > c.config.limits.statement_nudge || sentenceCount(text) > 3
            ? "That is a lot for one piece. Consider stopping here so your partner can say it back; you can go on after."
            : "";
        }
        if (helper) helper.analyze(text);
      } : null,
    });
    const form = h("form", { onsubmit: (e) => {
      e.preventDefault();
      c.send(command, { text: form.querySelector("textarea").value }, field);
    } }, area, nudgeEl, helper ? helper.box : null,
    h("button", { type: "submit", disabled: c.isPending(command) || null }, submit));
    return form;
  }

  function render(c, floor) {
    const ex = floor || c.view.exercise;
    const typed = ex.mode === "typed";
    const speaking = ex.speaker === c.me;
    const listening = ex.listener === c.me;
    const speaker = speaking ? "you" : c.nameOf(ex.speaker);
    const listener = listening ? "you" : c.nameOf(ex.listener);
    const parts = [
      h("p", { class: "topic" }, `${floor ? "The issue" : "Active listening"} · ${typed ? "typed" : "spoken"} · Topic: `, h("strong", {}, ex.topic)),
      practiceTimer(c, ex),
    ];
    const paused = pausePanel(c, ex);
    if (paused) return [...parts, ...paused];
    if (ex.phase !== "closing") {
      parts.push(h("p", { class: `role role-${speaking ? "speaker" : listening ? "listener" : "observer"}` },
        speaking ? "You hold the floor: you are the speaker." : listening ? `You are the listener. ${c.nameOf(ex.speaker)} holds the floor.` : `${c.nameOf(ex.speaker)} holds the floor.`));
    }
    const step = (text) => h("h2", { class: "step", tabindex: "-1" }, text);
    const current = ex.current;
    const lastAttempt = current && current.attempts[current.attempts.length - 1];

    if (ex.phase === "statement") {
      if (speaking) {
        parts.push(step(typed ? "Share one short piece of what you feel or think." : "Say one short piece aloud, then tap."));
        parts.push(h("p", { class: "hint" }, "Speak for yourself (\"I feel…\", \"For me…\"), about one thing. Keep it short so it can be said back."));
        parts.push(typed
          ? textStep(c, { field: "statement", label: "Your piece", limit: c.config.limits.statement, command: "statement_make", submit: "Share this piece", nudge: true, coach: true })
          : button(c, "I've said my piece", "statement_make"));
        const actions = [button(c, "I feel heard: pass the floor", "floor_pass", {}, { secondary: true, disabled: ex.turn_exchanges === 0 })];
        if (ex.turn_exchanges === 0) actions.push(h("p", { class: "hint" }, "You can pass the floor once a piece has been said back to you."));
        parts.push(h("div", { class: "actions" }, ...actions));
      } else {
        parts.push(step(`Listen. ${c.nameOf(ex.speaker)} is ${typed ? "writing" : "speaking"}.`));
        parts.push(h("p", { class: "hint" }, "Your only job now is to understand. You will say back what you heard; your turn to speak will come."));
      }
    } else if (ex.phase === "paraphrase") {
      if (typed && current.statement) parts.push(quote(`${speaking ? "You" : c.nameOf(ex.speaker)} said`, current.statement));
      if (typed && current.question) parts.push(...questionQuotes(c, ex, current.question));
      if (lastAttempt && lastAttempt.correction) parts.push(quote(`${speaking ? "Your" : c.nameOf(ex.speaker) + "'s"} correction`, lastAttempt.correction));
      if (listening) {
        parts.push(step(typed ? "Say back what you heard, in your own words." : "Say back aloud what you heard, then tap."));
        parts.push(h("p", { class: "hint" }, "Try \"What I hear is…\". No answer, advice or defence: just show you understood."));
        parts.push(typed
          ? textStep(c, { field: "paraphrase", label: "Your paraphrase", limit: c.config.limits.paraphrase, command: "paraphrase_submit", submit: "Share my paraphrase", placeholder: "What I hear is…" })
          : button(c, "I've said it back", "paraphrase_submit"));
        if (!current.question) {
          parts.push(h("details", { class: "clarify", open: c.draftGet("question") ? true : null },
            h("summary", {}, "Not sure what they meant? Ask one short question instead"),
            h("p", { class: "hint" }, "A question to understand, not an answer: \"Can you say more about…?\" You then still say the piece back."),
            typed
              ? textStep(c, { field: "question", label: "Your question", limit: c.config.limits.question, command: "clarify_ask", submit: "Ask my question", placeholder: "Can you say more about…?" })
              : button(c, "I asked a question aloud", "clarify_ask", {}, { secondary: true })));
        }
      } else if (!typed && current.attempts.length > 0) {
        parts.push(step(`Say aloud what was missed; then ${listener} says it back again.`));
      } else {
        parts.push(step(`Wait while ${listener} says back what they heard.`));
      }
    } else if (ex.phase === "answer") {
      if (typed && current.statement) parts.push(quote(`${speaking ? "You" : c.nameOf(ex.speaker)} said`, current.statement));
      if (typed && current.question.text) parts.push(quote(`${listening ? "Your" : c.nameOf(ex.listener) + "'s"} question`, current.question.text));
      if (speaking) {
        parts.push(step(typed ? "Answer the question with a short piece." : "Answer the question aloud, briefly, then tap."));
        parts.push(typed
          ? textStep(c, { field: "answer", label: "Your answer", limit: c.config.limits.answer, command: "clarify_answer", submit: "Share my answer" })
          : button(c, "I've answered", "clarify_answer"));
      } else {
        parts.push(step(`Wait while ${speaker} answers your question.`));
      }
    } else if (ex.phase === "confirm") {
      if (typed && current.statement) parts.push(quote(`${speaking ? "You" : c.nameOf(ex.speaker)} said`, current.statement));
      if (typed && lastAttempt.paraphrase) parts.push(quote(`${listening ? "Your" : c.nameOf(ex.listener) + "'s"} paraphrase`, lastAttempt.paraphrase));
      if (speaking) {
        parts.push(step(`Did ${listener} get it?`));
        parts.push(h("div", { class: "actions" }, button(c, "That's it", "paraphrase_confirm")));
        parts.push(typed
          ? h("details", { class: "correction", open: c.draftGet("correction") ? true : null },
              h("summary", {}, "Not quite: say what was missed"),
              textStep(c, { field: "correction", label: "What did they miss?", limit: c.config.limits.correction, command: "paraphrase_correct", submit: "Send my correction" }))
          : button(c, "Not quite (I'll say what was missed)", "paraphrase_correct", {}, { secondary: true }));
      } else {
        parts.push(step(`Wait while ${speaker} checks whether you got it.`));
      }
    } else if (ex.phase === "closing") {
      const mine = ex.understandings[c.me];
      const other = c.otherPartner();
      parts.push(...talkTime(c, ex.talk_time));
      if (!mine) {
        parts.push(step("In one line: what did you understand about your partner today?"));
        parts.push(textStep(c, { field: "understanding", label: "What I understood", limit: c.config.limits.understanding, command: "understanding_share", submit: "Share my line" }));
        parts.push(h("p", { class: "hint" }, "Your line stays hidden until you have both written yours."));
      } else {
        parts.push(quote("You wrote", mine));
        parts.push(step(`Waiting for ${c.nameOf(other)} to write theirs.`));
      }
    }
    const isPartner = c.view.partners.includes(c.me);
    if (speaking && ["statement", "paraphrase", "confirm", "answer"].includes(ex.phase)) {
      // The floor holder may ask to finish their piece (a repair phrase of
      // our list, offered only to them: exercises/repair.py).
      parts.push(h("div", { class: "actions" }, button(c, "Please let me finish", "repair_send", { phrase_id: "reset_let_me_finish" }, { secondary: true })));
    }
    if (isPartner && ["statement", "paraphrase", "confirm", "answer"].includes(ex.phase)) parts.push(pauseForm(c));
    if (ex.phase === "statement") {
      parts.push(h("div", { class: "actions secondary-actions" },
        button(c, floor ? "We're done with this issue" : "We're done: close with what we understood", "listening_close", {}, { secondary: true, disabled: ex.exchange_count === 0 }),
        floor ? null : button(c, "Stop this exercise", "exercise_stop", {}, { secondary: true })));
    } else if (!floor && isPartner && ["paraphrase", "confirm", "answer"].includes(ex.phase)) {
      // Mid-exchange too: a couple can always stop (a trial found no way out
      // while the speaker waited for a paraphrase).
      parts.push(h("div", { class: "actions secondary-actions" },
        button(c, "Stop this exercise", "exercise_stop", {}, { secondary: true })));
    }
    return parts;
  }

  function questionQuotes(c, ex, question) {
    const out = [];
    if (question.text) out.push(quote(`${ex.listener === c.me ? "Your" : c.nameOf(ex.listener) + "'s"} question`, question.text));
    if (question.answer) out.push(quote(`${ex.speaker === c.me ? "Your" : c.nameOf(ex.speaker) + "'s"} answer`, question.answer));
    return out;
  }

  function quote(label, text) {
    return h("figure", { class: "quote" }, h("figcaption", {}, label), h("blockquote", {}, text));
  }

  function history(c, floor) {
    const ex = floor || c.view.exercise;
    return ex.recent.map((exchange) => {
      const lines = [h("p", {}, h("strong", {}, c.nameOf(exchange.speaker)), ": ", exchange.statement || "(spoken aloud)")];
      if (exchange.question) {
        lines.push(h("p", { class: "question" }, "Question: ", exchange.question.text || "(asked aloud)"));
        lines.push(h("p", { class: "answer" }, "Answer: ", exchange.question.answer || "(said aloud)"));
      }
      for (const attempt of exchange.attempts) {
        lines.push(h("p", { class: "paraphrase" }, "Paraphrase: ", attempt.paraphrase || "(said aloud)"));
        if (attempt.correction !== null) lines.push(h("p", { class: "correction" }, "Correction: ", attempt.correction || "(said aloud)"));
      }
      lines.push(h("p", { class: "confirmed" }, "✓ That's it"));
      return h("li", {}, ...lines);
    });
  }

  function summary(record, c) {
    const s = record.summary;
    if (!s.understandings) return [];
    return [
      h("p", {}, `Topic: ${s.topic}. ${s.exchanges} exchange${s.exchanges === 1 ? "" : "s"}.`),
      h("h3", {}, "What each of you understood"),
      h("ul", { class: "understandings" }, ...Object.entries(s.understandings).map(([pid, text]) =>
        h("li", {}, h("strong", {}, pid === c.me ? "You" : c.nameOf(pid)), ": ", text))),
      ...talkTime(c, s.talk_time),
    ];
  }

  function describe(event, c) {
    const d = event.data || {};
    const who = (id) => (id === c.me ? "You" : c.nameOf(id));
    switch (event.type) {
      case "statement_made": return d.speaker === c.me ? null : `${who(d.speaker)} shared a piece. Your turn to say it back.`;
      case "paraphrase_given": return d.listener === c.me ? null : `${who(d.listener)} said back what they heard. Did they get it?`;
      case "paraphrase_confirmed": return d.speaker === c.me ? null : `${who(d.speaker)} says you got it.`;
      case "paraphrase_corrected": return d.speaker === c.me ? null : `${who(d.speaker)} added what was missed. Try again.`;
      case "floor_passed": return d.speaker === c.me ? "You now hold the floor." : `${who(d.speaker)} now holds the floor.`;
      case "closing_started": return "Time to write one line of what you understood.";
      case "clarification_asked": return d.listener === c.me ? null : `${who(d.listener)} asks a question about your piece.`;
      case "clarification_answered": return d.speaker === c.me ? null : `${who(d.speaker)} answered. Now say the piece back.`;
      case "listening_pause_called": return `${who(d.by)} called a short pause of ${d.minutes} minute${d.minutes === 1 ? "" : "s"}.`;
      case "listening_pause_ended": return "The pause is over. Back to where you were.";
      case "understandings_revealed": return "Both lines are in.";
      default: return null;
    }
  }

  Attune.exercises.active_listening = {
    title: "Active listening",
    intro: "Take turns holding the floor. The speaker shares short pieces; the listener says each one back until the speaker feels heard. Based on the Speaker–Listener technique (Markman, Stanley & Blumberg).",
    startForm,
    render: (c) => render(c),
    history: (c) => history(c),
    summary,
    describe,
  };
  /** For exercises that host a floor (the State of the Union's issue step). */
  Attune.floor = { render, history, describe, talkTime };
})();
