/* Quick exit, on every page (docs/architecture.md, "Privacy and safety").
 *
 * The "Quick exit" link ([data-quick-exit]) and the Escape key pressed three
 * times within ESCAPE_WINDOW_MS leave for our neutral page at once, with
 * location.replace: the page being left is swapped out of this tab's history,
 * so the Back button does not bring it back. Nothing is sent or stored about
 * the exit. Without JavaScript the link still leads to the neutral page.
 */
(() => {
  "use strict";

  const ESCAPE_PRESSES = 3;
  const ESCAPE_WINDOW_MS = 1500;
  let escapes = [];

  function exitTarget() {
    const link = document.querySelector("[data-quick-exit]");
    return link ? link.href : "/away/";
  }

  function leave(event) {
    if (event) event.preventDefault();
    // Hide the page first: a slow network must not leave it on screen.
    document.documentElement.style.visibility = "hidden";
    window.location.replace(exitTarget());
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (link) leave(event);
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
