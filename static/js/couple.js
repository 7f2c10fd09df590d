/* Couple space: learn at once when the partner starts or ends a session. */
(() => {
  "use strict";
  const section = document.getElementById("live-session");
  if (!section) return;
  const notice = document.getElementById("session-notice");
  const startForm = document.getElementById("start-form");
  const copyField = document.getElementById("invite-link");
  if (copyField) copyField.addEventListener("focus", () => copyField.select());
  let attempt = 0;
  let leaving = false;
  let socket = null;

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + section.dataset.coupleSocket);
    socket.addEventListener("open", () => (attempt = 0));
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type !== "session") return;
      if (message.status === "open") {
        const link = document.createElement("a");
        link.className = "button";
        link.href = `/sessions/${encodeURIComponent(message.session)}/`;
        link.textContent = "Join the session";
        const text = document.createElement("p");
        text.textContent = `${message.started_by} started a practice session.`;
        notice.replaceChildren(text, link);
        if (startForm) startForm.hidden = true;
      } else {
        const text = document.createElement("p");
        text.textContent = "The practice session has ended. Reload to see it under past sessions.";
        notice.replaceChildren(text);
      }
    });
    socket.addEventListener("close", (event) => {
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
