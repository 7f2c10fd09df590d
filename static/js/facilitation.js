/* Therapist facilitation: session-wide panels.
 *
 * For partners: a pause held by their therapist (blocks the exercise) and the
 * therapist's latest prompt, prominent until dismissed on this device.
 * For the therapist (view.role === "facilitator"): the controls (pause or
 * resume, a prompt to both, a time-out, stop the exercise to move on) and,
 * while an exercise runs, both partners' screens side by side, read-only:
 * each is the exercise rendered as that partner sees it, from the shared
 * view, so nothing private to a partner can appear (the server never sends
 * it). Commands: session_pause, session_resume, facilitator_prompt,
 * time_out_call, exercise_stop (docs/protocol.md).
 */
(() => {
  "use strict";
  const Attune = (window.Attune = window.Attune || {});
  Attune.panels = Attune.panels || [];
  if (!Attune.session) return;
  const h = (...args) => Attune.session.h(...args);
  const isFacilitator = (c) => c.view.role === "facilitator";

  function dismissedKey(c) {
    return `attune.${c.config.session}.${c.me}.prompt-dismissed`;
  }

  function partnerPanel(c) {
    if (isFacilitator(c)) return null;
    const nodes = [];
    const prompts = c.view.prompts || [];
    const latest = prompts[prompts.length - 1];
    if (latest && String(latest.at) !== localStorage.getItem(dismissedKey(c))) {
      nodes.push(h("aside", { class: "card prompt", "aria-label": "A prompt from your therapist" },
        h("p", { class: "hint" }, `${c.nameOf(latest.by)} (your therapist) says:`),
        h("p", { class: "prompt-text" }, latest.text),
        h("button", { type: "button", class: "secondary", onclick: () => {
          localStorage.setItem(dismissedKey(c), String(latest.at));
          Attune.session.render();
        } }, "OK")));
    }
    if (c.view.paused) {
      nodes.push(h("h2", { class: "step" }, "Your therapist has paused the session for a moment."),
        h("p", {}, "Take a breath. The exercise will go on exactly where it was."));
      return { nodes, block: true };
    }
    return nodes.length ? { nodes, block: false } : null;
  }

  function mirror(c, exercise, partner) {
    const inner = { ...c, me: partner, send: () => {}, isPending: () => false, error: null };
    const column = h("section", { class: "mirror", "aria-label": `${c.nameOf(partner)}'s screen (view only)` },
      h("h3", {}, `${c.nameOf(partner)} sees`), ...exercise.render(inner));
    for (const el of column.querySelectorAll("[id]")) el.id = `mirror-${partner}-${el.id}`;
    for (const el of column.querySelectorAll("label[for]")) el.htmlFor = `mirror-${partner}-${el.htmlFor}`;
    for (const el of column.querySelectorAll("[aria-describedby]"))
      el.setAttribute("aria-describedby", `mirror-${partner}-${el.getAttribute("aria-describedby")}`);
    for (const el of column.querySelectorAll("button, input, textarea, select")) el.disabled = true;
    return column;
  }

  function facilitatorPanel(c) {
    if (!isFacilitator(c)) return null;
    const view = c.view;
    const promptForm = h("form", { class: "prompt-form", onsubmit: (e) => {
      e.preventDefault();
      c.send("facilitator_prompt", { text: promptForm.querySelector("textarea").value }, "facilitator-prompt");
    } },
      c.draftArea("facilitator-prompt", { label: "A prompt both partners see", limit: c.config.facilitation.prompt_limit, rows: 2,
        placeholder: "e.g. Slow down: one piece at a time." }),
      h("button", { type: "submit", disabled: c.isPending("facilitator_prompt") || null }, "Send the prompt"));
    const controls = h("div", { class: "actions" },
      view.paused
        ? h("button", { type: "button", onclick: () => c.send("session_resume") }, "Resume the session")
        : h("button", { type: "button", onclick: () => c.send("session_pause") }, "Pause the session"),
      view.time_out ? null : h("button", { type: "button", class: "secondary", onclick: () => c.send("time_out_call", {}) }, "Call a time-out"),
      view.exercise ? h("button", { type: "button", class: "secondary", onclick: () => c.send("exercise_stop") }, "Stop this exercise and move on") : null);
    const nodes = [
      h("section", { class: "card facilitator", "aria-labelledby": "facilitator-heading" },
        h("h2", { id: "facilitator-heading" }, "You are facilitating"),
        h("p", { class: "hint" }, view.paused ? "The session is paused: both partners are waiting." : "Both partners see that you are here."),
        controls, promptForm),
    ];
    const exercise = view.exercise && Attune.exercises[view.exercise.kind];
    if (exercise) {
      nodes.push(h("div", { class: "mirrors" }, ...view.partners.map((p) => mirror(c, exercise, p))));
      return { nodes, block: true };
    }
    return { nodes, block: false };
  }

  function describe(event, c) {
    const d = event.data || {};
    if (event.type === "session_paused") return isFacilitator(c) ? "You paused the session." : "Your therapist paused the session.";
    if (event.type === "session_resumed") return "The session goes on.";
    if (event.type === "facilitator_prompted") return `${c.nameOf(d.by)} says: ${d.text}`;
    if (event.type === "facilitator_joined" && !isFacilitator(c)) return "Your therapist has joined.";
    if (event.type === "facilitator_left" && !isFacilitator(c)) return "Your therapist has handed the session back to you. Carry on at your own pace.";
    return null;
  }

  Attune.panels.push({ render: partnerPanel, describe }, { render: facilitatorPanel });
})();
