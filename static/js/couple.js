/* Couple space: learn at once when the partner starts or ends a session, and
 * see a long time-out's agreed return, with a reminder when it is time; see
 * what is waiting (the partner joined, a therapist waits for consent, the
 * partner shared a reflection) as it happens; and, when this page is in the
 * background, a browser notification that a session started (asked for
 * with a button, never automatically; docs/protocol.md, "Couple-page
 * notices"). */
(() => {
  "use strict";
  const root = document.getElementById("couple-live");
  if (!root) return;
  const notice = document.getElementById("session-notice");
  const startForm = document.getElementById("start-form");
  const copyField = document.getElementById("invite-link");
  if (copyField) copyField.addEventListener("focus", () => copyField.select());
  let attempt = 0;
  let leaving = false;
  let socket = null;

  // ---- a long time-out's agreed return (docs/protocol.md §16, §25) ----------------
  // The server says when the break ends (its clock); the reminder shows on this
  // page at that moment for whoever asked for it (time_out_remind_me).
  const reminder = document.getElementById("time-out-reminder");
  let reminderTimer = null;
  // The return time in words is a real-world time (the server's clock); only
  // the wait until it is corrected for this device's clock.
  const returnWords = (endsAt) =>
    new Date(endsAt * 1000).toLocaleString([], { weekday: "long", hour: "2-digit", minute: "2-digit" });

  function showTimeOut(timeOut, serverNow) {
    clearTimeout(reminderTimer);
    if (!reminder) return;
    if (!timeOut || timeOut.back) {
      reminder.replaceChildren();
      return;
    }
    const offset = serverNow - Date.now() / 1000;
    const endsAtDevice = timeOut.ends_at - offset;
    const remind = timeOut.remind;
    const due = () => {
      const text = document.createElement("p");
      text.className = "reminder";
      const strong = document.createElement("strong");
      strong.textContent = "It's time to come back.";
      text.append(strong, " The return time you agreed for your break has come: join the session when you are ready.");
      reminder.replaceChildren(text);
    };
    const left = endsAtDevice - Date.now() / 1000;
    if (left <= 0) {
      if (remind) due();
      else reminder.replaceChildren();
      return;
    }
    const text = document.createElement("p");
    text.textContent = `You are on a break until ${returnWords(timeOut.ends_at)}.` +
      (remind ? " This page will remind you when it is time." : "");
    reminder.replaceChildren(text);
    // setTimeout holds at most about 24.8 days; a break is at most 24 hours.
    if (remind) reminderTimer = setTimeout(due, left * 1000);
  }

  function timeOutFrom(message, me) {
    const t = message.time_out;
    if (!t) return null;
    return { ends_at: t.ends_at, remind: t.remind.includes(me), back: t.returned.includes(me) };
  }

  if (reminder && reminder.dataset.endsAt) {
    showTimeOut({
      ends_at: Number(reminder.dataset.endsAt),
      remind: reminder.dataset.remind === "true",
      back: reminder.dataset.back === "true",
    }, Number(reminder.dataset.serverNow));
  }

  // ---- what is waiting (the couple-page notices) ------------------------------------
  const waitingList = document.getElementById("waiting-list");
  const waitingNone = document.getElementById("waiting-none");

  function waitingAdd(message) {
    const seen = [...waitingList.children].some((li) => li.dataset.text === message.text);
    if (seen) return;
    const item = document.createElement("li");
    item.dataset.kind = message.kind;
    item.dataset.text = message.text;
    const link = document.createElement("a");
    link.href = message.url;
    link.textContent = message.action;
    item.append(`${message.text} `, link);
    waitingList.prepend(item);
    waitingNone.hidden = true;
    if (message.kind === "partner_joined") {
      const invite = document.querySelector("[aria-labelledby=invite-heading]");
      if (invite) invite.hidden = true;
    }
  }
  for (const li of waitingList.children) li.dataset.text = li.firstChild.textContent.trim();

  // ---- a browser notification, only when this page is in the background -----------
  const offer = document.getElementById("notify-offer");
  const askButton = document.getElementById("notify-ask");
  const notifyState = document.getElementById("notify-state");
  const canNotify = "Notification" in window;

  function offerShow() {
    if (!offer || !canNotify) return;
    offer.hidden = false;
    const permission = Notification.permission;
    askButton.hidden = permission !== "default";
    notifyState.textContent =
      permission === "granted"
        ? "Browser notifications are on: this page tells you when a session starts while it is in the background."
        : permission === "denied"
          ? "Notifications are blocked for this site in your browser's settings."
          : "";
  }
  if (askButton && canNotify) {
    askButton.addEventListener("click", async () => {
      await Notification.requestPermission();
      offerShow();
    });
  }
  offerShow();

  function notifyInBackground(message) {
    if (!canNotify || Notification.permission !== "granted" || document.visibilityState !== "hidden") return;
    const url = `/sessions/${encodeURIComponent(message.session)}/`;
    // Who started it, and nothing anyone wrote.
    const shown = new Notification(`${message.started_by} started a practice session`, {
      body: "Open Attune to join when you are ready.",
      tag: `attune-session-${message.session}`,
    });
    shown.addEventListener("click", () => {
      window.focus();
      location.href = url;
    });
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.coupleSocket);
    socket.addEventListener("open", () => (attempt = 0));
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "ready") {
        root.dataset.socket = "ready"; // listening: nothing meant for this page is missed
        return;
      }
      if (message.type === "time_out") {
        showTimeOut(timeOutFrom(message, root.dataset.me), message.server_now);
        return;
      }
      if (message.type === "notice") {
        waitingAdd(message);
        return;
      }
      if (message.type !== "session" || !notice) return;
      if (message.status === "open") {
        const link = document.createElement("a");
        link.className = "button";
        link.href = `/sessions/${encodeURIComponent(message.session)}/`;
        link.textContent = "Join the session";
        const text = document.createElement("p");
        text.textContent = `${message.started_by} started a practice session.`;
        notice.replaceChildren(text, link);
        if (startForm) startForm.hidden = true;
        notifyInBackground(message);
      } else {
        const text = document.createElement("p");
        text.textContent = "The practice session has ended. Reload to see it under past sessions.";
        notice.replaceChildren(text);
      }
    });
    socket.addEventListener("close", (event) => {
      root.dataset.socket = "closed";
      if (leaving || (event.code >= 4400 && event.code < 4500)) return;
      attempt += 1;
      setTimeout(connect, Math.min(10000, 500 * 2 ** Math.min(attempt, 5)));
    });
  }
  // Quick exit or sign-out in any tab (static/js/safety.js): close for good.
  window.addEventListener("attune:leave", () => {
    leaving = true;
    if (socket) socket.close(4000, "left");
  });
  connect();
})();
