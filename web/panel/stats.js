/* Statistics: the floor's work per operator and per day or hour (GET /api/stats), its bar
 * charts (server-rendered SVG in <img>), sortable tables and the CSV export.  The filters
 * live in the address (?from=…&to=…&group=…&operator=…&series=…), so a view can be
 * bookmarked or reloaded.  Days are the warehouse's (Polish time), as the server counts. */
"use strict";

(() => {
  const form = K.$("#stats-filters");
  const inputs = {
    from: K.$("#stats-from"),
    to: K.$("#stats-to"),
    group: K.$("#stats-group"),
    operator: K.$("#stats-operator"),
    series: K.$("#stats-series"),
  };
  const errorBox = K.$("#stats-error");
  const tiles = K.$("#stats-tiles");
  const charts = K.$("#stats-charts");
  const csvLink = K.$("#stats-csv");
  const rangeText = K.$("#stats-range");
  const operatorsHolder = K.$("#stats-operators");
  const periodsHolder = K.$("#stats-periods");

  const CHARTS = ["orders", "scans", "wrong_scans", "minutes_per_order"];
  const COLUMNS = [
    { key: "orders", kind: "count" },
    { key: "lines", kind: "count" },
    { key: "units", kind: "decimal" },
    { key: "scans", kind: "count" },
    { key: "wrong_scans", kind: "count" },
    { key: "over_picks", kind: "count" },
    { key: "shortages", kind: "count" },
    { key: "typed", kind: "count" },
    { key: "minutes_per_order", kind: "minutes" },
    { key: "minutes_per_line", kind: "minutes" },
    { key: "to_packed_median", kind: "minutes", get: (f) => f.to_packed.median },
    { key: "to_done_median", kind: "minutes", get: (f) => f.to_done.median },
  ];

  /** A column's name on the page (times are shown as durations, not as minutes). */
  function label(column) {
    return K.t(column.kind === "minutes" ? `panel.stats.time.${column.key}` : `panel.stats.col.${column.key}`);
  }

  const known = new Map(); // login → name, for the operator filter
  const sorting = {
    operators: { key: "name", dir: 1 },
    periods: { key: "period", dir: 1 },
  };
  let today = warsawToday();
  let current = null;
  let loading = null;

  /* ---- dates -------------------------------------------------------------------------- */

  function warsawToday() {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Europe/Warsaw", year: "numeric", month: "2-digit", day: "2-digit",
    }).format(new Date());
    return parts.slice(0, 10);
  }

  function shift(iso, days) {
    const [year, month, day] = iso.split("-").map(Number);
    return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
  }

  function dateText(iso) {
    const [year, month, day] = iso.slice(0, 10).split("-");
    return K.lang === "pl" ? `${day}.${month}.${year}` : `${day}/${month}/${year}`;
  }

  function periodText(label) {
    return label.length > 10 ? `${dateText(label)} ${label.slice(11, 16)}` : dateText(label);
  }

  /* ---- numbers ------------------------------------------------------------------------ */

  function valueOf(figures, column) {
    return column.get ? column.get(figures) : figures[column.key];
  }

  function shown(value, kind) {
    if (value === null || value === undefined) return "—";
    if (kind === "minutes") return K.fmt.duration(Number(value) * 60);
    return K.fmt.number(String(value));
  }

  /* ---- the query ---------------------------------------------------------------------- */

  function query() {
    const params = new URLSearchParams();
    for (const name of ["from", "to", "group", "operator"]) {
      if (inputs[name].value) params.set(name, inputs[name].value);
    }
    return params;
  }

  function fileQuery(extra) {
    const params = query();
    for (const [name, value] of Object.entries(extra)) params.set(name, value);
    params.set("lang", K.lang);
    return params.toString();
  }

  function fromAddress() {
    const params = new URLSearchParams(window.location.search);
    for (const name of ["from", "to", "group", "series"]) {
      const value = params.get(name);
      if (value) inputs[name].value = value;
    }
    const operator = params.get("operator");
    if (operator) {
      known.set(operator, known.get(operator) || operator);
      fillOperators(operator);
    }
  }

  function fillOperators(selected) {
    const select = inputs.operator;
    const keep = selected === undefined ? select.value : selected;
    while (select.options.length > 1) select.remove(1);
    const logins = [...known.keys()].sort((a, b) => known.get(a).localeCompare(known.get(b), K.lang));
    for (const login of logins) {
      const name = known.get(login);
      select.append(K.el("option", { value: login }, name === login ? login : `${name} (${login})`));
    }
    select.value = keep;
  }

  /* ---- errors ------------------------------------------------------------------------- */

  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    for (const input of Object.values(inputs)) {
      input.removeAttribute("aria-invalid");
      const described = (input.getAttribute("aria-describedby") || "").replace("stats-error", "").trim();
      if (described) input.setAttribute("aria-describedby", described);
      else input.removeAttribute("aria-describedby");
    }
  }

  function showProblem(error) {
    if (!(error instanceof K.ApiError) || error.status !== 400) {
      K.showError(error);
      return;
    }
    errorBox.textContent = error.message;
    errorBox.hidden = false;
    const input = inputs[error.body.parameter];
    if (input) {
      input.setAttribute("aria-invalid", "true");
      const described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", described ? `${described} stats-error` : "stats-error");
      input.focus();
    }
  }

  /* ---- loading ------------------------------------------------------------------------ */

  async function load() {
    clearError();
    const params = query();
    if (inputs.series.value !== "operators") params.set("series", inputs.series.value);
    window.history.replaceState(null, "", `${window.location.pathname}?${params}`);
    if (loading) loading.abort();
    loading = new AbortController();
    tiles.setAttribute("aria-busy", "true");
    let data;
    try {
      data = await K.api("GET", `/api/stats?${query()}`, undefined, { signal: loading.signal });
    } catch (error) {
      if (error && error.name === "AbortError") return;
      tiles.removeAttribute("aria-busy");
      showProblem(error);
      return;
    }
    current = data;
    render(data);
  }

  function render(data) {
    today = data.today;
    inputs.from.value = data.from;
    inputs.to.value = data.to;
    inputs.group.value = data.group;
    for (const person of data.operators) known.set(person.login, person.name);
    fillOperators(data.operator || "");

    rangeText.textContent = K.t("panel.stats.range", {
      from: dateText(data.from),
      to: dateText(data.to),
      group: K.t(`panel.stats.group.${data.group}`),
      operator: data.operator ? known.get(data.operator) || data.operator : K.t("panel.stats.operator.all"),
    });
    csvLink.href = `/api/stats.csv?${fileQuery({})}`;
    renderTiles(data.totals);
    renderCharts(data);
    renderOperators();
    renderPeriods();
  }

  function renderTiles(totals) {
    K.clear(tiles);
    for (const column of COLUMNS) {
      tiles.append(
        K.el(
          "div",
          { class: "tile", dataset: { metric: column.key } },
          K.el("span", { class: "count" }, shown(valueOf(totals, column), column.kind)),
          K.el("span", { class: "muted" }, label(column)),
        ),
      );
    }
    tiles.removeAttribute("aria-busy");
  }

  function renderCharts(data) {
    K.clear(charts);
    const series = inputs.series.value;
    for (const metric of CHARTS) {
      const label = K.t(`panel.stats.metric.${metric}`);
      charts.append(
        K.el(
          "figure",
          { class: "chart", dataset: { metric } },
          K.el("img", {
            src: `/api/stats/chart.svg?${fileQuery({ metric, series })}`,
            alt: K.t("panel.stats.chart_alt", { metric: label, from: dateText(data.from), to: dateText(data.to) }),
            width: 720,
            height: 366,
            loading: "lazy",
          }),
        ),
      );
    }
  }

  /* ---- sortable tables ---------------------------------------------------------------- */

  function compare(state, firstValue) {
    return (a, b) => {
      let x;
      let y;
      if (state.key === "name" || state.key === "period") {
        x = firstValue(a);
        y = firstValue(b);
        return state.dir * String(x).localeCompare(String(y), K.lang);
      }
      const column = COLUMNS.find((c) => c.key === state.key);
      x = valueOf(a.figures, column);
      y = valueOf(b.figures, column);
      if (x === null && y === null) return 0;
      if (x === null) return 1; // nothing to average: always last
      if (y === null) return -1;
      return state.dir * (Number(x) - Number(y));
    };
  }

  function sortableTable(holder, { name, firstKey, firstLabel, rows, firstCell, firstValue, footer, caption }) {
    const state = sorting[name];
    const rerender = (focusKey) => {
      sortableTable(holder, { name, firstKey, firstLabel, rows, firstCell, firstValue, footer, caption });
      const button = holder.querySelector(`button[data-sort="${focusKey}"]`);
      if (button) button.focus();
    };
    const header = (key, label, numeric) => {
      const active = state.key === key;
      return K.el(
        "th",
        {
          scope: "col",
          class: numeric ? "num" : null,
          "aria-sort": active ? (state.dir > 0 ? "ascending" : "descending") : null,
        },
        K.el(
          "button",
          {
            type: "button",
            class: "sort",
            dataset: { sort: key },
            onclick: () => {
              if (active) state.dir = -state.dir;
              else {
                state.key = key;
                state.dir = numeric ? -1 : 1;
              }
              rerender(key);
            },
          },
          label,
          K.el("span", { class: "sort-mark", "aria-hidden": "true" }, active ? (state.dir > 0 ? "▲" : "▼") : ""),
        ),
      );
    };
    const sorted = [...rows].sort(compare(state, firstValue));
    const cells = (figures) =>
      COLUMNS.map((column) => K.el("td", { class: "num" }, shown(valueOf(figures, column), column.kind)));
    const table = K.el(
      "table",
      { class: "stats-table" },
      K.el("caption", {}, caption),
      K.el(
        "thead",
        {},
        K.el(
          "tr",
          {},
          header(firstKey, firstLabel, false),
          COLUMNS.map((column) => header(column.key, label(column), true)),
        ),
      ),
      K.el(
        "tbody",
        {},
        sorted.map((row) => K.el("tr", { dataset: { row: row.id } }, K.el("th", { scope: "row" }, firstCell(row)), cells(row.figures))),
      ),
      footer
        ? K.el("tfoot", {}, K.el("tr", {}, K.el("th", { scope: "row" }, footer.label), cells(footer.figures)))
        : null,
    );
    K.clear(holder).append(table);
  }

  function renderOperators() {
    const data = current;
    if (!data.operators.length) {
      K.clear(operatorsHolder).append(K.el("p", { class: "stats-empty" }, K.t("panel.stats.empty")));
      return;
    }
    sortableTable(operatorsHolder, {
      name: "operators",
      firstKey: "name",
      firstLabel: K.t("panel.stats.col.operator"),
      caption: K.t("panel.stats.by_operator_caption", { from: dateText(data.from), to: dateText(data.to) }),
      rows: data.operators.map((person) => ({ id: person.login, name: person.name, login: person.login, figures: person.totals })),
      firstValue: (row) => row.name,
      firstCell: (row) => [row.name, " ", K.el("span", { class: "muted" }, `(${row.login})`)],
      footer: data.operator ? null : { label: K.t("panel.stats.all_operators"), figures: data.totals },
    });
  }

  function renderPeriods() {
    const data = current;
    sortableTable(periodsHolder, {
      name: "periods",
      firstKey: "period",
      firstLabel: K.t(data.group === "hour" ? "panel.stats.col.hour" : "panel.stats.col.day"),
      caption: K.t("panel.stats.by_period_caption", {
        operator: data.operator ? known.get(data.operator) || data.operator : K.t("panel.stats.operator.all"),
      }),
      rows: data.periods.map((period) => ({ id: period.period, period: period.period, figures: period })),
      firstValue: (row) => row.period,
      firstCell: (row) => periodText(row.period),
      footer: { label: K.t("panel.stats.whole_range"), figures: data.totals },
    });
  }

  /* ---- the filters -------------------------------------------------------------------- */

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });

  for (const name of ["group", "operator", "series"]) {
    inputs[name].addEventListener("change", () => load());
  }

  for (const button of form.querySelectorAll("[data-preset]")) {
    button.addEventListener("click", () => {
      const preset = button.dataset.preset;
      const last = today;
      const first = {
        today: last,
        week: shift(last, -6),
        days30: shift(last, -29),
        month: `${last.slice(0, 8)}01`,
      }[preset];
      inputs.from.value = first;
      inputs.to.value = last;
      if (preset === "today" && inputs.group.value === "day") inputs.group.value = "hour";
      load();
    });
  }

  fromAddress();
  load();
})();
