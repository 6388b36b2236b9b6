/* The order page (/panel/orders/<id>): everything about one order — header and remarks,
 * lines with who picked them, every scan, parcels, documents, the steps after packing, the
 * order's history and the office's actions on it — and the actions the reader's role may
 * take in the order's state (retry, skip, send back, hold), each confirmed first.
 *
 * Reads GET /api/orders/<id> and its /jobs, /scans, /picks, /packages, /documents and
 * /audit (docs/api.md, "Orders"); after an action everything is read again.
 */
"use strict";

(() => {
  const orderId = K.page.ids.order_id;
  const role = K.page.operator ? K.page.operator.role : null;
  const SKIPPERS = new Set(["office", "admin"]);
  const HOLDABLE = new Set(["new", "picking", "picked"]);
  const FINISHED = new Set(["done", "skipped", "not_configured", "failed"]);
  const REASON_LIMIT = 500;
  const base = `/api/orders/${orderId}`;

  const root = K.$("#order");

  /* ---- small helpers --------------------------------------------------------------- */

  function show(id, rows) {
    const wrap = K.$(`#${id}-wrap`);
    const none = K.$(`#${id}-none`);
    if (wrap) wrap.hidden = rows === 0;
    if (none) none.hidden = rows !== 0;
  }

  function fill(selector, rows) {
    const body = K.clear(K.$(`${selector} tbody`));
    for (const row of rows) body.append(row);
    return rows.length;
  }

  function cells(...values) {
    return K.el("tr", {}, values.map((value) => (value instanceof Node && value.tagName === "TD"
      ? value : K.el("td", {}, value === null || value === undefined || value === "" ? "—" : value))));
  }

  function num(value, cls = "num") {
    return K.el("td", { class: cls }, K.fmt.number(value));
  }

  function actor(text) {
    if (!text) return "—";
    if (text.startsWith("operator:")) return text.slice("operator:".length);
    if (text === "intake") return K.t("panel.order.actor.intake");
    if (text.startsWith("worker:")) return K.t("panel.order.actor.worker", { name: text.slice(7) });
    return text;
  }

  function label(prefix, key) {
    return K.has(`${prefix}${key}`) ? K.t(`${prefix}${key}`) : key;
  }

  /* ---- header, remarks, facts ------------------------------------------------------ */

  function address(place) {
    if (!place) return null;
    const street = [place.street, [place.house_number, place.flat_number].filter(Boolean).join("/")]
      .filter(Boolean).join(" ");
    return [place.full_name || place.name, street, [place.postcode, place.city].filter(Boolean).join(" "),
            place.country].filter(Boolean).join(", ");
  }

  function renderHeader(order) {
    const title = K.t("panel.order.title", { number: order.number });
    K.$("#order-title").textContent = title;
    document.title = `${title} · Kolektor`;
    K.clear(K.$("#order-state")).append(K.statusBadge(order.status));

    const remarks = K.clear(K.$("#remarks"));
    for (const [key, text] of [["panel.order.remarks", order.remarks],
                               ["panel.order.remarks_ext", order.remarks_ext]]) {
      if (text && text.trim()) {
        remarks.append(K.el("div", { class: "notice warning remarks", dataset: { testid: "remarks" } },
                            K.el("strong", {}, K.t(key)), K.el("p", { class: "prewrap" }, text)));
      }
    }
    if (order.subiekt_changed_at) {
      remarks.append(K.el("p", { class: "notice warning" },
                          K.t("panel.order.changed_in_subiekt", { at: K.fmt.dateTime(order.subiekt_changed_at) })));
    }

    const facts = K.clear(K.$("#facts"));
    const add = (key, value) => {
      if (value === null || value === undefined || value === "") return;
      facts.append(K.el("dt", {}, K.t(key)), K.el("dd", {}, value));
    };
    add("panel.order.status", K.el("span", {}, K.statusBadge(order.status), " ",
                                   K.t("panel.order.since", { at: K.fmt.dateTime(order.status_changed_at) })));
    if (order.status_reason) {
      add("panel.order.reason", K.el("strong", { class: "reason", dataset: { testid: "status-reason" } },
                                     order.status_reason));
    }
    add("panel.order.customer", order.customer_name);
    add("panel.order.nip", order.nip_raw || order.nip);
    add("panel.order.email", order.email ? K.el("a", { href: `mailto:${order.email}` }, order.email) : null);
    add("panel.order.phone", order.phone);
    add("panel.order.value", K.fmt.money(order.value_gross, order.currency));
    add("panel.order.issued", K.fmt.dateTime(order.issued_at));
    add("panel.order.due", order.due_at ? K.fmt.dateTime(order.due_at) : null);
    add("panel.order.original_number", order.original_number);
    add("panel.order.external_id", order.external_id ? K.el("span", { class: "mono" }, order.external_id) : null);
    add("panel.order.delivery", address(order.delivery));
    add("panel.order.claimed", order.claimed_by_login);
  }

  /* ---- lines and who picked them ---------------------------------------------------- */

  function renderLines(order, picks) {
    const byLine = new Map();
    for (const pick of picks) {
      if (!byLine.has(pick.line_id)) byLine.set(pick.line_id, []);
      byLine.get(pick.line_id).push(pick);
    }
    const rows = order.lines.map((line) => {
      const who = (byLine.get(line.id) || []).map((pick) => K.t(
        pick.typed ? "panel.order.picker_typed" : "panel.order.picker",
        { login: pick.operator, quantity: K.fmt.number(pick.quantity), typed: pick.typed },
      ));
      const short = Number(line.picked_quantity) < Number(line.base_quantity);
      return K.el(
        "tr",
        { class: short && order.status !== "new" ? "short" : null, dataset: { lineId: line.id } },
        num(String(line.position)),
        K.el("td", { class: "mono" }, line.symbol || "—"),
        K.el("td", {}, line.name),
        K.el("td", { class: "num" }, K.fmt.number(line.quantity),
             line.base_quantity !== line.quantity
               ? K.el("div", { class: "muted small" }, K.t("panel.order.in_base", { quantity: K.fmt.number(line.base_quantity) }))
               : null),
        num(line.picked_quantity),
        K.el("td", {}, line.unit),
        K.el("td", { class: "pickers" }, who.length ? who.join(", ") : "—"),
      );
    });
    fill("#lines", rows);
  }

  /* ---- scans ------------------------------------------------------------------------ */

  function renderScans(scans) {
    const rows = scans.map((scan) => {
      const who = scan.authorized_by
        ? K.el("span", {}, scan.operator, K.el("div", { class: "muted small" },
                                               K.t("panel.order.authorized_by", { login: scan.authorized_by })))
        : scan.operator;
      const bad = !["counted", "line_complete", "order_complete", "order_complete_with_shortages",
                    "undone", "shortage_reported"].includes(scan.verdict);
      return K.el(
        "tr",
        { class: bad ? "bad-scan" : null },
        K.el("td", { class: "nowrap" }, K.fmt.dateTime(scan.scanned_at || scan.received_at)),
        K.el("td", { class: "mono" }, scan.device_id),
        K.el("td", {}, who),
        scan.kind === "manual"
          ? K.el("td", { class: "muted" }, K.t("panel.order.typed"))
          : K.el("td", { class: "mono code" }, scan.code),
        K.el("td", { class: bad ? "verdict-bad" : "verdict-ok" }, label("panel.order.verdict.", scan.verdict)),
        num(scan.quantity),
      );
    });
    show("scans", fill("#scans", rows));
  }

  /* ---- parcels and documents -------------------------------------------------------- */

  function renderPackages(order, packages) {
    const rows = packages.map((parcel) => {
      const size = [parcel.length_cm, parcel.width_cm, parcel.height_cm];
      return K.el(
        "tr",
        { class: parcel.generation !== order.generation ? "superseded" : null },
        K.el("td", { class: "num" }, String(parcel.number),
             parcel.generation !== order.generation
               ? K.el("div", { class: "muted small" }, K.t("panel.order.superseded_packing")) : null),
        num(parcel.weight_kg),
        K.el("td", {}, size.every((v) => v === null) ? "—" : size.map((v) => K.fmt.number(v)).join(" × ")),
        K.el("td", {}, parcel.template || "—"),
        K.el("td", {}, parcel.created_by || "—"),
        K.el("td", { class: "nowrap" }, K.fmt.dateTime(parcel.created_at)),
      );
    });
    show("packages", fill("#packages", rows));
  }

  function pdfLink(document) {
    return K.el("a", { href: `${base}/document`, target: "_blank", rel: "noopener",
                       class: "button secondary", dataset: { testid: "open-pdf" } },
                K.t("panel.order.open_pdf", { file: document.filename }));
  }

  function renderDocuments(order, documents) {
    const currentDocument = documents.find((d) => d.generation === order.generation);
    const rows = documents.map((document) => cells(
      label("panel.order.document.", document.kind),
      document.number,
      document === currentDocument ? pdfLink(document) : document.filename,
      K.fmt.dateTime(document.created_at),
    ));
    show("documents", fill("#documents", rows));
    const link = K.clear(K.$("#document-link"));
    if (currentDocument) link.append(pdfLink(currentDocument));
  }

  /* ---- steps after packing ---------------------------------------------------------- */

  function renderJobs(jobs, audit) {
    const rows = jobs.map((job) => {
      const finished = FINISHED.has(job.status) && job.started_at && job.updated_at;
      const seconds = finished ? (Date.parse(job.updated_at) - Date.parse(job.started_at)) / 1000 : null;
      const notes = [];
      if (job.result && job.result.reason) notes.push(K.el("div", {}, job.result.reason));
      for (const entry of audit) {
        if (!entry.details || entry.details.step !== job.step) continue;
        const key = entry.action === "order.retried" ? "panel.order.job_retried"
          : entry.action === "order.skipped" ? "panel.order.job_skipped" : null;
        if (key) notes.push(K.el("div", { class: "muted small" },
                                 K.t(key, { actor: actor(entry.actor), at: K.fmt.dateTime(entry.at) })));
      }
      return K.el(
        "tr",
        { dataset: { step: job.step } },
        K.el("td", {}, K.statusLabel(job.step)),
        K.el("td", { class: `job-${job.status}` }, K.jobLabel(job.status)),
        num(String(job.attempts)),
        K.el("td", { class: "nowrap" }, K.fmt.dateTime(job.started_at)),
        K.el("td", { class: "nowrap" }, seconds !== null && seconds >= 0 ? K.fmt.duration(seconds) : "—"),
        K.el("td", { class: job.last_error ? "error-text" : null }, job.last_error || "—"),
        K.el("td", {}, notes.length ? notes : "—"),
      );
    });
    show("jobs", fill("#jobs", rows));
  }

  /* ---- history and the office's actions --------------------------------------------- */

  function renderTimeline(timeline) {
    const rows = timeline.slice().reverse().map((event) => {
      const name = label("panel.order.event.", event.event);
      const step = event.details && event.details.step;
      return cells(
        K.el("td", { class: "nowrap" }, K.fmt.dateTime(event.at)),
        step ? K.t("panel.order.event_step", { event: name, step: K.statusLabel(step) }) : name,
        event.to_status
          ? (event.from_status
            ? K.t("panel.order.status_change", { from: K.statusLabel(event.from_status), to: K.statusLabel(event.to_status) })
            : K.statusLabel(event.to_status))
          : null,
        event.reason,
        actor(event.actor),
      );
    });
    fill("#timeline", rows);
  }

  function auditDetails(entry) {
    const details = entry.details || {};
    const parts = [];
    if (details.step) parts.push(K.statusLabel(details.step));
    if (details.from && details.to) {
      parts.push(K.t("panel.order.status_change", { from: K.statusLabel(details.from), to: K.statusLabel(details.to) }));
    }
    if (details.note) parts.push(details.note);
    return parts.join(" · ");
  }

  function renderAudit(audit) {
    const rows = audit.slice().reverse().map((entry) => cells(
      K.el("td", { class: "nowrap" }, K.fmt.dateTime(entry.at)),
      actor(entry.actor),
      label("panel.order.audit.", entry.action),
      auditDetails(entry),
    ));
    show("audit", fill("#audit", rows));
  }

  /* ---- actions ------------------------------------------------------------------------ */

  /** A dialog asking for an optional reason; resolves with the reason ("" for none), or
   *  null when cancelled.  `send(reason)` runs while it is open: its errors about the
   *  reason are shown beside the field, others close the dialog and are thrown. */
  function reasonDialog(title, text, confirmLabel, send) {
    return new Promise((resolve, reject) => {
      const error = K.el("p", { id: "reason-error", class: "field-error", hidden: true });
      const input = K.el("textarea", { id: "reason", maxlength: String(REASON_LIMIT), rows: "3",
                                      "aria-describedby": "reason-hint reason-error" });
      const confirm = K.el("button", { type: "submit", class: "danger" }, confirmLabel);
      const dialog = K.el(
        "dialog",
        { class: "confirm reason-dialog", "aria-labelledby": "reason-title" },
        K.el(
          "form",
          { method: "dialog" },
          K.el("h2", { id: "reason-title" }, title),
          K.el("p", {}, text),
          K.el("div", { class: "field" },
               K.el("label", { for: "reason" }, K.t("panel.order.dialog.reason")),
               input,
               K.el("span", { id: "reason-hint", class: "hint" },
                    K.t("panel.order.dialog.reason_hint", { limit: REASON_LIMIT })),
               error),
          K.el("div", { class: "actions" },
               K.el("button", { type: "button", class: "secondary", onclick: () => dialog.close() },
                    K.t("panel.cancel")),
               confirm),
        ),
      );
      let done = false;
      dialog.querySelector("form").addEventListener("submit", async (event) => {
        event.preventDefault();
        error.hidden = true;
        input.removeAttribute("aria-invalid");
        const result = await K.busy(confirm, async () => {
          try {
            return { value: await send(input.value.trim()) };
          } catch (failure) {
            if (failure instanceof K.ApiError && failure.body && failure.body.field === "reason") {
              error.textContent = failure.message;
              error.hidden = false;
              input.setAttribute("aria-invalid", "true");
              input.focus();
              return null;
            }
            return { failure };
          }
        });
        if (!result) return;
        done = true;
        dialog.close();
        if (result.failure) reject(result.failure);
        else resolve(result.value);
      });
      dialog.addEventListener("close", () => {
        dialog.remove();
        if (!done) resolve(null);
      });
      document.body.append(dialog);
      dialog.showModal();
      input.focus();
    });
  }

  async function post(path, reason) {
    return K.api("POST", `${base}/${path}`, reason ? { reason } : undefined);
  }

  function button(key, action, { danger = false } = {}) {
    const element = K.el("button", { type: "button", class: danger ? "danger" : "", dataset: { action: key } },
                         K.t(`panel.order.action.${key}`));
    element.addEventListener("click", () => K.busy(element, action));
    return element;
  }

  function renderActions(order) {
    const box = K.clear(K.$("#actions"));
    const number = order.number;
    if (order.status === "attention") {
      box.append(button("retry", async () => {
        if (!(await K.confirm(K.t("panel.order.confirm.retry", { number }),
                              { confirmLabel: K.t("panel.order.action.retry") }))) return;
        const done = await post("retry");
        K.notice(K.t("panel.order.done.retry", { step: K.statusLabel(done.retried) }), "success");
        await load();
      }));
      if (SKIPPERS.has(role)) {
        box.append(button("skip", async () => {
          if (!(await K.confirm(K.t("panel.order.confirm.skip", { number }),
                                { confirmLabel: K.t("panel.order.action.skip"), danger: true }))) return;
          const done = await post("skip");
          K.notice(K.t("panel.order.done.skip", { step: K.statusLabel(done.skipped) }), "success");
          await load();
        }, { danger: true }));
      }
    }
    if (order.status === "problem" || order.status === "attention") {
      box.append(button("send_back", () => act(order, "send_back", "send-back", false)));
    }
    if (HOLDABLE.has(order.status)) {
      box.append(button("hold", () => act(order, "hold", "hold", true), { danger: true }));
    }
    if (!box.childElementCount) box.append(K.el("p", { class: "muted" }, K.t("panel.order.action.none")));
  }

  async function act(order, key, path, danger) {
    let outcome;
    try {
      outcome = await reasonDialog(
        K.t(`panel.order.dialog.${key}`, { number: order.number }),
        K.t(`panel.order.dialog.${key}_text`),
        K.t(`panel.order.action.${key}`),
        (reason) => post(path, reason),
      );
    } catch (error) {
      K.showError(error);
      await load();
      return;
    }
    if (outcome === null) return;
    K.notice(K.t(`panel.order.done.${key}`, { number: order.number }), danger ? "warning" : "success");
    await load();
  }

  /* ---- loading ------------------------------------------------------------------------ */

  async function load() {
    let data;
    try {
      data = await K.api("GET", base);
    } catch (error) {
      if (error.status === 404) {
        K.$("#order-missing").hidden = false;
        root.hidden = true;
        return;
      }
      K.showError(error);
      return;
    }
    const order = data.order;
    const [jobs, scans, picks, packages, documents, audit] = await Promise.all(
      ["jobs", "scans", "picks", "packages", "documents", "audit"].map((part) =>
        K.api("GET", `${base}/${part}`).catch((error) => {
          K.notice(K.t("panel.order.section_failed", { message: error.message }), "error");
          return null;
        })),
    );
    renderHeader(order);
    renderActions(order);
    renderLines(order, picks ? picks.picks : []);
    renderScans(scans ? scans.scans : []);
    renderPackages(order, packages ? packages.packages : []);
    renderDocuments(order, documents ? documents.documents : []);
    const entries = audit ? audit.entries : [];
    renderJobs(jobs ? jobs.jobs : [], entries);
    renderTimeline(data.timeline);
    renderAudit(entries);
    root.hidden = false;
    root.dataset.status = order.status;
  }

  load();
})();
