/* Text fields with a length limit, on every page (templates/base.html).
 *
 * A limited field carries `data-max-chars` (its limit in characters), never
 * `maxlength` (a Django form's maxlength becomes data-max-chars on load): a
 * browser's maxlength counts UTF-16 code units, so an emoji counts twice
 * there, while the server counts characters as Python does (code points,
 * len()). Attune.fields.count(text) counts the server's way;
 * every counter and every client-side limit uses it, so a couple never sees
 * two different numbers for the same text.
 *
 * Attune never loses what a person wrote unseen. When text goes over a
 * field's limit, this keeps what fits and a notice beside the field says
 * what was left out:
 * - a paste (a long message pasted into the coach lost its last 4,000
 *   characters unseen in a couple's trial): how much was left out and that
 *   the whole text is still on the clipboard (nothing here touches it). The
 *   notice goes when the text is short enough again.
 * - anything else (typing, dictation, an input method's text): the words
 *   left out are not on any clipboard, so the notice shows them, to copy,
 *   until the person closes it ("Close this note").
 * The cut falls on the text just added, where it was added (not the end of
 * the field), as a browser's own limit would cut it.
 */
(() => {
  "use strict";
  const Attune = (window.Attune = window.Attune || {});

  const CLASS = "paste-notice";

  /** Characters as the server counts them: Unicode code points (Python's len()). */
  function count(text) {
    let n = 0;
    for (const _ of text) n += 1;
    return n;
  }

  /** The first `n` characters (code points) of `text`. */
  function head(text, n) {
    return Array.from(text).slice(0, Math.max(0, n)).join("");
  }

  /** "12 / 300 characters" for a counter beside a field. */
  function counterText(text, limit) {
    return `${count(text)} / ${limit} characters`;
  }

  function limitOf(target) {
    if (!(target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement)) return 0;
    const limit = parseInt(target.dataset.maxChars || "", 10);
    return limit > 0 ? limit : 0;
  }

  function noticeOf(field) {
    const next = field.nextElementSibling;
    return next && next.classList.contains(CLASS) ? next : null;
  }

  // A screen drawn again (the live session re-renders on every update) makes
  // a new field with the same id: its note follows it there, so the words it
  // holds are not lost with the old field.
  const notices = new Map(); // field id -> its note

  function notice(field) {
    let box = noticeOf(field);
    if (!box) {
      box = document.createElement("div");
      box.className = CLASS;
      box.setAttribute("role", "status");
      field.insertAdjacentElement("afterend", box);
      if (field.id) notices.set(field.id, box);
    }
    return box;
  }

  function forget(box) {
    for (const [id, kept] of notices) if (kept === box) notices.delete(id);
    box.remove();
  }

  new MutationObserver(() => {
    for (const [id, box] of notices) {
      const field = document.getElementById(id);
      if (!field) notices.delete(id); // the step moved on
      else if (box.previousElementSibling !== field) field.insertAdjacentElement("afterend", box);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });

  function sayPasted(field, over) {
    const limit = limitOf(field);
    const box = notice(field);
    box.dataset.kind = "paste";
    box.replaceChildren(Object.assign(document.createElement("p"), {
      textContent: `Only ${limit} characters fit here, so the last ${over} characters ` +
        "of what you pasted were left out. The whole text is still on your clipboard: " +
        "shorten it, or paste it in parts.",
    }));
  }

  function sayKept(field, leftOut) {
    const limit = limitOf(field);
    const box = notice(field);
    // Words left out one after another (typing on at the limit) gather in one note.
    const kept = (box.dataset.kind === "kept" ? box.dataset.leftOut || "" : "") + leftOut;
    box.dataset.kind = "kept";
    box.dataset.leftOut = kept;
    const words = document.createElement("blockquote");
    words.className = "left-out";
    words.textContent = kept;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "link-button";
    close.textContent = "Close this note";
    close.addEventListener("click", () => {
      const now = (field.id && document.getElementById(field.id)) || field;
      forget(box);
      now.focus();
    });
    box.replaceChildren(
      Object.assign(document.createElement("p"), {
        textContent: `Only ${limit} characters fit here, so these ${count(kept)} characters ` +
          "were not added. They are kept below so you can copy them, shorten the text above, " +
          "and add them back:",
      }),
      words, close);
  }

  // What each limited field held after its last change, to find what an
  // input added (a paste, a word, a dictated sentence) and cut only that.
  const before = new WeakMap();
  let pasteInto = null;

  function fit(field) {
    const limit = limitOf(field);
    if (!limit) return;
    const value = field.value;
    const over = count(value) - limit;
    if (over <= 0) {
      before.set(field, value);
      const box = noticeOf(field);
      if (box && box.dataset.kind === "paste" && over < 0) forget(box);
      return;
    }
    // The added stretch: what lies between the unchanged start and end.
    const old = before.has(field) ? before.get(field) : "";
    let start = 0;
    while (start < old.length && start < value.length && old[start] === value[start]) start += 1;
    let end = 0;
    while (end < old.length - start && end < value.length - start &&
      old[old.length - 1 - end] === value[value.length - 1 - end]) end += 1;
    // Never split an emoji (a surrogate pair) at either edge.
    if (start > 0 && /[\uDC00-\uDFFF]/.test(value[start])) start -= 1;
    if (end > 0 && /[\uD800-\uDBFF]/.test(value[value.length - end - 1])) end -= 1;
    let added = value.slice(start, value.length - end);
    let prefix = value.slice(0, start);
    let suffix = value.slice(value.length - end);
    if (count(added) < over) {
      // More than the new text is over (a field filled from elsewhere): cut from the end.
      prefix = "";
      added = value;
      suffix = "";
    }
    const room = count(added) - over;
    const fits = head(added, room);
    const leftOut = added.slice(fits.length);
    field.value = prefix + fits + suffix;
    const caret = prefix.length + fits.length;
    try { field.setSelectionRange(caret, caret); } catch (_) { /* a field type without a caret */ }
    before.set(field, field.value);
    if (pasteInto === field) sayPasted(field, count(leftOut));
    else sayKept(field, leftOut);
  }

  document.addEventListener("focusin", (event) => {
    if (limitOf(event.target) && !before.has(event.target)) before.set(event.target, event.target.value);
  }, true);

  document.addEventListener("paste", (event) => {
    if (limitOf(event.target)) pasteInto = event.target;
  }, true);

  // Capture phase: the field is within its limit before the page's own
  // listeners (counters, drafts, the coach) read it.
  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!limitOf(field) || event.isComposing) return;
    fit(field);
    pasteInto = null;
  }, true);

  // An input method's text is whole only when its composition ends.
  document.addEventListener("compositionend", (event) => {
    if (limitOf(event.target)) fit(event.target);
  }, true);

  // A form Django renders gives its fields `maxlength` (CharField's
  // max_length, which the server checks with len()): counted the server's way
  // instead. Not a password: what is left out of one is never shown.
  for (const field of document.querySelectorAll("textarea[maxlength], input[maxlength]:not([type=password])")) {
    field.dataset.maxChars = String(field.maxLength);
    field.removeAttribute("maxlength");
  }

  Attune.fields = { count, counterText };
})();
