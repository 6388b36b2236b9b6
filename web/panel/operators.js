/* Operators: who logs in, with what, and what a supervisor or admin does about it — all
 * through the API (GET/POST/PATCH /api/operators…, POST /api/operators/<id>/badge,
 * POST /api/badges/label|sheet; docs/api.md, "Operators").
 *
 * Supervisors see the list and may lift a lockout or log someone out everywhere; admins
 * also add operators, edit them, (de)activate them, set PINs and passwords and issue
 * badges.  A badge's code is known only in the answer that made it (the store keeps a
 * hash), so the codes shown on this page are kept in memory — "Identyfikatory do wydruku" —
 * until the page is left, and can be printed until then: a ZPL label or a PDF sheet.
 * Refusals are shown beside the field the server names (`field` in its answer). */
"use strict";

(() => {
  const me = K.page.operator || {};
  const isAdmin = me.role === "admin";
  const ROLES = ["picker", "packer", "supervisor", "office", "admin"];
  const SCANNER_ROLES = new Set(["picker", "packer", "supervisor", "admin"]);
  const OFFICE_ROLES = new Set(["supervisor", "office", "admin"]);
  const BADGE_ONLY_ROLES = new Set(["picker", "packer"]);
  const PIN_LENGTH = 6;

  let operators = [];
  /** Badge codes issued on this page, not printed yet or printed again: {id, login, name, code}. */
  let fresh = [];
  let formCounter = 0;

  const tbody = K.$("#operators tbody");
  const search = K.$("#operators-search");
  const showInactive = K.$("#show-inactive");

  /* ---- helpers --------------------------------------------------------------------------- */

  function locked(operator) {
    return Boolean(operator.locked_until);
  }

  /** A random PIN from the browser's cryptographic generator (uniform digits). */
  function randomPin() {
    const digits = [];
    const buffer = new Uint8Array(1);
    while (digits.length < PIN_LENGTH) {
      crypto.getRandomValues(buffer);
      if (buffer[0] < 250) digits.push(buffer[0] % 10);
    }
    return digits.join("");
  }

  /** Save a downloaded file (a blob) under the server's file name. */
  async function download(path, body) {
    const response = await K.api("POST", path, body, { raw: true });
    const blob = await response.blob();
    const disposition = response.headers.get("Content-Disposition") || "";
    const match = /filename="([^"]+)"/.exec(disposition);
    const url = URL.createObjectURL(blob);
    const link = K.el("a", { href: url, download: match ? match[1] : "", hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  async function printBadges(kind, cards, dpmm) {
    const body = { badges: cards.map((card) => ({ operator_id: card.id, code: card.code })) };
    if (kind === "label") body.dpmm = Number(dpmm || 8);
    await download(kind === "label" ? "/api/badges/label" : "/api/badges/sheet", body);
    K.notice(K.t(`panel.operators.print.done_${kind}`, { n: cards.length }), "success");
  }

  /* ---- the list ------------------------------------------------------------------------- */

  async function load() {
    const answer = await K.api("GET", "/api/operators");
    operators = answer.operators;
    render();
  }

  function matches(operator, text) {
    if (!showInactive.checked && !operator.active) return false;
    if (!text) return true;
    const wanted = text.toLocaleLowerCase();
    return operator.login.includes(wanted) || operator.name.toLocaleLowerCase().includes(wanted);
  }

  function stateCell(operator) {
    const parts = [
      operator.active
        ? K.el("span", { class: "state state-active" }, K.t("panel.operators.state.active"))
        : K.el("span", { class: "state state-inactive" }, K.t("panel.operators.state.inactive")),
    ];
    if (locked(operator)) {
      parts.push(K.el("div", { class: "locked" },
        K.t("panel.operators.state.locked", { until: K.fmt.dateTime(operator.locked_until) })));
    }
    return parts;
  }

  function credentialsCell(operator) {
    const items = [];
    if (operator.has_password) items.push(K.t("panel.operators.cred.password"));
    if (operator.has_pin) items.push(K.t("panel.operators.cred.pin"));
    if (operator.badge) {
      items.push(K.t(operator.badge_only ? "panel.operators.cred.badge_only" : "panel.operators.cred.badge",
                     { hint: operator.badge }));
    }
    if (!items.length) return K.el("span", { class: "muted" }, K.t("panel.operators.cred.none"));
    return K.el("ul", { class: "plain" }, items.map((item) => K.el("li", {}, item)));
  }

  function actionButton(label, onclick, { danger = false, name } = {}) {
    return K.el("button", { type: "button", class: `small ${danger ? "danger" : "secondary"}`,
                            dataset: { action: name }, onclick }, label);
  }

  function actionsCell(operator) {
    const buttons = [];
    const who = { name: operator.name, login: operator.login };
    if (isAdmin) {
      buttons.push(actionButton(K.t("panel.operators.action.edit"), () => editDialog(operator),
                                { name: "edit" }));
      if (SCANNER_ROLES.has(operator.role)) {
        buttons.push(actionButton(K.t("panel.operators.action.pin"), () => pinDialog(operator),
                                  { name: "pin" }));
        buttons.push(actionButton(K.t("panel.operators.action.badge"), () => reissueBadge(operator),
                                  { name: "badge" }));
      }
      if (OFFICE_ROLES.has(operator.role)) {
        buttons.push(actionButton(K.t("panel.operators.action.password"),
                                  () => passwordDialog(operator), { name: "password" }));
      }
      buttons.push(operator.active
        ? actionButton(K.t("panel.operators.action.deactivate"), () => setActive(operator, false),
                       { danger: true, name: "deactivate" })
        : actionButton(K.t("panel.operators.action.activate"), () => setActive(operator, true),
                       { name: "activate" }));
    }
    if (locked(operator) || operator.failed_logins > 0) {
      buttons.push(actionButton(K.t("panel.operators.action.unlock"), (event) => unlock(operator, event.currentTarget),
                                { name: "unlock" }));
    }
    buttons.push(actionButton(K.t("panel.operators.action.logout"), (event) => logoutEverywhere(operator, event.currentTarget),
                              { name: "logout" }));
    const history = K.el("a", { class: "button secondary small", href: `/panel/audit?target=${encodeURIComponent(`operator:${operator.login}`)}`,
                                "aria-label": K.t("panel.operators.action.history_of", who) },
                         K.t("panel.operators.action.history"));
    return K.el("div", { class: "row-actions", role: "group",
                         "aria-label": K.t("panel.operators.action.group", who) }, buttons, history);
  }

  function render() {
    const text = search.value.trim();
    const shown = operators.filter((operator) => matches(operator, text));
    K.clear(tbody);
    for (const operator of shown) {
      tbody.append(K.el(
        "tr",
        { class: operator.active ? "" : "inactive", dataset: { login: operator.login } },
        K.el("th", { scope: "row", class: "mono" }, operator.login),
        K.el("td", {}, operator.name),
        K.el("td", {}, K.roleLabel(operator.role)),
        K.el("td", {}, stateCell(operator)),
        K.el("td", {}, credentialsCell(operator)),
        K.el("td", { class: "nowrap" }, operator.last_login_at ? K.fmt.dateTime(operator.last_login_at)
                                                               : K.t("panel.operators.never")),
        K.el("td", { class: "num" }, String(operator.failed_logins)),
        K.el("td", {}, actionsCell(operator)),
      ));
    }
    K.$("#operators-loading").hidden = true;
    K.$("#operators-wrap").hidden = shown.length === 0;
    K.$("#operators-empty").hidden = shown.length !== 0;
    K.$("#operators-caption").textContent = K.t("panel.operators.caption",
      { shown: shown.length, n: operators.length });
  }

  function replace(operator) {
    const index = operators.findIndex((o) => o.id === operator.id);
    if (index >= 0) operators[index] = operator;
    else operators.push(operator);
    operators.sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
    render();
  }

  /* ---- badges issued on this page ------------------------------------------------------- */

  function remember(operator, code) {
    fresh = fresh.filter((card) => card.id !== operator.id);  // the older code stopped working
    fresh.push({ id: operator.id, login: operator.login, name: operator.name, code });
    renderFresh();
  }

  function renderFresh() {
    const list = K.clear(K.$("#fresh-list"));
    for (const card of fresh) {
      list.append(K.el(
        "li", { dataset: { login: card.login } },
        K.el("span", {}, `${card.name} (${card.login})`), " ",
        K.el("span", { class: "mono badge-code" }, card.code), " ",
        K.el("button", { type: "button", class: "linkish",
                         "aria-label": K.t("panel.operators.fresh.remove_label", { name: card.name }),
                         onclick: () => { fresh = fresh.filter((c) => c !== card); renderFresh(); } },
             K.t("panel.operators.fresh.remove")),
      ));
    }
    K.$("#fresh-badges").hidden = fresh.length === 0;
  }

  K.$("#fresh-labels").addEventListener("click", (event) =>
    K.busy(event.currentTarget, () => printBadges("label", fresh, K.$("#fresh-dpmm").value)));
  K.$("#fresh-sheet").addEventListener("click", (event) =>
    K.busy(event.currentTarget, () => printBadges("sheet", fresh)));
  K.$("#fresh-forget").addEventListener("click", async () => {
    const sure = await K.confirm(K.t("panel.operators.fresh.forget_confirm", { n: fresh.length }),
                                 { confirmLabel: K.t("panel.operators.fresh.forget"), danger: true });
    if (!sure) return;
    fresh = [];
    renderFresh();
  });

  /** The code of a badge just issued, shown once, with printing at hand. */
  function showBadge(operator, code) {
    const card = [{ id: operator.id, code }];
    const dpmmId = `badge-dpmm-${++formCounter}`;
    const dpmm = K.el("select", { id: dpmmId },
      ["8", "12", "24"].map((value) => K.el("option", { value }, K.t(`panel.operators.print.dpmm_${value}`))));
    const dialog = K.el(
      "dialog", { class: "badge-dialog", "aria-labelledby": "badge-title" },
      K.el("h2", { id: "badge-title" }, K.t("panel.operators.badge.title", { name: operator.name })),
      K.el("p", { class: "badge-code big mono", "data-testid": "new-badge" }, code),
      K.el("p", {}, K.t("panel.operators.badge.once")),
      K.el("div", { class: "field" }, K.el("label", { for: dpmmId }, K.t("panel.operators.print.dpmm")), dpmm),
      K.el("div", { class: "actions" },
        K.el("button", { type: "button", onclick: (event) => K.busy(event.currentTarget,
          () => printBadges("label", card, dpmm.value)) }, K.t("panel.operators.print.label_one")),
        K.el("button", { type: "button", onclick: (event) => K.busy(event.currentTarget,
          () => printBadges("sheet", card)) }, K.t("panel.operators.print.sheet_one")),
        K.el("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, K.t("panel.close"))),
    );
    dialog.addEventListener("close", () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  async function reissueBadge(operator) {
    const sure = await K.confirm(
      K.t("panel.operators.badge.confirm", { name: operator.name }),
      { confirmLabel: K.t("panel.operators.badge.confirm_button"), danger: Boolean(operator.badge),
        details: K.t("panel.operators.badge.confirm_details") },
    );
    if (!sure) return;
    try {
      const answer = await K.api("POST", `/api/operators/${operator.id}/badge`);
      replace(answer.operator);
      remember(answer.operator, answer.badge);
      showBadge(answer.operator, answer.badge);
    } catch (error) {
      K.showError(error);
    }
  }

  /* ---- forms in dialogs ----------------------------------------------------------------- */

  /** A labelled input with its error slot: {wrap, input, error}. */
  function field(name, label, input, hint) {
    const id = `${name}-${formCounter}`;
    input.id = id;
    input.name = name;
    const error = K.el("p", { class: "field-error", id: `${id}-error`, hidden: true });
    const hintNode = hint ? K.el("p", { class: "hint", id: `${id}-hint` }, hint) : null;
    if (hintNode) input.setAttribute("aria-describedby", hintNode.id);
    const wrap = K.el("div", { class: "field", dataset: { field: name } },
                      K.el("label", { for: id }, label), input, hintNode, error);
    return { wrap, input, error, hint: hintNode };
  }

  function checkbox(name, label, checked, hint) {
    const id = `${name}-${formCounter}`;
    const input = K.el("input", { type: "checkbox", id, name, checked });
    const error = K.el("p", { class: "field-error", id: `${id}-error`, hidden: true });
    const hintNode = hint ? K.el("p", { class: "hint", id: `${id}-hint` }, hint) : null;
    if (hintNode) input.setAttribute("aria-describedby", hintNode.id);
    const wrap = K.el("div", { class: "field checkbox", dataset: { field: name } },
                      K.el("label", { for: id }, input, " ", label), hintNode, error);
    return { wrap, input, error, hint: hintNode };
  }

  function showFieldError(entry, message) {
    entry.error.textContent = message;
    entry.error.hidden = false;
    entry.input.setAttribute("aria-invalid", "true");
    const described = [entry.hint && entry.hint.id, entry.error.id].filter(Boolean).join(" ");
    entry.input.setAttribute("aria-describedby", described);
    entry.input.focus();
  }

  function clearErrors(fields, general) {
    for (const entry of Object.values(fields)) {
      entry.error.hidden = true;
      entry.error.textContent = "";
      entry.input.removeAttribute("aria-invalid");
      if (entry.hint) entry.input.setAttribute("aria-describedby", entry.hint.id);
      else entry.input.removeAttribute("aria-describedby");
    }
    general.hidden = true;
    general.textContent = "";
  }

  /** A problem found before sending, shown beside `field`. */
  class FieldProblem extends Error {
    constructor(field, message) {
      super(message);
      this.field = field;
    }
  }

  /** A modal form of `content` (nodes holding the `fields`' wraps).  `onSubmit()` resolves
   *  true to close the dialog (false keeps it open) or throws: a FieldProblem or an ApiError
   *  naming a field (`field` in the answer, or `fieldFor(error)`) is shown beside that field
   *  when it is on screen, anything else above the buttons. */
  function formDialog({ title, submitLabel, fields, content, onSubmit,
                        fieldFor = (error) => error.body && error.body.field }) {
    const titleId = `dialog-title-${formCounter}`;
    const general = K.el("p", { class: "field-error", role: "alert", hidden: true });
    const submit = K.el("button", { type: "submit" }, submitLabel);
    const form = K.el(
      "form", { class: "operator-form", novalidate: true },
      K.el("h2", { id: titleId }, title),
      content,
      general,
      K.el("div", { class: "actions" },
        K.el("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, K.t("panel.cancel")),
        submit),
    );
    const dialog = K.el("dialog", { class: "form-dialog", "aria-labelledby": titleId }, form);
    const visible = (entry) => entry && entry.wrap.isConnected && entry.wrap.offsetParent !== null;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(fields, general);
      await K.busy(submit, async () => {
        submit.textContent = K.t("panel.saving");
        try {
          if (await onSubmit()) dialog.close();
        } catch (error) {
          const name = error instanceof FieldProblem ? error.field
            : error instanceof K.ApiError ? fieldFor(error) : null;
          if (!(error instanceof FieldProblem) && !(error instanceof K.ApiError)) throw error;
          if (name && visible(fields[name])) showFieldError(fields[name], error.message);
          else {
            general.textContent = error.message;
            general.hidden = false;
          }
        }
      });
    });
    dialog.addEventListener("close", () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    const first = Object.values(fields).find(visible);
    if (first) first.input.focus();
    return dialog;
  }

  function roleSelect(current) {
    return K.el("select", {}, ROLES.map((role) => K.el("option", { value: role, selected: role === current },
                                                        K.roleLabel(role))));
  }

  function secretPair(kind, required) {
    const inputMode = kind === "pin" ? { inputmode: "numeric", autocomplete: "off", maxlength: "8" }
                                     : { autocomplete: "new-password", maxlength: "256" };
    const first = field(kind, K.t(`panel.operators.form.${kind}`),
                        K.el("input", { type: "password", spellcheck: "false", ...inputMode }),
                        K.t(`panel.operators.form.${kind}_hint${required ? "" : "_optional"}`));
    const again = field(`${kind}_again`, K.t(`panel.operators.form.${kind}_again`),
                        K.el("input", { type: "password", spellcheck: "false", ...inputMode }));
    return [first, again];
  }

  /** The value of a secret typed twice; null when both are empty and it is optional. */
  function twice(fields, kind, required) {
    const value = fields[kind].input.value;
    const again = fields[`${kind}_again`].input.value;
    if (!value && !again && !required) return null;
    if (!value) throw new FieldProblem(kind, K.t(`panel.operators.form.${kind}_missing`));
    if (value !== again) throw new FieldProblem(`${kind}_again`, K.t(`panel.operators.form.${kind}_mismatch`));
    return value;
  }

  /* ---- adding an operator ----------------------------------------------------------------- */

  function addDialog() {
    formCounter += 1;
    const fields = {};
    fields.login = field("login", K.t("panel.operators.form.login"),
      K.el("input", { autocomplete: "off", autocapitalize: "none", spellcheck: "false", maxlength: "64" }),
      K.t("panel.operators.form.login_hint"));
    fields.name = field("name", K.t("panel.operators.form.name"),
      K.el("input", { autocomplete: "off", maxlength: "200" }));
    fields.role = field("role", K.t("panel.operators.form.role"), roleSelect("picker"));
    [fields.password, fields.password_again] = secretPair("password", false);
    [fields.pin, fields.pin_again] = secretPair("pin", false);
    let generatedPin = null;
    const generatePin = K.el("button", { type: "button", class: "secondary small" },
                             K.t("panel.operators.form.pin_generate"));
    generatePin.addEventListener("click", () => {
      generatedPin = randomPin();
      fields.pin.input.value = fields.pin_again.input.value = generatedPin;
      fields.pin.input.type = fields.pin_again.input.type = "text";
    });
    const pinSet = K.el("div", { class: "pin-set" }, fields.pin.wrap, fields.pin_again.wrap, generatePin);

    const group = `badge-choice-${formCounter}`;
    const choices = [["generate", "panel.operators.form.badge_generate"], ["typed", "panel.operators.form.badge_typed"],
                     ["none", "panel.operators.form.badge_none"]];
    const radios = choices.map(([value, key]) => {
      const id = `${group}-${value}`;
      return K.el("div", { class: "radio" },
        K.el("input", { type: "radio", name: group, id, value, checked: value === "generate" }),
        " ", K.el("label", { for: id }, K.t(key)));
    });
    fields.badge = field("badge", K.t("panel.operators.form.badge_code"),
      K.el("input", { autocomplete: "off", spellcheck: "false", maxlength: "128" }),
      K.t("panel.operators.form.badge_code_hint"));
    fields.badge_only = checkbox("badge_only", K.t("panel.operators.form.badge_only"), false,
                                 K.t("panel.operators.form.badge_only_hint"));
    const badgeSet = K.el("fieldset", { class: "badge-choice" },
      K.el("legend", {}, K.t("panel.operators.form.badge")), radios, fields.badge.wrap, fields.badge_only.wrap);

    const chosen = () => badgeSet.querySelector(`input[name="${group}"]:checked`).value;
    function update() {
      const role = fields.role.input.value;
      for (const name of ["password", "password_again"]) fields[name].wrap.hidden = !OFFICE_ROLES.has(role);
      pinSet.hidden = !SCANNER_ROLES.has(role);
      badgeSet.hidden = !SCANNER_ROLES.has(role);
      fields.badge.wrap.hidden = chosen() !== "typed";
      fields.badge_only.wrap.hidden = !BADGE_ONLY_ROLES.has(role) || chosen() === "none";
    }
    fields.role.input.addEventListener("change", update);
    badgeSet.addEventListener("change", update);
    update();

    formDialog({
      title: K.t("panel.operators.add_title"),
      submitLabel: K.t("panel.operators.add_submit"),
      fields,
      content: [fields.login.wrap, fields.name.wrap, fields.role.wrap, fields.password.wrap,
                fields.password_again.wrap, pinSet, badgeSet],
      onSubmit: async () => {
        const role = fields.role.input.value;
        const body = { login: fields.login.input.value.trim(), name: fields.name.input.value.trim(), role };
        if (!body.login) throw new FieldProblem("login", K.t("panel.operators.form.login_missing"));
        if (!body.name) throw new FieldProblem("name", K.t("panel.operators.form.name_missing"));
        if (OFFICE_ROLES.has(role)) {
          const password = twice(fields, "password", false);
          if (password !== null) body.password = password;
        }
        let pin = null;
        if (SCANNER_ROLES.has(role)) {
          pin = twice(fields, "pin", false);
          if (pin !== null) body.pin = pin;
          const choice = chosen();
          if (choice === "generate") body.new_badge = true;
          if (choice === "typed") {
            if (!fields.badge.input.value.trim()) {
              throw new FieldProblem("badge", K.t("panel.operators.form.badge_missing"));
            }
            body.badge = fields.badge.input.value;
          }
          if (BADGE_ONLY_ROLES.has(role) && choice !== "none") body.badge_only = fields.badge_only.input.checked;
        }
        const answer = await K.api("POST", "/api/operators", body);
        replace(answer.operator);
        K.notice(K.t("panel.operators.added", { name: answer.operator.name }), "success");
        if (pin !== null && pin === generatedPin) {
          K.notice(K.t("panel.operators.pin.generated_notice", { name: answer.operator.name, pin }), "info",
                   { timeout: 0 });
        }
        if (answer.badge) {
          remember(answer.operator, answer.badge);
          setTimeout(() => showBadge(answer.operator, answer.badge));  // after this dialog closes
        }
        return true;
      },
    });
  }

  /* ---- editing ---------------------------------------------------------------------------- */

  function editDialog(operator) {
    formCounter += 1;
    const fields = {};
    fields.name = field("name", K.t("panel.operators.form.name"),
      K.el("input", { autocomplete: "off", maxlength: "200", value: operator.name }));
    fields.role = field("role", K.t("panel.operators.form.role"), roleSelect(operator.role),
                        K.t("panel.operators.form.role_hint"));
    fields.badge_only = checkbox("badge_only", K.t("panel.operators.form.badge_only"), operator.badge_only,
                                 K.t("panel.operators.form.badge_only_hint"));
    const update = () => {
      fields.badge_only.wrap.hidden = !operator.badge || !BADGE_ONLY_ROLES.has(fields.role.input.value);
    };
    fields.role.input.addEventListener("change", update);
    update();
    formDialog({
      title: K.t("panel.operators.edit_title", { login: operator.login }),
      submitLabel: K.t("panel.save"),
      fields,
      content: [fields.name.wrap, fields.role.wrap, fields.badge_only.wrap],
      fieldFor: (error) => (error.code === "last_admin" ? "role" : error.body && error.body.field),
      onSubmit: async () => {
        const body = {};
        const name = fields.name.input.value.trim();
        if (!name) throw new FieldProblem("name", K.t("panel.operators.form.name_missing"));
        if (name !== operator.name) body.name = name;
        if (fields.role.input.value !== operator.role) body.role = fields.role.input.value;
        if (!fields.badge_only.wrap.hidden && fields.badge_only.input.checked !== operator.badge_only) {
          body.badge_only = fields.badge_only.input.checked;
        }
        if (!Object.keys(body).length) return true;
        if (body.role) {
          const sure = await K.confirm(K.t("panel.operators.role_confirm", {
            name: operator.name, role: K.roleLabel(body.role) }), { confirmLabel: K.t("panel.save") });
          if (!sure) return false;
        }
        const answer = await K.api("PATCH", `/api/operators/${operator.id}`, body);
        replace(answer.operator);
        K.notice(K.t("panel.operators.saved", { name: answer.operator.name }), "success");
        return true;
      },
    });
  }

  async function setActive(operator, active) {
    if (!active) {
      const sure = await K.confirm(K.t("panel.operators.deactivate_confirm", { name: operator.name }), {
        confirmLabel: K.t("panel.operators.action.deactivate"), danger: true,
        details: K.t("panel.operators.deactivate_details"),
      });
      if (!sure) return;
    }
    try {
      const answer = await K.api("PATCH", `/api/operators/${operator.id}`, { active });
      replace(answer.operator);
      K.notice(K.t(active ? "panel.operators.activated" : "panel.operators.deactivated",
                   { name: operator.name }), "success");
    } catch (error) {
      K.showError(error);
    }
  }

  /* ---- PIN and password ------------------------------------------------------------------- */

  function pinDialog(operator) {
    formCounter += 1;
    const fields = {};
    [fields.pin, fields.pin_again] = secretPair("pin", true);
    let generated = null;
    const generate = K.el("button", { type: "button", class: "secondary" }, K.t("panel.operators.form.pin_generate"));
    generate.addEventListener("click", () => {
      generated = randomPin();
      fields.pin.input.value = fields.pin_again.input.value = generated;
      fields.pin.input.type = fields.pin_again.input.type = "text";
    });
    formDialog({
      title: K.t("panel.operators.pin.title", { name: operator.name }),
      submitLabel: K.t("panel.operators.pin.submit"),
      fields,
      content: [fields.pin.wrap, fields.pin_again.wrap, generate,
                K.el("p", { class: "hint" }, K.t("panel.operators.pin.ends_sessions"))],
      onSubmit: async () => {
        const pin = twice(fields, "pin", true);
        const answer = await K.api("PATCH", `/api/operators/${operator.id}`, { pin });
        replace(answer.operator);
        if (pin === generated) {
          K.notice(K.t("panel.operators.pin.generated_notice", { name: operator.name, pin }), "info", { timeout: 0 });
        } else {
          K.notice(K.t("panel.operators.pin.saved", { name: operator.name }), "success");
        }
        return true;
      },
    });
  }

  function passwordDialog(operator) {
    formCounter += 1;
    const fields = {};
    [fields.password, fields.password_again] = secretPair("password", true);
    formDialog({
      title: K.t("panel.operators.password.title", { name: operator.name }),
      submitLabel: K.t("panel.operators.password.submit"),
      fields,
      content: [fields.password.wrap, fields.password_again.wrap,
                K.el("p", { class: "hint" }, K.t("panel.operators.password.ends_sessions"))],
      onSubmit: async () => {
        const password = twice(fields, "password", true);
        const answer = await K.api("PATCH", `/api/operators/${operator.id}`, { password });
        replace(answer.operator);
        K.notice(K.t("panel.operators.password.saved", { name: operator.name }), "success");
        return true;
      },
    });
  }

  /* ---- unlock and log out everywhere ------------------------------------------------------ */

  async function unlock(operator, button) {
    await K.busy(button, async () => {
      const answer = await K.api("POST", `/api/operators/${operator.id}/unlock`);
      replace(answer.operator);
      K.notice(K.t("panel.operators.unlocked", { name: operator.name }), "success");
    });
  }

  async function logoutEverywhere(operator, button) {
    const sure = await K.confirm(K.t("panel.operators.logout_confirm", { name: operator.name }), {
      confirmLabel: K.t("panel.operators.action.logout"), danger: true,
    });
    if (!sure) return;
    await K.busy(button, async () => {
      const answer = await K.api("POST", `/api/operators/${operator.id}/logout`);
      K.notice(K.t("panel.operators.logged_out", { name: operator.name, n: answer.ended }), "success");
    });
  }

  /* ---- start ------------------------------------------------------------------------------- */

  search.addEventListener("input", render);
  showInactive.addEventListener("change", render);
  const add = K.$("#add-operator");
  if (add) add.addEventListener("click", addDialog);
  load().catch((error) => {
    K.$("#operators-loading").hidden = true;
    K.showError(error);
  });
})();
