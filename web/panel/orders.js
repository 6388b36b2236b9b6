/* The orders list (/panel/orders): filters and a search over GET /api/orders, fifty orders
 * at a time with "Pokaż więcej" following the list's keyset cursor (`next` → `after`).
 *
 * The filters live in the address (?status=attention&q=kowalska…), so a filtered list can
 * be bookmarked or sent to someone, the dashboard's tiles link straight into it, and the
 * browser's back button returns to the previous filters.  The cursor is not in the address:
 * going back shows that search's first page again.
 */
"use strict";

(() => {
  const PAGE_SIZE = 50;
  const STATUSES = [
    "new", "picking", "picked", "packed", "label", "realize", "document", "print", "email",
    "allegro", "done", "attention", "problem", "held", "gone",
  ];
  const DEFAULT_SORT = "newest";
  const FIELDS = ["q", "from", "to", "operator", "document", "source", "sort"];
  const FINISHED_JOBS = new Set(["done", "skipped"]);
  const STUCK_JOBS = ["failed", "not_configured", "running", "pending"];

  const form = K.$("#filters");
  const statusBox = K.$("#statuses");
  const operatorSelect = K.$("#operator");
  const summary = K.$("#summary");
  const body = K.$("#orders tbody");
  const more = K.$("#more");

  let next = null;
  let shown = 0;
  let current = null; // the filters of the list on screen
  let loading = null; // AbortController of the request under way

  /* ---- filters <-> address <-> form ------------------------------------------------ */

  function fromAddress() {
    const params = new URLSearchParams(window.location.search);
    const filters = { status: params.getAll("status").filter((s) => STATUSES.includes(s)) };
    for (const name of FIELDS) filters[name] = (params.get(name) || "").trim();
    if (!filters.sort) filters.sort = DEFAULT_SORT;
    return filters;
  }

  function fromForm() {
    const filters = {
      status: [...statusBox.querySelectorAll("input:checked")].map((box) => box.value),
    };
    for (const name of FIELDS) filters[name] = form.elements[name].value.trim();
    return filters;
  }

  function fillForm(filters) {
    for (const box of statusBox.querySelectorAll("input")) {
      box.checked = filters.status.includes(box.value);
    }
    for (const name of FIELDS) {
      const field = form.elements[name];
      if (name === "operator" && filters.operator && !operatorOption(filters.operator)) {
        // Not (yet) in the list: keep it, so the address and the form agree.
        field.append(K.el("option", { value: filters.operator }, filters.operator));
      }
      field.value = filters[name];
    }
  }

  function operatorOption(login) {
    return [...operatorSelect.options].find((option) => option.value === login);
  }

  /** The query string of the filters: for the address (sort only when not the default)
   *  or for the API (always). */
  function query(filters, { forApi = false } = {}) {
    const params = new URLSearchParams();
    for (const status of filters.status) params.append("status", status);
    for (const name of FIELDS) {
      const value = filters[name];
      if (!value) continue;
      if (name === "sort" && value === DEFAULT_SORT && !forApi) continue;
      params.set(name, value);
    }
    if (forApi && !params.has("sort")) params.set("sort", DEFAULT_SORT);
    return params;
  }

  /* ---- the status checkboxes with their counts ------------------------------------- */

  function buildStatuses() {
    for (const status of STATUSES) {
      const id = `status-${status}`;
      statusBox.append(
        K.el(
          "span",
          { class: "check" },
          K.el("input", { type: "checkbox", id, name: "status", value: status }),
          K.el("label", { for: id, dataset: { status } }, K.statusLabel(status)),
        ),
      );
    }
  }

  function showCounts(counts) {
    for (const label of statusBox.querySelectorAll("label")) {
      const status = label.dataset.status;
      label.textContent = K.t("panel.orders.status_count", {
        label: K.statusLabel(status),
        count: K.fmt.number(String(counts[status] || 0)),
      });
    }
  }

  async function loadOperators() {
    try {
      const data = await K.api("GET", "/api/orders/operators");
      const chosen = operatorSelect.value;
      for (const op of data.operators) {
        const existing = operatorOption(op.login);
        const label = K.t(op.active ? "panel.orders.operator_option" : "panel.orders.operator_inactive",
                          { name: op.name, login: op.login });
        if (existing) existing.textContent = label;
        else operatorSelect.append(K.el("option", { value: op.login }, label));
      }
      operatorSelect.value = chosen;
    } catch (error) {
      K.showError(error);
    }
  }

  /* ---- the table ------------------------------------------------------------------- */

  function stepsCell(steps) {
    const names = Object.keys(steps || {});
    if (!names.length) return K.el("td", { class: "muted" }, "—");
    const finished = names.filter((step) => FINISHED_JOBS.has(steps[step])).length;
    const all = names.map((step) => K.t("panel.orders.step_state",
                                        { step: K.statusLabel(step), state: K.jobLabel(steps[step]) }));
    // The step that needs a look most: a failure, then one with nothing to do it, then
    // the one running or waiting next.
    let stuck = null;
    for (const state of STUCK_JOBS) {
      stuck = stuck || names.find((step) => steps[step] === state);
    }
    return K.el(
      "td",
      { title: all.join("\n") },
      K.t("panel.orders.steps_progress", { done: finished, total: names.length }),
      stuck ? K.el("div", { class: `small job-${steps[stuck]}` },
                   K.t("panel.orders.step_state",
                       { step: K.statusLabel(stuck), state: K.jobLabel(steps[stuck]) })) : null,
    );
  }

  function row(order) {
    const urgent = order.status === "attention" || order.status === "problem";
    return K.el(
      "tr",
      { class: urgent ? "attention" : null, dataset: { orderId: order.id } },
      K.el(
        "td",
        { class: "nowrap" },
        K.el("a", { href: `/panel/orders/${order.id}` }, order.number),
        order.allegro ? K.el("span", { class: "tag" }, K.t("panel.orders.allegro")) : null,
        order.original_number ? K.el("div", { class: "muted small" }, order.original_number) : null,
      ),
      K.el(
        "td",
        {},
        order.customer_name || "—",
        order.nip ? K.el("div", { class: "muted small" }, order.nip) : null,
      ),
      K.el(
        "td",
        {},
        K.statusBadge(order.status),
        order.status_reason ? K.el("div", { class: "small reason" }, order.status_reason) : null,
      ),
      stepsCell(order.steps),
      K.el("td", { class: "nowrap" }, K.fmt.dateTime(order.issued_at)),
      K.el("td", { class: "num nowrap" }, K.fmt.money(order.value_gross, order.currency)),
      K.el("td", {}, order.claimed_by_login || "—"),
    );
  }

  function showSummary() {
    if (!shown) summary.textContent = K.t("panel.orders.none");
    else summary.textContent = K.t(next ? "panel.orders.shown_more" : "panel.orders.shown", { n: shown });
    more.hidden = !next;
  }

  /* ---- errors beside their field ---------------------------------------------------- */

  const ERROR_FIELDS = { q: "q", from: "from", to: "to", operator: "operator" };

  function clearErrors() {
    for (const name of Object.keys(ERROR_FIELDS)) {
      const field = form.elements[name];
      field.removeAttribute("aria-invalid");
      const box = K.$(`#${name}-error`);
      box.hidden = true;
      box.textContent = "";
    }
  }

  function showError(error) {
    const name = error && error.body && ERROR_FIELDS[error.body.parameter];
    if (!name) {
      K.showError(error);
      return;
    }
    const box = K.$(`#${name}-error`);
    box.textContent = error.message;
    box.hidden = false;
    form.elements[name].setAttribute("aria-invalid", "true");
    form.elements[name].focus();
  }

  /* ---- loading ---------------------------------------------------------------------- */

  async function load(filters, { append = false } = {}) {
    if (loading) loading.abort();
    const controller = new AbortController();
    loading = controller;
    const params = query(filters, { forApi: true });
    params.set("limit", String(PAGE_SIZE));
    if (append && next) params.set("after", next);
    if (!append) clearErrors();
    summary.textContent = append ? K.t("panel.orders.loading_more") : K.t("panel.loading");
    try {
      const data = await K.api("GET", `/api/orders?${params}`, undefined, { signal: controller.signal });
      if (!append) {
        K.clear(body);
        shown = 0;
      }
      current = filters;
      for (const order of data.orders) body.append(row(order));
      shown += data.orders.length;
      next = data.next;
      showCounts(data.counts);
      showSummary();
    } catch (error) {
      if (error && error.name === "AbortError") return;
      if (!append) {
        K.clear(body);
        shown = 0;
        next = null;
      }
      showSummary();
      showError(error);
    } finally {
      if (loading === controller) loading = null;
    }
  }

  function apply() {
    const filters = fromForm();
    const search = query(filters).toString();
    const address = `${window.location.pathname}${search ? `?${search}` : ""}`;
    if (address !== `${window.location.pathname}${window.location.search}`) {
      window.history.pushState(null, "", address);
    }
    load(filters);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  K.$("#clear").addEventListener("click", () => {
    fillForm({ status: [], q: "", from: "", to: "", operator: "", document: "", source: "",
               sort: DEFAULT_SORT });
    apply();
  });
  more.addEventListener("click", () => K.busy(more, () => load(current, { append: true })));
  window.addEventListener("popstate", () => {
    const filters = fromAddress();
    fillForm(filters);
    load(filters);
  });

  buildStatuses();
  const initial = fromAddress();
  fillForm(initial);
  load(initial);
  loadOperators();
})();
