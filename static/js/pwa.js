/* Installing Attune on a phone: registers the service worker (/sw.js,
 * couples/views/app.py) that keeps the static files and the offline page,
 * never a page with anyone's words. Browsers without service workers simply
 * go on without it.
 */
(() => {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  const link = document.querySelector("link[rel=manifest][data-worker]");
  if (!link) return;
  navigator.serviceWorker.register(link.dataset.worker, { scope: "/" }).catch(() => {
    /* not installable here (private mode, storage off): the site works the same */
  });
})();
