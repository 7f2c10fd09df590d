/* Quick exit and sign-out, on every page (docs/architecture.md, "Privacy and
 * safety"; docs/protocol.md, "Leaving the device").
 *
 * The "Quick exit" link ([data-quick-exit]) and the Escape key pressed three
 * times within ESCAPE_WINDOW_MS leave for our neutral page at once, with
 * location.replace: the page being left is swapped out of this tab's history,
 * so the Back button does not bring it back. Nothing is sent or stored about
 * the exit. Without JavaScript the link still leads to the neutral page.
 *
 * Quick exit and signing out ([data-sign-out] forms) also leave the device:
 *  - every key Attune keeps in localStorage and sessionStorage (they all
 *    start with "attune.": drafts, pending commands, small remembered
 *    choices) is removed, and so is every cache of the service worker
 *    (static files and the offline page; the worker clears them again when
 *    it sees the quick-exit page or the sign-out, couples/views/app.py);
 *  - every other tab of this browser on Attune is told (BroadcastChannel
 *    LEAVE_CHANNEL, and a `storage` event on LEAVE_KEY for browsers without
 *    it): it closes its sockets for good (the window event "attune:leave",
 *    which session.js and couple.js answer by closing with 4000 and never
 *    reconnecting), removes the keys too and goes to the neutral page.
 */
(() => {
  "use strict";

  const ESCAPE_PRESSES = 3;
  const ESCAPE_WINDOW_MS = 1500;
  const PREFIX = "attune.";
  const LEAVE_CHANNEL = "attune.leave";
  const LEAVE_KEY = "attune.leave";
  let escapes = [];
  let channel = null;
  try {
    if (window.BroadcastChannel) channel = new window.BroadcastChannel(LEAVE_CHANNEL);
  } catch (_) {
    /* no BroadcastChannel: the storage event below still reaches other tabs */
  }

  function exitTarget() {
    const link = document.querySelector("[data-quick-exit]");
    return link ? link.href : "/away/";
  }

  /** Remove every key Attune keeps on this device. */
  function forgetDevice() {
    for (const name of ["localStorage", "sessionStorage"]) {
      try {
        const storage = window[name];
        for (const key of Object.keys(storage)) {
          if (key.startsWith(PREFIX)) storage.removeItem(key);
        }
      } catch (_) {
        /* storage disabled: nothing was kept */
      }
    }
  }

  /** Empty the service worker's caches (Cache Storage); a promise. */
  function forgetCaches() {
    try {
      if (!window.caches) return Promise.resolve();
      return caches.keys().then((names) => Promise.all(names.map((name) => caches.delete(name))))
        .catch(() => {});
    } catch (_) {
      return Promise.resolve(); /* no Cache Storage here (an insecure page) */
    }
  }

  /** Close this page's sockets for good, then forget the device. */
  function endHere() {
    if (window.dispatchEvent) window.dispatchEvent(new Event("attune:leave"));
    forgetDevice();
    forgetCaches();
  }

  function tellOtherTabs() {
    if (channel) channel.postMessage("leave");
    try {
      // The storage event fires in the other tabs; the key is gone at once.
      localStorage.setItem(LEAVE_KEY, String(Date.now()));
      localStorage.removeItem(LEAVE_KEY);
    } catch (_) {
      /* storage disabled */
    }
  }

  function hideAndGo() {
    // Hide the page first: a slow network must not leave it on screen.
    document.documentElement.style.visibility = "hidden";
    window.location.replace(exitTarget());
  }

  // Set once this tab is leaving, so a signal from another tab leaving at
  // the same moment does not turn it round.
  let left = false;

  function leave(event) {
    if (event) event.preventDefault();
    left = true;
    endHere();
    tellOtherTabs();
    hideAndGo();
  }

  function leftElsewhere() {
    if (left) return;
    left = true;
    endHere();
    hideAndGo();
  }

  if (channel) channel.addEventListener("message", leftElsewhere);
  if (window.addEventListener) {
    window.addEventListener("storage", (event) => {
      if (event.key === LEAVE_KEY && event.newValue !== null) leftElsewhere();
    });
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (link) leave(event);
  });

  // Signing out: the form still posts; the device and the other tabs are cleared first.
  document.addEventListener("submit", (event) => {
    if (!event.target.matches || !event.target.matches("form[data-sign-out]")) return;
    left = true;
    endHere();
    tellOtherTabs();
  });

  document.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== "Escape") return;
      const now = Date.now();
      escapes = escapes.filter((t) => now - t < ESCAPE_WINDOW_MS);
      escapes.push(now);
      if (escapes.length >= ESCAPE_PRESSES) leave(event);
    },
    true,
  );
})();
