/* Copy and share buttons for links a person must send (templates/share_link.html):
 * the partner invitation, the therapist invitation, the calendar subscription.
 *
 * "Copy link" writes the link with the asynchronous Clipboard API and says
 * "Copied" beside the button (a status region, so it is announced). Where
 * the clipboard is refused or missing, the link is selected in its field
 * instead and the status says how to copy it by hand. "Share…" appears only
 * where the Web Share API exists (most phones) and opens the system share
 * sheet with the link and a neutral title.
 */
(() => {
  "use strict";

  function fieldOf(box) {
    return document.getElementById(box.dataset.shareLink);
  }

  function say(box, text) {
    const status = box.querySelector(".copy-status");
    if (status) status.textContent = text;
  }

  function selectField(field) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  }

  async function copy(box) {
    const field = fieldOf(box);
    if (!field) return;
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
      await navigator.clipboard.writeText(field.value);
      say(box, "Copied");
    } catch (_) {
      selectField(field);
      say(box, "The link is selected: copy it with your device's Copy (Ctrl+C or ⌘C).");
    }
  }

  async function share(box) {
    const field = fieldOf(box);
    if (!field) return;
    try {
      await navigator.share({ title: box.dataset.shareTitle || "Attune", url: field.value });
      say(box, "");
    } catch (error) {
      if (error && error.name === "AbortError") return; // closed the share sheet
      selectField(field);
      say(box, "Sharing did not work here. The link is selected: copy it instead.");
    }
  }

  for (const box of document.querySelectorAll("[data-share-link]")) {
    const copyButton = box.querySelector("[data-copy]");
    const shareButton = box.querySelector("[data-share]");
    if (copyButton) copyButton.addEventListener("click", () => copy(box));
    if (shareButton && typeof navigator.share === "function") {
      shareButton.hidden = false;
      shareButton.addEventListener("click", () => share(box));
    }
  }
})();
