/* I-statement rewriting: the rewrite template and the live coach.
 *
 * compose(parts) builds the same sentence as exercises/i_statements/builder.py
 * (compose_rewrite) for the preview. coachArea(id) is a self-updating area:
 * .analyze(text) sends an "analyze" frame 400 ms after the last change (to
 * this socket only; the server stores nothing) and shows the answer: one
 * note per stretch of flagged words (all its codes together, the most
 * important first, the rest folded; a long text's marked copy folded
 * too), marked from their offsets. Only text
 * nodes carry user text. Used by static/js/exercises/i_statements.js and,
 * as gentle optional coaching of the speaker's piece, by
 * static/js/exercises/active_listening.js.
 */
(() => {
  "use strict";
  const Attune = (window.Attune = window.Attune || {});
  Attune.onMessage = Attune.onMessage || {};

  const h = (...args) => Attune.session.h(...args);
  const ANALYZE_DELAY_MS = 400;
  const LABELS = {
    you_blame: "Blame",
    absolute: "Absolute",
    pseudo_feeling: "A thought dressed as a feeling",
    insult: "Insult or contempt",
    missing_feeling: "No feeling of your own yet",
    missing_situation: "No specific moment yet",
    missing_need_or_request: "No need or request yet",
  };


  // ---- the rewrite template (same rules as exercises/i_statements/builder.py) --------

  const LOWER_FIRST = new Set(("a an the my our your you we it there this that he she they his her their " +
    "after before on at in last yesterday today every each").split(" "));
  const LEAD = {
    situation: /^(?:when|whenever)\s+/i,
    need: /^(?:because\s+)?(?:i\s+need\s+)?/i,
    request: /^(?:(?:would|could|will|can)\s+you\s+(?:be\s+willing\s+to\s+)?)?(?:please\s+)?/i,
  };
  const isUpper = (ch) => !!ch && ch !== ch.toLowerCase();

  function tidy(part, key) {
    let text = part.trim().replace(LEAD[key], "").trim().replace(/[.?!…]+$/, "").trim();
    const first = text.split(" ")[0];
    if (isUpper(first[0]) && first !== "I" && !isUpper(first[1]) &&
        (key !== "situation" || LOWER_FIRST.has(first.toLowerCase()))) {
      text = text[0].toLowerCase() + text.slice(1);
    }
    return text;
  }

  /**
   * The composed rewrite; "…" where a part is still empty. An ellipsis
   * already ends the first sentence, so an empty need gets no full stop after
   * it ("because I need … Would you…", never "…."); a filled need gets one.
   */
  function compose(parts) {
    const p = (key) => (parts[key] || "").trim() ? tidy(parts[key], key) : "…";
    const feeling = (parts.feeling || "").trim().toLowerCase() || "…";
    const need = p("need");
    const stop = need.endsWith("…") ? "" : ".";
    return `I feel ${feeling} when ${p("situation")}, because I need ${need}${stop} Would you be willing to ${p("request")}?`;
  }

  // ---- live coaching ------------------------------------------------------------

  let requestSeq = 0;
  const coachRequests = new Map(); // request_id -> {coach, text}

  /** A coaching area for one text: call .analyze(text) as it changes. */
  function coachArea(id, { onSuggestion, onAnalysis } = {}) {
    const status = h("p", { class: "coach-status", role: "status", "aria-live": "polite" });
    const body = h("div", { class: "coach-body" });
    const root = h("section", { class: "coach", id, "aria-label": "What the coach notices" }, status, body);
    let timer = null;
    let latest = null;
    const coach = {
      root,
      analyze(text) {
        clearTimeout(timer);
        if (!text.trim()) {
          latest = null;
          status.textContent = "";
          body.replaceChildren();
          if (onAnalysis) onAnalysis(text, null);
          return;
        }
        timer = setTimeout(() => {
          const requestId = `is-${++requestSeq}`;
          latest = requestId;
          coachRequests.set(requestId, { coach, text });
          if (!Attune.session.sendFrame({ type: "analyze", request_id: requestId, text })) {
            coachRequests.delete(requestId);
            status.textContent = "The coach comes back when you are online again.";
          }
        }, ANALYZE_DELAY_MS);
      },
      show(requestId, text, analysis) {
        if (requestId !== latest) return; // an older answer overtaken by typing
        const said = analysis.is_i_statement
          ? "This reads as an I-statement: a feeling, one moment and a need or request, without blame."
          : `${notesOf(analysis).length} thing${notesOf(analysis).length === 1 ? "" : "s"} to look at.`;
        if (status.textContent !== said) status.textContent = said;
        // Folds the person opened stay open while they go on typing.
        const opened = new Set([...body.querySelectorAll("details[open]")].map((d) => d.className));
        body.replaceChildren(...coachView(text, analysis, onSuggestion));
        for (const fold of body.querySelectorAll("details")) if (opened.has(fold.className)) fold.open = true;
        if (onAnalysis) onAnalysis(text, analysis);
      },
    };
    return coach;
  }

  Attune.onMessage.analysis = (message) => {
    const request = coachRequests.get(message.request_id);
    if (!request) return;
    coachRequests.delete(message.request_id);
    request.coach.show(message.request_id, request.text, message.analysis);
  };

  /** The notes to show: the server's grouped `notes` (one per stretch of
   * words, all its codes together, most important first); for an older
   * server, one note per finding in reading order. */
  function notesOf(analysis) {
    if (Array.isArray(analysis.notes)) return analysis.notes;
    return [...analysis.findings]
      .sort((x, y) => (x.end === 0) - (y.end === 0) || x.start - y.start)
      .map((f) => ({ start: f.start, end: f.end, codes: [f.code], message: f.explanation }));
  }

  /** The analysed text with each note's stretch marked. Offsets count code
   * points (Python), so an emoji is one. */
  function highlighted(text, notes) {
    const chars = Array.from(text);
    const spans = notes.filter((n) => n.end > n.start && n.end <= chars.length)
      .sort((a, b) => a.start - b.start);
    const out = [];
    let at = 0;
    for (const n of spans) {
      if (n.start < at) continue; // notes do not overlap; be safe anyway
      if (n.start > at) out.push(chars.slice(at, n.start).join(""));
      out.push(h("mark", { class: `flag ${n.codes.map((c) => `flag-${c}`).join(" ")}`,
        title: n.codes.map((c) => LABELS[c] || c).join(", ") }, chars.slice(n.start, n.end).join("")));
      at = n.end;
    }
    if (at < chars.length) out.push(chars.slice(at).join(""));
    return h("p", { class: "coach-text" }, ...out);
  }

  /** One note: its labels, the words (if any) and the reason. */
  function noteItem(text, note) {
    const words = note.end > note.start ? Array.from(text).slice(note.start, note.end).join("") : "";
    return h("li", { class: `finding ${note.codes.map((c) => `finding-${c}`).join(" ")}` },
      h("strong", {}, note.codes.map((c) => LABELS[c] || c).join(" · ")),
      words ? [": ", h("mark", { class: `flag flag-${note.codes[0]}` }, words)] : null,
      h("br", {}), note.message);
  }

  /** Past this many characters the marked copy of the text is folded too:
   * the person can see their own words just above, in the field. */
  const FOLD_TEXT_CHARS = 140;

  /** The coach's answer: the marked text, the most important note, the rest
   * folded away ("n more notes") so a long list still fits one phone screen;
   * a long text's marked copy is folded as well ("Your words, marked"). */
  function coachView(text, analysis, onSuggestion) {
    const notes = notesOf(analysis);
    const marked = highlighted(text, notes);
    const parts = [Array.from(text).length > FOLD_TEXT_CHARS
      ? h("details", { class: "coach-marked" }, h("summary", {}, "Your words, marked"), marked)
      : marked];
    if (notes.length) {
      parts.push(h("ul", { class: "findings" }, noteItem(text, notes[0])));
      if (notes.length > 1) {
        const more = notes.length - 1;
        parts.push(h("details", { class: "more-notes" },
          h("summary", {}, `${more} more note${more === 1 ? "" : "s"}`),
          h("ul", { class: "findings" }, ...notes.slice(1).map((n) => noteItem(text, n)))));
      }
    }
    if (analysis.truncated) parts.push(h("p", { class: "hint" }, "Only the beginning was checked."));
    if (!analysis.is_i_statement && analysis.suggestion) {
      parts.push(h("figure", { class: "quote suggestion" }, h("figcaption", {}, "One way to start (… is yours to fill in)"),
        h("blockquote", {}, analysis.suggestion)));
      if (onSuggestion) parts.push(h("button", { type: "button", class: "secondary", onclick: () => onSuggestion(analysis) },
        "Use what fits in the builder"));
    }
    return parts;
  }

  Attune.iStatementCoach = { LABELS, tidy, compose, coachArea, coachView, notesOf };
})();
