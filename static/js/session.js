/* Attune live session client: socket, versions, pending commands, drafts.
 *
 * The server is authoritative. This file keeps the socket alive, applies
 * snapshots and updates in version order (asking for a snapshot on a gap),
 * resends unacknowledged commands with their original client_id after a
 * reconnect (the server applies a command once), and keeps every draft in
 * localStorage until the server acknowledges it, so nothing typed is lost to
 * a reload or a dropped connection. Exercises render themselves through
 * Attune.exercises[kind] (static/js/exercises/*.js). Protocol: docs/protocol.md.
 */
(() => {
  "use strict";

  const Attune = (window.Attune = window.Attune || {});
  Attune.exercises = Attune.exercises || {};
  Attune.panels = Attune.panels || [];
  /** Handlers of frames that change no state, by type (e.g. "analysis"). */
  Attune.onMessage = Attune.onMessage || {};

  const configEl = document.getElementById("session-config");
  if (!configEl) return;
  const config = JSON.parse(configEl.textContent);
  const me = config.me;
  const storeKey = (name) => `attune.${config.session}.${me}.${name}`;

  const state = { view: null, version: -1, participants: {}, presence: {}, error: null, keeping: null };
  const pending = new Map(loadJSON(storeKey("pending"), []));
  let socket = null;
  let attempt = 0;
  let heartbeat = null;
  let ackWatch = null;
  let retryTimer = null;
  let lastRenderKey = null;
  /** The newest version whose events this page has announced, or had no
   * reason to (its first snapshot). Behind state.version only after a
   * snapshot went past updates that had not arrived yet (see receive). */
  let heardVersion = -1;
  /** An update held back at a gap (version > current + 1), kept until the
   * snapshot that fills the gap: when that snapshot lands on its version,
   * its events are still the news of the screen now shown. */
  let heldUpdate = null;
  const seenAttention = new Set();
  let closedForGood = false;
  let leaving = false;
  /** The close code a client sends when the person left on purpose (docs/protocol.md). */
  const CLOSE_LEFT = 4000;

  // ---- small helpers -------------------------------------------------------

  function loadJSON(key, fallback) {
    try {
      const raw = localStorage.getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (_) {
      return fallback;
    }
  }

  function saveJSON(key, value) {
    if (leaving) return; // the device was cleared: keep nothing more
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch (_) {
      /* storage full or disabled: drafts then live only in the page */
    }
  }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Build an element. Text children become text nodes: user text is never parsed as HTML. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else if (key === "class") el.className = value;
      else if (key === "text") el.textContent = value;
      else el.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  const nameOf = (id) => (state.participants[id] || {}).name || "Your partner";
  const otherPartner = () => (state.view ? state.view.partners.find((p) => p !== me) : null);

  // ---- drafts ----------------------------------------------------------------

  const draftKey = (field) => storeKey(`draft.${field}`);
  const draftGet = (field) => loadJSON(draftKey(field), "");
  const draftSet = (field, text) => saveJSON(draftKey(field), text);
  const draftClear = (field) => localStorage.removeItem(draftKey(field));

  /** A textarea bound to a draft: restored on render, saved on every keystroke. */
  function draftArea(field, { label, limit, placeholder, rows = 4, onInput } = {}) {
    const id = `draft-${field}`;
    const counterId = `${id}-count`;
    const area = h("textarea", {
      id,
      name: field,
      rows,
      "data-max-chars": limit,
      placeholder,
      "data-draft": field,
      "aria-describedby": counterId,
    });
    area.value = draftGet(field);
    const counter = h("p", { id: counterId, class: "counter", "aria-live": "off" });
    const update = () => {
      draftSet(field, area.value);
      counter.textContent = limit ? Attune.fields.counterText(area.value, limit) : "";
      if (onInput) onInput(area.value);
    };
    area.addEventListener("input", update);
    queueMicrotask(update);
    return h("div", { class: "field" }, h("label", { for: id }, label), area, counter);
  }

  // ---- commands --------------------------------------------------------------

  /**
   * Send a command. `field` names the draft it came from (or a list of drafts):
   * the draft is cleared only when the server acknowledges the command.
   */
  function send(command, payload = {}, field = null) {
    const clientId = uuid4();
    // The control the person used, so a refusal can be shown beside it.
    const active = document.activeElement;
    const control = active && nowEl.contains(active) ? (active.textContent || "").trim() : "";
    const entry = { command, payload, version: state.version, field, control };
    pending.set(clientId, entry);
    saveJSON(storeKey("pending"), [...pending]);
    state.error = null;
    transmit(clientId, entry);
    render(true);
  }

  function transmit(clientId, entry) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(
      JSON.stringify({
        type: "command",
        command: entry.command,
        client_id: clientId,
        version: entry.version,
        payload: entry.payload,
      }),
    );
  }

  function settle(clientId) {
    const entry = pending.get(clientId);
    pending.delete(clientId);
    saveJSON(storeKey("pending"), [...pending]);
    return entry;
  }

  const isPending = (command) => [...pending.values()].some((e) => e.command === command);

  // ---- socket ----------------------------------------------------------------

  const closeReasons = {
    4401: "You are signed out. Please sign in again.",
    4403: "This session is not shared with you.",
    4410: "You are no longer part of this couple space.",
  };

  function connect() {
    clearTimeout(retryTimer); // one socket at a time, however the reconnect was triggered
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const ws = (socket = new WebSocket(scheme + location.host + config.ws_path));
    setConnection(attempt === 0 ? "connecting" : "reconnecting");
    ws.addEventListener("message", (event) => {
      if (ws !== socket) return; // a socket given up on (the device went offline)
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (_) {
        return;
      }
      receive(message);
    });
    ws.addEventListener("close", (event) => {
      if (ws !== socket) return;
      clearInterval(heartbeat);
      if (closeReasons[event.code]) {
        closedForGood = true;
        const facilitating = state.view && state.view.role === "facilitator";
        setConnection(
          "closed",
          facilitating && event.code === 4410
            ? "You no longer facilitate this session: it was handed back to the couple, or your link ended."
            : closeReasons[event.code],
        );
        return;
      }
      attempt += 1;
      setConnection("reconnecting");
      if (navigator.onLine === false) return; // the "online" event reconnects at once
      const delay = Math.min(10000, 500 * 2 ** Math.min(attempt, 5)) * (0.75 + Math.random() / 2);
      retryTimer = setTimeout(connect, delay);
    });
  }

  function receive(message) {
    switch (message.type) {
      case "snapshot":
        attempt = 0;
        setConnection("connected");
        clearInterval(heartbeat);
        heartbeat = setInterval(
          () => socket.readyState === WebSocket.OPEN && socket.send('{"type":"heartbeat"}'),
          (message.heartbeat_seconds || 15) * 1000,
        );
        state.participants = message.participants;
        state.presence = message.presence;
        state.keeping = message.keeping || null;
        snapshotApply(message.version, message.view);
        for (const [clientId, entry] of pending) transmit(clientId, entry);
        break;
      case "update":
        if (message.version <= state.version) {
          // Already shown: the update crossed a snapshot (a heartbeat's or a
          // resync's) that brought this page to its version first. Its view
          // is not applied again, but its events are the news of the screen
          // now shown when it is that very version and nobody heard them yet.
          if (message.version === state.version && message.version > heardVersion)
            announceEvents(message.view, message.events);
          return;
        }
        if (message.version !== state.version + 1) {
          heldUpdate = message;
          requestSync(); // a gap: the channel layer dropped something
          return;
        }
        applyView(message.version, message.view, message.events);
        // Someone new (a therapist) joined: the snapshot carries their name.
        // The session ended: the snapshot carries the keep-or-let-go choice.
        if (message.events.some((e) => e.type === "facilitator_joined" || e.type === "session_ended"))
          requestSync();
        break;
      case "ack": {
        const entry = settle(message.client_id);
        if (entry && entry.field) [].concat(entry.field).forEach(draftClear);
        if (message.version > state.version) {
          clearTimeout(ackWatch); // the update should follow; if it was dropped, resync
          ackWatch = setTimeout(() => message.version > state.version && requestSync(), 2000);
        }
        render(true);
        break;
      }
      case "error": {
        const entry = message.client_id ? settle(message.client_id) : null;
        const details = message.details || {};
        const draft = entry && typeof entry.field === "string" ? entry.field : null;
        state.error = {
          message: message.message, code: message.code,
          field: typeof details.field === "string" ? details.field : draft,
          control: entry ? entry.control : "",
        };
        render(true);
        announce(state.error.shown || message.message);
        break;
      }
      case "keeping":
        // A partner chose to keep or let go the words of this ended session.
        state.keeping = message.keeping;
        render(true);
        if (state.view && state.view.status === "ended") {
          const latest = (message.keeping.choices || []).filter((c) => !c.me && c.choice);
          if (latest.length) announce(latest.map((c) => c.text).join(" "));
        }
        break;
      case "presence":
        state.presence = message.presence;
        renderPresence();
        break;
      default:
        if (Attune.onMessage[message.type]) Attune.onMessage[message.type](message);
        break;
    }
  }

  /** Send a frame that is not a command (e.g. "analyze"); false when offline. */
  function sendFrame(frame) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  function requestSync() {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send('{"type":"sync"}');
  }

  // The server clock, for countdowns from absolute deadlines: the offset is
  // taken when a view arrives (every view carries server_now).
  let clockOffset = 0;
  const serverNow = () => Date.now() / 1000 + clockOffset;

  function showView(version, view) {
    state.version = version;
    state.view = view;
    if (typeof view.server_now === "number") clockOffset = view.server_now - Date.now() / 1000;
    render(false);
  }

  /** Apply an update (the next version) and announce its events. */
  function applyView(version, view, events) {
    showView(version, view);
    announceEvents(view, events);
  }

  /**
   * Apply a snapshot (it carries no events). The first one, or one at the
   * version already shown, has nothing to announce. One that moves the
   * screen on went past updates this page has not received (they crossed
   * it, or the channel layer dropped them): the last line announced no
   * longer says what is on screen, so it is cleared, and the events of the
   * version now shown are announced if that update was held at a gap or
   * arrives just after (receive, "update").
   */
  function snapshotApply(version, view) {
    const first = state.version < 0;
    const movedOn = !first && version > state.version;
    const held = heldUpdate && heldUpdate.version === version ? heldUpdate : null;
    heldUpdate = null;
    showView(version, view);
    if (first) heardVersion = version;
    if (!movedOn) return;
    if (held) announceEvents(view, held.events);
    else silence();
  }

  /**
   * Announce the events of the update that brought the page to `view`
   * (one announcement with every event in it, so a screen reader hears
   * "Both lines are in. Active listening is complete." whole); with events
   * but nothing to say, clear the last line so no stale one is left behind.
   */
  function announceEvents(view, events) {
    heardVersion = Math.max(heardVersion, state.version);
    const lines = [];
    for (const event of events) {
      const exercise = Attune.exercises[(view.exercise || {}).kind] || {};
      const panelLine = Attune.panels.reduce((found, panel) => found || (panel.describe && panel.describe(event, ctx())), null);
      const line = (exercise.describe && exercise.describe(event, ctx())) || panelLine || describeSession(event);
      if (line) lines.push(line);
    }
    if (lines.length) announce(lines.join(" "));
    else if (events.length) silence();
  }

  function describeSession(event) {
    const d = event.data || {};
    if (event.type === "exercise_started" && d.by !== me) return `${nameOf(d.by)} started ${d.title}.`;
    if (event.type === "exercise_completed") return `${d.title} is complete.`;
    if (event.type === "session_ended") return "The session has ended.";
    return null;
  }

  // ---- rendering -------------------------------------------------------------

  const connectionEl = document.getElementById("connection");
  const nowEl = document.getElementById("now");
  const historyEl = document.getElementById("history");
  const historyList = document.getElementById("history-list");
  const presenceEl = document.getElementById("presence");
  const announcer = document.getElementById("announcer");

  function setConnection(status, detail) {
    connectionEl.dataset.state = status;
    connectionEl.textContent =
      detail ||
      {
        connecting: "Connecting…",
        connected: "Connected",
        reconnecting: "Connection lost. Reconnecting… Anything you type is kept.",
        closed: "Disconnected.",
      }[status];
    renderPresence();
  }

  // The announcement is set a moment after the region is emptied, so that a
  // screen reader hears a repeat. One is pending at a time, and it belongs
  // to the version it was made for: when a newer update arrives first (a
  // finished exercise, then the next one starting), the older words are
  // dropped instead of being read after the screen has moved on.
  let announceTimer = null;
  function announce(text) {
    silence();
    const madeAt = state.version;
    announceTimer = setTimeout(() => {
      announceTimer = null;
      if (state.version === madeAt) announcer.textContent = text;
    }, 50);
  }

  /** Empty the announcer and drop the announcement waiting to be set. */
  function silence() {
    clearTimeout(announceTimer);
    announceTimer = null;
    announcer.textContent = "";
  }

  function renderPresence() {
    if (!state.view) return;
    presenceEl.replaceChildren(
      ...[...state.view.partners, ...(state.view.facilitators || [])].map((id) => {
        const p = state.presence[id] || { status: "away", devices: 0 };
        let status = p.status;
        if (id === me && connectionEl.dataset.state !== "connected") status = "reconnecting";
        const detail =
          status === "connected"
            ? `here${p.devices > 1 ? ` on ${p.devices} devices` : ""}`
            : status === "reconnecting"
              ? "reconnecting…"
              : "away";
        return h(
          "li",
          { class: `presence-${status}` },
          h("span", { class: "dot", "aria-hidden": "true" }),
          `${id === me ? "You" : nameOf(id)}${(state.view.facilitators || []).includes(id) ? " (therapist)" : ""}: ${detail}`,
        );
      }),
    );
  }

  function ctx() {
    return { me, view: state.view, h, send, nameOf, otherPartner, draftArea, draftGet, isPending, config, error: state.error, serverNow };
  }

  /**
   * Show the current refusal beside the control that caused it: the field
   * the server names (`details.field`) or the draft the command came from,
   * else the button that was used. The field is marked `aria-invalid`, the
   * message names it, and it is scrolled into view and focused. Returns the
   * message as shown (for the screen-reader announcement), or "" when no
   * control is on screen (then the message stays at the top of the card).
   */
  function placeError() {
    const err = state.error;
    if (!err) return "";
    let target = null;
    if (err.field) {
      const f = CSS.escape(err.field);
      target = nowEl.querySelector(`[name="${f}"], #draft-${f}, [data-draft="${f}"]`)
        || nowEl.querySelector(`input[id$="-${f}"], textarea[id$="-${f}"], select[id$="-${f}"], fieldset[id$="-${f}"]`);
    }
    if (!target && err.control) {
      target = [...nowEl.querySelectorAll("button")].find((b) => b.textContent.trim() === err.control) || null;
    }
    if (!target) { err.placed = false; err.shown = err.message; return ""; }
    const label = target.id && nowEl.querySelector(`label[for="${CSS.escape(target.id)}"]`);
    // The label's own words, without a "(required)" mark.
    const name = label ? (label.firstChild ? label.firstChild.textContent : "").trim().replace(/[.…:]+$/, "") : "";
    const text = name && target.tagName !== "BUTTON" ? `${name}: ${err.message}` : err.message;
    const note = h("p", { class: "field-error", id: "session-field-error" }, text);
    const anchor = target.closest(".field") || target;
    anchor.after(note);
    if (target.tagName !== "BUTTON") {
      target.setAttribute("aria-invalid", "true");
      const described = (target.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      target.setAttribute("aria-describedby", [...described, note.id].join(" "));
      const clear = () => { target.removeAttribute("aria-invalid"); note.remove(); state.error = null; };
      target.addEventListener("input", clear, { once: true });
      target.addEventListener("change", clear, { once: true });
    } else {
      note.setAttribute("role", "alert");
    }
    if (!err.placed) {
      // Brought into view and focused once; a later re-render (the partner
      // acted) keeps the note but leaves the person's focus where it is.
      if (target.scrollIntoView) target.scrollIntoView({ block: "center", behavior: "smooth" });
      target.focus({ preventScroll: true });
    }
    err.placed = true;
    err.shown = text;
    return text;
  }

  /** Render the session. `force` re-renders even when the step did not change. */
  function render(force) {
    const view = state.view;
    if (!view) return;
    renderPresence();
    const exercise = view.exercise ? Attune.exercises[view.exercise.kind] : null;
    const key = JSON.stringify([view.version, pending.size, state.error && state.error.message, state.keeping]);
    if (!force && key === lastRenderKey) return;
    lastRenderKey = key;

    const focused = document.activeElement && document.activeElement.id;
    const focusWasHere = nowEl.contains(document.activeElement);
    const parts = [];
    // A refusal goes beside its control when one is on screen (placeError);
    // only when none is does it stay at the top of the card.
    const errorAtTop = state.error && state.error.placed === false;
    if (errorAtTop) parts.push(h("p", { class: "feedback", role: "alert", id: "session-feedback" }, state.error.message));
    if (pending.size && connectionEl.dataset.state !== "connected")
      parts.push(h("p", { class: "note" }, "Saved on this device. It will be sent when you are back online."));
    // Session-wide panels (Attune.panels: repair attempts, a time-out, a
    // facilitator's prompt) come first; a panel that returns {block: true}
    // holds the exercise (a time-out: nothing else can be done).
    let blocked = false;
    if (view.status !== "ended") {
      for (const panel of Attune.panels) {
        const out = panel.render(ctx());
        if (!out) continue;
        parts.push(...out.nodes);
        if (out.block) blocked = true;
      }
    }
    if (view.status === "ended") parts.push(...renderEnded());
    else if (blocked) { /* the blocking panel is all there is to do now */ }
    else if (exercise) parts.push(...exercise.render(ctx()));
    else parts.push(...renderBetween());
    nowEl.replaceChildren(...parts);
    const placingNow = Boolean(state.error && state.error.placed === undefined);
    if (state.error && state.error.placed !== false && !placeError()) {
      render(true); // no control on screen: show it at the top instead
      return;
    }
    // Something that asks for this partner's answer (a repair attempt) is
    // brought into view once, wherever they had scrolled to on a phone.
    for (const el of nowEl.querySelectorAll("[data-attention]")) {
      if (seenAttention.has(el.dataset.attention)) continue;
      seenAttention.add(el.dataset.attention);
      if (el.scrollIntoView) el.scrollIntoView({ block: "start", behavior: "smooth" });
    }
    const again = focused && document.getElementById(focused);
    if (placingNow) { /* placeError moved focus to the refused control */ }
    else if (again) again.focus();
    else if (focusWasHere) {
      // The control that had focus is gone (the step moved on): put keyboard
      // and screen-reader users at the new step instead of the page top.
      const step = nowEl.querySelector("h2.step");
      if (step) {
        if (!step.hasAttribute("tabindex")) step.setAttribute("tabindex", "-1");
        step.focus({ preventScroll: true });
      }
    }
    // During a time-out or a pause the history stays out of sight: the break
    // is not the moment to go over what was said.
    const history = exercise && exercise.history && !blocked ? exercise.history(ctx()) : [];
    historyEl.hidden = history.length === 0;
    historyList.replaceChildren(...history);
  }

  function renderEnded() {
    return [
      h("h2", { class: "step" }, "This session has ended."),
      h("p", {}, "Thank you both for practising."),
      ...renderKeeping(),
      h("p", {}, h("a", { class: "button", href: config.transcript_url }, "Read the transcript"), " ",
        h("a", { class: "button secondary", href: config.home_url }, "Back to your couple space")),
    ];
  }

  /** The page's CSRF token (templates/sessions/live.html, #session-csrf), for the forms drawn here. */
  function csrfToken() {
    const field = document.querySelector("#session-csrf input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  /** Keep or let go the words of this session (docs/protocol.md, "keeping"):
   * each partner's choice, and a plain form that posts it (then comes back here). */
  function renderKeeping() {
    const k = state.keeping;
    if (!k) return [];
    const parts = [
      h("h3", { id: "keeping-title" }, "Keep the words of this session?"),
      h("p", { class: "note" }, k.summary),
      h("ul", { class: "keeping-choices" }, ...k.choices.map((c) => h("li", {}, c.text))),
    ];
    if (k.can_choose) {
      const button = (choice, label, cls) =>
        h("button", { type: "submit", name: "choice", value: choice, class: cls }, label);
      parts.push(
        h("form", { method: "post", action: config.keeping_url, class: "keeping-form" },
          h("input", { type: "hidden", name: "csrfmiddlewaretoken", value: csrfToken() }),
          h("input", { type: "hidden", name: "back", value: "live" }),
          k.mine === "keep" ? null : button("keep", "Keep it", ""),
          " ",
          button("let_go", "Let it go", "secondary")),
        h("p", { class: "hint" },
          "Letting go deletes what was written and said in this session for both of you, for good. " +
          "That the session happened, and its counts, stay."),
      );
    }
    return [h("section", { class: "keeping", "aria-labelledby": "keeping-title" }, ...parts)];
  }

  function renderBetween() {
    const view = state.view;
    const parts = [];
    const last = view.completed[view.completed.length - 1];
    if (last) {
      const exercise = Attune.exercises[last.kind];
      parts.push(h("h2", { class: "step" }, `${last.title}: ${last.finished ? "complete" : "stopped"}`));
      if (exercise && exercise.summary) parts.push(...exercise.summary(last, ctx()));
    }
    parts.push(h("h2", { class: "step" }, last ? "What next?" : "Choose an exercise to start"));
    const kinds = Object.keys(Attune.exercises);
    for (const kind of kinds) {
      const exercise = Attune.exercises[kind];
      parts.push(h("details", { class: "exercise-choice", open: kinds.length === 1 || null },
        h("summary", {}, exercise.title),
        h("p", {}, exercise.intro),
        exercise.startForm(ctx())));
    }
    parts.push(endSessionForm(send, false));
    return parts;
  }

  /** "End the session for both of us", asked once: the first tap shows what
   * it does and a confirming button beside "Keep going" (ending is for both
   * partners and cannot be undone; issue #12, item 10). */
  function endSessionForm(sendCommand, pending) {
    const form = h("form", { class: "end-session" });
    const ask = () => {
      const yes = h("button", { type: "submit", class: "secondary" }, "Yes, end it for both of us");
      form.replaceChildren(
        h("p", { role: "alert" }, "This ends the session for both of you. Then each of you chooses whether its words are kept."),
        h("div", { class: "actions" }, yes,
          h("button", { type: "button", onclick: () => { offer(); form.querySelector("button").focus(); } }, "Keep going")));
      form.onsubmit = (e) => { e.preventDefault(); sendCommand("session_end"); };
      yes.focus();
    };
    const offer = () => {
      form.replaceChildren(h("button", { type: "submit", class: "secondary", disabled: pending || null },
        "End the session for both of us"));
      form.onsubmit = (e) => { e.preventDefault(); ask(); };
    };
    offer();
    return form;
  }

  Attune.session = { h, send, sendFrame, ctx, serverNow, endSessionForm, render: () => render(true) };

  document.addEventListener("DOMContentLoaded", () => {
    connect();
  });
  // Quick exit or sign-out in this tab or another (static/js/safety.js):
  // close for good with 4000 (the server shows this person away at once) and
  // store nothing more on this device.
  window.addEventListener("attune:leave", () => {
    closedForGood = true;
    leaving = true;
    clearInterval(heartbeat);
    clearTimeout(retryTimer);
    if (socket && socket.readyState !== WebSocket.CLOSED) socket.close(CLOSE_LEFT, "left");
  });
  // Leaving the page (a link, closing the tab, a reload) is leaving on
  // purpose too: close with 4000 so the partner sees "away" at once instead
  // of "reconnecting" for two minutes. Drafts and unsent commands stay on the
  // device for the next visit; a page restored from the browser's cache
  // connects again.
  window.addEventListener("pagehide", () => {
    if (closedForGood || !socket || socket.readyState !== WebSocket.OPEN) return;
    closedForGood = true;
    clearInterval(heartbeat);
    clearTimeout(retryTimer);
    socket.close(CLOSE_LEFT, "page left");
  });
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted || leaving || !closedForGood) return;
    closedForGood = false;
    connect();
  });
  window.addEventListener("online", () => {
    if (!closedForGood && socket && socket.readyState !== WebSocket.OPEN && socket.readyState !== WebSocket.CONNECTING) connect();
  });
  // The device says it lost its network: a socket can look open long after
  // that (until TCP gives up), so treat it as lost now. Commands then wait in
  // `pending` (and drafts in localStorage) and go out after the reconnect.
  window.addEventListener("offline", () => {
    if (closedForGood || !socket || socket.readyState === WebSocket.CLOSED) return;
    clearInterval(heartbeat);
    socket.close();
    setConnection("reconnecting");
    render(true);
  });
})();
