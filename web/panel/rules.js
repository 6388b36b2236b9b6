/* The document rules editor (/panel/rules): the rules as cards of lists and switches, built
 * from the server's description of the model (GET /api/rules/schema), so nothing here knows
 * which conditions or actions exist.  Reorder by dragging or with the ↑/↓ buttons, check as
 * you type, save (PUT /api/rules: the server's problems appear beside their fields), try the
 * rules in the editor — saved or not — on chosen orders or the last 50 (POST /api/rules/try),
 * and list, view and restore earlier versions (/api/rules/versions).
 */
"use strict";

(() => {
  const { t, el, $ } = K;
  const role = K.page.operator ? K.page.operator.role : "";
  const canEdit = role === "office" || role === "admin";

  const dom = {
    list: $("#rules-list"),
    loading: $("#rules-loading"),
    empty: $("#rules-empty"),
    add: $("#rule-add"),
    save: $("#rules-save"),
    revert: $("#rules-revert"),
    dirty: $("#rules-dirty"),
    problems: $("#rules-problems"),
    warnings: $("#rules-warnings"),
    announce: $("#rules-announce"),
    readOnly: $("#rules-read-only"),
    countries: $("#rules-countries"),
    trySearch: $("#try-search"),
    tryQuery: $("#try-query"),
    tryQueryError: $("#try-query-error"),
    tryLast: $("#try-last"),
    tryFound: $("#try-found"),
    tryResults: $("#try-results"),
    versionsBody: $("#versions-body"),
    versionsMore: $("#versions-more"),
  };

  /* ---- the model ---------------------------------------------------------------------- */

  let schema = null;
  const kinds = {};
  const actions = {};
  let rules = [];
  let savedJson = "[]";
  let clientErrors = [];
  let serverErrors = [];
  let nextUid = 1;
  const uid = () => nextUid++;

  const LIST_TYPES = new Set(["texts", "ids_or_names", "ids", "countries"]);
  const DIGITS = /^[0-9]{1,9}$/;
  const AMOUNT = /^[0-9]+(\.[0-9]+)?$/;
  const CURRENCY = /^[A-Za-z]{3}$/;
  const WORD = /[\p{L}\p{N}]/u;

  function newCondition(kind) {
    const description = kinds[kind];
    const condition = { uid: uid(), kind, negated: false, choice: 0, values: [""], amount: "", currency: "" };
    if (description.type === "amount") condition.currency = description.currency;
    return condition;
  }

  function newRule() {
    const then = {};
    for (const action of schema.actions) {
      then[action.key] = action.default === null ? "" : action.default;
    }
    return { uid: uid(), name: "", enabled: true, when: [], then };
  }

  function conditionFromJson(json) {
    let [kind, value] = Object.entries(json)[0];
    let negated = false;
    if (kind === schema.negation.key) {
      negated = true;
      [kind, value] = Object.entries(value)[0];
    }
    const description = kinds[kind];
    const condition = newCondition(kind);
    if (description.type === "flag" || description.type === "choice") {
      if (value === false) {
        negated = !negated;
        value = true;
      }
      if (description.type === "choice") {
        const wanted = JSON.stringify(value);
        condition.choice = Math.max(0, description.options.findIndex((o) => JSON.stringify(o.value) === wanted));
      }
    } else if (description.type === "amount") {
      if (value !== null && typeof value === "object") {
        condition.amount = String(value.amount);
        condition.currency = String(value.currency || description.currency);
      } else {
        condition.amount = String(value);
      }
    } else {
      condition.values = (Array.isArray(value) ? value : [value]).map(String);
    }
    condition.negated = negated;
    return condition;
  }

  function ruleFromJson(json) {
    const rule = newRule();
    rule.name = json.name;
    rule.enabled = json.enabled !== false;
    rule.when = json.when.map(conditionFromJson);
    for (const action of schema.actions) {
      const value = json.then[action.key];
      if (value === undefined) continue;
      rule.then[action.key] = value === null ? "" : value;
    }
    return rule;
  }

  function conditionJson(condition) {
    const description = kinds[condition.kind];
    let value;
    switch (description.type) {
      case "flag":
        value = true;
        break;
      case "choice":
        value = description.options[condition.choice].value;
        break;
      case "amount": {
        const amount = condition.amount.trim();
        const currency = condition.currency.trim().toUpperCase();
        value = currency === description.currency ? amount : { amount, currency };
        break;
      }
      case "ids":
      case "ids_or_names":
        value = condition.values.map((v) => (DIGITS.test(v.trim()) ? Number(v.trim()) : v));
        break;
      default:
        value = condition.values.slice();
    }
    const json = { [condition.kind]: value };
    return condition.negated ? { [schema.negation.key]: json } : json;
  }

  function ruleJson(rule) {
    const then = {};
    for (const action of schema.actions) {
      let value = rule.then[action.key];
      if (action.type === "text" && action.nullable) value = value.trim() ? value : null;
      if (action.key === "document" && !value) continue;
      then[action.key] = value;
    }
    return { name: rule.name, enabled: rule.enabled, when: rule.when.map(conditionJson), then };
  }

  const rulesJson = () => rules.map(ruleJson);

  /* ---- unsaved changes ---------------------------------------------------------------- */

  function isDirty() {
    return JSON.stringify(rulesJson()) !== savedJson;
  }

  function showDirty() {
    const dirty = schema !== null && isDirty();
    dom.dirty.textContent = dirty ? t("panel.rules.unsaved") : "";
    dom.dirty.classList.toggle("on", dirty);
    dom.save.disabled = !canEdit || !dirty;
    dom.revert.disabled = !dirty;
  }

  window.addEventListener("beforeunload", (event) => {
    if (schema !== null && isDirty()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  /* ---- checking as you type ------------------------------------------------------------ */

  function ruleLabel(rule) {
    const position = rules.indexOf(rule) + 1;
    return rule.name.trim()
      ? t("panel.rules.rule_named", { position, name: rule.name.trim() })
      : t("panel.rules.rule_position", { position });
  }

  function checkCondition(rule, condition, add) {
    const description = kinds[condition.kind];
    if (description.type === "amount") {
      if (!AMOUNT.test(condition.amount.trim())) add({ cuid: condition.uid, sub: "amount" }, t("panel.rules.error.amount"));
      if (!CURRENCY.test(condition.currency.trim())) add({ cuid: condition.uid, sub: "currency" }, t("panel.rules.error.currency"));
      return;
    }
    if (!LIST_TYPES.has(description.type)) return;
    if (condition.values.length > description.max_values) {
      add({ cuid: condition.uid }, t("panel.rules.error.too_many_values", { limit: description.max_values }));
    }
    condition.values.forEach((value, item) => {
      const text = value.trim();
      const where = { cuid: condition.uid, item };
      if (!text) add(where, t("panel.rules.error.value_empty"));
      else if (description.type === "ids" && (!DIGITS.test(text) || Number(text) === 0)) add(where, t("panel.rules.error.value_id"));
      else if (description.type !== "ids_or_names" && !WORD.test(text)) add(where, t("panel.rules.error.value_word"));
    });
  }

  /** Every problem the page can see without the server: names, amounts, ids, lists. */
  function check() {
    const found = [];
    const names = new Map();
    const limits = schema.limits;
    for (const rule of rules) {
      const add = (where, message) => found.push({ ruleUid: rule.uid, ...where, message, rule });
      const name = rule.name.trim();
      if (!name) add({ field: "name" }, t("panel.rules.error.name_empty"));
      else if (name.length > limits.name_length) add({ field: "name" }, t("panel.rules.error.name_long", { limit: limits.name_length }));
      else {
        const key = name.toLocaleLowerCase();
        if (names.has(key)) add({ field: "name" }, t("panel.rules.error.name_duplicate", { other: names.get(key) }));
        else names.set(key, rules.indexOf(rule) + 1);
      }
      if (rule.when.length > limits.conditions) add({ field: "when" }, t("panel.rules.error.too_many_conditions", { limit: limits.conditions }));
      for (const condition of rule.when) checkCondition(rule, condition, add);
      for (const action of schema.actions) {
        const value = rule.then[action.key];
        if (action.required && !value) add({ action: action.key }, t("panel.rules.error.choose"));
        else if (action.type === "text" && !action.nullable && !String(value).trim()) add({ action: action.key }, t("panel.rules.error.text_empty"));
        else if (action.max_length && String(value).trim().length > action.max_length) add({ action: action.key }, t("panel.rules.error.text_long", { limit: action.max_length }));
      }
    }
    if (rules.length > limits.rules) found.push({ message: t("panel.rules.error.too_many_rules", { limit: limits.rules }) });
    return found;
  }

  /* ---- problems beside their fields ------------------------------------------------------ */

  const ids = {
    card: (r) => `rule-${r}`,
    rule: (r) => `rule-${r}-error`,
    name: (r) => `rule-${r}-name`,
    enabled: (r) => `rule-${r}-enabled`,
    when: (r) => `rule-${r}-when`,
    cond: (r, c) => `rule-${r}-c${c}`,
    kind: (r, c) => `rule-${r}-c${c}-kind`,
    negated: (r, c) => `rule-${r}-c${c}-not`,
    choice: (r, c) => `rule-${r}-c${c}-choice`,
    value: (r, c, i) => `rule-${r}-c${c}-v${i}`,
    amount: (r, c) => `rule-${r}-c${c}-amount`,
    currency: (r, c) => `rule-${r}-c${c}-currency`,
    action: (r, key) => `rule-${r}-a-${key}`,
  };
  const errorId = (id) => `${id}-error`;

  /** The error slot and the input a problem belongs to. */
  function place(problem) {
    const r = problem.ruleUid;
    if (r === undefined) return { slot: null, input: null };
    if (problem.cuid !== undefined) {
      const base = ids.cond(r, problem.cuid);
      let input = null;
      if (problem.item !== undefined) input = document.getElementById(ids.value(r, problem.cuid, problem.item));
      else if (problem.sub === "currency") input = document.getElementById(ids.currency(r, problem.cuid));
      input = input || document.getElementById(ids.amount(r, problem.cuid))
        || document.getElementById(ids.value(r, problem.cuid, 0))
        || document.getElementById(ids.choice(r, problem.cuid))
        || document.getElementById(ids.kind(r, problem.cuid));
      return { slot: document.getElementById(errorId(base)), input };
    }
    if (problem.action) {
      const id = ids.action(r, problem.action);
      return { slot: document.getElementById(errorId(id)), input: document.getElementById(id) };
    }
    if (problem.field === "name" || problem.field === "enabled") {
      const id = ids[problem.field](r);
      return { slot: document.getElementById(errorId(id)), input: document.getElementById(id) };
    }
    if (problem.field === "when") return { slot: document.getElementById(errorId(ids.when(r))), input: null };
    return { slot: document.getElementById(ids.rule(r)), input: null };
  }

  function showProblems() {
    for (const node of dom.list.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
    for (const slot of dom.list.querySelectorAll(".field-error")) {
      K.clear(slot);
      slot.hidden = true;
    }
    for (const problem of [...clientErrors, ...serverErrors]) {
      const { slot, input } = place(problem);
      if (slot) {
        slot.append(slot.firstChild ? ` ${problem.message}` : problem.message);
        slot.hidden = false;
      }
      if (input) input.setAttribute("aria-invalid", "true");
    }
  }

  /** The list of problems above the rules, each a button to its field. */
  function summarize(problems, heading) {
    K.clear(dom.problems);
    if (!problems.length) {
      dom.problems.hidden = true;
      return;
    }
    const items = problems.map((problem) => {
      const { input } = place(problem);
      const target = input || (problem.ruleUid !== undefined ? document.getElementById(ids.card(problem.ruleUid)) : null);
      const text = problem.text || (problem.rule ? `${ruleLabel(problem.rule)}: ${problem.message}` : problem.message);
      return el("li", {}, target
        ? el("button", { type: "button", class: "linkish", onclick: () => target.focus() }, text)
        : text);
    });
    K.append(dom.problems, [el("p", {}, el("strong", {}, heading)), el("ul", {}, items)]);
    dom.problems.hidden = false;
    dom.problems.focus();
  }

  function showWarnings(warnings) {
    K.clear(dom.warnings);
    dom.warnings.hidden = !warnings.length;
    if (!warnings.length) return;
    K.append(dom.warnings, [
      el("p", {}, el("strong", {}, t("panel.rules.warnings", { count: warnings.length }))),
      el("ul", {}, warnings.map((w) => el("li", {}, w.text))),
    ]);
  }

  /** The server's located problems (``fields``) mapped onto the rules as they were sent. */
  function fromServer(fields, sent) {
    return fields.map((field) => {
      const problem = { message: field.message, text: field.text };
      const rule = field.rule === null ? undefined : sent[field.rule];
      if (!rule) return problem;
      problem.ruleUid = rule.uid;
      const path = field.path;
      let match = /^when\[(\d+)\](.*)$/.exec(path);
      if (match) {
        const cuid = rule.conditions[Number(match[1])];
        if (cuid === undefined) return { ...problem, field: "when" };
        const item = /\[(\d+)\]$/.exec(match[2]);
        const sub = /\.(currency|amount)$/.exec(match[2]);
        return { ...problem, cuid, item: item ? Number(item[1]) : undefined, sub: sub ? sub[1] : undefined };
      }
      if (path === "when") return { ...problem, field: "when" };
      match = /^then\.([a-z_]+)$/.exec(path);
      if (match && actions[match[1]]) return { ...problem, action: match[1] };
      if (path === "then") return { ...problem, action: "document" };
      if (path === "name" || path === "enabled") return { ...problem, field: path };
      return problem;
    });
  }

  const snapshot = () => rules.map((r) => ({ uid: r.uid, conditions: r.when.map((c) => c.uid) }));

  /* What the page found is shown for the fields the reader has changed, and for every
   * field once saving or trying was attempted: a new rule does not start covered in red. */
  let attempted = false;
  const touched = new Set();

  function fieldKey(problem) {
    if (problem.cuid !== undefined) return `${problem.ruleUid}:c${problem.cuid}`;
    if (problem.action) return `${problem.ruleUid}:a:${problem.action}`;
    return `${problem.ruleUid}:${problem.field || ""}`;
  }

  function changed(rule, field) {
    if (rule) serverErrors = serverErrors.filter((p) => p.ruleUid !== rule.uid);
    if (rule && field) touched.add(`${rule.uid}:${field}`);
    clientErrors = check().filter((p) => attempted || touched.has(fieldKey(p)));
    showProblems();
    showDirty();
  }

  /* ---- building the cards --------------------------------------------------------------- */

  function describedBy(id) {
    return { id, "aria-describedby": errorId(id) };
  }

  function errorSlot(id) {
    return el("p", { class: "field-error", id: errorId(id), hidden: true });
  }

  function announce(text) {
    dom.announce.textContent = text;
  }

  /** Focus the element `id` after a re-render; a ↑ that became disabled (the rule is now
   *  first) hands the focus to its ↓, and the other way round. */
  function focusLater(id) {
    if (!id) return;
    let node = document.getElementById(id);
    if (node && node.disabled) {
      const other = id.endsWith("-up") ? id.replace(/-up$/, "-down") : id.replace(/-down$/, "-up");
      node = document.getElementById(other);
    }
    if (node) node.focus();
  }

  function renderAll(focusId) {
    K.clear(dom.list);
    rules.forEach((rule, index) => dom.list.append(renderRule(rule, index)));
    dom.empty.hidden = rules.length > 0;
    changed(null);
    focusLater(focusId);
  }

  function rerender(rule, focusId) {
    const card = document.getElementById(ids.card(rule.uid));
    card.replaceWith(renderRule(rule, rules.indexOf(rule)));
    changed(rule);
    focusLater(focusId);
  }

  function move(rule, by, focusId) {
    const from = rules.indexOf(rule);
    const to = from + by;
    if (to < 0 || to >= rules.length) return;
    rules.splice(from, 1);
    rules.splice(to, 0, rule);
    renderAll(focusId);
    announce(t("panel.rules.moved", { name: rule.name.trim() || "—", position: to + 1 }));
  }

  function copyName(name) {
    const taken = new Set(rules.map((r) => r.name.trim().toLocaleLowerCase()));
    let copy = t("panel.rules.copy_name", { name: name.trim() });
    for (let n = 2; taken.has(copy.toLocaleLowerCase()); n += 1) {
      copy = t("panel.rules.copy_name_n", { name: name.trim(), n });
    }
    return copy;
  }

  function duplicate(rule) {
    const copy = ruleFromJson(ruleJson(rule));
    copy.name = copyName(rule.name);
    rules.splice(rules.indexOf(rule) + 1, 0, copy);
    renderAll(ids.name(copy.uid));
    announce(t("panel.rules.duplicated", { name: copy.name }));
  }

  async function remove(rule) {
    const label = ruleLabel(rule);
    const sure = await K.confirm(t("panel.rules.remove_confirm", { rule: label }), {
      confirmLabel: t("panel.rules.remove"), danger: true,
    });
    if (!sure) return;
    const index = rules.indexOf(rule);
    rules.splice(index, 1);
    const next = rules[Math.min(index, rules.length - 1)];
    renderAll(next ? ids.name(next.uid) : "rule-add");
    announce(t("panel.rules.removed", { rule: label }));
  }

  let dragged = null;

  /** Drag a rule by its handle (the card is the drag image) and drop it on the upper or
   *  lower half of another rule's card. */
  function dragAndDrop(card, handle, rule) {
    handle.addEventListener("dragstart", (event) => {
      dragged = rule;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", rule.name);
      event.dataTransfer.setDragImage(card, 24, 24);
      card.classList.add("dragging");
    });
    handle.addEventListener("dragend", () => {
      dragged = null;
      card.classList.remove("dragging");
      for (const node of dom.list.querySelectorAll(".drop-before, .drop-after")) node.classList.remove("drop-before", "drop-after");
    });
    const after = (event) => event.clientY > card.getBoundingClientRect().top + card.offsetHeight / 2;
    card.addEventListener("dragover", (event) => {
      if (!dragged || dragged === rule) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      card.classList.toggle("drop-after", after(event));
      card.classList.toggle("drop-before", !after(event));
    });
    card.addEventListener("dragleave", () => card.classList.remove("drop-before", "drop-after"));
    card.addEventListener("drop", (event) => {
      if (!dragged || dragged === rule) return;
      event.preventDefault();
      const moving = dragged;
      rules.splice(rules.indexOf(moving), 1);
      const to = rules.indexOf(rule) + (after(event) ? 1 : 0);
      rules.splice(to, 0, moving);
      dragged = null;
      renderAll();
      announce(t("panel.rules.moved", { name: moving.name.trim() || "—", position: to + 1 }));
    });
  }

  function renderRule(rule, index) {
    const r = rule.uid;
    const position = index + 1;
    const label = t("panel.rules.rule_position", { position });
    const handle = el("span", { class: "drag-handle", draggable: "true", "aria-hidden": "true", title: t("panel.rules.drag") }, "⠿");
    const tool = (text, aria, onclick, extra = {}) =>
      el("button", { type: "button", class: "secondary small", "aria-label": aria, onclick, ...extra }, text);
    const card = el(
      "li",
      { class: `rule-card card${rule.enabled ? "" : " disabled"}`, id: ids.card(r), tabindex: "-1", "aria-labelledby": `rule-${r}-title` },
      el(
        "div",
        { class: "rule-head" },
        handle,
        el("h3", { class: "rule-position", id: `rule-${r}-title` }, label),
        el(
          "div",
          { class: "field rule-name" },
          el("label", { for: ids.name(r) }, t("panel.rules.name")),
          el("input", {
            ...describedBy(ids.name(r)), type: "text", maxlength: String(schema.limits.name_length + 20),
            value: rule.name, autocomplete: "off",
            oninput: (event) => { rule.name = event.target.value; changed(rule, "name"); },
          }),
          errorSlot(ids.name(r)),
        ),
        el(
          "div",
          { class: "check rule-enabled" },
          el("input", {
            ...describedBy(ids.enabled(r)), type: "checkbox", checked: rule.enabled,
            onchange: (event) => {
              rule.enabled = event.target.checked;
              document.getElementById(ids.card(r)).classList.toggle("disabled", !rule.enabled);
              changed(rule, "enabled");
            },
          }),
          el("label", { for: ids.enabled(r) }, t("panel.rules.enabled")),
          errorSlot(ids.enabled(r)),
        ),
        el(
          "div",
          { class: "rule-tools" },
          tool("↑", t("panel.rules.up", { position }), () => move(rule, -1, `rule-${r}-up`),
            { id: `rule-${r}-up`, disabled: index === 0 }),
          tool("↓", t("panel.rules.down", { position }), () => move(rule, 1, `rule-${r}-down`),
            { id: `rule-${r}-down`, disabled: index === rules.length - 1 }),
          tool(t("panel.rules.duplicate"), t("panel.rules.duplicate_label", { position }), () => duplicate(rule)),
          tool(t("panel.rules.remove"), t("panel.rules.remove_label", { position }), () => remove(rule)),
        ),
      ),
      el("p", { class: "field-error", id: ids.rule(r), hidden: true }),
      el("div", { class: "rule-body" }, renderConditions(rule), renderActions(rule)),
    );
    dragAndDrop(card, handle, rule);
    return card;
  }

  function renderConditions(rule) {
    const r = rule.uid;
    const first = schema.conditions[0].kind;
    return el(
      "fieldset",
      { class: "rule-conditions", id: ids.when(r), "aria-describedby": errorId(ids.when(r)) },
      el("legend", {}, t("panel.rules.conditions")),
      rule.when.length
        ? el("ol", { class: "condition-list" }, rule.when.map((condition, i) => renderCondition(rule, condition, i)))
        : el("p", { class: "muted" }, t("panel.rules.no_conditions")),
      errorSlot(ids.when(r)),
      el("button", {
        type: "button", class: "secondary small",
        onclick: () => {
          const condition = newCondition(first);
          rule.when.push(condition);
          rerender(rule, ids.kind(r, condition.uid));
        },
      }, t("panel.rules.add_condition")),
    );
  }

  function renderCondition(rule, condition, index) {
    const r = rule.uid;
    const c = condition.uid;
    const description = kinds[condition.kind];
    const position = index + 1;
    const base = ids.cond(r, c);
    const describe = (id) => ({ id, "aria-describedby": `${errorId(base)} ${base}-help` });
    const kindSelect = el(
      "select",
      {
        ...describe(ids.kind(r, c)),
        onchange: (event) => {
          const replacement = newCondition(event.target.value);
          replacement.negated = condition.negated;
          if (LIST_TYPES.has(kinds[replacement.kind].type) && LIST_TYPES.has(description.type)) {
            replacement.values = condition.values;
          }
          rule.when[index] = replacement;
          rerender(rule, ids.kind(r, replacement.uid));
        },
      },
      schema.conditions.map((kind) => el("option", { value: kind.kind, selected: kind.kind === condition.kind }, kind.label)),
    );
    return el(
      "li",
      { class: "condition", id: base },
      el(
        "div",
        { class: "condition-row" },
        el("div", { class: "field condition-kind" },
          el("label", { for: ids.kind(r, c) }, t("panel.rules.condition", { position })), kindSelect),
        el(
          "div",
          { class: "check condition-not" },
          el("input", {
            ...describe(ids.negated(r, c)), type: "checkbox", checked: condition.negated,
            onchange: (event) => { condition.negated = event.target.checked; changed(rule, `c${c}`); },
          }),
          el("label", { for: ids.negated(r, c), title: schema.negation.help }, schema.negation.label),
        ),
        el("div", { class: "condition-value" }, renderValue(rule, condition, describe)),
        el("button", {
          type: "button", class: "secondary small condition-remove",
          "aria-label": t("panel.rules.remove_condition_label", { position, rule: rules.indexOf(rule) + 1 }),
          onclick: () => {
            rule.when.splice(rule.when.indexOf(condition), 1);
            const next = rule.when[Math.min(index, rule.when.length - 1)];
            rerender(rule, next ? ids.kind(r, next.uid) : null);
          },
        }, t("panel.rules.remove_condition")),
      ),
      el("p", { class: "hint", id: `${base}-help` }, description.help),
      errorSlot(base),
    );
  }

  function renderValue(rule, condition, describe) {
    const r = rule.uid;
    const c = condition.uid;
    const description = kinds[condition.kind];
    switch (description.type) {
      case "flag":
        return null;
      case "choice":
        return el("div", { class: "field" },
          el("label", { for: ids.choice(r, c) }, t("panel.rules.value")),
          el("select", {
            ...describe(ids.choice(r, c)),
            onchange: (event) => { condition.choice = Number(event.target.value); changed(rule, `c${c}`); },
          }, description.options.map((option, i) =>
            el("option", { value: String(i), selected: i === condition.choice }, option.label))));
      case "amount":
        return el("div", { class: "amount-inputs" },
          el("div", { class: "field" },
            el("label", { for: ids.amount(r, c) }, t("panel.rules.amount")),
            el("input", {
              ...describe(ids.amount(r, c)), type: "number", min: "0", step: "any", inputmode: "decimal",
              value: condition.amount, class: "amount",
              oninput: (event) => { condition.amount = event.target.value; changed(rule, `c${c}`); },
            })),
          el("div", { class: "field" },
            el("label", { for: ids.currency(r, c) }, t("panel.rules.currency")),
            el("input", {
              ...describe(ids.currency(r, c)), type: "text", maxlength: "3", value: condition.currency,
              class: "currency", autocomplete: "off", spellcheck: "false",
              oninput: (event) => { condition.currency = event.target.value; changed(rule, `c${c}`); },
            })));
      default:
        return renderValues(rule, condition, describe);
    }
  }

  function renderValues(rule, condition, describe) {
    const r = rule.uid;
    const c = condition.uid;
    const description = kinds[condition.kind];
    const numeric = description.type === "ids";
    const items = condition.values.map((value, i) => el(
      "li",
      { class: "value-item" },
      el("label", { for: ids.value(r, c, i), class: "sr-only" }, t("panel.rules.value_n", { n: i + 1 })),
      el("input", {
        ...describe(ids.value(r, c, i)),
        type: numeric ? "number" : "text", min: numeric ? "1" : null, step: numeric ? "1" : null,
        inputmode: numeric ? "numeric" : null, value, autocomplete: "off",
        list: description.type === "countries" ? "rules-countries" : null,
        oninput: (event) => { condition.values[i] = event.target.value; changed(rule, `c${c}`); },
      }),
      condition.values.length > 1
        ? el("button", {
          type: "button", class: "linkish", "aria-label": t("panel.rules.remove_value_label", { n: i + 1 }),
          onclick: () => {
            condition.values.splice(i, 1);
            rerender(rule, ids.value(r, c, Math.min(i, condition.values.length - 1)));
          },
        }, "×")
        : null,
    ));
    return el("div", { class: "values" },
      el("span", { class: "label" }, condition.values.length > 1 ? t("panel.rules.values_any") : t("panel.rules.value")),
      el("ul", { class: "value-list" }, items),
      el("button", {
        type: "button", class: "linkish",
        onclick: () => {
          condition.values.push("");
          rerender(rule, ids.value(r, c, condition.values.length - 1));
        },
      }, t("panel.rules.add_value")));
  }

  function renderActions(rule) {
    const r = rule.uid;
    const fields = schema.actions.map((action) => {
      const id = ids.action(r, action.key);
      const value = rule.then[action.key];
      const help = el("p", { class: "hint", id: `${id}-help` }, action.help);
      const aria = { id, "aria-describedby": `${errorId(id)} ${id}-help` };
      const set = (v) => { rule.then[action.key] = v; changed(rule, `a:${action.key}`); };
      if (action.type === "bool") {
        return el("div", { class: "check action-bool" },
          el("input", { ...aria, type: "checkbox", checked: value === true, onchange: (e) => set(e.target.checked) }),
          el("label", { for: id }, action.label), help, errorSlot(id));
      }
      let input;
      if (action.type === "choice") {
        input = el("select", { ...aria, onchange: (e) => set(e.target.value) },
          el("option", { value: "", selected: !value }, t("panel.rules.choose")),
          action.options.map((o) => el("option", { value: o.value, selected: o.value === value }, o.label)));
      } else if (action.max_length) {
        input = el("textarea", { ...aria, rows: "2", maxlength: String(action.max_length + 50),
          placeholder: action.empty_label || null, oninput: (e) => set(e.target.value) });
        input.value = value;
      } else {
        input = el("input", { ...aria, type: "text", value, autocomplete: "off",
          placeholder: action.empty_label || null, oninput: (e) => set(e.target.value) });
      }
      return el("div", { class: `field action-${action.type}` }, el("label", { for: id }, action.label), input, help, errorSlot(id));
    });
    const of = (...types) => fields.filter((_, i) => types.includes(schema.actions[i].type));
    return el("fieldset", { class: "rule-actions" }, el("legend", {}, t("panel.rules.actions")),
      of("choice"), el("div", { class: "action-flags" }, of("bool")), el("div", { class: "action-texts" }, of("text")));
  }

  /* ---- loading and saving ------------------------------------------------------------------ */

  function loadRules(json) {
    attempted = false;
    touched.clear();
    rules = json.map(ruleFromJson);
    savedJson = JSON.stringify(rulesJson());
    serverErrors = [];
    summarize([], "");
    renderAll();
  }

  async function reload() {
    const answer = await K.api("GET", "/api/rules");
    loadRules(answer.rules);
  }

  /** Check on the page first; false (and the problems shown) when something is wrong. */
  function ready(heading) {
    attempted = true;
    clientErrors = check();
    showProblems();
    if (clientErrors.length) {
      summarize(clientErrors, heading);
      return false;
    }
    return true;
  }

  function refused(error, sent, heading) {
    if (error instanceof K.ApiError && error.code === "invalid_rules" && Array.isArray(error.body.fields)) {
      serverErrors = fromServer(error.body.fields, sent);
      showProblems();
      summarize(serverErrors, heading);
      return;
    }
    K.showError(error);
  }

  async function save() {
    const heading = t("panel.rules.not_saved");
    if (!ready(heading)) return;
    const sent = snapshot();
    try {
      const answer = await K.api("PUT", "/api/rules", rulesJson());
      loadRules(answer.rules);
      showWarnings(answer.warnings);
      K.notice(t("panel.rules.saved"), "success");
      loadVersions().catch(K.showError);
    } catch (error) {
      refused(error, sent, heading);
    }
  }

  async function revert() {
    if (!(await K.confirm(t("panel.rules.revert_confirm"), { confirmLabel: t("panel.rules.revert"), danger: true }))) return;
    await reload();
    showWarnings([]);
    announce(t("panel.rules.reverted"));
  }

  /* ---- dry runs ------------------------------------------------------------------------- */

  function mark(condition) {
    if (condition.held) return ["✓", t("panel.rules.try.held")];
    return condition.known ? ["✗", t("panel.rules.try.not_held")] : ["?", t("panel.rules.try.unknown")];
  }

  function renderWhy(result) {
    return el("ol", { class: "why" }, result.explanation.rules.map((rule) => el(
      "li",
      { class: `why-rule why-${rule.status}` },
      el("span", { class: "why-name" }, `${rule.name} — ${rule.status_text}`),
      el("ul", { class: "why-conditions" }, rule.conditions.length
        ? rule.conditions.map((condition) => {
          const [symbol, words] = mark(condition);
          return el("li", {},
            el("span", { class: `why-mark ${condition.held ? "held" : condition.known ? "failed" : "unknown"}`, "aria-hidden": "true" }, symbol),
            el("span", { class: "sr-only" }, `${words}: `),
            `${condition.description}: ${condition.reason}`);
        })
        : el("li", {}, el("span", { class: "why-mark held", "aria-hidden": "true" }, "✓"), t("panel.rules.try.no_conditions"))),
    )));
  }

  function renderResults(results, warnings) {
    K.clear(dom.tryResults);
    if (!results.length) {
      dom.tryResults.append(el("p", { class: "muted" }, t("panel.rules.try.none")));
      return;
    }
    const rows = [];
    results.forEach((result, i) => {
      const whyId = `try-why-${i}`;
      const toggle = el("button", {
        type: "button", class: "secondary small", "aria-expanded": "false", "aria-controls": whyId,
        "aria-label": t("panel.rules.try.why_label", { number: result.order.number }),
        onclick: () => {
          const open = toggle.getAttribute("aria-expanded") !== "true";
          toggle.setAttribute("aria-expanded", String(open));
          document.getElementById(whyId).hidden = !open;
        },
      }, t("panel.rules.try.why"));
      rows.push(el("tr", { class: result.decided ? "" : "attention" },
        el("th", { scope: "row" }, el("a", { href: `/panel/orders/${result.order.id}` }, result.order.number)),
        el("td", {}, result.order.customer_name || "—"),
        el("td", {}, result.decided
          ? t("panel.rules.try.rule", { position: result.rule.position, name: result.rule.name })
          : el("span", { class: "state state-attention" }, t("panel.rules.try.no_rule"))),
        el("td", {}, result.document || "—"),
        el("td", { class: "try-actions" }, result.decided ? result.actions_text : result.summary),
        el("td", {}, toggle)));
      rows.push(el("tr", { id: whyId, class: "try-why", hidden: true },
        el("td", { colspan: "6" }, el("p", { class: "why-summary" }, result.summary), renderWhy(result))));
    });
    const decided = results.filter((r) => r.decided).length;
    dom.tryResults.append(
      el("p", { class: "try-count" }, t("panel.rules.try.count", { count: results.length, decided, undecided: results.length - decided })),
      warnings.length ? el("ul", { class: "notice warning try-warnings" }, warnings.map((w) => el("li", {}, w.text))) : null,
      el("div", { class: "table-wrap" }, el("table", { id: "try-table" },
        el("caption", {}, t("panel.rules.try.caption")),
        el("thead", {}, el("tr", {},
          ["order", "customer", "rule", "document", "actions"].map((c) => el("th", { scope: "col" }, t(`panel.rules.try.col.${c}`))),
          el("th", { scope: "col" }, el("span", { class: "sr-only" }, t("panel.rules.try.col.why"))))),
        el("tbody", {}, rows))),
    );
  }

  async function tryOn(orders, button) {
    const heading = t("panel.rules.try.cannot");
    if (!ready(heading)) return;
    const sent = snapshot();
    await K.busy(button, async () => {
      K.clear(dom.tryResults).append(el("p", { class: "muted" }, t("panel.rules.try.working")));
      try {
        const answer = await K.api("POST", "/api/rules/try", { rules: rulesJson(), orders });
        renderResults(answer.results, answer.warnings);
      } catch (error) {
        K.clear(dom.tryResults);
        refused(error, sent, heading);
      }
    });
  }

  async function find(event) {
    event.preventDefault();
    const query = dom.tryQuery.value.trim();
    dom.tryQueryError.hidden = true;
    dom.tryQuery.removeAttribute("aria-invalid");
    if (!query) {
      dom.tryQueryError.textContent = t("panel.rules.try.query_empty");
      dom.tryQueryError.hidden = false;
      dom.tryQuery.setAttribute("aria-invalid", "true");
      dom.tryQuery.focus();
      return;
    }
    await K.busy($("#try-find"), async () => {
      const answer = await K.api("GET", `/api/orders?q=${encodeURIComponent(query)}&limit=10`);
      K.clear(dom.tryFound);
      dom.tryFound.hidden = false;
      if (!answer.orders.length) {
        dom.tryFound.append(el("p", { class: "muted" }, t("panel.rules.try.not_found", { query })));
        return;
      }
      dom.tryFound.append(
        el("p", { id: "try-found-title" }, t("panel.rules.try.found")),
        el("ul", { class: "try-found-list", "aria-labelledby": "try-found-title" }, answer.orders.map((order) => {
          const button = el("button", {
            type: "button", class: "secondary small",
            onclick: () => tryOn([order.id], button),
          }, t("panel.rules.try.order", { number: order.number, customer: order.customer_name || "—" }));
          return el("li", {}, button);
        })),
      );
    });
  }

  /* ---- versions -------------------------------------------------------------------------- */

  let versionsNext = null;

  const who = (actor) => (actor && actor.startsWith("operator:") ? actor.slice("operator:".length) : actor || "—");

  function versionTitle(version) {
    return version.id === undefined
      ? t("panel.rules.versions.default")
      : t("panel.rules.versions.of", { at: K.fmt.dateTime(version.at), actor: who(version.actor) });
  }

  function namesCell(version) {
    const cell = el("td", {},
      el("span", {}, t("panel.rules.versions.count", { count: version.count })),
      version.current ? [" ", el("span", { class: "state state-done" }, t("panel.rules.versions.current"))] : null,
      el("span", { class: "muted version-names" }, version.names.join(" · ")));
    if (version.restored_defaults) cell.append(el("span", { class: "muted version-note" }, t("panel.rules.versions.restored_defaults")));
    else if (version.restored_from) {
      cell.append(el("span", { class: "muted version-note" },
        t("panel.rules.versions.restored_from", { at: K.fmt.dateTime(version.restored_from.at) })));
    }
    return cell;
  }

  function versionRow(version, path) {
    const title = versionTitle(version);
    const show = el("button", {
      type: "button", class: "secondary small", "aria-label": t("panel.rules.versions.show_label", { version: title }),
      onclick: () => K.busy(show, () => showVersion(version, path)),
    }, t("panel.rules.versions.show"));
    const restoreButton = canEdit && !version.current
      ? el("button", {
        type: "button", class: "small", "aria-label": t("panel.rules.versions.restore_label", { version: title }),
        onclick: () => restore(version, path, restoreButton),
      }, t("panel.rules.versions.restore"))
      : null;
    return el("tr", { class: version.current ? "current" : "" },
      el("th", { scope: "row" }, version.id === undefined ? t("panel.rules.versions.default") : K.fmt.dateTime(version.at)),
      el("td", {}, version.id === undefined ? t("panel.rules.versions.builtin") : who(version.actor)),
      namesCell(version),
      el("td", { class: "version-tools" }, show, " ", restoreButton));
  }

  let defaultsRow = null;

  async function loadVersions(more = false) {
    const path = more && versionsNext ? `/api/rules/versions?before=${versionsNext}` : "/api/rules/versions";
    const answer = await K.api("GET", path);
    if (!more) {
      K.clear(dom.versionsBody);
      defaultsRow = null;
    }
    for (const version of answer.versions) {
      const row = versionRow(version, `/api/rules/versions/${version.id}`);
      dom.versionsBody.insertBefore(row, defaultsRow);
    }
    versionsNext = answer.next;
    dom.versionsMore.hidden = versionsNext === null;
    if (!more || versionsNext === null) {
      if (defaultsRow) defaultsRow.remove();
      defaultsRow = versionRow(answer.default, "/api/rules/versions/default");
      dom.versionsBody.append(defaultsRow);
    }
  }

  function diff(version) {
    const current = new Set(rules.map((r) => r.name.trim().toLocaleLowerCase()));
    const theirs = new Set(version.names.map((n) => n.toLocaleLowerCase()));
    return {
      onlyThere: version.names.filter((n) => !current.has(n.toLocaleLowerCase())),
      onlyHere: rules.map((r) => r.name.trim()).filter((n) => n && !theirs.has(n.toLocaleLowerCase())),
    };
  }

  async function showVersion(summary, path) {
    const { version } = await K.api("GET", path);
    const { onlyThere, onlyHere } = diff(version);
    const title = versionTitle(summary);
    const list = (items) => (items.length ? el("ul", {}, items.map((n) => el("li", {}, n))) : el("p", { class: "muted" }, t("panel.none")));
    const dialog = el("dialog", { class: "version-view", "aria-labelledby": "version-view-title" },
      el("h2", { id: "version-view-title" }, title),
      el("ol", { class: "version-rules" }, version.rules.map((rule) => el("li", {},
        el("strong", {}, rule.name),
        " — ",
        t("panel.rules.versions.rule_summary", { document: rule.then.document, count: rule.when.length }),
        rule.enabled === false ? [" ", el("span", { class: "state state-held" }, t("panel.rules.versions.disabled"))] : null))),
      el("div", { class: "grid version-diff" },
        el("div", {}, el("h3", {}, t("panel.rules.versions.only_there")), list(onlyThere)),
        el("div", {}, el("h3", {}, t("panel.rules.versions.only_here")), list(onlyHere))),
      el("div", { class: "actions" },
        canEdit && !version.current
          ? el("button", { type: "button", onclick: () => { dialog.close(); restore(summary, path, null); } }, t("panel.rules.versions.restore"))
          : null,
        el("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, t("panel.close"))));
    dialog.addEventListener("close", () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  async function restore(version, path, button) {
    const title = versionTitle(version);
    const sure = await K.confirm(t("panel.rules.versions.restore_confirm", { version: title }), {
      confirmLabel: t("panel.rules.versions.restore"),
      danger: true,
      details: isDirty() ? t("panel.rules.versions.restore_unsaved") : null,
    });
    if (!sure) return;
    const run = async () => {
      const answer = await K.api("POST", `${path}/restore`);
      loadRules(answer.rules);
      showWarnings([]);
      K.notice(version.id === undefined
        ? t("panel.rules.versions.restored_default_notice")
        : t("panel.rules.versions.restored_notice", { at: K.fmt.dateTime(version.at) }), "success");
      await loadVersions();
    };
    if (button) await K.busy(button, run);
    else await run().catch(K.showError);
  }

  /* ---- start ------------------------------------------------------------------------------ */

  async function start() {
    schema = await K.api("GET", "/api/rules/schema");
    for (const kind of schema.conditions) kinds[kind.kind] = kind;
    for (const action of schema.actions) actions[action.key] = action;
    for (const country of schema.conditions.find((k) => k.type === "countries")?.suggestions || []) {
      dom.countries.append(el("option", { value: country.value }, country.label));
    }
    await reload();
    dom.loading.hidden = true;
    dom.readOnly.hidden = canEdit;
    dom.save.hidden = !canEdit;
    dom.add.disabled = false;
    dom.add.addEventListener("click", () => {
      const rule = newRule();
      rules.push(rule);
      renderAll(ids.name(rule.uid));
      announce(t("panel.rules.added", { position: rules.length }));
    });
    // K.busy enables its button again when done; whether it should be is the editor's call.
    dom.save.addEventListener("click", () => K.busy(dom.save, save).then(showDirty));
    dom.revert.addEventListener("click", () => K.busy(dom.revert, revert).then(showDirty));
    dom.trySearch.addEventListener("submit", find);
    dom.tryLast.addEventListener("click", () => tryOn("last50", dom.tryLast));
    dom.versionsMore.addEventListener("click", () => K.busy(dom.versionsMore, () => loadVersions(true)));
    showDirty();
    await loadVersions();
  }

  start().catch(K.showError);
})();
