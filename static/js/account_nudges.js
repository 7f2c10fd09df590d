/* The account page's nudge choices: a person who has never saved them gets
 * their browser's own time zone proposed (Intl), so quiet hours are read in
 * the time they live in. Nothing is saved until they press "Save my choices". */
(() => {
  "use strict";
  const select = document.querySelector("select[name='nudges-time_zone'][data-guess='true']");
  if (!select || typeof Intl === "undefined") return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && [...select.options].some((option) => option.value === zone)) select.value = zone;
})();
