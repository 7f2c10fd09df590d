/* I-statement rewriting screens.
 *
 * The writer writes the complaint as it comes and gets live coaching
 * (static/js/exercises/i_statement_coach.js: each keystroke pause sends an
 * "analyze" frame, answered to this socket only and stored nowhere; the
 * flagged words are highlighted with the reason for each). A guided builder turns it into
 * feeling + situation + need + request. Everything written before sharing is
 * a private draft: kept on this device (localStorage) and saved to the
 * server's private area (i_statement_draft_save) so it survives reconnects
 * and other devices; the partner never receives it. Protocol: docs/protocol.md.
 */
(() => {
  "use strict";
  const Attune = (window.Attune = window.Attune || {});
  Attune.exercises = Attune.exercises || {};

  const h = (...args) => Attune.session.h(...args);
  const cx = () => Attune.session.ctx();
  const SAVE_DELAY_MS = 1500;
  const BLUR_SAVE_DELAY_MS = 400;
  const FIELDS = ["complaint", "feeling", "situation", "need", "request", "rewrite"];
  const PARTS = ["feeling", "situation", "need", "request"];
  const { tidy, compose, coachArea, coachView } = Attune.iStatementCoach;

  // ---- drafts: this device and the server's private area --------------------------

  const localKey = (ex, field) => `attune.${cx().config.session}.${cx().me}.is.${ex.started_at}.${ex.round}.${field}`;
  const localGet = (ex, field) => { try { return localStorage.getItem(localKey(ex, field)) || ""; } catch (_) { return ""; } };
  const localSet = (ex, field, v) => { try { localStorage.setItem(localKey(ex, field), v); } catch (_) { /* page only */ } };

  /** Forget this device's I-statement drafts except those of `keep` (a key prefix). */
  function sweepLocal(keep) {
    try {
      const prefix = `attune.${cx().config.session}.${cx().me}.is.`;
      for (const key of Object.keys(localStorage)) {
        if (key.startsWith(prefix) && (!keep || !key.startsWith(keep))) localStorage.removeItem(key);
      }
    } catch (_) { /* storage disabled */ }
  }

  // ---- the writer's workbench (kept across renders so typing is never interrupted) --

  let bench = null;

  function workbench(c, ex) {
    const key = `${ex.started_at}.${ex.round}.${c.me}`;
    if (bench && bench.key === key) return bench;
    sweepLocal(localKey(ex, ""));
    const limits = c.config.i_statements.limits;
    const inputs = {};
    let saveTimer = null;
    let mode = "complaint";

    const values = () => Object.fromEntries(FIELDS.map((f) => [f, inputs[f].value]));
    // What the server's private area holds, as far as this page knows (the
    // view's my_draft plus what was sent since), and the version a save was
    // sent at: the next command waits until the view has moved past it, so
    // it is not refused as made against a stale version.
    const known = { ...(ex.my_draft || {}) };
    let sent = null;
    const settling = () => {
      const now = cx();
      if (now.isPending("i_statement_draft_save")) return true;
      return !!sent && now.view.version <= sent.version && Date.now() - sent.at < 3000;
    };
    const save = () => {
      clearTimeout(saveTimer);
      const now = cx();
      if (!now.view.exercise || now.view.exercise.phase !== "drafting") return;
      const changed = {};
      for (const f of FIELDS) if (inputs[f].value.trim() !== (known[f] || "")) changed[f] = inputs[f].value;
      if (!Object.keys(changed).length) return;
      if (settling()) { saveTimer = setTimeout(save, 400); return; }
      for (const [f, value] of Object.entries(changed)) known[f] = value.trim();
      sent = { version: now.view.version, at: Date.now() };
      now.send("i_statement_draft_save", changed);
    };
    const changed = (field) => {
      localSet(ex, field, inputs[field].value);
      clearTimeout(saveTimer);
      saveTimer = setTimeout(save, SAVE_DELAY_MS);
      if (field === "complaint") complaintCoach.analyze(inputs.complaint.value);
      else refreshPreview();
      counters[field] && (counters[field].textContent = Attune.fields.counterText(inputs[field].value, limits[field]));
    };
    const counters = {};
    const field = (name, label, el, hint) => {
      el.id = `is-${name}`;
      el.name = name;
      el.value = localGet(ex, name) || (ex.my_draft || {})[name] || "";
      el.addEventListener("input", () => changed(name));
      el.addEventListener("change", () => changed(name));
      // Leaving a field saves soon, not at once: a save re-renders the screen,
      // and a re-render between the press and the release of a button (the
      // press is what moved the focus here) would swallow that click.
      el.addEventListener("blur", () => {
        clearTimeout(saveTimer);
        saveTimer = setTimeout(save, BLUR_SAVE_DELAY_MS);
      });
      inputs[name] = el;
      const extra = [];
      if (el.tagName === "TEXTAREA" || el.type === "text") {
        el.dataset.maxChars = limits[name];
        counters[name] = h("p", { class: "counter", id: `is-${name}-count` }, Attune.fields.counterText(el.value, limits[name]));
        el.setAttribute("aria-describedby", `is-${name}-count`);
        extra.push(counters[name]);
      }
      return h("div", { class: "field" }, h("label", { for: el.id }, label), hint ? h("p", { class: "hint" }, hint) : null, el, ...extra);
    };

    // Raw complaint, coached live.
    // A complaint the coach already reads as a complete I-statement can be
    // shared as written: the builder is a help, not a gate (the server checks
    // the same with the analyzer, exercises/i_statements/exercise.py).
    let completeAsWritten = "";
    const asWrittenButton = h("button", { type: "button", hidden: true, onclick: () => shareAsWritten() }, "Share it as written");
    const complaintCoach = coachArea("is-coach-complaint", {
      onSuggestion: (a) => { fillFromAnalysis(a); setMode("builder"); },
      onAnalysis: (text, a) => {
        completeAsWritten = a && a.is_i_statement ? text.trim() : "";
        asWrittenButton.hidden = !completeAsWritten;
      },
    });
    const rawPanel = h("div", { class: "is-panel" },
      field("complaint", "What bothers you, as it comes", h("textarea", { rows: 5, placeholder: "Write it the way it comes out. Nobody else sees this." }),
        "Only you see this. The coach marks blame, absolutes, thoughts dressed as feelings and name-calling, and what is missing."),
      complaintCoach.root, asWrittenButton);

    // Guided builder.
    // The feelings, grouped, with a box above to narrow them by typing ("lone"
    // keeps lonely; a group's name keeps its whole group). The chosen word
    // stays in the list whatever is typed.
    const feelingSelect = h("select", {});
    const feelingFilter = h("input", { type: "search", id: "is-feeling-filter", autocomplete: "off",
      "aria-controls": "is-feeling", "aria-describedby": "is-feeling-filter-count", placeholder: "a few letters: lone, tired, calm…" });
    const feelingCount = h("p", { class: "hint", id: "is-feeling-filter-count", "aria-live": "polite" });
    function fillFeelings() {
      const typed = feelingFilter.value.trim().toLowerCase();
      const current = feelingSelect.value;
      const groups = c.config.i_statements.feelings
        .map((g) => ({ group: g.group, words: !typed || g.group.includes(typed) ? g.words : g.words.filter((w) => w.includes(typed)) }))
        .filter((g) => g.words.length);
      const count = groups.reduce((n, g) => n + g.words.length, 0);
      const listed = groups.some((g) => g.words.includes(current));
      feelingSelect.replaceChildren(
        h("option", { value: "" }, "Choose a feeling…"),
        current && !listed ? h("option", { value: current }, current) : null,
        ...groups.map((g) => h("optgroup", { label: g.group }, ...g.words.map((w) => h("option", { value: w }, w)))));
      feelingSelect.value = current;
      feelingCount.textContent = typed
        ? (count ? `${count === 1 ? "1 feeling matches" : `${count} feelings match`} “${feelingFilter.value.trim()}”.` : `No feeling matches “${feelingFilter.value.trim()}”: try fewer letters.`)
        : "";
    }
    fillFeelings();
    feelingFilter.addEventListener("input", fillFeelings);
    const needList = h("datalist", { id: "is-need-words" },
      ...c.config.i_statements.needs.flatMap((g) => g.words.map((w) => h("option", { value: w }))));
    const needInput = h("input", { type: "text", list: "is-need-words", placeholder: "closeness, rest, fairness… or your own words" });
    const needIdeas = h("details", { class: "need-ideas" }, h("summary", {}, "Ideas of needs"),
      ...c.config.i_statements.needs.map((g) => h("p", {}, h("strong", {}, `${g.group}: `),
        ...g.words.map((w) => h("button", { type: "button", class: "chip", onclick: () => { inputs.need.value = w; changed("need"); } }, w)))));
    const preview = h("blockquote", { id: "is-preview" });
    const rewriteCoach = coachArea("is-coach-rewrite");
    const wording = h("details", { class: "own-wording" }, h("summary", {}, "Change the wording"),
      field("rewrite", "Your final wording", h("textarea", { rows: 4 }), "Leave it empty to share the sentence above."));
    wording.open = !!(localGet(ex, "rewrite") || (ex.my_draft || {}).rewrite);
    wording.addEventListener("toggle", () => {
      if (wording.open && !inputs.rewrite.value.trim()) { inputs.rewrite.value = compose(values()); changed("rewrite"); }
    });
    const shareButton = h("button", { type: "submit" });
    const missingNote = h("p", { class: "hint", "aria-live": "polite" });
    const feelingField = field("feeling", "1. I feel…", feelingSelect, "A word for what goes on inside you (not what your partner did).");
    if (feelingSelect.value === "" && (localGet(ex, "feeling") || (ex.my_draft || {}).feeling)) {
      // A word kept from before that the curated list does not offer: keep it chosen.
      const kept = localGet(ex, "feeling") || ex.my_draft.feeling;
      feelingSelect.append(h("option", { value: kept }, kept));
      feelingSelect.value = kept;
    }
    feelingField.insertBefore(h("div", { class: "feeling-filter" },
      h("label", { for: "is-feeling-filter" }, "Find a feeling"), feelingFilter, feelingCount), feelingSelect);
    const builderPanel = h("form", { class: "is-panel builder", onsubmit: (e) => { e.preventDefault(); share(); } },
      feelingField,
      field("situation", "2. …when (one moment a camera could record)", h("textarea", { rows: 2, placeholder: "the dishes were still in the sink last night" })),
      field("need", "3. …because I need", needInput), needList, needIdeas,
      field("request", "4. Would you be willing to…", h("textarea", { rows: 2, placeholder: "wash up before we go to bed" }),
        "One doable thing your partner can say yes or no to."),
      h("figure", { class: "quote rewrite-preview" }, h("figcaption", {}, "Your rewrite"), preview),
      wording, rewriteCoach.root, missingNote,
      h("p", { class: "hint" }, "Your partner sees only what you share, never what you wrote first."),
      shareButton);

    function refreshPreview() {
      const v = values();
      preview.textContent = compose(v);
      const missing = PARTS.filter((p) => !v[p].trim());
      missingNote.textContent = missing.length ? `Still to fill in: ${missing.join(", ")}.` : "";
      const own = wording.open && v.rewrite.trim();
      rewriteCoach.analyze(missing.length && !own ? "" : own || compose(v));
    }

    function fillFromAnalysis(a) {
      const fill = (name, value) => { if (value && !value.includes("…") && !inputs[name].value.trim()) { inputs[name].value = value; changed(name); } };
      if (a.feeling && [...feelingSelect.options].some((o) => o.value === a.feeling)) fill("feeling", a.feeling);
      fill("situation", a.situation && tidy(a.situation, "situation"));
      fill("need", a.need && tidy(a.need, "need"));
      fill("request", a.request && tidy(a.request, "request"));
      refreshPreview();
    }

    function shareAsWritten() {
      clearTimeout(saveTimer);
      if (settling()) { setTimeout(shareAsWritten, 200); return; }
      if (completeAsWritten && completeAsWritten === inputs.complaint.value.trim()) {
        cx().send("i_statement_share", { text: completeAsWritten });
      }
    }

    function share() {
      clearTimeout(saveTimer);
      if (settling()) { setTimeout(share, 200); return; }
      const v = values();
      const payload = Object.fromEntries(PARTS.map((p) => [p, v[p]]));
      const own = wording.open ? v.rewrite.trim() : "";
      if (own && own !== compose(v)) payload.text = own;
      cx().send("i_statement_share", payload);
    }

    const tabRaw = h("button", { type: "button", class: "tab", onclick: () => setMode("complaint") }, "As it comes");
    const tabBuilder = h("button", { type: "button", class: "tab", onclick: () => setMode("builder") }, "Builder");
    function setMode(next, { quiet = false } = {}) {
      mode = next;
      rawPanel.hidden = mode !== "complaint";
      builderPanel.hidden = mode !== "builder";
      tabRaw.setAttribute("aria-pressed", String(mode === "complaint"));
      tabBuilder.setAttribute("aria-pressed", String(mode === "builder"));
      if (!quiet) save();
    }

    const root = h("div", { class: "is-workbench" },
      h("div", { class: "tabs", role: "group", "aria-label": "Write or build" }, tabRaw, tabBuilder), rawPanel, builderPanel);
    bench = {
      key,
      root,
      update(now) {
        shareButton.disabled = now.isPending("i_statement_share");
        asWrittenButton.disabled = now.isPending("i_statement_share");
        shareButton.textContent = `Share with ${now.nameOf(now.otherPartner())}`;
      },
    };
    setMode(inputs.feeling.value || inputs.situation.value ? "builder" : "complaint", { quiet: true });
    complaintCoach.analyze(inputs.complaint.value);
    refreshPreview();
    // What was typed here while offline reaches the server's private area soon
    // (not now: this runs inside a render).
    saveTimer = setTimeout(save, SAVE_DELAY_MS);
    return bench;
  }

  // ---- screens -----------------------------------------------------------------------

  const step = (text) => h("h2", { class: "step", tabindex: "-1" }, text);
  const quote = (label, text) => h("figure", { class: "quote" }, h("figcaption", {}, label), h("blockquote", {}, text));

  function button(c, label, command, payload, opts = {}) {
    return h("button", { type: "button", class: opts.secondary ? "secondary" : null,
      disabled: c.isPending(command) || null, onclick: () => c.send(command, payload || {}, opts.field || null) }, label);
  }

  function textStep(c, { field, label, limit, command, submit, placeholder, hint }) {
    const form = h("form", { onsubmit: (e) => {
      e.preventDefault();
      c.send(command, { text: form.querySelector("textarea").value }, field);
    } }, c.draftArea(field, { label, limit, placeholder }), hint ? h("p", { class: "hint" }, hint) : null,
      h("button", { type: "submit", disabled: c.isPending(command) || null }, submit));
    return form;
  }

  function sharedAnalysis(shared) {
    const a = shared.analysis;
    const n = a.findings.length;
    return h("details", { class: "shared-analysis" },
      h("summary", {}, a.is_i_statement ? "The coach: this reads as an I-statement" : `The coach noticed ${n} thing${n === 1 ? "" : "s"}`),
      ...coachView(shared.text, { ...a, suggestion: null }, null));
  }

  function startForm(c) {
    const { me, otherPartner, nameOf } = c;
    const carried = carriedOver(c);
    const form = h("form", { class: "start-form", onsubmit: (e) => {
      e.preventDefault();
      const data = new FormData(form);
      c.send("exercise_start", { exercise: "i_statements", first_writer: data.get("first_writer"), turns: data.get("turns") });
    } },
      carried.length ? h("section", { class: "carried-over" }, h("h3", {}, "Carried over from before"),
        h("ul", {}, ...carried.map((s) => h("li", {}, h("strong", {}, s.writer === me ? "You" : nameOf(s.writer)),
          s.date ? ` (${s.date})` : "", ": ", s.text, s.offer ? [h("br", {}), "Offered: ", s.offer] : null)))) : null,
      h("fieldset", {}, h("legend", {}, "Who writes first?"),
        // A facilitator (therapist) starting it chooses between the two partners.
        ...(c.view.partners.includes(me) ? [me, otherPartner()] : c.view.partners).map((id, i) =>
          h("label", { class: "choice" }, h("input", { type: "radio", name: "first_writer", value: id, checked: i === 0 || null }),
            id === me ? "I will" : nameOf(id)))),
      h("fieldset", {}, h("legend", {}, "How many statements?"),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "turns", value: "one", checked: true }), "One: only the first writer"),
        h("label", { class: "choice" }, h("input", { type: "radio", name: "turns", value: "both" }), "Both of us, one after the other")),
      h("button", { type: "submit", disabled: c.isPending("exercise_start") || null }, "Start I-statement rewriting"));
    return form;
  }

  /** Statements carried over in earlier sessions (config) and earlier in this one. */
  function carriedOver(c) {
    const here = (c.view.completed || []).filter((r) => r.kind === "i_statements")
      .flatMap((r) => (r.summary.statements || []).filter((s) => s.outcome === "carried_over")).reverse();
    return [...here, ...(c.config.i_statements.carried_over || [])].slice(0, 5);
  }

  function render(c) {
    const ex = c.view.exercise;
    const writing = ex.writer === c.me;
    const listening = ex.listener === c.me;
    const writer = writing ? "you" : c.nameOf(ex.writer);
    const listener = listening ? "you" : c.nameOf(ex.listener);
    const parts = [h("p", { class: "topic" }, `I-statement rewriting${ex.turns === "both" ? ` · statement ${ex.round} of 2` : ""}`),
      h("p", { class: `role role-${writing ? "speaker" : "listener"}` },
        ex.phase === "drafting"
          ? (writing ? "You are writing this statement." : listening ? `${c.nameOf(ex.writer)} is writing; you will listen.` : `${c.nameOf(ex.writer)} is writing.`)
          : (writing ? `You shared this statement; ${c.nameOf(ex.listener)} listens.` : listening ? `You are the listener for ${c.nameOf(ex.writer)}'s statement.` : `${c.nameOf(ex.listener)} is listening to ${c.nameOf(ex.writer)}.`))];
    if (ex.phase !== "drafting" || !writing) sweepLocal(null);
    const shared = ex.shared;
    if (shared) parts.push(quote(writing ? "You shared" : `${c.nameOf(ex.writer)} shared`, shared.text), sharedAnalysis(shared));
    const last = shared && shared.attempts[shared.attempts.length - 1];

    if (ex.phase === "drafting") {
      if (writing) {
        parts.push(step("Write what bothers you, then build an I-statement from it."));
        const b = workbench(c, ex);
        b.update(c);
        parts.push(b.root);
      } else {
        parts.push(step(`${c.nameOf(ex.writer)} is writing.`),
          h("p", { class: "hint" }, "What they write first stays with them. You will see the rewrite when they share it, and say it back before you answer."));
      }
    } else if (ex.phase === "paraphrase") {
      if (last && last.correction) parts.push(quote(`${writing ? "Your" : c.nameOf(ex.writer) + "'s"} correction`, last.correction));
      if (listening) {
        parts.push(step("Say back what you heard, in your own words."),
          textStep(c, { field: "is_paraphrase", label: "Your paraphrase", limit: c.config.i_statements.limits.paraphrase,
            command: "i_statement_paraphrase", submit: "Share my paraphrase", placeholder: "What I hear is…",
            hint: "No answer or defence yet: first show you understood." }));
      } else parts.push(step(`Wait while ${listener} says back what they heard.`));
    } else if (ex.phase === "confirm") {
      parts.push(quote(`${listening ? "Your" : c.nameOf(ex.listener) + "'s"} paraphrase`, last.paraphrase));
      if (writing) {
        parts.push(step(`Did ${listener} get it?`), h("div", { class: "actions" }, button(c, "That's it", "i_statement_paraphrase_confirm")),
          h("details", { class: "correction" }, h("summary", {}, "Not quite: say what was missed"),
            textStep(c, { field: "is_correction", label: "What did they miss?", limit: c.config.i_statements.limits.correction,
              command: "i_statement_paraphrase_correct", submit: "Send my correction" })));
      } else parts.push(step(`Wait while ${writer} checks whether you got it.`));
    } else if (ex.phase === "offer") {
      parts.push(quote("Paraphrase (confirmed)", last.paraphrase));
      if (listening) {
        parts.push(step("What can you offer?"),
          textStep(c, { field: "is_offer", label: "What I can offer", limit: c.config.i_statements.limits.offer,
            command: "i_statement_offer", submit: "Share my answer",
            hint: "A yes, a part of it, or another way to meet the need: say what you can really do." }));
      } else parts.push(step(`${c.nameOf(ex.listener)} is answering what they can offer.`));
    } else if (ex.phase === "closing") {
      parts.push(quote(`${listening ? "You" : c.nameOf(ex.listener)} offered`, shared.offer));
      const mine = ex.closing[c.me];
      if (!writing && !listening) {
        parts.push(step("The partners are choosing whether this is resolved or carried over."));
      } else if (!mine) {
        parts.push(step("Where does this leave you?"),
          h("div", { class: "actions" }, button(c, "Resolved for now", "i_statement_close", { outcome: "resolved" }),
            button(c, "Carry it over to a later session", "i_statement_close", { outcome: "carried_over" }, { secondary: true })),
          h("p", { class: "hint" }, "It counts as resolved only if you both say so. Your choice stays hidden until you have both chosen."));
      } else {
        parts.push(h("p", {}, `You chose: ${mine === "resolved" ? "resolved for now" : "carry it over"}.`),
          step(`Waiting for ${c.nameOf(c.otherPartner())} to choose.`));
      }
    }
    parts.push(h("div", { class: "actions secondary-actions" }, button(c, "Stop this exercise", "exercise_stop", {}, { secondary: true })));
    return parts;
  }

  function statementLines(c, s) {
    const who = (id) => (id === c.me ? "You" : c.nameOf(id));
    return [
      h("p", {}, h("strong", {}, who(s.writer)), ": ", s.text),
      s.paraphrase ? h("p", { class: "paraphrase" }, `${who(s.listener)} said back: `, s.paraphrase) : null,
      s.offer ? h("p", {}, `${who(s.listener)} offered: `, s.offer) : null,
      s.outcome ? h("p", { class: "confirmed" }, s.outcome === "resolved" ? "✓ Resolved for now" : "↪ Carried over") : null,
    ];
  }

  function history(c) {
    const ex = c.view.exercise;
    const items = ex.statements.map((s) => h("li", {}, ...statementLines(c, s)));
    if (ex.shared && ex.shared.attempts.length) {
      items.push(h("li", {}, h("p", {}, h("strong", {}, "Paraphrases so far")),
        ...ex.shared.attempts.flatMap((a) => [h("p", { class: "paraphrase" }, a.paraphrase),
          a.correction ? h("p", { class: "correction" }, "Correction: ", a.correction) : null])));
    }
    return items;
  }

  function summary(record, c) {
    sweepLocal(null);
    const statements = record.summary.statements || [];
    if (!statements.length) return [];
    return [h("ul", { class: "exchanges" }, ...statements.map((s) => h("li", {}, ...statementLines(c, s))))];
  }

  function describe(event, c) {
    const d = event.data || {};
    const name = (id) => c.nameOf(id);
    switch (event.type) {
      case "i_statement_round_started": return d.writer === c.me ? "Your turn to write." : `${name(d.writer)} is writing their statement.`;
      case "i_statement_shared": return d.writer === c.me ? null : `${name(d.writer)} shared their rewrite. Say it back in your own words.`;
      case "i_statement_paraphrased": return d.listener === c.me ? null : `${name(d.listener)} said back what they heard. Did they get it?`;
      case "i_statement_paraphrase_confirmed": return d.writer === c.me ? null : `${name(d.writer)} says you got it. What can you offer?`;
      case "i_statement_paraphrase_corrected": return d.writer === c.me ? null : `${name(d.writer)} added what was missed. Try again.`;
      case "i_statement_offered": return d.listener === c.me ? null : `${name(d.listener)} answered what they can offer.`;
      case "i_statement_closed": return d.outcome === "resolved" ? "You both marked it resolved for now." : "It is carried over to a later session.";
      default: return null;
    }
  }

  Attune.exercises.i_statements = {
    title: "I-statement rewriting",
    intro: "Turn a complaint into a gentle start: a feeling, one specific moment, a need and a request. A coach marks blame, absolutes and name-calling as you write; only the rewrite you choose to share reaches your partner, who says it back and answers what they can offer. Based on Gottman's gentle start-up and Nonviolent Communication (Rosenberg).",
    startForm,
    render,
    history,
    summary,
    describe,
  };
})();
