/* The boundary conversation: one partner states a boundary in three parts
 * (what I need, where my limit is, what I will do if it is crossed; a
 * boundary is about oneself, not a rule for the partner, as couples work on
 * boundaries teaches); the other says it back until it is confirmed (the
 * confirm-or-correct loop of the Speaker–Listener technique, PREP), then says
 * what they can honour and what they find hard. The roles may swap once.
 *
 * The stating partner may start from one of their own saved boundaries
 * (config.boundary.saved, in their page only) and ask for coaching before
 * sharing: the coach's notes come back to them alone and never block.
 * Every text box is a localStorage draft (attune.* keys, static/js/session.js)
 * until the server acknowledges the command that used it.
 * Limits and titles come from config.boundary (exercises/boundary_conversation.py).
 */
(() => {
  "use strict";
  const Attune = (window.Attune = window.Attune || {});
  Attune.exercises = Attune.exercises || {};

  const h = (...args) => Attune.session.h(...args);
  const step = (text) => h("h2", { class: "step", tabindex: "-1" }, text);
  const hint = (text) => h("p", { class: "hint" }, text);
  const PARTS = ["need", "limit", "action"];
  const field = (part) => `boundary_${part}`;

  function startForm(c) {
    const { me, otherPartner, nameOf } = c;
    const form = h("form", { class: "start-form", onsubmit: (e) => {
      e.preventDefault();
      c.send("exercise_start", { exercise: "boundary_conversation", first_speaker: new FormData(form).get("first_speaker") });
    } },
      hint("One of you says what you need and where your limit is; the other first shows they understood, then says what they can honour."),
      h("fieldset", {}, h("legend", {}, "Who states a boundary first?"),
        ...(c.view.partners.includes(me)
          ? [h("label", { class: "choice" }, h("input", { type: "radio", name: "first_speaker", value: me, checked: true }), "I will"),
             h("label", { class: "choice" }, h("input", { type: "radio", name: "first_speaker", value: otherPartner() }), nameOf(otherPartner()))]
          : c.view.partners.map((p, i) => h("label", { class: "choice" },
              h("input", { type: "radio", name: "first_speaker", value: p, checked: i === 0 || null }), nameOf(p))))),
      h("button", { type: "submit", disabled: c.isPending("exercise_start") || null }, "Start the boundary conversation"));
    return form;
  }

  function partsValues(form) {
    const values = {};
    for (const part of PARTS) values[part] = form.querySelector(`[name=${field(part)}]`).value;
    return values;
  }

  function coachNotes(c, draft) {
    if (!draft || !draft.coach) return null;
    const coach = draft.coach;
    const notes = [];
    for (const part of PARTS) {
      for (const note of coach.parts[part] || []) {
        notes.push(h("li", {}, h("strong", {}, c.config.boundary.parts[part]), ": ", note.message,
          note.words ? h("span", { class: "hint" }, ` (“${note.words}”)`) : null));
      }
    }
    return h("section", { class: "coach", "aria-label": "Coaching, only for you" },
      h("h3", {}, "Coaching, only for you"),
      notes.length ? h("ul", {}, ...notes) : h("p", {}, coach.clear ? "This reads clearly: a need, a limit and what you will do." : "Nothing to note so far."),
      hint("It is only advice: you can share your boundary as it is."));
  }

  function savedPicker(c) {
    const saved = c.config.boundary.saved || [];
    if (!saved.length) return null;
    const select = h("select", { id: "boundary-saved", name: "boundary_saved" },
      h("option", { value: "" }, "Choose one…"),
      ...saved.map((b, i) => h("option", { value: String(i) }, b.need.slice(0, 60))));
    const use = () => {
      const chosen = saved[Number(select.value)];
      if (select.value === "" || !chosen) return;
      for (const part of PARTS) {
        const area = document.getElementById(`draft-${field(part)}`);
        if (area) {
          area.value = chosen[part];
          area.dispatchEvent(new Event("input", { bubbles: true }));
        }
      }
    };
    return h("div", { class: "saved-boundary" },
      h("label", { for: "boundary-saved" }, "Start from one of my saved boundaries (only you see this list)"), " ",
      select, " ",
      h("button", { type: "button", class: "secondary", onclick: use }, "Use it"));
  }

  function statingView(c, ex) {
    const limits = c.config.boundary.limits;
    const titles = c.config.boundary.parts;
    const draft = (ex.drafts || {})[c.me];
    const form = h("form", { class: "boundary-form", onsubmit: (e) => {
      e.preventDefault();
      c.send("boundary_state", partsValues(form), PARTS.map(field));
    } },
      ...PARTS.map((part) => c.draftArea(field(part), { label: titles[part], limit: limits.part, rows: 2 })),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", disabled: c.isPending("boundary_draft") || null,
          onclick: () => c.send("boundary_draft", partsValues(form)) }, "Coach me first (only I see it)"),
        h("button", { type: "submit", disabled: c.isPending("boundary_state") || null }, "Share my boundary")));
    return [
      step("Say what you need and where your limit is."),
      hint("About yourself: what you need and what you will do, not what your partner must do."),
      savedPicker(c),
      form,
      coachNotes(c, draft),
    ];
  }

  function boundaryQuote(c, current) {
    const titles = c.config.boundary.parts;
    const who = current.speaker === c.me ? "Your boundary" : `${c.nameOf(current.speaker)}'s boundary`;
    return h("figure", { class: "quote boundary" }, h("figcaption", {}, who),
      h("dl", {}, ...PARTS.flatMap((part) => [h("dt", {}, titles[part]), h("dd", {}, current.boundary[part])])));
  }

  function lastAttempt(current) {
    return current.attempts[current.attempts.length - 1];
  }

  function render(c) {
    const ex = c.view.exercise;
    const limits = c.config.boundary.limits;
    const stating = ex.speaker === c.me;
    const listening = ex.listener === c.me;
    const parts = [h("p", { class: "topic" }, `Boundary conversation · round ${ex.round}`)];
    const current = ex.current;
    if (ex.phase === "stating") {
      if (stating) parts.push(...statingView(c, ex));
      else parts.push(step(`${c.nameOf(ex.speaker)} is writing a boundary.`), hint("When it is shared, you say it back in your own words first."));
    } else if (ex.phase === "paraphrase" || ex.phase === "confirm") {
      parts.push(boundaryQuote(c, current));
      const attempt = lastAttempt(current);
      if (attempt && attempt.correction) parts.push(h("p", { class: "note" }, `What was missed: ${attempt.correction}`));
      if (ex.phase === "paraphrase") {
        if (listening) {
          const form = h("form", { onsubmit: (e) => {
            e.preventDefault();
            c.send("boundary_paraphrase", { text: form.querySelector("textarea").value }, "boundary_paraphrase");
          } },
            c.draftArea("boundary_paraphrase", { label: "What I heard", limit: limits.paraphrase, rows: 3 }),
            h("button", { type: "submit", disabled: c.isPending("boundary_paraphrase") || null }, "Say it back"));
          parts.push(step("Say it back in your own words."), hint("Not yet whether you agree: first show you understood."), form);
        } else {
          parts.push(step(`${c.nameOf(ex.listener)} is saying it back in their own words.`));
        }
      } else {
        parts.push(h("figure", { class: "quote" }, h("figcaption", {}, listening ? "You said back" : `${c.nameOf(ex.listener)} heard`), h("blockquote", {}, attempt.paraphrase)));
        if (stating) {
          const form = h("form", { onsubmit: (e) => {
            e.preventDefault();
            c.send("boundary_paraphrase_correct", { text: form.querySelector("textarea").value }, "boundary_correction");
          } },
            c.draftArea("boundary_correction", { label: "What was missed", limit: limits.correction, rows: 2 }),
            h("button", { type: "submit", class: "secondary", disabled: c.isPending("boundary_paraphrase_correct") || null }, "Not quite: say what was missed"));
          parts.push(step("Is that it?"),
            h("div", { class: "actions" }, h("button", { type: "button", disabled: c.isPending("boundary_paraphrase_confirm") || null, onclick: () => c.send("boundary_paraphrase_confirm") }, "That's it")),
            form);
        } else {
          parts.push(step(`${c.nameOf(ex.speaker)} is checking whether you got it.`));
        }
      }
    } else if (ex.phase === "respond") {
      parts.push(boundaryQuote(c, current));
      if (listening) {
        const form = h("form", { onsubmit: (e) => {
          e.preventDefault();
          c.send("boundary_respond", { honour: form.querySelector("[name=boundary_honour]").value, hard: form.querySelector("[name=boundary_hard]").value }, ["boundary_honour", "boundary_hard"]);
        } },
          c.draftArea("boundary_honour", { label: "What I can honour", limit: limits.response, rows: 2 }),
          c.draftArea("boundary_hard", { label: "What I find hard (optional)", limit: limits.response, rows: 2 }),
          h("button", { type: "submit", disabled: c.isPending("boundary_respond") || null }, "Share my answer"));
        parts.push(step("Understood. Now: what can you honour?"), form);
      } else {
        parts.push(step(`${c.nameOf(ex.listener)} understood. They are writing what they can honour.`));
      }
    } else if (ex.phase === "responded") {
      const done = ex.rounds[ex.rounds.length - 1];
      parts.push(boundaryQuote(c, done), responseList(c, done));
      const other = c.nameOf(ex.listener);
      parts.push(step("Thank you both."), h("div", { class: "actions" },
        ex.round === 1 ? h("button", { type: "button", class: "secondary", disabled: c.isPending("boundary_swap") || null, onclick: () => c.send("boundary_swap") },
          ex.listener === c.me ? "Swap: I state a boundary now" : `Swap: ${other} states a boundary`) : null,
        h("button", { type: "button", disabled: c.isPending("boundary_finish") || null, onclick: () => c.send("boundary_finish") }, "Finish the conversation")));
    }
    parts.push(h("div", { class: "actions secondary-actions" },
      h("button", { type: "button", class: "secondary", disabled: c.isPending("exercise_stop") || null, onclick: () => c.send("exercise_stop") }, "Stop this exercise")));
    return parts.filter(Boolean);
  }

  function responseList(c, round) {
    const who = round.listener === c.me ? "You" : c.nameOf(round.listener);
    return h("ul", { class: "boundary-response" },
      h("li", {}, h("strong", {}, `${who} can honour`), ": ", round.response.honour),
      round.response.hard ? h("li", {}, h("strong", {}, `${who} find${round.listener === c.me ? "" : "s"} hard`), ": ", round.response.hard) : null);
  }

  function history(c) {
    return (c.view.exercise.rounds || []).slice().reverse().map((round) => h("li", {}, boundaryQuote(c, round), responseList(c, round)));
  }

  function summary(record, c) {
    const rounds = record.summary.rounds;
    if (!rounds) return [];
    return [h("h3", {}, "Your boundaries, and what each of you can honour"),
      h("ul", { class: "plain" }, ...rounds.map((round) => h("li", {}, boundaryQuote(c, round), responseList(c, round))))];
  }

  function describe(event, c) {
    const d = event.data || {};
    const who = (id) => (id === c.me ? "You" : c.nameOf(id));
    switch (event.type) {
      case "boundary_round_started": return d.speaker === c.me ? "Your turn to state a boundary." : `${who(d.speaker)} states a boundary. You listen.`;
      case "boundary_drafted": return "Your coaching is ready, only for you.";
      case "boundary_stated": return d.speaker === c.me ? null : `${who(d.speaker)} shared a boundary. Say it back in your own words.`;
      case "boundary_paraphrased": return d.listener === c.me ? null : `${who(d.listener)} said your boundary back.`;
      case "boundary_paraphrase_confirmed": return d.speaker === c.me ? null : `${who(d.speaker)}: “That's it.”`;
      case "boundary_paraphrase_corrected": return d.speaker === c.me ? null : `${who(d.speaker)} said what was missed.`;
      case "boundary_responded": return d.listener === c.me ? null : `${who(d.listener)} said what they can honour.`;
      default: return null;
    }
  }

  Attune.exercises.boundary_conversation = {
    title: "Boundary conversation",
    intro: "One of you says what you need, where your limit is and what you will do; the other says it back until it is right, then what they can honour and what they find hard. The listening follows the Speaker–Listener technique.",
    startForm,
    render,
    history,
    summary,
    describe,
  };
})();
