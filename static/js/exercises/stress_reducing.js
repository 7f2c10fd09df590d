/* The stress-reducing conversation (after Gottman & Silver's stress-reducing
 * conversation): each partner in turn talks about stress from outside the
 * relationship while the other listens with the technique's own moves (show
 * I understand, take your side, us against the world, affection). Advice
 * waits until the speaker asks for it: own words that read as advice are
 * answered with a gentle nudge (advice_not_asked) and the draft is kept. A
 * calm timer shows the turn against its length from the server's deadline
 * (turn_cue_at; nothing is cut off). The speaker ends their turn and may say
 * what helped. Typed mode writes each piece; spoken mode records taps.
 * Wording, moves and limits come from config.stress
 * (exercises/stress_conversation.py, exercises/data/stress_conversation.json).
 */
(() => {
  "use strict";
  const Attune = (window.Attune = window.Attune || {});
  Attune.exercises = Attune.exercises || {};

  const h = (...args) => Attune.session.h(...args);
  const step = (text) => h("h2", { class: "step", tabindex: "-1" }, text);
  const hint = (text) => h("p", { class: "hint" }, text);

  function clockText(seconds) {
    const total = Math.max(0, Math.floor(seconds));
    return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
  }

  // One ticker for the turn timer: the number every second, one re-render
  // when the gentle cue is reached.
  const ticker = { id: null, cueShown: true };

  function tick() {
    const c = Attune.session.ctx();
    const ex = c.view && c.view.exercise;
    if (!ex || ex.kind !== "stress_reducing") {
      clearInterval(ticker.id);
      ticker.id = null;
      return;
    }
    const now = c.serverNow();
    const el = document.getElementById("stress-clock");
    if (el) el.textContent = clockText(now - ex.turn_started_at);
    const cueShown = now >= ex.turn_cue_at;
    if (cueShown !== ticker.cueShown) {
      ticker.cueShown = cueShown;
      Attune.session.render();
    }
  }

  function turnTimer(c, ex) {
    const now = c.serverNow();
    ticker.cueShown = now >= ex.turn_cue_at;
    if (ticker.id === null) ticker.id = setInterval(tick, 1000);
    return h("p", { class: "practice-timer" },
      h("span", { id: "stress-clock", role: "timer", "aria-live": "off" }, clockText(now - ex.turn_started_at)),
      ` of about ${ex.turn_minutes} minutes`,
      ticker.cueShown ? h("span", { class: "practice-cue" }, " · The time for this turn is about up. Finish your thought; nothing is cut off.") : null);
  }

  const moveLabel = (c, id) => ((c.config.stress.moves.find((m) => m.id === id) || {}).label || id);

  function startForm(c) {
    const { me, otherPartner, nameOf, config } = c;
    const turn = config.stress.turn;
    const minutes = [];
    for (let m = turn.min; m <= turn.max; m += 5) minutes.push(h("option", { value: m, selected: m === turn.default || null }, `${m} minutes`));
    const form = h("form", { class: "start-form", onsubmit: (e) => {
      e.preventDefault();
      const data = new FormData(form);
      c.send("exercise_start", { exercise: "stress_reducing", first_speaker: data.get("first_speaker"), mode: data.get("mode"), turn_minutes: Number(data.get("turn_minutes")) });
    } },
      hint("About stress from outside the two of you: work, family, friends, health. Not a moment to talk through a disagreement between you."),
      h("fieldset", {}, h("legend", {}, "Who talks first?"),
        ...(c.view.partners.includes(me)
          ? [h("label", { class: "choice" }, h("input", { type: "radio", name: "first_speaker", value: me, checked: true }), "I will"),
             h("label", { class: "choice" }, h("input", { type: "radio", name: "first_speaker", value: otherPartner() }), nameOf(otherPartner()))]
          : c.view.partners.map((p, i) => h("label", { class: "choice" },
              h("input", { type: "radio", name: "first_speaker", value: p, checked: i === 0 || null }), nameOf(p))))),
      h("fieldset", {}, h("legend", {}, "How will you talk?"),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "mode", value: "typed", checked: true }), "Typed: each of you writes"),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "mode", value: "spoken" }), "Spoken: you talk aloud and tap")),
      h("label", { class: "choice" }, "Each turn ", h("select", { name: "turn_minutes" }, ...minutes),
        h("span", { class: "hint" }, " A calm cue when the time is up; nothing stops.")),
      h("button", { type: "submit", disabled: c.isPending("exercise_start") || null }, "Start the stress-reducing conversation"));
    return form;
  }

  function textStep(c, { field, label, limit, command, submit, placeholder }) {
    const form = h("form", { onsubmit: (e) => {
      e.preventDefault();
      c.send(command, { text: form.querySelector("textarea").value }, field);
    } },
      c.draftArea(field, { label, limit, placeholder, rows: 3 }),
      h("button", { type: "submit", disabled: c.isPending(command) || null }, submit));
    return form;
  }

  function speakerView(c, ex, typed) {
    const limits = c.config.stress.limits;
    const parts = [step(typed ? "Tell what is weighing on you, a piece at a time." : "Talk about what is weighing on you; tap after each piece.")];
    parts.push(hint("Stress from outside the two of you. Your partner's part is to understand and be on your side, not to fix it."));
    parts.push(typed
      ? textStep(c, { field: "stress_share", label: "What's on my mind", limit: limits.share, command: "stress_share", submit: "Share this" })
      : h("div", { class: "actions" }, h("button", { type: "button", disabled: c.isPending("stress_share") || null, onclick: () => c.send("stress_share") }, "I've said a piece")));
    if (!ex.advice_invited) {
      parts.push(h("div", { class: "actions" }, h("button", {
        type: "button", class: "secondary", disabled: c.isPending("stress_advice_invite") || null,
        onclick: () => c.send("stress_advice_invite"),
      }, "What would you do? (I'd like your ideas)")));
    } else {
      parts.push(hint("You asked for ideas: your partner can now offer some."));
    }
    const boxes = c.config.stress.moves.map((m) => h("label", { class: "choice" },
      h("input", { type: "checkbox", name: "helped", value: m.id }), m.label));
    const form = h("form", { class: "turn-end", onsubmit: (e) => {
      e.preventDefault();
      const helped = [...form.querySelectorAll("input[name=helped]:checked")].map((i) => i.value);
      c.send("stress_turn_end", { helped, text: form.querySelector("textarea").value }, "stress_helped");
    } },
      h("fieldset", {}, h("legend", {}, "What helped? (optional)"), ...boxes),
      c.draftArea("stress_helped", { label: "Anything else that helped (optional)", limit: limits.helped, rows: 2 }),
      h("button", { type: "submit", class: "secondary", disabled: c.isPending("stress_turn_end") || null },
        ex.round === 1 ? "I'm done: my partner's turn" : "I'm done: finish the conversation"));
    parts.push(h("details", { class: "turn-end-box", open: c.draftGet("stress_helped") ? true : null },
      h("summary", {}, "I've said what I needed to"), form));
    return parts;
  }

  function listenerView(c, ex, typed) {
    const limits = c.config.stress.limits;
    const speaker = c.nameOf(ex.speaker);
    const parts = [step(`Listen to ${speaker}, and be on their side.`)];
    if (ex.advice_invited) {
      parts.push(h("p", { class: "note" }, `${speaker} asked for your ideas. Offer one, gently.`));
      parts.push(typed
        ? textStep(c, { field: "stress_advice", label: "My idea", limit: limits.advice, command: "stress_advice_give", submit: "Offer this idea" })
        : h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", disabled: c.isPending("stress_advice_give") || null, onclick: () => c.send("stress_advice_give") }, "I offered an idea")));
    } else {
      parts.push(hint("Advice can wait until they ask for it. Choose a way to respond below" + (typed ? ", in your own words if you like." : ", say it aloud, then tap.")));
    }
    let area = null;
    if (typed) {
      area = c.draftArea("stress_move", { label: "In my own words (optional)", limit: limits.move, rows: 2 });
      parts.push(area);
    }
    const moves = c.config.stress.moves.map((m) => h("li", { class: "move" },
      h("button", {
        type: "button", id: `stress-move-${m.id}`, disabled: c.isPending("stress_move") || null,
        onclick: () => {
          const textarea = area && area.querySelector("textarea");
          const text = textarea ? textarea.value.trim() : "";
          c.send("stress_move", text ? { move: m.id, text } : { move: m.id }, typed ? "stress_move" : null);
        },
      }, m.label),
      h("p", { class: "hint" }, m.explanation, " For example: “", m.examples[0], "”")));
    parts.push(h("ul", { class: "plain stress-moves", "aria-label": "Ways to respond" }, ...moves));
    return parts;
  }

  function render(c) {
    const ex = c.view.exercise;
    const typed = ex.mode === "typed";
    const parts = [
      h("p", { class: "topic" }, `Stress-reducing conversation · ${typed ? "typed" : "spoken"} · turn ${ex.round} of 2`),
      turnTimer(c, ex),
    ];
    const speaking = ex.speaker === c.me;
    const listening = ex.listener === c.me;
    parts.push(h("p", { class: `role role-${speaking ? "speaker" : listening ? "listener" : "observer"}` },
      speaking ? "Your turn to talk. Your partner listens." : listening ? `${c.nameOf(ex.speaker)} talks; you listen.` : `${c.nameOf(ex.speaker)} talks.`));
    const last = ex.recent[ex.recent.length - 1];
    if (last && typed && last.text) parts.push(quote(`${last.by === c.me ? "You" : c.nameOf(last.by)}${last.type === "move" ? ` (${moveLabel(c, last.move)})` : last.type === "advice" ? " (an idea)" : ""}`, last.text));
    if (speaking) parts.push(...speakerView(c, ex, typed));
    else if (listening) parts.push(...listenerView(c, ex, typed));
    else parts.push(step(`${c.nameOf(ex.speaker)} is talking; ${c.nameOf(ex.listener)} listens.`));
    parts.push(h("div", { class: "actions secondary-actions" },
      h("button", { type: "button", class: "secondary", disabled: c.isPending("exercise_stop") || null, onclick: () => c.send("exercise_stop") }, "Stop this exercise")));
    return parts.filter(Boolean);
  }

  function quote(label, text) {
    return h("figure", { class: "quote" }, h("figcaption", {}, label), h("blockquote", {}, text));
  }

  function history(c) {
    const ex = c.view.exercise;
    return ex.recent.map((p) => {
      const who = p.by === c.me ? "You" : c.nameOf(p.by);
      const label = p.type === "move" ? ` (${moveLabel(c, p.move)})` : p.type === "advice" ? " (an idea)" : "";
      return h("li", {}, h("p", {}, h("strong", {}, who + label), ": ", p.text || (p.type === "share" ? "(said aloud)" : "(said aloud or shown)")));
    });
  }

  function summary(record, c) {
    const s = record.summary;
    if (!s.helped) return [];
    return [
      h("h3", {}, "What helped each of you"),
      h("ul", { class: "helped" }, ...s.order.filter((pid) => s.helped[pid]).map((pid) => {
        const helped = s.helped[pid];
        const moves = helped.moves.map((m) => moveLabel(c, m));
        const said = [...moves, ...(helped.text ? [helped.text] : [])].join("; ") || "Nothing named, and that is fine.";
        return h("li", {}, h("strong", {}, pid === c.me ? "You" : c.nameOf(pid)), ": ", said);
      })),
    ];
  }

  function describe(event, c) {
    const d = event.data || {};
    const who = (id) => (id === c.me ? "You" : c.nameOf(id));
    switch (event.type) {
      case "stress_turn_started": return d.speaker === c.me ? "Your turn to talk." : `${who(d.speaker)}'s turn to talk. You listen.`;
      case "stress_shared": return d.by === c.me ? null : `${who(d.by)} shared something.`;
      case "stress_move_made": return d.by === c.me ? null : `${who(d.by)}: ${moveLabel(c, d.move)}.`;
      case "stress_advice_invited": return d.by === c.me ? null : `${who(d.by)} would like your ideas.`;
      case "stress_advice_given": return d.by === c.me ? null : `${who(d.by)} offered an idea.`;
      default: return null;
    }
  }

  Attune.exercises.stress_reducing = {
    title: "Stress-reducing conversation",
    intro: "Each of you in turn talks about stress from outside your relationship; the other listens, understands and takes your side, and holds advice until asked. After Gottman's stress-reducing conversation.",
    startForm,
    render,
    history,
    summary,
    describe,
  };
})();
