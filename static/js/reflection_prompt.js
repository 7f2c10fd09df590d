/* After each exercise, invite this partner to write a private reflection.
 *
 * A session-wide panel (Attune.panels, see session.js): when the newest entry
 * of view.completed is one this browser has not yet answered, it offers
 * "Write a reflection (private)" (opens /reflections/new/ in this tab; the
 * session is there as it was when the partner comes back) and "Skip". It
 * shows to partners only, and only until the next exercise starts. It never blocks the session and
 * sends nothing to the server: the other partner cannot tell whether it was
 * used. What was answered is kept in localStorage per session and person.
 * The URL of the form comes from this script tag's data-new-url.
 */
(() => {
  "use strict";

  const Attune = (window.Attune = window.Attune || {});
  Attune.panels = Attune.panels || [];
  const script = document.currentScript;
  const newUrl = (script && script.dataset.newUrl) || "/reflections/new/";
  const PROMPTS = [
    "What did I feel?",
    "What did I learn about my partner?",
    "What will I try?",
  ];

  const storeKey = (c) => `attune.${c.config.session}.${c.me}.reflection_prompt`;

  function answeredUpTo(c) {
    try {
      const raw = localStorage.getItem(storeKey(c));
      return raw === null ? -1 : Number(raw);
    } catch (_) {
      return -1;
    }
  }

  function answer(c, index) {
    try {
      localStorage.setItem(storeKey(c), String(index));
    } catch (_) {
      /* storage disabled: the invitation shows again after a reload */
    }
    if (Attune.session) Attune.session.render();
  }

  Attune.panels.push({
    render(c) {
      const completed = (c.view && c.view.completed) || [];
      const index = completed.length - 1;
      // Only partners keep a reflection log, and only between exercises:
      // once the next exercise runs, the moment has passed.
      if (!c.view.partners.includes(c.me) || c.view.exercise) return null;
      if (index < 0 || index <= answeredUpTo(c)) return null;
      const last = completed[index];
      const { h } = c;
      const params = new URLSearchParams({ session: c.config.session, exercise: String(index) });
      const headingId = `reflection-invite-${index}`;
      return {
        block: false,
        nodes: [
          h(
            "aside",
            { class: "reflection-invite", "aria-labelledby": headingId },
            h("h2", { id: headingId }, `${last.title} is over. A moment for yourself?`),
            h("p", {}, "A few lines for your own eyes only. Your partner is not told whether you write one."),
            h("ul", { class: "prompts" }, PROMPTS.map((p) => h("li", {}, p))),
            h(
              "div",
              { class: "actions" },
              h(
                "a",
                {
                  class: "button secondary",
                  href: `${newUrl}?${params}`,
                  // After the click has opened the tab: re-rendering removes this link.
                  onclick: () => setTimeout(() => answer(c, index), 0),
                },
                "Write a reflection (private)",
              ),
              h("button", { type: "button", class: "link-button", onclick: () => answer(c, index) }, "Skip"),
            ),
          ),
        ],
      };
    },
  });
})();
