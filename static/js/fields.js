/* Text fields with a length limit, on every page (templates/base.html).
 *
 * A browser keeps only what fits in a field with `maxlength` and drops the
 * rest of a paste without a word: a long message pasted into the coach lost
 * its last 4,000 characters unseen in a couple's trial. Attune never loses
 * what a person wrote unseen, so when a paste does not fit, a notice beside
 * the field says how much was left out and that the whole text is still on
 * the clipboard (the browser does not touch it). The notice goes when the
 * text is short enough again. Lengths are counted as the browser's limit
 * counts them (UTF-16 code units, so an emoji may count twice).
 */
(() => {
  "use strict";

  const CLASS = "paste-notice";

  function noticeOf(field) {
    const next = field.nextElementSibling;
    return next && next.classList.contains(CLASS) ? next : null;
  }

  function say(field, text) {
    let notice = noticeOf(field);
    if (!notice) {
      notice = document.createElement("p");
      notice.className = CLASS;
      notice.setAttribute("role", "status");
      field.insertAdjacentElement("afterend", notice);
    }
    notice.textContent = text;
  }

  function limited(target) {
    return (target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement)
      && target.maxLength > 0 ? target : null;
  }

  document.addEventListener("paste", (event) => {
    const field = limited(event.target);
    if (!field || !event.clipboardData) return;
    const pasted = event.clipboardData.getData("text/plain");
    const replaced = (field.selectionEnd ?? 0) - (field.selectionStart ?? 0);
    const over = field.value.length - replaced + pasted.length - field.maxLength;
    if (over <= 0) return;
    say(field, `Only ${field.maxLength} characters fit here, so the last ${over} characters ` +
      "of what you pasted were left out. The whole text is still on your clipboard: " +
      "shorten it, or paste it in parts.");
  }, true);

  document.addEventListener("input", (event) => {
    const field = limited(event.target);
    const notice = field && noticeOf(field);
    if (notice && field.value.length < field.maxLength) notice.remove();
  }, true);
})();
