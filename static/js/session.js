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

  const state = { view: null, version: -1, participants: {}, presence: {}, error: null };
  const pending = new Map(loadJSON(storeKey("pending"), []));
  let socket = null;
  let attempt = 0;
  let heartbeat = null;
  let ackWatch = null;
  let retryTimer = null;
  let lastRenderKey = null;
  const seenAttention = new Set();
  let closedForGood = false;

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
      maxlength: limit,
      placeholder,
      "data-draft": field,
      "aria-describedby": counterId,
    });
    area.value = draftGet(field);
    const counter = h("p", { id: counterId, class: "counter", "aria-live": "off" });
    const update = () => {
      draftSet(field, area.value);
      counter.textContent = limit ? `${area.value.length} / ${limit} characters` : "";
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
    const entry = { command, payload, version: state.version, field };
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
        applyView(message.version, message.view, []);
        for (const [clientId, entry] of pending) transmit(clientId, entry);
        break;
      case "update":
        if (message.version <= state.version) return; // already have it
        if (message.version !== state.version + 1) {
          requestSync(); // a gap: the channel layer dropped something
          return;
        }
        applyView(message.version, message.view, message.events);
        // Someone new (a therapist) joined: the snapshot carries their name.
        if (message.events.some((e) => e.type === "facilitator_joined")) requestSync();
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
        state.error = { message: message.message, code: message.code, field: entry && entry.field };
        render(true);
        announce(message.message);
        break;
      }
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

  function applyView(version, view, events) {
    state.version = version;
    state.view = view;
    if (typeof view.server_now === "number") clockOffset = view.server_now - Date.now() / 1000;
    render(false);
    // One announcement per update, with every event in it, so a screen
    // reader hears "Both lines are in. Active listening is complete." whole.
    const lines = [];
    for (const event of events) {
      const exercise = Attune.exercises[(view.exercise || {}).kind] || {};
      const panelLine = Attune.panels.reduce((found, panel) => found || (panel.describe && panel.describe(event, ctx())), null);
      const line = (exercise.describe && exercise.describe(event, ctx())) || panelLine || describeSession(event);
      if (line) lines.push(line);
    }
    if (lines.length) announce(lines.join(" "));
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

  function announce(text) {
    announcer.textContent = "";
    setTimeout(() => (announcer.textContent = text), 50);
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

  /** Render the session. `force` re-renders even when the step did not change. */
  function render(force) {
    const view = state.view;
    if (!view) return;
    renderPresence();
    const exercise = view.exercise ? Attune.exercises[view.exercise.kind] : null;
    const key = JSON.stringify([view.version, pending.size, state.error && state.error.message]);
    if (!force && key === lastRenderKey) return;
    lastRenderKey = key;

    const focused = document.activeElement && document.activeElement.id;
    const focusWasHere = nowEl.contains(document.activeElement);
    const parts = [];
    if (state.error) parts.push(h("p", { class: "feedback", role: "alert" }, state.error.message));
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
    // Something that asks for this partner's answer (a repair attempt) is
    // brought into view once, wherever they had scrolled to on a phone.
    for (const el of nowEl.querySelectorAll("[data-attention]")) {
      if (seenAttention.has(el.dataset.attention)) continue;
      seenAttention.add(el.dataset.attention);
      if (el.scrollIntoView) el.scrollIntoView({ block: "start", behavior: "smooth" });
    }
    const again = focused && document.getElementById(focused);
    if (again) again.focus();
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
      h("p", {}, "Thank you both for practising. The transcript stays in your couple space."),
      h("p", {}, h("a", { class: "button", href: config.transcript_url }, "Read the transcript"), " ",
        h("a", { class: "button secondary", href: config.home_url }, "Back to your couple space")),
    ];
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
    parts.push(h("form", { class: "end-session", onsubmit: (e) => { e.preventDefault(); send("session_end"); } },
      h("button", { type: "submit", class: "secondary" }, "End the session for both of us")));
    return parts;
  }

  Attune.session = { h, send, sendFrame, ctx, serverNow, render: () => render(true) };

  document.addEventListener("DOMContentLoaded", () => {
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
