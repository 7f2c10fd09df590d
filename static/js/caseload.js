/* The therapist's caseload: when the socket says something changed (a
   session started or ended, a time-out, homework done, a link made or
   ended), fetch the rows again. The socket carries no couple data; the rows
   come over HTTP, which checks each link and logs the look. */
(() => {
  "use strict";
  const box = document.getElementById("caseload");
  if (!box) return;
  let attempt = 0;
  let fetching = null;
  let again = false;

  async function refresh() {
    if (fetching) {
      again = true;
      return;
    }
    fetching = fetch(box.dataset.rowsUrl, { credentials: "same-origin", headers: { Accept: "text/html" } });
    try {
      const response = await fetching;
      if (response.ok) {
        /* The server's own rendered rows (auto-escaped by Django), parsed
           as a document, never as script, and moved in as nodes. */
        const rows = new DOMParser().parseFromString(await response.text(), "text/html");
        box.replaceChildren(...rows.body.childNodes);
        box.dataset.refreshed = String(Number(box.dataset.refreshed || 0) + 1);
      }
    } catch (error) {
      /* offline for a moment: the next notice or reconnect fetches again */
    } finally {
      fetching = null;
      if (again) {
        again = false;
        refresh();
      }
    }
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + box.dataset.socket);
    socket.addEventListener("open", () => {
      if (attempt > 0) refresh(); /* catch up on what was missed while away */
      attempt = 0;
      box.dataset.live = "yes";
    });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "caseload_changed") refresh();
    });
    socket.addEventListener("close", (event) => {
      box.dataset.live = "no";
      if (event.code >= 4400 && event.code < 4500) return;
      attempt += 1;
      setTimeout(connect, Math.min(10000, 500 * 2 ** Math.min(attempt, 5)));
    });
  }
  connect();
})();
