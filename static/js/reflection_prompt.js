/* After each exercise, invite this partner to write a private reflection,
 * and write it in a panel inside the session page.
 *
 * A session-wide panel (Attune.panels, see session.js): when the newest entry
 * of view.completed is one this browser has not yet answered, it offers
 * "Write a reflection (private)" and "Skip". It shows to partners only, and
 * only until the next exercise starts. It never blocks the session and
 * sends nothing over the session's socket: the other partner cannot tell
 * whether it was used.
 *
 * The reflection is written in the <dialog id="reflection-panel"> of
 * templates/sessions/live.html (also opened from the session links) and
 * saved with fetch (form data with its CSRF token) to
 * /reflections/new/panel/ (couples.views.reflections.reflection_create_panel,
 * which applies reflection_create's rules). The page never leaves, so its
 * socket stays open and the partner's view of presence does not change;
 * closing the panel puts the scroll position and focus back where they were.
 * A refusal is shown beside the text, which is marked aria-invalid.
 * What was answered is kept in localStorage per session and person.
 */
(() => {
  "use strict";

  const Attune = (window.Attune = window.Attune || {});
  Attune.panels = Attune.panels || [];
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

  // ---- the panel (a modal <dialog>; the session page stays behind it) -------
  const dialog = document.getElementById("reflection-panel");
  const form = document.getElementById("reflection-panel-form");
  let opener = null;
  let scrollAt = 0;
  let answering = null; // { exercise, c } when opened from the invitation

  function errorShow(message) {
    const error = document.getElementById("reflection-panel-error");
    const text = document.getElementById("reflection-panel-text");
    error.textContent = message || "";
    if (message) {
      text.setAttribute("aria-invalid", "true");
      text.focus();
    } else {
      text.removeAttribute("aria-invalid");
    }
  }

  function panelOpen(button, about) {
    if (!dialog) return;
    opener = button;
    scrollAt = window.scrollY;
    answering = about && about.c ? about : null;
    form.elements.exercise.value = about && about.exercise !== undefined ? String(about.exercise) : "";
    const intro = document.getElementById("reflection-panel-link");
    intro.textContent =
      (about && about.title ? `After ${about.title}. ` : "") +
      "Your partner is not told whether you write one. The session carries on behind this panel.";
    errorShow("");
    dialog.showModal();
    form.elements.text.focus();
  }

  function panelClose() {
    dialog.close();
  }

  if (dialog) {
    // Back where you were: the same scroll position, focus on what opened it
    // (or, when that is gone, the step you were on, without scrolling).
    dialog.addEventListener("close", () => {
      const back = opener && opener.isConnected ? opener : document.getElementById("reflection-open");
      if (back) back.focus({ preventScroll: true });
      window.scrollTo(0, scrollAt);
    });
    dialog.querySelector("[data-reflection-close]").addEventListener("click", panelClose);
    const navButton = document.getElementById("reflection-open");
    if (navButton) navButton.addEventListener("click", () => panelOpen(navButton, null));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!form.elements.text.value.trim()) {
        errorShow("Write a few words in “Your reflection”, or go back to the session.");
        return;
      }
      const saveButton = form.querySelector("button[type=submit]");
      saveButton.disabled = true;
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value, Accept: "application/json" },
        });
        const body = await response.json().catch(() => ({}));
        if (!response.ok) {
          errorShow((body.error && body.error.message) || "It could not be saved just now. Your words are still here: try again.");
          return;
        }
        form.reset();
        if (answering) answer(answering.c, answering.exercise);
        answering = null;
        panelClose();
        const status = document.getElementById("reflection-saved");
        if (status) {
          status.replaceChildren("Saved in your reflection log. Only you can read it. ");
          const link = document.createElement("a");
          link.href = body.url;
          link.target = "_blank";
          link.rel = "noopener";
          link.textContent = "Open it (new tab)";
          status.append(link);
        }
      } catch (_) {
        errorShow("It could not be saved just now (no connection?). Your words are still here: try again.");
      } finally {
        saveButton.disabled = false;
      }
    });
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
                "button",
                {
                  type: "button",
                  class: "secondary",
                  onclick: (event) => panelOpen(event.currentTarget, { exercise: index, title: last.title, c }),
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
