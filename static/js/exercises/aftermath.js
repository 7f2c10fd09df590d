/* Aftermath of a regrettable incident: going back over a fight, calmly, in turns.
 * First "are we both calm enough?" (either can say "not yet": a time-out or
 * later), then five steps (feelings, each perspective with the other's
 * validation, what set each off, each one's own part with an optional
 * apology the other accepts or answers with what they still need, one thing
 * to do differently with an optional request the other accepts or adjusts). Each
 * partner always sees the step, whose turn it is and the one thing to do now.
 * The server enforces the turns (not_your_turn, wrong_step). Wording and
 * limits come from config.aftermath (exercises/aftermath/).
 */
(() => {
  "use strict";
  const Attune = (window.Attune = window.Attune || {});
  Attune.exercises = Attune.exercises || {};

  const h = (...args) => Attune.session.h(...args);

  const STEPS = {
    calm_check: "Are we both calm enough?",
    feelings: "How each of us felt",
    perspectives: "How it was for each of us",
    triggers: "What set us off",
    ownership: "My own part in it",
    next_time: "One thing to do differently",
  };
  const ORDER = Object.keys(STEPS);

  // Feeling words ticked but not yet sent; kept across re-renders of the page.
  const chosen = new Set();
  const openGroups = new Set();

  function startForm(c) {
    const { me, otherPartner, nameOf, config } = c;
    const form = h("form", { class: "start-form", onsubmit: (e) => {
      e.preventDefault();
      const data = new FormData(form);
      const payload = { exercise: "aftermath", first_speaker: data.get("first_speaker") };
      const incident = (data.get("incident") || "").trim();
      if (incident) payload.topic = incident;
      c.send("exercise_start", payload);
    } },
      h("p", { class: "hint" }, "Best once you have both calmed down, not in the middle of the fight. Each account is true for the one who lived it: the aim is to understand each other, not to settle the facts."),
      h("div", { class: "field" },
        h("label", { for: "aftermath-incident" }, "Name the moment in a few words (optional)"),
        h("input", { type: "text", id: "aftermath-incident", name: "incident", "data-max-chars": config.aftermath.limits.incident, placeholder: "Sunday evening in the kitchen" })),
      h("fieldset", {}, h("legend", {}, "Who goes first in each step?"),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "first_speaker", value: me, checked: true }), "I will"),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "first_speaker", value: otherPartner() }), nameOf(otherPartner()))),
      h("button", { type: "submit", disabled: c.isPending("exercise_start") || null }, "Start the aftermath conversation"));
    return form;
  }

  function textStep(c, { field, label, limit, command, submit, placeholder, extra }) {
    const form = h("form", { onsubmit: (e) => {
      e.preventDefault();
      c.send(command, { ...(extra || {}), text: form.querySelector("textarea").value }, field);
    } },
      c.draftArea(field, { label, limit, placeholder }),
      h("button", { type: "submit", disabled: c.isPending(command) || null }, submit));
    return form;
  }

  function quote(label, text) {
    return h("figure", { class: "quote" }, h("figcaption", {}, label), h("blockquote", {}, text));
  }

  const step = (text) => h("h2", { class: "step", tabindex: "-1" }, text);
  const hint = (text) => h("p", { class: "hint" }, text);
  const possessive = (c, id) => (id === c.me ? "Your" : `${c.nameOf(id)}'s`);

  function feelingPicker(c) {
    const { feelings, max_feelings: max } = c.config.aftermath;
    const full = chosen.size >= max;
    const groups = feelings.map((g) => h("details", {
      class: "feeling-group",
      open: openGroups.has(g.group) || g.words.some((w) => chosen.has(w)) || null,
      ontoggle: (e) => (e.target.open ? openGroups.add(g.group) : openGroups.delete(g.group)),
    },
      h("summary", {}, g.group),
      ...g.words.map((word) => {
        const id = `feeling-${word.replace(/\W+/g, "-")}`;
        return h("label", { class: "choice", for: id },
          h("input", {
            type: "checkbox",
            id,
            value: word,
            checked: chosen.has(word) || null,
            disabled: (full && !chosen.has(word)) || null,
            onchange: (e) => {
              if (e.target.checked) chosen.add(word);
              else chosen.delete(word);
              Attune.session.render();
            },
          }), word);
      })));
    return h("form", { class: "feeling-picker", onsubmit: (e) => {
      e.preventDefault();
      c.send("aftermath_feelings_name", { feelings: [...chosen] });
    } },
      ...groups,
      h("p", { class: "counter", "aria-live": "polite" }, `${chosen.size} of up to ${max} chosen${chosen.size ? `: ${[...chosen].join(", ")}` : ""}`),
      h("button", { type: "submit", disabled: !chosen.size || c.isPending("aftermath_feelings_name") || null }, "Share my feelings"));
  }

  function render(c) {
    const ex = c.view.exercise;
    const limits = c.config.aftermath.limits;
    const index = ORDER.indexOf(ex.step);
    const mine = ex.waiting_for === c.me || (ex.waiting_for === null && !ex.calm[c.me]);
    const other = c.nameOf(ex.waiting_for);
    if (ex.feelings[c.me]) chosen.clear();
    const parts = [
      h("p", { class: "topic" }, `Aftermath · step ${index + 1} of ${ORDER.length}: ${STEPS[ex.step]}`,
        ex.incident ? [" · ", h("strong", {}, ex.incident)] : null),
      h("ol", { class: "aftermath-steps" }, ...ORDER.map((s, i) =>
        h("li", { class: i < index ? "done" : i === index ? "current" : null, "aria-current": i === index ? "step" : null }, STEPS[s]))),
    ];

    if (ex.step === "calm_check") {
      parts.push(...calmCheck(c, ex));
    } else if (ex.step === "feelings") {
      if (mine) {
        parts.push(step("Which feelings came up for you during it?"));
        parts.push(hint("Choose a few words. No explanations yet: just name them."));
        parts.push(feelingPicker(c));
      } else {
        parts.push(step(`${other} is naming how they felt.`));
        if (!ex.feelings[c.me]) parts.push(hint("Just notice. Your turn comes next."));
      }
    } else if (ex.step === "perspectives") {
      parts.push(...perspectiveStep(c, ex, limits));
    } else if (ex.step === "ownership" && ex.phase !== "own") {
      parts.push(...apologyStep(c, ex, limits));
    } else if (ex.step === "next_time" && ex.phase === "request_answer") {
      parts.push(...requestAnswerStep(c, ex, limits));
    } else {
      const steps = {
        triggers: {
          ask: "What set you off?",
          help: "What in that moment touched a sore spot? Maybe feeling left out, judged, controlled, or as if you did not matter. If it echoes something older in your life, you can say so.",
          label: "What set me off", shared: (n) => `What set ${n} off`, field: "aftermath_trigger", limit: limits.trigger, command: "aftermath_trigger_name",
        },
        ownership: {
          ask: "What was one part you played in it?",
          help: "Name one thing you did that made it harder, plainly and without a \"but\". For example: I was stressed and short with you; I didn't say what I needed.",
          label: "My part", shared: (n) => `${n === "you" ? "Your" : `${n}'s`} own part`, field: "aftermath_ownership", limit: limits.ownership, command: "aftermath_part_own",
        },
        next_time: {
          ask: "What is one thing you will do differently next time?",
          help: "Something small and concrete that you can do yourself.",
          label: "Next time I will…", shared: (n) => `What ${n} will do differently`, field: "aftermath_next_time", limit: limits.next_time, command: "aftermath_next_time_propose",
        },
      }[ex.step];
      for (const id of ex.order) {
        if (ex[ex.step][id]) parts.push(quote(steps.shared(id === c.me ? "you" : c.nameOf(id)), ex[ex.step][id]));
      }
      if (ex.step === "ownership") parts.push(...apologyQuotes(c, ex));
      if (ex.step === "next_time") parts.push(...requestQuotes(c, ex));
      if (mine && ex.step === "next_time") {
        parts.push(step(steps.ask), hint(steps.help));
        parts.push(nextTimeForm(c, limits));
      } else if (mine) {
        parts.push(step(steps.ask), hint(steps.help));
        parts.push(textStep(c, { field: steps.field, label: steps.label, limit: steps.limit, command: steps.command, submit: "Share" }));
      } else {
        parts.push(step(`${other} is writing theirs.`));
        if (!ex[ex.step][c.me]) parts.push(hint("Listen without answering back; your turn in this step comes next."));
      }
    }
    parts.push(h("div", { class: "actions secondary-actions" },
      h("button", { type: "button", class: "secondary", disabled: c.isPending("exercise_stop") || null, onclick: () => c.send("exercise_stop") }, "Stop this exercise")));
    return parts;
  }

  function perspectiveStep(c, ex, limits) {
    const describer = ex.turn;
    const p = ex.perspectives[describer];
    const parts = [];
    const name = c.nameOf(describer);
    if (p && ex.phase !== "describe") {
      parts.push(quote(`How it was for ${describer === c.me ? "you" : name}`, p.text));
      if (p.validation && ex.phase === "confirm") parts.push(quote(`${possessive(c, otherOf(c, describer))} understanding`, p.validation));
      if (p.clarification && ex.phase === "validate") parts.push(quote(`${possessive(c, describer)} clarification`, p.clarification));
    }
    if (ex.phase === "describe") {
      if (describer === c.me) {
        parts.push(step("Tell how it was for you."));
        parts.push(hint("Describe your own experience: what you noticed, what you felt, what you needed. Speak for yourself (\"I…\"), not about what your partner is like."));
        parts.push(textStep(c, { field: "aftermath_perspective", label: "How it was for me", limit: limits.perspective, command: "aftermath_perspective_describe", submit: "Share my view" }));
      } else {
        parts.push(step(`Listen: ${name} is describing how it was for them.`));
        parts.push(hint("Next you will say back what you heard and what makes sense in it. You do not have to agree."));
      }
    } else if (ex.phase === "validate") {
      if (ex.waiting_for === c.me) {
        parts.push(step(`Say back what you heard, and what makes sense to you in ${name}'s view.`));
        parts.push(hint("Try \"It makes sense to me that you felt … because …\". No arguing about what really happened: you can see it differently and still understand."));
        parts.push(textStep(c, { field: "aftermath_validation", label: "What I understand", limit: limits.validation, command: "aftermath_perspective_validate", submit: "Share my understanding", placeholder: "It makes sense to me that…" }));
      } else {
        parts.push(step(`Wait while ${c.nameOf(ex.waiting_for)} says back what they heard.`));
      }
    } else if (ex.phase === "confirm") {
      if (describer === c.me) {
        parts.push(step(`Does ${c.nameOf(otherOf(c, describer))} understand how it was for you?`));
        parts.push(h("div", { class: "actions" },
          h("button", { type: "button", disabled: c.isPending("aftermath_perspective_confirm") || null, onclick: () => c.send("aftermath_perspective_confirm") }, "Yes, you understand")));
        parts.push(h("details", { class: "correction", open: c.draftGet("aftermath_clarification") ? true : null },
          h("summary", {}, "Not quite: say what was missed"),
          textStep(c, { field: "aftermath_clarification", label: "What was missed?", limit: limits.clarification, command: "aftermath_perspective_clarify", submit: "Send" })));
      } else {
        parts.push(step(`Wait while ${name} checks whether you understood.`));
      }
    }
    return parts;
  }

  const otherOf = (c, id) => c.view.partners.find((p) => p !== id);

  function tap(c, label, command, payload, secondary) {
    return h("button", { type: "button", class: secondary ? "secondary" : null, disabled: c.isPending(command) || null,
      onclick: () => c.send(command, payload || {}) }, label);
  }

  function calmCheck(c, ex) {
    const parts = [];
    if (ex.not_yet) {
      const who = ex.not_yet.by === c.me ? "You said" : `${c.nameOf(ex.not_yet.by)} said`;
      parts.push(h("section", { class: "not-yet", "aria-label": "Not calm yet" },
        h("p", {}, `${who} not yet. That is a good reason to wait: going back over it while upset tends to restart the fight.`),
        h("div", { class: "actions" },
          tap(c, "Take a time-out", "time_out_call", {}),
          tap(c, "Come back to it another time", "exercise_stop", {}, true))));
    }
    if (ex.calm[c.me]) {
      parts.push(step(`You are ready. Waiting for ${c.nameOf(c.otherPartner())}'s answer.`));
      return parts;
    }
    parts.push(step("Are you calm enough to go back over it?"));
    parts.push(hint("Calm enough means your heart is not racing, and you can listen without wanting to win. Either of you can say not yet."));
    parts.push(h("div", { class: "actions" },
      tap(c, "I'm calm enough", "aftermath_calm_answer", { answer: "calm" }),
      tap(c, "Not yet", "aftermath_calm_answer", { answer: "not_yet" }, true)));
    return parts;
  }

  function apologyQuotes(c, ex) {
    const out = [];
    for (const id of ex.order) {
      const a = ex.apologies[id];
      if (!a) continue;
      out.push(quote(`${possessive(c, id)} apology`, a.text));
      if (a.answer === "accept") out.push(h("p", { class: "apology-answer" }, `${otherOf(c, id) === c.me ? "You" : c.nameOf(otherOf(c, id))}: I accept your apology.`));
      if (a.answer === "still_need") out.push(quote(`What ${otherOf(c, id) === c.me ? "you" : c.nameOf(otherOf(c, id))} still need${otherOf(c, id) === c.me ? "" : "s"}`, a.still_need));
    }
    return out;
  }

  function apologyStep(c, ex, limits) {
    const owner = ex.turn;
    const parts = [quote(`${possessive(c, owner)} own part`, ex.ownership[owner]), ...apologyQuotes(c, ex)];
    if (ex.phase === "apology") {
      if (owner === c.me) {
        parts.push(step("Would you like to apologise?"));
        parts.push(hint("Only if you mean it, and without a \"but\". It is fine to go on without one."));
        parts.push(textStep(c, { field: "aftermath_apology", label: "My apology", limit: limits.apology, command: "aftermath_apology_offer", submit: "Offer my apology", placeholder: "I'm sorry that I…" }));
        parts.push(h("div", { class: "actions" }, tap(c, "Go on without an apology", "aftermath_apology_skip", {}, true)));
      } else {
        parts.push(step(`${c.nameOf(owner)} may add an apology.`));
      }
    } else if (ex.phase === "apology_answer") {
      if (ex.waiting_for === c.me) {
        parts.push(quote(`${c.nameOf(owner)}'s apology`, ex.apologies[owner].text));
        parts.push(step("How do you answer the apology?"));
        parts.push(h("div", { class: "actions" }, tap(c, "I accept your apology", "aftermath_apology_answer", { answer: "accept" })));
        parts.push(h("details", { class: "correction", open: c.draftGet("aftermath_still_need") ? true : null },
          h("summary", {}, "I still need something before I can"),
          textStep(c, { field: "aftermath_still_need", label: "What I still need", limit: limits.still_need, command: "aftermath_apology_answer", submit: "Say what I need", extra: { answer: "still_need" } })));
      } else {
        parts.push(step(`Wait while ${c.nameOf(ex.waiting_for)} answers your apology.`));
      }
    }
    return parts;
  }

  function nextTimeForm(c, limits) {
    const form = h("form", { onsubmit: (e) => {
      e.preventDefault();
      const [text, request] = [...form.querySelectorAll("textarea")].map((t) => t.value);
      const payload = { text };
      if (request.trim()) payload.request = request;
      c.send("aftermath_next_time_propose", payload, ["aftermath_next_time", "aftermath_request"]);
    } },
      c.draftArea("aftermath_next_time", { label: "Next time I will…", limit: limits.next_time }),
      c.draftArea("aftermath_request", { label: `One thing I ask of ${c.nameOf(c.otherPartner())} next time (optional)`, limit: limits.request, rows: 2 }),
      h("button", { type: "submit", disabled: c.isPending("aftermath_next_time_propose") || null }, "Share"));
    return form;
  }

  function requestQuotes(c, ex) {
    const out = [];
    for (const id of ex.order) {
      const r = ex.requests[id];
      if (!r) continue;
      out.push(quote(`${possessive(c, id)} request`, r.text));
      if (r.answer) out.push(h("p", { class: "request-answer" }, `Agreed: ${r.agreed}`));
    }
    return out;
  }

  function requestAnswerStep(c, ex, limits) {
    const asker = ex.turn;
    const parts = [quote(`What ${asker === c.me ? "you" : c.nameOf(asker)} will do differently`, ex.next_time[asker]), ...requestQuotes(c, ex)];
    if (ex.waiting_for === c.me) {
      parts.push(step(`Can you do what ${c.nameOf(asker)} asks?`));
      parts.push(h("div", { class: "actions" }, tap(c, "Yes, I'll do that", "aftermath_request_answer", { answer: "accept" })));
      parts.push(h("details", { class: "correction", open: c.draftGet("aftermath_adjust") ? true : null },
        h("summary", {}, "Adjust it to what I can promise"),
        textStep(c, { field: "aftermath_adjust", label: "What I can promise", limit: limits.request, command: "aftermath_request_answer", submit: "Promise this", extra: { answer: "adjust" } })));
    } else {
      parts.push(step(`Wait while ${c.nameOf(ex.waiting_for)} answers your request.`));
    }
    return parts;
  }

  /** The verb agreeing with its subject: "You were set off by", "Sam was set off by". */
  function labelFor(c, id, label) {
    return label === "set off by" ? `${id === c.me ? "were" : "was"} set off by` : label;
  }

  function entries(c, data) {
    const lines = [];
    const by = (id) => h("strong", {}, id === c.me ? "You" : c.nameOf(id));
    for (const id of data.order) {
      if (data.feelings[id]) lines.push(h("li", {}, by(id), " felt: ", data.feelings[id].join(", ")));
    }
    for (const id of data.order) {
      const p = data.perspectives[id];
      if (!p || !p.validation) continue;
      lines.push(h("li", {}, by(id), ": ", p.text,
        h("p", { class: "paraphrase" }, `${otherOf(c, id) === c.me ? "You" : c.nameOf(otherOf(c, id))} understood: `, p.validation)));
    }
    const labelled = [["triggers", "set off by"], ["ownership", "owned"], ["next_time", "will do differently next time"]];
    for (const [key, label] of labelled) {
      for (const id of data.order) {
        if (data[key][id]) lines.push(h("li", {}, by(id), ` ${labelFor(c, id, label)}: `, data[key][id]));
        const apology = key === "ownership" && (data.apologies || {})[id];
        if (apology) {
          lines.push(h("li", {}, by(id), " apologised: ", apology.text,
            apology.answer === "accept" ? h("p", { class: "paraphrase" }, "Apology accepted.") : null,
            apology.answer === "still_need" ? h("p", { class: "paraphrase" }, "Still needed: ", apology.still_need) : null));
        }
      }
    }
    for (const item of data.plan || []) {
      lines.push(h("li", { class: "plan-item" }, "Our plan: ", by(item.owner), item.asked_by ? " (asked by " : "", item.asked_by ? by(item.asked_by) : "", item.asked_by ? ")" : "", ": ", item.text));
    }
    return lines;
  }

  function history(c) {
    return entries(c, c.view.exercise); // oldest first, numbered 1, 2, …
  }

  function summary(record, c) {
    const s = record.summary;
    if (!s.order) return [];
    return [
      s.incident ? h("p", {}, "About: ", h("strong", {}, s.incident)) : null,
      h("ul", { class: "aftermath-summary" }, ...entries(c, s)),
    ].filter(Boolean);
  }

  function describe(event, c) {
    const d = event.data || {};
    if (event.type === "aftermath_step_started") return d.step === "calm_check" ? null : `Next step: ${STEPS[d.step]}.`;
    if (d.by === c.me) return null;
    const name = c.nameOf(d.by);
    switch (event.type) {
      case "aftermath_calm_answered": return `${name} is calm enough to begin.`;
      case "aftermath_not_calm_yet": return `${name} is not calm enough yet.`;
      case "aftermath_apology_offered": return `${name} apologised.`;
      case "aftermath_apology_skipped": return null;
      case "aftermath_apology_answered": return d.answer === "accept" ? `${name} accepts your apology.` : `${name} said what they still need.`;
      case "aftermath_request_answered": return d.answer === "accept" ? `${name} agreed to your request.` : `${name} adjusted your request.`;
      case "aftermath_feelings_named": return `${name} named their feelings.`;
      case "aftermath_perspective_described": return `${name} shared how it was for them.`;
      case "aftermath_perspective_validated": return `${name} said what they understood.`;
      case "aftermath_perspective_confirmed": return `${name} feels understood.`;
      case "aftermath_perspective_clarified": return `${name} added what was missed.`;
      case "aftermath_trigger_named": return `${name} said what set them off.`;
      case "aftermath_part_owned": return `${name} named their part.`;
      case "aftermath_next_time_proposed": return `${name} said what they will do next time.`;
      default: return null;
    }
  }

  Attune.exercises.aftermath = {
    title: "Aftermath of a regrettable incident",
    intro: "After a fight or a moment you regret, go back over it together, calmly and in turn: first check you are both calm enough, then how each of you felt, how it was for each of you, what set you off, your own part (and an apology if you want to give one), and one thing to do differently (and one thing you ask of each other). After the Gottmans' aftermath of a fight or regrettable incident.",
    startForm,
    render,
    history,
    summary,
    describe,
  };
})();
