/* Ritual planning (rituals of connection) screens.
 *
 * Partners propose rituals, edit each other's proposals and accept a precise
 * version: a ritual is agreed only when both accepted the same revision
 * (proposing or editing a version counts as the author's acceptance)
 * (exercises/rituals.py decides). Proposal and edit forms are drafts kept in
 * localStorage until the server acknowledges them, so a re-render caused by
 * the partner (or a reload) never loses what is being typed. A form is open
 * exactly while its draft exists. Kinds, limits: config.rituals
 * (couples/selectors/rituals.py, session_config).
 */
(() => {
  "use strict";
  const Attune = (window.Attune = window.Attune || {});
  Attune.exercises = Attune.exercises || {};

  const h = (...args) => Attune.session.h(...args);
  const rerender = () => Attune.session.render();

  const FREQUENCY_LABELS = [["daily", "Every day"], ["weekly", "On chosen days of the week"], ["monthly", "Once a month"], ["yearly", "Once a year"]];
  const DAY_LABELS = { MO: "Mon", TU: "Tue", WE: "Wed", TH: "Thu", FR: "Fri", SA: "Sat", SU: "Sun" };
  const NEW_DRAFT = "ritual-new";
  const editDraft = (id) => `ritual-edit-${id}`;

  // ---- drafts of whole forms ---------------------------------------------------
  // Stored under the core's draft key (session.js: `attune.<session>.<me>.draft.<field>`),
  // so the core clears a draft when the server acknowledges the command sent with it.

  const draftKey = (c, field) => `attune.${c.config.session}.${c.me}.draft.${field}`;
  function draftLoad(c, field) {
    const value = c.draftGet(field);
    return value && typeof value === "object" ? value : null;
  }
  function draftSave(c, field, value) {
    try {
      localStorage.setItem(draftKey(c, field), JSON.stringify(value));
    } catch (_) {
      /* storage full or disabled: the form then lives only in the page */
    }
  }
  const draftDrop = (c, field) => localStorage.removeItem(draftKey(c, field));

  // The core rebuilds the screen on every change and restores focus by id;
  // the caret position is restored here.
  let caret = null;
  function keepCaret(event) {
    const el = event.target;
    try {
      caret = { id: el.id, start: el.selectionStart, end: el.selectionEnd };
    } catch (_) {
      caret = null;
    }
  }
  function restoreCaret() {
    if (!caret) return;
    const el = document.getElementById(caret.id);
    if (el && document.activeElement === el && typeof caret.start === "number") {
      try {
        el.setSelectionRange(caret.start, caret.end);
      } catch (_) {
        /* inputs without a text selection (time, number) */
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------

  const kinds = (c) => c.config.rituals.kinds;
  const kindOf = (c, id) => kinds(c).find((k) => k.id === id) || null;
  const localZone = () => {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    } catch (_) {
      return "UTC";
    }
  };

  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const ordinal = (n) => {
    const tens = n % 100;
    const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th");
    return `${n}${suffix}`;
  };

  function whenText(p) {
    switch (p.frequency) {
      case "daily":
        return "Every day";
      case "monthly":
        return `Every month on the ${ordinal(p.month_day)}`;
      case "yearly":
        return `Every year on ${p.month_day} ${MONTHS[p.month - 1] || ""}`;
      default:
        return (p.weekdays || []).map((d) => DAY_LABELS[d] || d).join(", ");
    }
  }

  function scheduleText(p) {
    const when = whenText(p);
    const hours = Math.floor(p.duration_minutes / 60);
    const minutes = p.duration_minutes % 60;
    const length = [hours ? `${hours} h` : "", minutes ? `${minutes} min` : ""].filter(Boolean).join(" ");
    return `${when} at ${p.time} · ${length} · ${p.timezone}`;
  }

  function blankValues(c) {
    const first = kinds(c)[0];
    return { kind: first.id, title: first.title, details: "", roles: "", ...first.suggested, timezone: localZone(), schedule_touched: false };
  }

  const byWhom = (c, id) => (id === c.me ? "you" : c.nameOf(id));

  // ---- the proposal form (new or edit) ---------------------------------------------

  /**
   * A form for every ritual field, bound to draft `field`. `values` holds the
   * draft; `onSend(values)` sends the command.
   */
  function ritualForm(c, { field, prefix, values, submit, command, onSend, onCancel, isNew }) {
    const limits = c.config.rituals.limits;
    const id = (name) => `${prefix}-${name}`;
    const explanation = h("p", { class: "hint", id: id("explanation") });
    const weekdaysSet = h("fieldset", { id: id("weekdays") }, h("legend", {}, "On which days?"),
      ...c.config.rituals.weekdays.map((day) =>
        h("label", { class: "choice" },
          h("input", { type: "checkbox", name: "weekdays", value: day, checked: values.weekdays.includes(day) || null }),
          DAY_LABELS[day])));

    const monthField = h("div", { class: "field", id: id("month-field") },
      h("label", { for: id("month") }, "Month"),
      h("select", { id: id("month"), name: "month" },
        ...MONTHS.map((name, index) => h("option", { value: String(index + 1), selected: values.month === index + 1 || null }, name))));
    const monthDayField = h("div", { class: "field", id: id("month-day-field") },
      h("label", { for: id("month-day") }, "Day of the month"),
      h("input", { type: "number", id: id("month-day"), name: "month_day", min: 1, max: 31, step: 1, value: values.month_day || 1 }),
      h("p", { class: "hint", id: id("month-day-hint") }));

    const kindSelect = h("select", { id: id("kind"), name: "kind" },
      ...kinds(c).map((k) => h("option", { value: k.id, selected: k.id === values.kind || null }, k.title)));
    // Every text field of a ritual is required (exercises/rituals.py,
    // ritual_fields_clean): marked so before anyone submits.
    const text = (name, label, limit, rows) => {
      const control = rows
        ? h("textarea", { id: id(name), name, rows, "data-max-chars": limit, required: true, "aria-required": "true" })
        : h("input", { type: "text", id: id(name), name, "data-max-chars": limit, required: true, "aria-required": "true" });
      control.value = values[name] || "";
      return h("div", { class: "field" },
        h("label", { for: id(name) }, label, h("span", { class: "required" }, " (required)")), control,
        h("p", { class: "counter", id: id(`${name}-count`) }));
    };
    const form = h("form", { class: "ritual-form", id: prefix, novalidate: true },
      h("div", { class: "field" }, h("label", { for: id("kind") }, "Kind of ritual"), kindSelect, explanation),
      text("title", "Name", limits.title),
      text("details", "What exactly happens", limits.details, 3),
      text("roles", "Who does what", limits.roles, 2),
      h("fieldset", {}, h("legend", {}, "How often?"),
        ...FREQUENCY_LABELS.map(([value, label]) =>
          h("label", { class: "choice" }, h("input", { type: "radio", name: "frequency", value, checked: values.frequency === value || null }), label))),
      weekdaysSet,
      monthField,
      monthDayField,
      h("div", { class: "field" }, h("label", { for: id("time") }, "Time of day"),
        h("input", { type: "time", id: id("time"), name: "time", value: values.time, required: true })),
      h("div", { class: "field" }, h("label", { for: id("duration") }, "Length (minutes)"),
        h("input", { type: "number", id: id("duration"), name: "duration_minutes", min: limits.duration_min, max: limits.duration_max, step: 1, value: values.duration_minutes })),
      h("div", { class: "field" }, h("label", { for: id("timezone") }, "Time zone"),
        h("input", { type: "text", id: id("timezone"), name: "timezone", value: values.timezone, autocomplete: "off", spellcheck: "false" }),
        h("p", { class: "hint" }, "A place-based zone such as Europe/Paris; your device's zone is filled in.")),
      h("div", { class: "actions" },
        h("button", { type: "submit", disabled: c.isPending(command) || null }, submit),
        onCancel ? h("button", { type: "button", class: "secondary", onclick: onCancel }, "Cancel") : null));

    const read = () => {
      const data = new FormData(form);
      const minutes = parseInt(data.get("duration_minutes"), 10);
      const frequency = data.get("frequency") || values.frequency;
      const month = parseInt(data.get("month"), 10);
      const monthDay = parseInt(data.get("month_day"), 10);
      return {
        ...values,
        kind: data.get("kind"),
        title: data.get("title") || "",
        details: data.get("details") || "",
        roles: data.get("roles") || "",
        frequency,
        weekdays: data.getAll("weekdays"),
        month: frequency === "yearly" && !Number.isNaN(month) ? month : null,
        month_day: (frequency === "monthly" || frequency === "yearly") && !Number.isNaN(monthDay) ? monthDay : null,
        time: data.get("time") || "",
        duration_minutes: Number.isNaN(minutes) ? null : minutes,
        timezone: (data.get("timezone") || "").trim(),
      };
    };
    const refresh = (current) => {
      const kind = kindOf(c, current.kind);
      explanation.textContent = kind ? kind.explanation : "";
      weekdaysSet.hidden = current.frequency !== "weekly";
      monthField.hidden = current.frequency !== "yearly";
      monthDayField.hidden = current.frequency !== "monthly" && current.frequency !== "yearly";
      const longest = current.frequency === "yearly"
        ? (c.config.rituals.days_in_month || [])[(current.month || 1) - 1] || 31
        : c.config.rituals.monthly_max_day || 28;
      monthDayField.querySelector("input").max = longest;
      form.querySelector(`#${id("month-day-hint")}`).textContent = current.frequency === "yearly"
        ? (current.month === 2 ? "1 to 29; the 29th happens in leap years only." : `1 to ${longest}.`)
        : `1 to ${longest}, so it happens every month.`;
      for (const [name, limit] of [["title", limits.title], ["details", limits.details], ["roles", limits.roles]]) {
        form.querySelector(`#${id(`${name}-count`)}`).textContent = Attune.fields.counterText(current[name] || "", limit);
      }
    };
    form.addEventListener("input", (event) => {
      keepCaret(event);
      let current = read();
      if (["frequency", "weekdays", "month", "month_day", "time", "duration_minutes", "timezone"].includes(event.target.name)) {
        current.schedule_touched = true;
      }
      if (isNew && event.target.name === "kind") {
        // A new proposal takes the kind's suggested schedule and name until
        // the partner has chosen their own.
        const kind = kindOf(c, current.kind);
        const previous = kindOf(c, values.kind);
        if (kind && (!current.title || (previous && current.title === previous.title))) current.title = kind.title;
        if (kind && !current.schedule_touched) current = { ...current, ...kind.suggested };
        values = current;
        draftSave(c, field, current);
        rerender();
        return;
      }
      values = current;
      draftSave(c, field, current);
      refresh(current);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const current = read();
      draftSave(c, field, current);
      onSend(current);
    });
    refresh(values);
    return form;
  }

  const FIELDS = ["kind", "title", "details", "roles", "frequency", "weekdays", "month", "month_day", "time", "duration_minutes", "timezone"];

  function payloadOf(values) {
    const payload = {};
    for (const name of FIELDS) {
      if (values[name] !== null && values[name] !== undefined) payload[name] = values[name];
    }
    return payload;
  }

  const fieldsOf = (p) => Object.fromEntries(FIELDS.map((name) => [name, p[name]]));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  /** The fields this partner changed since opening the edit (draft.base), so
   *  an edit never silently undoes the other partner's change to another field. */
  function changesOf(draft) {
    return Object.fromEntries(FIELDS.filter((name) => !same(draft[name], draft.base[name])).map((name) => [name, draft[name]]));
  }

  /** An edit draft of proposal `p`, optionally with `changes` laid over it. */
  const editDraftOf = (p, changes = {}) => ({ ...fieldsOf(p), ...changes, base: fieldsOf(p), base_revision: p.revision, schedule_touched: true });

  // ---- one proposal ----------------------------------------------------------------

  function button(c, label, command, payload, opts = {}) {
    return h("button", {
      type: "button",
      class: opts.secondary ? "secondary" : null,
      disabled: c.isPending(command) || opts.disabled || null,
      onclick: opts.onclick || (() => c.send(command, payload || {})),
    }, label);
  }

  function acceptanceLine(c, p) {
    const other = c.otherPartner();
    const mine = p.accepted_by.includes(c.me);
    const theirs = p.accepted_by.includes(other);
    if (mine && theirs) return "You both accepted this version.";
    if (mine) {
      const author = p.revision > 1 ? p.edited_by : p.proposed_by;
      return author === c.me
        ? `Proposing it counts as your yes. Waiting for ${c.nameOf(other)}.`
        : `You accepted this version. Waiting for ${c.nameOf(other)}.`;
    }
    if (theirs) return `${c.nameOf(other)} accepted this version. Do you?`;
    return "Neither of you has accepted this version yet.";
  }

  function proposalCard(c, p) {
    const kind = kindOf(c, p.kind);
    const parts = [
      h("h3", {}, p.title),
      h("p", { class: "hint" }, `${kind ? kind.title : p.kind} · ${scheduleText(p)}`),
      h("p", {}, h("strong", {}, "What happens: "), p.details),
      h("p", {}, h("strong", {}, "Who does what: "), p.roles),
      h("p", { class: "hint" }, `Proposed by ${byWhom(c, p.proposed_by)}` +
        (p.revision > 1 ? ` · version ${p.revision}, last changed by ${byWhom(c, p.edited_by)}` : "")),
    ];
    if (p.status === "agreed") {
      parts.push(h("p", { class: "confirmed" }, "✓ Agreed by both of you. It is kept in your couple space."));
      return h("li", { class: "ritual-proposal agreed" }, ...parts);
    }
    parts.push(h("p", { class: "role" }, acceptanceLine(c, p)));
    let draft = draftLoad(c, editDraft(p.id));
    if (draft && !draft.base) draft = editDraftOf(p); // a draft from an older page version
    if (draft) {
      parts.push(editArea(c, p, draft));
    } else {
      parts.push(h("div", { class: "actions" },
        button(c, "Accept this version", "ritual_accept", { proposal_id: p.id, revision: p.revision },
          { disabled: p.accepted_by.includes(c.me) }),
        button(c, "Change it", null, null, {
          secondary: true,
          onclick: () => {
            draftSave(c, editDraft(p.id), editDraftOf(p));
            rerender();
          },
        }),
        p.proposed_by === c.me
          ? button(c, "Withdraw", "ritual_withdraw", { proposal_id: p.id }, { secondary: true })
          : null));
    }
    return h("li", { class: "ritual-proposal" }, ...parts);
  }

  function editArea(c, p, draft) {
    const field = editDraft(p.id);
    const parts = [];
    if (draft.base_revision !== p.revision) {
      parts.push(h("p", { class: "feedback", role: "status" },
        p.edited_by === c.me
          ? `This proposal changed since you started editing (now version ${p.revision}).`
          : `${c.nameOf(p.edited_by)} changed it since you started editing (now version ${p.revision}).`),
        h("div", { class: "actions" },
          button(c, "Start again from the new version", null, null, {
            secondary: true,
            onclick: () => { draftSave(c, field, editDraftOf(p)); rerender(); },
          }),
          button(c, "Keep my changes over it", null, null, {
            secondary: true,
            onclick: () => { draftSave(c, field, editDraftOf(p, changesOf(draft))); rerender(); },
          })));
    }
    parts.push(ritualForm(c, {
      field,
      prefix: `ritual-edit-${p.id}`,
      values: draft,
      submit: "Propose this version",
      command: "ritual_edit",
      onSend: (values) => c.send("ritual_edit", { proposal_id: p.id, revision: values.base_revision, ...changesOf(values) }, field),
      onCancel: () => { draftDrop(c, field); rerender(); },
    }));
    parts.push(h("p", { class: "hint" }, "Proposing a change counts as your yes to it; your partner is asked again."));
    return h("div", { class: "ritual-edit" }, ...parts);
  }

  // ---- the exercise ----------------------------------------------------------------

  function startForm(c) {
    const form = h("form", { class: "start-form", onsubmit: (e) => {
      e.preventDefault();
      c.send("exercise_start", { exercise: "ritual_planning" });
    } },
      h("ul", { class: "plain ritual-kinds" }, ...kinds(c).map((k) => h("li", {}, h("strong", {}, k.title), ": ", k.explanation))),
      h("button", { type: "submit", disabled: c.isPending("exercise_start") || null }, "Start planning rituals"));
    return form;
  }

  function render(c) {
    const ex = c.view.exercise;
    const proposals = ex.proposals.filter((p) => p.status !== "withdrawn");
    const withdrawn = ex.proposals.filter((p) => p.status === "withdrawn");
    const agreed = proposals.filter((p) => p.status === "agreed");
    // A draft of an edit to a proposal that is no longer open cannot be sent.
    for (const p of ex.proposals) if (p.status !== "open") draftDrop(c, editDraft(p.id));

    const parts = [
      h("p", { class: "topic" }, "Rituals of connection"),
      h("h2", { class: "step", tabindex: "-1" },
        proposals.length ? "Shape each ritual together, then accept the version you both want." : "Propose a first ritual."),
      h("p", { class: "hint" }, "Proposing a ritual (or a change) counts as your yes; it is agreed when your partner accepts that same version. Any change asks the other again."),
    ];
    if (proposals.length) parts.push(h("ol", { class: "plain ritual-proposals" }, ...proposals.map((p) => proposalCard(c, p))));

    const draft = draftLoad(c, NEW_DRAFT);
    if (draft || !proposals.length) {
      parts.push(h("section", { class: "ritual-new", "aria-labelledby": "ritual-new-heading" },
        h("h3", { id: "ritual-new-heading" }, "Propose a ritual"),
        ritualForm(c, {
          field: NEW_DRAFT,
          prefix: "ritual-new",
          values: draft || blankValues(c),
          submit: "Propose it",
          command: "ritual_propose",
          isNew: true,
          onSend: (values) => c.send("ritual_propose", payloadOf(values), NEW_DRAFT),
          onCancel: proposals.length ? () => { draftDrop(c, NEW_DRAFT); rerender(); } : null,
        })));
    } else {
      parts.push(h("div", { class: "actions" },
        button(c, "Propose another ritual", null, null, {
          secondary: true,
          onclick: () => { draftSave(c, NEW_DRAFT, blankValues(c)); rerender(); },
        })));
    }
    if (withdrawn.length) {
      parts.push(h("p", { class: "hint" }, `Withdrawn: ${withdrawn.map((p) => p.title).join(", ")}.`));
    }
    parts.push(h("div", { class: "actions secondary-actions" },
      button(c, agreed.length ? `We're done: keep our ${agreed.length} agreed ritual${agreed.length === 1 ? "" : "s"}` : "We're done (agree on a ritual first)",
        "ritual_planning_finish", {}, { disabled: !agreed.length }),
      button(c, "Stop this exercise", "exercise_stop", {}, { secondary: true })));
    queueMicrotask(restoreCaret);
    return parts;
  }

  function history() {
    return [];
  }

  function summary(record, c) {
    const s = record.summary;
    if (!s.agreed) return [];
    return [
      h("h3", {}, "The rituals you agreed on"),
      h("ul", { class: "plain" }, ...s.agreed.map((p) => h("li", {}, h("strong", {}, p.title), ` · ${scheduleText(p)}`))),
      h("p", {}, "They are kept in your couple space, where either of you can change, pause or retire them and add them to a calendar. ",
        h("a", { href: c.config.rituals.page_url }, "See our rituals")),
    ];
  }

  function describe(event, c) {
    const d = event.data || {};
    const titleOf = (id) => ((c.view.exercise && c.view.exercise.proposals.find((p) => p.id === id)) || {}).title || "a ritual";
    switch (event.type) {
      case "ritual_proposed":
        return d.by === c.me ? null : `${c.nameOf(d.by)} proposed “${d.proposal.title}”.`;
      case "ritual_edited":
        if (d.by === c.me) return null;
        return `${c.nameOf(d.by)} changed “${d.proposal.title}”.` +
          (d.acceptances_cleared.includes(c.me) ? " Please look at the new version and accept it again if it suits you." : "");
      case "ritual_accepted":
        return d.by === c.me ? null : `${c.nameOf(d.by)} accepted “${titleOf(d.proposal_id)}”.`;
      case "ritual_agreed":
        return `You both agreed on “${d.proposal.title}”.`;
      case "ritual_withdrawn":
        return d.by === c.me ? null : `${c.nameOf(d.by)} withdrew “${d.title}”.`;
      default:
        return null;
    }
  }

  Attune.exercises.ritual_planning = {
    title: "Rituals of connection",
    intro: "Plan small, regular moments that keep you close (a daily check-in, a proper hello after work, a weekly date…). Propose, shape them together, and keep the ones you both accept; they go to your couple space and your calendars. Based on John Gottman's rituals of connection.",
    startForm,
    render,
    history,
    summary,
    describe,
  };
})();
