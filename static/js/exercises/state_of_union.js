/* The State of the Union (after Gottman's weekly State of the Union meeting)
 * as a live agenda of four steps: appreciations (each writes privately;
 * both lists are revealed together), what went well, one issue talked
 * through with the Speaker–Listener exchange (the active-listening screens
 * of Attune.floor, on exercise.floor) or skipped, and "what would make you
 * feel loved this week?" (answers revealed together and kept on the couple
 * page for the week). The view never holds the other partner's unrevealed
 * lines (exercises/state_of_union.py); this file only shows what it gets.
 * Limits come from config.sotu.
 */
(() => {
  "use strict";
  const Attune = (window.Attune = window.Attune || {});
  Attune.exercises = Attune.exercises || {};

  const h = (...args) => Attune.session.h(...args);
  const step = (text) => h("h2", { class: "step", tabindex: "-1" }, text);
  const hint = (text) => h("p", { class: "hint" }, text);

  const STEPS = {
    appreciations: "Appreciations",
    went_well: "What went well",
    issue: "One issue",
    loved: "Feeling loved this week",
  };
  const ORDER = Object.keys(STEPS);

  function quote(label, text) {
    return h("figure", { class: "quote" }, h("figcaption", {}, label), h("blockquote", {}, text));
  }

  const whose = (c, id) => (id === c.me ? "You" : c.nameOf(id));

  function startForm(c) {
    const form = h("form", { class: "start-form", onsubmit: (e) => {
      e.preventDefault();
      c.send("exercise_start", { exercise: "state_of_union" });
    } },
      hint("Four short steps: what you appreciated, what went well, one issue if there is one, and what would make each of you feel loved this week."),
      h("button", { type: "submit", disabled: c.isPending("exercise_start") || null }, "Start our State of the Union"));
    return form;
  }

  function textStep(c, { field, label, limit, command, submit, rows = 3, items = false }) {
    const form = h("form", { onsubmit: (e) => {
      e.preventDefault();
      const value = form.querySelector("textarea").value;
      c.send(command, items ? { items: value.split("\n") } : { text: value }, field);
    } },
      c.draftArea(field, { label, limit, rows }),
      h("button", { type: "submit", disabled: c.isPending(command) || null }, submit));
    return form;
  }

  function listOf(c, byPartner, order) {
    return h("ul", { class: "plain sotu-list" }, ...order.filter((pid) => byPartner[pid] !== undefined).map((pid) =>
      h("li", {}, h("strong", {}, whose(c, pid)), ": ",
        Array.isArray(byPartner[pid]) ? h("ul", {}, ...byPartner[pid].map((line) => h("li", {}, line))) : byPartner[pid])));
  }

  function appreciationsStep(c, ex) {
    const cfg = c.config.sotu;
    const mine = ex.appreciations[c.me];
    const otherWrote = (ex.appreciations_written || []).includes(c.otherPartner());
    if (!mine) {
      return [
        step("What did you appreciate about your partner this week?"),
        otherWrote ? h("p", { class: "note" }, `${c.nameOf(c.otherPartner())} has written theirs.`) : null,
        hint(`One to ${cfg.max_appreciations} things, one per line. They stay hidden until you have both written; then you see both together.`),
        textStep(c, { field: "sotu_appreciations", label: "Things I appreciated (one per line)", limit: cfg.max_appreciations * (cfg.limits.appreciation + 1), command: "sotu_appreciations_write", submit: "Keep mine until we both have written", rows: cfg.max_appreciations, items: true }),
      ];
    }
    return [
      h("figure", { class: "quote" }, h("figcaption", {}, "You wrote"), h("ul", {}, ...mine.map((line) => h("li", {}, line)))),
      step(`Waiting for ${c.nameOf(c.otherPartner())} to write theirs.`),
      hint("Both lists are shown together once you have both written."),
    ];
  }

  function wentWellStep(c, ex) {
    const parts = [];
    if (Object.keys(ex.appreciations).length === 2) {
      parts.push(h("h3", {}, "What you appreciated in each other"), listOf(c, ex.appreciations, c.view.partners));
    }
    if (Object.keys(ex.went_well).length) parts.push(h("h3", {}, "What went well"), listOf(c, ex.went_well, c.view.partners));
    if (!ex.went_well[c.me]) {
      parts.push(step("What went well for the two of you this week?"));
      parts.push(textStep(c, { field: "sotu_went_well", label: "What went well", limit: c.config.sotu.limits.went_well, command: "sotu_went_well_share", submit: "Share" }));
    } else {
      parts.push(step(`Waiting for ${c.nameOf(c.otherPartner())} to share theirs.`));
    }
    return parts;
  }

  function issueStep(c, ex) {
    if (ex.floor) return Attune.floor.render(c, ex.floor);
    const { me, otherPartner, nameOf } = c;
    const form = h("form", { class: "start-form", onsubmit: (e) => {
      e.preventDefault();
      const data = new FormData(form);
      c.send("sotu_issue_choose", { topic: form.querySelector("textarea").value, first_speaker: data.get("first_speaker"), mode: data.get("mode") }, "sotu_issue_topic");
    } },
      c.draftArea("sotu_issue_topic", { label: "The issue, in a few words", limit: c.config.limits.topic, rows: 2 }),
      h("fieldset", {}, h("legend", {}, "Who speaks first?"),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "first_speaker", value: me, checked: true }), "I will"),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "first_speaker", value: otherPartner() }), nameOf(otherPartner()))),
      h("fieldset", {}, h("legend", {}, "How will you talk?"),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "mode", value: "typed", checked: true }), "Typed"),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "mode", value: "spoken" }), "Spoken, with taps")),
      h("button", { type: "submit", disabled: c.isPending("sotu_issue_choose") || null }, "Talk it through, speaker and listener"));
    return [
      step("Is there one issue to talk through this week?"),
      hint("One at a time, with the speaker–listener exchange: one speaks, the other says back what they heard. No solving until both feel understood."),
      form,
      h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", disabled: c.isPending("sotu_issue_skip") || null, onclick: () => c.send("sotu_issue_skip") }, "Nothing to raise this week")),
    ];
  }

  function lovedStep(c, ex) {
    const mine = ex.loved[c.me];
    const otherWrote = (ex.loved_written || []).includes(c.otherPartner());
    if (!mine) {
      return [
        step("What would make you feel loved this week?"),
        otherWrote ? h("p", { class: "note" }, `${c.nameOf(c.otherPartner())} has answered.`) : null,
        hint("Something small and concrete your partner can do. Hidden until you have both answered; then kept on your couple page for the week."),
        textStep(c, { field: "sotu_loved", label: "What would make me feel loved", limit: c.config.sotu.limits.loved, command: "sotu_loved_write", submit: "Keep mine until we both have answered" }),
      ];
    }
    return [quote("You wrote", mine), step(`Waiting for ${c.nameOf(c.otherPartner())} to answer.`),
      hint("Both answers are shown together.")];
  }

  function render(c) {
    const ex = c.view.exercise;
    const index = ORDER.indexOf(ex.step);
    const parts = [
      h("p", { class: "topic" }, `State of the Union · step ${index + 1} of ${ORDER.length}: ${STEPS[ex.step]}`),
      h("ol", { class: "aftermath-steps" }, ...ORDER.map((s, i) =>
        h("li", { class: i < index ? "done" : i === index ? "current" : null, "aria-current": i === index ? "step" : null }, STEPS[s]))),
    ];
    const isPartner = c.view.partners.includes(c.me);
    if (!isPartner && ex.floor) parts.push(...Attune.floor.render(c, ex.floor));
    else if (!isPartner) parts.push(step(`${STEPS[ex.step]}: the partners are writing.`));
    else if (ex.step === "appreciations") parts.push(...appreciationsStep(c, ex));
    else if (ex.step === "went_well") parts.push(...wentWellStep(c, ex));
    else if (ex.step === "issue") parts.push(...issueStep(c, ex));
    else parts.push(...lovedStep(c, ex));
    parts.push(h("div", { class: "actions secondary-actions" },
      h("button", { type: "button", class: "secondary", disabled: c.isPending("exercise_stop") || null, onclick: () => c.send("exercise_stop") }, "Stop this exercise")));
    return parts.filter(Boolean);
  }

  function history(c) {
    const ex = c.view.exercise;
    if (ex.floor) return Attune.floor.history(c, ex.floor);
    return [];
  }

  function summary(record, c) {
    const s = record.summary;
    if (!s.loved) return [];
    const order = c.view.partners;
    const until = new Date(s.loved_until * 1000).toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "long" });
    return [
      h("h3", {}, "What you appreciated in each other"), listOf(c, s.appreciations, order),
      h("h3", {}, "What went well"), listOf(c, s.went_well, order),
      s.issue ? h("p", {}, `The issue: ${s.issue.topic}.`) : h("p", {}, "No issue this week."),
      h("h3", {}, "What would make each of you feel loved this week"), listOf(c, s.loved, order),
      hint(`Kept on your couple page until ${until}.`),
    ];
  }

  function describe(event, c) {
    const d = event.data || {};
    switch (event.type) {
      case "sotu_step_started": return d.step === "appreciations" ? null : `Next: ${STEPS[d.step]}.`;
      case "sotu_appreciations_revealed": return "Both lists of appreciations are in.";
      case "sotu_went_well_shared": return d.by === c.me ? null : `${whose(c, d.by)} shared what went well.`;
      case "sotu_issue_chosen": return d.by === c.me ? null : `${whose(c, d.by)} raised an issue: ${d.topic}.`;
      case "sotu_loved_revealed": return "Both answers are in.";
      default: return Attune.floor ? Attune.floor.describe(event, c) : null;
    }
  }

  Attune.exercises.state_of_union = {
    title: "State of the Union",
    intro: "A weekly check-in: appreciations revealed together, what went well, one issue through the speaker–listener exchange, and what would make each of you feel loved this week. After Gottman's State of the Union meeting.",
    startForm,
    render,
    history,
    summary,
    describe,
  };
})();
