/* Repair attempts and time-outs for flooding: session-wide panels.
 *
 * Registered in Attune.panels (static/js/session.js), so they show above the
 * exercise in every state, between exercises too:
 *  1. repair attempts waiting for my answer, prominent until I answer;
 *  2. the shared time-out break ({block: true}: the exercise is held until
 *     both partners are back), or once after a time-out a gentle re-entry;
 *  3. my tools: send a repair attempt (checklist or own words), call a
 *     time-out, the answers to what I sent, and the counts.
 * The countdown comes from the server deadline `ends_at`, corrected for this
 * device's clock with the server clock `view.server_now`. Wording and the
 * checklist come from config.repair (exercises/data/repair_phrases.json).
 * Commands: repair_send, repair_acknowledge, time_out_call, time_out_extend,
 * time_out_return, time_out_return_set, time_out_return_agree,
 * time_out_remind_me (docs/protocol.md).
 */
(() => {
  "use strict";
  const Attune = (window.Attune = window.Attune || {});
  Attune.panels = Attune.panels || [];
  if (!Attune.session) return; // not the live session page

  const h = (...args) => Attune.session.h(...args);
  const isPartner = (c) => c.view.partners.includes(c.me);
  const who = (c, id) => (id === c.me ? "You" : c.nameOf(id));

  // ---- the server clock ------------------------------------------------------
  // The offset is taken when a new version is first rendered, which is when
  // it arrives (session.js renders every new version at once).
  const clock = { version: null, offset: 0 };

  function syncClock(view) {
    if (typeof view.server_now === "number" && view.version !== clock.version) {
      clock.version = view.version;
      clock.offset = view.server_now - Date.now() / 1000;
    }
  }

  const serverNow = () => Date.now() / 1000 + clock.offset;

  function clockText(seconds) {
    const total = Math.max(0, Math.ceil(seconds));
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const secs = String(total % 60).padStart(2, "0");
    return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
  }

  // ---- things this device remembers (dismissed notes) ---------------------------

  const storeKey = (c, name) => `attune.${c.config.session}.${c.me}.${name}`;

  function remembered(c, name) {
    try {
      return JSON.parse(localStorage.getItem(storeKey(c, name)) || "[]");
    } catch (_) {
      return [];
    }
  }

  function remember(c, name, id) {
    const ids = remembered(c, name).filter((x) => x !== id);
    ids.push(id);
    try {
      localStorage.setItem(storeKey(c, name), JSON.stringify(ids.slice(-50)));
    } catch (_) {
      /* storage disabled: the note comes back after a reload, nothing worse */
    }
    Attune.session.render();
  }

  // ---- 1. repair attempts waiting for my answer ---------------------------------

  function incomingPanel(c) {
    const waiting = (c.view.repairs || []).filter((r) => r.to === c.me && !r.answer);
    if (!waiting.length) return null;
    const answers = c.config.repair.answers;
    const busy = c.isPending("repair_acknowledge") || null;
    const answer = (r, value, secondary) =>
      h("button", {
        type: "button",
        class: secondary ? "secondary" : null,
        disabled: busy,
        onclick: () => c.send("repair_acknowledge", { repair_id: r.id, answer: value }),
      }, answers[value]);
    return {
      block: false,
      nodes: waiting.map((r) =>
        h("section", { class: "repair-incoming", "aria-label": `${c.nameOf(r.from)} reaches out`, "data-attention": `repair-${r.id}` },
          h("p", { class: "repair-from" }, `${c.nameOf(r.from)} reaches out to you:`),
          h("blockquote", {}, r.text),
          h("div", { class: "actions" }, answer(r, "with_you", false), answer(r, "need_a_moment", true)))),
    };
  }

  // ---- 2. the time-out break, then the re-entry prompt ---------------------------

  const ticker = { id: null, endsAt: 0, over: false };

  function tick() {
    const el = document.getElementById("time-out-left");
    if (!el) return;
    const left = ticker.endsAt - serverNow();
    el.textContent = clockText(left);
    if (left <= 0 && !ticker.over) {
      ticker.over = true;
      Attune.session.render(); // the "I'm ready to come back" button can now be used
    }
  }

  function startTicker(endsAt, over) {
    ticker.endsAt = endsAt;
    ticker.over = over;
    if (ticker.id === null) ticker.id = setInterval(tick, 1000);
  }

  function stopTicker() {
    clearInterval(ticker.id);
    ticker.id = null;
  }

  function timeOutPanel(c) {
    syncClock(c.view);
    const t = c.view.time_out;
    if (!t) {
      stopTicker();
      return reentryPanel(c);
    }
    const cfg = c.config.repair.time_out;
    const left = t.ends_at - serverNow();
    const over = left <= 0;
    startTicker(t.ends_at, over);
    const back = t.returned || [];
    const parts = [
      h("h2", { id: "time-out-title", class: "step" }, "Time-out: a break for both of you"),
      h("p", {}, `${who(c, t.called_by)} called a time-out. The session waits, exactly where it was, until you are both back.`),
      h("p", { class: "countdown" },
        h("span", { id: "time-out-left", role: "timer", "aria-live": "off" }, clockText(left)),
        over ? " The break is over." : " left of the break"),
    ];
    if (isPartner(c) && !back.includes(c.me)) {
      parts.push(h("div", { class: "actions" },
        h("button", {
          type: "button",
          id: "time-out-return",
          disabled: !over || c.isPending("time_out_return") || null,
          onclick: () => c.send("time_out_return"),
        }, "I'm ready to come back")));
      if (!over) parts.push(h("p", { class: "hint" }, "You can come back once the break is over. Take the whole time; it helps."));
    }
    const notBack = c.view.partners.filter((p) => !back.includes(p));
    if (back.length) {
      parts.push(h("p", { class: "note" },
        back.map((p) => `${who(c, p)} ${p === c.me ? "are" : "is"} back.`).join(" "),
        notBack.length ? ` Waiting for ${notBack.map((p) => (p === c.me ? "you" : c.nameOf(p))).join(" and ")}.` : ""));
    }
    if (isPartner(c)) parts.push(returnSection(c, t, over, back));
    parts.push(
      h("h3", {}, "While you wait"),
      h("ul", { class: "soothing" }, ...cfg.suggestions.map((s) => h("li", {}, s))),
      h("p", { class: "hint" }, cfg.source),
      extendForm(c, cfg),
    );
    // Either partner may stop at any moment, a time-out included (docs/protocol.md, §16).
    if (isPartner(c)) {
      parts.push(Attune.session.endSessionForm(c.send, c.isPending("session_end")));
    }
    return { block: true, nodes: [h("section", { class: "time-out", "aria-labelledby": "time-out-title" }, ...parts)] };
  }

  // ---- a longer break with an agreed return ----------------------------------------
  // Up to 24 hours (exercises/repair.py): one partner proposes the return time
  // ("tomorrow at 19:00"), the other agrees or moves it; each may ask to be
  // reminded (on the couple page and here), and may leave while the break runs.

  const pad = (n) => String(n).padStart(2, "0");
  /** An epoch (seconds) as the value of a datetime-local input, in this
   *  device's zone. Return times are real-world times (the server's clock),
   *  not shifted by a device clock that is off: "19:00" means 19:00. */
  const localInput = (epoch) => {
    const d = new Date(epoch * 1000);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  /** A server epoch in words in this device's zone: "today at 21:30",
   *  "tomorrow at 19:00" (today is the server's today). */
  function whenText(serverEpoch) {
    const d = new Date(serverEpoch * 1000);
    const today = new Date(serverNow() * 1000);
    const days = Math.round((new Date(d.getFullYear(), d.getMonth(), d.getDate()) -
      new Date(today.getFullYear(), today.getMonth(), today.getDate())) / 86400000);
    const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    if (days === 0) return `today at ${time}`;
    if (days === 1) return `tomorrow at ${time}`;
    return `${d.toLocaleDateString([], { weekday: "long", day: "numeric", month: "long" })} at ${time}`;
  }

  function returnSection(c, t, over, back) {
    const agreed = t.agreed_by || [];
    const other = c.otherPartner();
    const when = whenText(t.ends_at);
    const parts = [h("h3", {}, "When you come back")];
    const reminded = (t.remind || []).includes(c.me);
    if (over && reminded && !back.includes(c.me)) {
      parts.push(h("p", { class: "reminder", role: "alert", id: "time-out-reminder-now" },
        h("strong", {}, "It's time to come back."), " The return time you agreed has come."));
    }
    if (agreed.includes(c.me) && agreed.includes(other)) {
      parts.push(h("p", { id: "time-out-return-when" }, `You both agreed to come back ${when}.`));
    } else if (agreed.includes(c.me)) {
      parts.push(h("p", { id: "time-out-return-when" }, `You suggested coming back ${when}. Waiting for ${c.nameOf(other)} to agree.`));
    } else {
      parts.push(h("p", { id: "time-out-return-when" }, agreed.length
        ? `${c.nameOf(agreed[0])} suggests coming back ${when}.`
        : `The break ends ${when}.`),
        h("div", { class: "actions" }, h("button", {
          type: "button",
          disabled: c.isPending("time_out_return_agree") || null,
          onclick: () => c.send("time_out_return_agree"),
        }, `Agree: back ${when}`)));
    }
    if (!over) {
      const key = storeKey(c, `return-at.${t.id}`);
      let typed = null;
      try { typed = localStorage.getItem(key); } catch (_) { /* storage disabled */ }
      const earliest = Math.max(t.started_at + c.config.repair.time_out.min * 60, serverNow());
      const latest = t.started_at + c.config.repair.time_out.max * 60;
      const input = h("input", {
        type: "datetime-local", id: "time-out-return-at", name: "return_at",
        min: localInput(earliest), max: localInput(latest), step: 60,
        value: typed || localInput(t.ends_at), required: true,
      });
      input.addEventListener("input", () => {
        try { localStorage.setItem(key, input.value); } catch (_) { /* kept on the page only */ }
      });
      parts.push(h("form", { class: "time-out-return-set", onsubmit: (e) => {
        e.preventDefault();
        const chosen = new Date(input.value).getTime() / 1000;
        if (Number.isNaN(chosen)) return;
        try { localStorage.removeItem(key); } catch (_) { /* nothing to clear */ }
        c.send("time_out_return_set", { return_at: Math.round(chosen) });
      } },
        h("label", { for: "time-out-return-at" }, "Suggest another time to come back (up to 24 hours after the break began)"),
        input, " ",
        h("button", { type: "submit", class: "secondary", disabled: c.isPending("time_out_return_set") || null }, "Suggest this time")));
      const box = h("input", {
        type: "checkbox", id: "time-out-remind", checked: reminded || null,
        disabled: c.isPending("time_out_remind_me") || null,
        onchange: (e) => c.send("time_out_remind_me", { remind: e.target.checked }),
      });
      parts.push(h("p", { class: "choice" }, box, " ",
        h("label", { for: "time-out-remind" }, "Remind me when it is time (here and on our couple page)")));
    }
    parts.push(h("p", { class: "hint" },
      "You don't have to wait on this page. ",
      h("a", { href: "/", id: "time-out-leave" }, "Leave for now"),
      ": the session waits, exactly where it was. Come back from your couple page."));
    return h("section", { class: "time-out-return", "aria-label": "When you come back" }, ...parts);
  }

  function extendForm(c, cfg) {
    const choices = [5, 10, 15, 20, 30].filter((m) => m >= cfg.extend_min);
    const select = h("select", { id: "time-out-more", name: "minutes" },
      ...choices.map((m, i) => h("option", { value: m, selected: i === 1 || null }, `${m} more minutes`)));
    return h("form", { class: "time-out-extend", onsubmit: (e) => {
      e.preventDefault();
      c.send("time_out_extend", { minutes: Number(select.value) });
    } },
      h("label", { for: "time-out-more" }, "Need longer?"), select, " ",
      h("button", { type: "submit", class: "secondary", disabled: c.isPending("time_out_extend") || null }, "Ask for more time"));
  }

  function reentryPanel(c) {
    const last = c.view.time_out_last;
    if (!last || remembered(c, "reentry").includes(last.id)) return null;
    if (serverNow() - last.ended_at > 3600) return null; // long ago: no longer a re-entry
    return {
      block: false,
      nodes: [h("section", { class: "reentry", "aria-labelledby": "reentry-title" },
        h("h2", { id: "reentry-title", class: "step" }, "Welcome back"),
        h("p", {}, c.config.repair.time_out.reentry),
        h("button", { type: "button", class: "secondary", onclick: () => remember(c, "reentry", last.id) }, "Let's continue"))],
    };
  }

  // ---- 3. my tools: reach out, call a time-out, answers, counts -----------------

  const open = { send: null, timeOut: false };

  function toolsPanel(c) {
    const cfg = c.config.repair;
    const parts = [];
    // A facilitator sees the counts only (their own controls call a time-out).
    if (isPartner(c)) {
      parts.push(...answersToMine(c, cfg));
      parts.push(sendTool(c, cfg));
      if (!c.view.time_out) parts.push(timeOutTool(c, cfg.time_out));
    }
    parts.push(countsLine(c));
    return { block: false, nodes: [h("section", { class: "repair-tools", "aria-label": "Repair attempts and time-out" }, ...parts)] };
  }

  /** The flooding phrase offers a time-out in one tap, to the one who sent it,
   * until a time-out starts or they say no (exercises/data/repair_phrases.json,
   * "offers": "time_out"). */
  function timeOutOffer(c) {
    if (c.view.time_out) return null;
    const offered = (c.view.repairs || []).filter((r) => r.from === c.me && r.offers_time_out);
    const last = offered[offered.length - 1];
    const lastTimeOut = c.view.time_out_last;
    if (!last || remembered(c, "offers").includes(last.id)) return null;
    if (lastTimeOut && lastTimeOut.started_at >= last.sent_at) return null;
    return h("section", { class: "time-out-offer", "aria-label": "Take a break now?" },
      h("p", {}, "You said you are flooded. A break of at least 20 minutes helps the body settle."),
      h("div", { class: "actions" },
        h("button", { type: "button", disabled: c.isPending("time_out_call") || null, onclick: () => c.send("time_out_call", {}) }, "Start a time-out now"),
        h("button", { type: "button", class: "secondary", onclick: () => remember(c, "offers", last.id) }, "Not now")));
  }

  /** Whether a phrase with a "when" condition can be sent now: "please let me
   * finish" only by the partner holding the floor, during the exchanges. */
  function available(c, phrase) {
    if (phrase.when !== "speaker_holds_floor") return true;
    const ex = c.view.exercise;
    const floor = ex && (ex.kind === "active_listening" ? ex : ex.floor);
    return Boolean(floor && floor.speaker === c.me && floor.phase !== "closing");
  }

  function answersToMine(c, cfg) {
    const dismissed = remembered(c, "answers");
    const nodes = [];
    const offer = timeOutOffer(c);
    if (offer) nodes.push(offer);
    for (const r of (c.view.repairs || []).filter((x) => x.from === c.me)) {
      if (!r.answer) {
        nodes.push(h("p", { class: "repair-waiting" }, "You reached out: “", r.text, `” Waiting for ${c.nameOf(r.to)} to see it.`));
      } else if (!dismissed.includes(r.id)) {
        nodes.push(h("p", { class: `repair-answer answer-${r.answer}` },
          `${c.nameOf(r.to)} answered: `, h("strong", {}, cfg.answers[r.answer] || r.answer), " ",
          h("button", { type: "button", class: "link-button", onclick: () => remember(c, "answers", r.id) }, "OK")));
      }
    }
    return nodes;
  }

  function sendTool(c, cfg) {
    if (open.send === null) open.send = Boolean(c.draftGet("repair"));
    const waiting = (c.view.repairs || []).filter((r) => r.from === c.me && !r.answer).length;
    const blocked = c.isPending("repair_send") || waiting >= cfg.limits.waiting || null;
    // The couple's repair list (exercises/repair_list.py): the phrases both
    // welcome come first; those the partner marked irritating are left out.
    const menu = c.view.repair_menu || { both_welcome: [], groups: cfg.groups };
    const phraseButton = (p) => h("button", {
      type: "button",
      class: "phrase secondary",
      disabled: blocked,
      onclick: () => {
        open.send = false; // sent: fold the checklist away again
        c.send("repair_send", { phrase_id: p.id });
      },
    }, p.text);
    const groupOf = (label, phrases, extra) => {
      const shown = phrases.filter((p) => available(c, p));
      return shown.length ? h("fieldset", { class: `phrase-group${extra ? ` ${extra}` : ""}` }, h("legend", {}, label), ...shown.map(phraseButton)) : null;
    };
    const groups = [
      groupOf("Welcome to you both (from your repair list)", menu.both_welcome, "both-welcome"),
      ...menu.groups.map((g) => groupOf(g.label, g.phrases)),
    ];
    const form = h("form", { class: "repair-own", onsubmit: (e) => {
      e.preventDefault();
      open.send = false;
      c.send("repair_send", { text: form.querySelector("textarea").value }, "repair");
    } },
      c.draftArea("repair", { label: "Or in your own words", limit: cfg.limits.text, rows: 2 }),
      h("button", { type: "submit", disabled: blocked }, "Send"));
    return h("details", { class: "repair-send", open: open.send || null, ontoggle: (e) => (open.send = e.target.open) },
      h("summary", {}, "Reach out: send a repair attempt"),
      h("p", { class: "hint" }, `A small bid to calm things down or reconnect. ${c.nameOf(c.otherPartner())} will see it straight away.`),
      waiting >= cfg.limits.waiting ? h("p", { class: "note" }, "Give your partner a moment to answer what you already sent.") : null,
      ...groups,
      form);
  }

  function timeOutTool(c, cfg) {
    // Up to 24 hours: a break can last until tomorrow; the return time can then be set exactly.
    const choices = [20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440].filter((m) => m >= cfg.min && m <= cfg.max);
    const label = (m) => (m < 120 ? `${m} minutes` : `${m / 60} hours`);
    const select = h("select", { id: "time-out-minutes", name: "minutes" },
      ...choices.map((m) => h("option", { value: m, selected: m === cfg.default || null }, label(m))));
    return h("details", { class: "time-out-call", open: open.timeOut || null, ontoggle: (e) => (open.timeOut = e.target.open) },
      h("summary", {}, "Flooded? Call a time-out"),
      h("p", {}, `Heart racing, hard to think, wanting to attack or to escape? Stop for a while. Both screens pause for at least ${cfg.min} minutes, then you come back to exactly where you were.`),
      h("form", { onsubmit: (e) => {
        e.preventDefault();
        c.send("time_out_call", { minutes: Number(select.value) });
      } },
        h("label", { for: "time-out-minutes" }, "How long?"), select, " ",
        h("button", { type: "submit", disabled: c.isPending("time_out_call") || null }, "Call a time-out for both of us")));
  }

  function countsLine(c) {
    const counts = c.view.repair_counts || {};
    const text = c.view.partners.map((p) => {
      const n = counts[p] || { made: 0, received: 0 };
      return `${who(c, p)}: ${n.made} sent, ${n.received} received`;
    }).join(" · ");
    return h("p", { class: "repair-counts" }, `Repair attempts so far. ${text}`);
  }

  /** A sentence for screen readers (the #announcer live region) per event. */
  function describe(event, c) {
    const d = event.data || {};
    switch (event.type) {
      case "repair_sent": return d.to === c.me ? `${c.nameOf(d.from)} sent a repair attempt: ${d.text}` : null;
      case "repair_acknowledged": return d.by === c.me ? null : `${c.nameOf(d.by)} answered your repair attempt.`;
      case "time_out_called": return `A time-out has started: ${d.minutes} minutes. Take a break.`;
      case "time_out_extended": return `The time-out is now ${d.minutes} minutes.`;
      case "time_out_ended": return "The time-out is over. Welcome back.";
      case "time_out_return_set": return d.by === c.me ? null : `${c.nameOf(d.by)} suggests coming back ${whenText(d.ends_at)}.`;
      case "time_out_return_agreed": return d.by === c.me ? null : `${c.nameOf(d.by)} agreed to come back ${whenText(d.ends_at)}.`;
      default: return null;
    }
  }

  Attune.panels.push({ render: incomingPanel, describe }, { render: timeOutPanel }, { render: toolsPanel });
  Attune.repair = { available };
})();
