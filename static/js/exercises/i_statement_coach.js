/* I-statement rewriting: the rewrite template and the live coach.
 *
 * compose(parts) builds the same sentence as exercises/i_statement_builder.py
 * (compose_rewrite) for the preview. coachArea(id) is a self-updating area:
 * .analyze(text) sends an "analyze" frame 400 ms after the last change (to
 * this socket only; the server stores nothing) and shows the answer: the
 * flagged words marked from their offsets, each with its reason. Only text
 * nodes carry user text. Used by static/js/exercises/i_statements.js.
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


  // ---- the rewrite template (same rules as exercises/i_statement_builder.py) --------

  const LOWER_FIRST = new Set(("a an the my our your you we it there this that he she they his her their " +
    "after before on at in last yesterday today every each").split(" "));
  const LEAD = {
    situation: /^(?:when|whenever)\s+/i,
    need: /^(?:because\s+)?(?:i\s+need\s+)?/i,
    request: /^(?:(?:would|could|will|can)\s+you\s+(?:be\s+willing\s+to\s+)?)?(?:please\s+)?/i,
  };
  const isUpper = (ch) => !!ch && ch !== ch.toLowerCase();

  function tidy(part, key) {
    let text = part.trim().replace(LEAD[key], "").trim().replace(/[.?!]+$/, "").trim();
    const first = text.split(" ")[0];
    if (isUpper(first[0]) && first !== "I" && !isUpper(first[1]) &&
        (key !== "situation" || LOWER_FIRST.has(first.toLowerCase()))) {
      text = text[0].toLowerCase() + text.slice(1);
    }
    return text;
  }

  /** The composed rewrite; "…" where a part is still empty. */
  function compose(parts) {
    const p = (key) => (parts[key] || "").trim() ? tidy(parts[key], key) : "…";
    const feeling = (parts.feeling || "").trim().toLowerCase() || "…";
    return `I feel ${feeling} when ${p("situation")}, because I need ${p("need")}. Would you be willing to ${p("request")}?`;
  }

  // ---- live coaching ------------------------------------------------------------

  let requestSeq = 0;
  const coachRequests = new Map(); // request_id -> {coach, text}

  /** A coaching area for one text: call .analyze(text) as it changes. */
  function coachArea(id, { onSuggestion } = {}) {
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
          : `${analysis.findings.length} thing${analysis.findings.length === 1 ? "" : "s"} to look at.`;
        if (status.textContent !== said) status.textContent = said;
        body.replaceChildren(...coachView(text, analysis, onSuggestion));
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

  /** The analysed text with flagged words marked (overlaps split into
   * segments). Offsets count code points (Python), so an emoji is one. */
  function highlighted(text, findings) {
    const chars = Array.from(text);
    const spans = findings.filter((f) => f.end > f.start && f.end <= chars.length);
    const cuts = [...new Set([0, chars.length, ...spans.flatMap((f) => [f.start, f.end])])].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i < cuts.length - 1; i++) {
      const [a, b] = [cuts[i], cuts[i + 1]];
      const over = spans.filter((f) => f.start <= a && f.end >= b);
      const piece = chars.slice(a, b).join("");
      if (!over.length) out.push(piece);
      else {
        const codes = [...new Set(over.map((f) => f.code))];
        out.push(h("mark", { class: `flag ${codes.map((c) => `flag-${c}`).join(" ")}`,
          title: codes.map((c) => LABELS[c] || c).join(", ") }, piece));
      }
    }
    return h("p", { class: "coach-text" }, ...out);
  }

  function coachView(text, analysis, onSuggestion) {
    const parts = [highlighted(text, analysis.findings)];
    const seen = new Set();
    const items = [];
    // Flagged words first, in reading order; then what is missing.
    const ordered = [...analysis.findings].sort((x, y) => (x.end === 0) - (y.end === 0) || x.start - y.start);
    for (const f of ordered) {
      const key = `${f.code}:${f.start}:${f.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(h("li", { class: `finding finding-${f.code}` },
        h("strong", {}, LABELS[f.code] || f.code), f.text ? [": ", h("mark", { class: `flag flag-${f.code}` }, f.text)] : null,
        h("br", {}), f.explanation));
    }
    if (items.length) parts.push(h("ul", { class: "findings" }, ...items));
    if (analysis.truncated) parts.push(h("p", { class: "hint" }, "Only the beginning was checked."));
    if (!analysis.is_i_statement && analysis.suggestion) {
      parts.push(h("figure", { class: "quote suggestion" }, h("figcaption", {}, "One way to start (… is yours to fill in)"),
        h("blockquote", {}, analysis.suggestion)));
      if (onSuggestion) parts.push(h("button", { type: "button", class: "secondary", onclick: () => onSuggestion(analysis) },
        "Use what fits in the builder"));
    }
    return parts;
  }

  Attune.iStatementCoach = { LABELS, tidy, compose, coachArea, coachView };
})();
