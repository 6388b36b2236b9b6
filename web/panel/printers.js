/* Printers and stations (/panel/printers): the label printers (with a live "Check" and a
 * test print), the packing stations and their printers, which handheld packs at which
 * station, and the end-of-day handover list per carrier — all through the API
 * (/api/printers…, /api/stations…, /api/shipments/handover; docs/api.md, "Shipping").
 *
 * Everyone in the office reads; admins add, edit and delete printers and stations;
 * supervisors and admins print test labels and set a device's station.  Refusals are shown
 * beside the field the server names (`field`, or `parameter` for the device id). */
"use strict";

(() => {
  const role = K.page.operator ? K.page.operator.role : null;
  const isAdmin = role === "admin";
  const isLead = role === "admin" || role === "supervisor";
  const DPI = [203, 300, 600];

  let printers = [];
  let stations = [];
  let assigned = [];
  let seen = [];
  let formCounter = 0;

  /* ---- small helpers ------------------------------------------------------------------- */

  function showTable(name, count) {
    K.$(`#${name}-wrap`).hidden = count === 0;
    K.$(`#${name}-empty`).hidden = count !== 0;
  }

  function button(label, onclick, { kind = "secondary", name, aria } = {}) {
    return K.el("button", { type: "button", class: `small ${kind}`, dataset: { action: name },
                            "aria-label": aria, onclick }, label);
  }

  function sizeText(printer) {
    return K.t("panel.printers.label_size", { width: K.fmt.number(printer.width_mm),
                                              height: K.fmt.number(printer.height_mm), dpi: printer.dpi });
  }

  /* ---- a form in a dialog -------------------------------------------------------------- */

  /** A labelled control with its error slot: {wrap, input, error, hint}. */
  function field(name, label, input, hint) {
    const id = `${name}-${formCounter}`;
    input.id = id;
    input.name = name;
    const error = K.el("p", { class: "field-error", id: `${id}-error`, hidden: true });
    const hintNode = K.el("p", { class: "hint", id: `${id}-hint`, hidden: !hint }, hint || "");
    input.setAttribute("aria-describedby", hintNode.id);
    const wrap = K.el("div", { class: "field", dataset: { field: name } },
                      K.el("label", { for: id }, label), input, hintNode, error);
    return { wrap, input, error, hint: hintNode };
  }

  function showFieldError(entry, message) {
    entry.error.textContent = message;
    entry.error.hidden = false;
    entry.input.setAttribute("aria-invalid", "true");
    entry.input.setAttribute("aria-describedby", `${entry.hint.id} ${entry.error.id}`);
    entry.input.focus();
  }

  function clearErrors(fields, general) {
    for (const entry of Object.values(fields)) {
      entry.error.hidden = true;
      entry.error.textContent = "";
      entry.input.removeAttribute("aria-invalid");
      entry.input.setAttribute("aria-describedby", entry.hint.id);
    }
    general.hidden = true;
    general.textContent = "";
  }

  /** A modal form: `onSubmit()` resolves true to close; an ApiError naming a field on the
   *  form is shown beside it, anything else above the buttons. */
  function formDialog({ title, submitLabel, fields, onSubmit }) {
    const titleId = `dialog-title-${formCounter}`;
    const general = K.el("p", { class: "field-error", role: "alert", hidden: true });
    const submit = K.el("button", { type: "submit" }, submitLabel);
    const form = K.el(
      "form", { class: "printer-form", novalidate: true },
      K.el("h2", { id: titleId }, title),
      Object.values(fields).map((entry) => entry.wrap),
      general,
      K.el("div", { class: "actions" },
        K.el("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, K.t("panel.cancel")),
        submit),
    );
    const dialog = K.el("dialog", { class: "form-dialog", "aria-labelledby": titleId }, form);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(fields, general);
      await K.busy(submit, async () => {
        submit.textContent = K.t("panel.saving");
        try {
          if (await onSubmit()) dialog.close();
        } catch (error) {
          if (!(error instanceof K.ApiError)) throw error;
          const name = error.body && error.body.field;
          if (name && fields[name]) showFieldError(fields[name], error.message);
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
    Object.values(fields)[0].input.focus();
    return dialog;
  }

  /* ---- printers -------------------------------------------------------------------------- */

  function statusCell(printer) {
    const text = K.el("span", { class: "printer-status muted", role: "status", "aria-live": "polite",
                                dataset: { testid: "printer-status" } },
                      K.t("panel.printers.not_checked"));
    const check = button(K.t("panel.printers.check"), () => K.busy(check, async () => {
      text.className = "printer-status muted";
      text.textContent = K.t("panel.printers.checking");
      const answer = await K.api("GET", `/api/printers/${printer.id}/status`);
      text.className = `printer-status ${answer.ok ? "printer-ok" : "printer-bad"}`;
      text.dataset.ok = String(answer.ok);
      K.clear(text).append(
        K.el("strong", {}, K.t(answer.ok ? "panel.printers.status_ok" : "panel.printers.status_bad")),
        " ", answer.message,
      );
    }), { name: "check", aria: K.t("panel.printers.check_of", { name: printer.name }) });
    return K.el("div", { class: "status-cell" }, check, text);
  }

  function printerActions(printer) {
    const buttons = [];
    if (isLead) {
      const test = button(K.t("panel.printers.test_print"), () => K.busy(test, async () => {
        const answer = await K.api("POST", `/api/printers/${printer.id}/test`);
        K.notice(answer.message, "success");
      }), { name: "test" });
      buttons.push(test);
    }
    if (isAdmin) {
      buttons.push(button(K.t("panel.printers.edit"), () => printerDialog(printer), { name: "edit" }));
      buttons.push(button(K.t("panel.printers.delete"), () => deletePrinter(printer),
                          { kind: "danger", name: "delete" }));
    }
    if (!buttons.length) return "—";
    return K.el("div", { class: "row-actions", role: "group",
                         "aria-label": K.t("panel.printers.actions_of", { name: printer.name }) }, buttons);
  }

  function renderPrinters() {
    const body = K.clear(K.$("#printers tbody"));
    for (const printer of printers) {
      body.append(K.el(
        "tr", { dataset: { printer: printer.name, id: printer.id } },
        K.el("th", { scope: "row" }, printer.name),
        K.el("td", {}, K.t(`panel.printers.kind.${printer.kind}`)),
        K.el("td", { class: "mono" }, printer.address),
        K.el("td", { class: "nowrap" }, sizeText(printer)),
        K.el("td", {}, printer.stations.length ? printer.stations.join(", ") : "—"),
        K.el("td", {}, statusCell(printer)),
        K.el("td", {}, printerActions(printer)),
      ));
    }
    K.$("#printers-loading").hidden = true;
    showTable("printers", printers.length);
  }

  function printerDialog(existing) {
    formCounter += 1;
    const kind = K.el("select", {}, ["zebra", "cups"].map((value) =>
      K.el("option", { value, selected: existing ? existing.kind === value : value === "zebra" },
           K.t(`panel.printers.kind.${value}`))));
    const dpi = K.el("select", {}, DPI.map((value) =>
      K.el("option", { value: String(value), selected: (existing ? existing.dpi : 203) === value }, String(value))));
    const fields = {
      name: field("name", K.t("panel.printers.form.name"),
                  K.el("input", { autocomplete: "off", maxlength: "100", value: existing ? existing.name : "" }),
                  K.t("panel.printers.form.name_hint")),
      kind: field("kind", K.t("panel.printers.form.kind"), kind),
      address: field("address", K.t("panel.printers.form.address"),
                     K.el("input", { autocomplete: "off", spellcheck: "false", maxlength: "200",
                                     value: existing ? existing.address : "" })),
      dpi: field("dpi", K.t("panel.printers.form.dpi"), dpi),
      width_mm: field("width_mm", K.t("panel.printers.form.width"),
                      K.el("input", { inputmode: "decimal", autocomplete: "off", maxlength: "12",
                                      value: K.fmt.number(existing ? existing.width_mm : "101.6") }),
                      K.t("panel.printers.form.size_hint")),
      height_mm: field("height_mm", K.t("panel.printers.form.height"),
                       K.el("input", { inputmode: "decimal", autocomplete: "off", maxlength: "12",
                                       value: K.fmt.number(existing ? existing.height_mm : "152.4") })),
    };
    const addressHint = () => {
      fields.address.hint.textContent = K.t(`panel.printers.form.address_hint_${kind.value}`);
      fields.address.hint.hidden = false;
    };
    kind.addEventListener("change", addressHint);
    addressHint();
    const number = (entry) => entry.input.value.trim().replace(/\s/g, "").replace(",", ".");
    formDialog({
      title: existing ? K.t("panel.printers.form.edit_printer", { name: existing.name })
                      : K.t("panel.printers.form.add_printer"),
      submitLabel: K.t(existing ? "panel.printers.form.save" : "panel.printers.form.add"),
      fields,
      async onSubmit() {
        const body = {
          name: fields.name.input.value, kind: kind.value, address: fields.address.input.value,
          dpi: Number(dpi.value), width_mm: number(fields.width_mm), height_mm: number(fields.height_mm),
        };
        const answer = existing
          ? await K.api("PUT", `/api/printers/${existing.id}`, body)
          : await K.api("POST", "/api/printers", body);
        K.notice(K.t("panel.printers.saved_printer", { name: answer.printer.name }), "success");
        await load();
        return true;
      },
    });
  }

  async function deletePrinter(printer) {
    const sure = await K.confirm(K.t("panel.printers.confirm_delete_printer", { name: printer.name }), {
      confirmLabel: K.t("panel.printers.delete"), danger: true,
      details: printer.stations.length
        ? K.t("panel.printers.confirm_delete_printer_used", { stations: printer.stations.join(", ") }) : undefined,
    });
    if (!sure) return;
    try {
      await K.api("DELETE", `/api/printers/${printer.id}`);
      K.notice(K.t("panel.printers.deleted_printer", { name: printer.name }), "success");
    } catch (error) {
      K.showError(error);
    }
    await load();
  }

  /* ---- stations -------------------------------------------------------------------------- */

  function printerOptions(selected) {
    return [K.el("option", { value: "" }, K.t("panel.printers.form.no_printer")),
            ...printers.map((p) => K.el("option", { value: String(p.id), selected: p.id === selected }, p.name))];
  }

  function renderStations() {
    const body = K.clear(K.$("#stations tbody"));
    for (const station of stations) {
      const actions = isAdmin
        ? K.el("div", { class: "row-actions", role: "group",
                        "aria-label": K.t("panel.printers.actions_of", { name: station.name }) },
               button(K.t("panel.printers.edit"), () => stationDialog(station), { name: "edit" }),
               button(K.t("panel.printers.delete"), () => deleteStation(station), { kind: "danger", name: "delete" }))
        : "—";
      body.append(K.el(
        "tr", { dataset: { station: station.name, id: station.id } },
        K.el("th", { scope: "row" }, station.name),
        K.el("td", {}, station.label_printer || K.el("span", { class: "muted" }, K.t("panel.printers.no_printer"))),
        K.el("td", { class: "mono" }, station.devices.length ? station.devices.join(", ") : "—"),
        K.el("td", {}, actions),
      ));
    }
    showTable("stations", stations.length);
  }

  function stationDialog(existing) {
    formCounter += 1;
    const fields = {
      name: field("name", K.t("panel.printers.form.name"),
                  K.el("input", { autocomplete: "off", maxlength: "100", value: existing ? existing.name : "" }),
                  K.t("panel.printers.form.station_name_hint")),
      label_printer_id: field("label_printer_id", K.t("panel.printers.form.printer"),
                              K.el("select", {}, printerOptions(existing ? existing.label_printer_id : null))),
    };
    formDialog({
      title: existing ? K.t("panel.printers.form.edit_station", { name: existing.name })
                      : K.t("panel.printers.form.add_station"),
      submitLabel: K.t(existing ? "panel.printers.form.save" : "panel.printers.form.add"),
      fields,
      async onSubmit() {
        const chosen = fields.label_printer_id.input.value;
        const body = { name: fields.name.input.value, label_printer_id: chosen ? Number(chosen) : null };
        const answer = existing
          ? await K.api("PUT", `/api/stations/${existing.id}`, body)
          : await K.api("POST", "/api/stations", body);
        K.notice(K.t("panel.printers.saved_station", { name: answer.station.name }), "success");
        await load();
        return true;
      },
    });
  }

  async function deleteStation(station) {
    const sure = await K.confirm(K.t("panel.printers.confirm_delete_station", { name: station.name }), {
      confirmLabel: K.t("panel.printers.delete"), danger: true,
      details: station.devices.length
        ? K.t("panel.printers.confirm_delete_station_devices", { devices: station.devices.join(", ") }) : undefined,
    });
    if (!sure) return;
    try {
      await K.api("DELETE", `/api/stations/${station.id}`);
      K.notice(K.t("panel.printers.deleted_station", { name: station.name }), "success");
    } catch (error) {
      K.showError(error);
    }
    await load();
  }

  /* ---- devices --------------------------------------------------------------------------- */

  function stationOptions(selected) {
    return [K.el("option", { value: "" }, K.t("panel.printers.no_station")),
            ...stations.map((s) => K.el("option", { value: String(s.id), selected: s.id === selected }, s.name))];
  }

  async function assign(device, stationId) {
    const answer = await K.api("PUT", `/api/stations/devices/${encodeURIComponent(device)}`,
                               { station_id: stationId });
    K.notice(answer.device
      ? K.t("panel.printers.assigned", { device, station: answer.device.station })
      : K.t("panel.printers.unassigned", { device }), "success");
    await load();
  }

  function stationControl(device, current) {
    if (!isLead) {
      return current ? current.station : K.el("span", { class: "muted" }, K.t("panel.printers.no_station"));
    }
    const select = K.el("select", { "aria-label": K.t("panel.printers.station_of", { device }),
                                    dataset: { device } },
                        stationOptions(current ? current.station_id : null));
    select.addEventListener("change", async () => {
      select.disabled = true;
      try {
        await assign(device, select.value ? Number(select.value) : null);
      } catch (error) {
        K.showError(error);
        select.disabled = false;
      }
    });
    return select;
  }

  function renderDevices() {
    const byId = new Map(assigned.map((a) => [a.device_id, a]));
    const lastSeen = new Map(seen.map((s) => [s.device_id, s.last_seen_at]));
    const ids = [...new Set([...assigned.map((a) => a.device_id), ...seen.map((s) => s.device_id)])].sort();
    const body = K.clear(K.$("#devices tbody"));
    for (const device of ids) {
      const current = byId.get(device);
      body.append(K.el(
        "tr", { dataset: { device } },
        K.el("th", { scope: "row", class: "mono" }, device),
        K.el("td", {}, stationControl(device, current)),
        K.el("td", {}, current ? `${current.set_by.replace(/^operator:/, "")}, ${K.fmt.dateTime(current.set_at)}` : "—"),
        K.el("td", { class: "nowrap" }, lastSeen.has(device) ? K.fmt.dateTime(lastSeen.get(device))
                                                           : K.t("panel.printers.never_seen")),
      ));
    }
    showTable("devices", ids.length);
    const select = K.$("#assign-station");
    if (select) {
      const kept = select.value;
      K.clear(select).append(...stations.map((s) => K.el("option", { value: String(s.id) }, s.name)));
      if (kept) select.value = kept;
    }
  }

  const assignForm = K.$("#assign-form");
  if (assignForm) {
    const input = K.$("#assign-device");
    const error = K.$("#assign-error");
    assignForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.hidden = true;
      input.removeAttribute("aria-invalid");
      await K.busy(K.$("#assign-button"), async () => {
        try {
          const device = input.value.trim();
          if (!device) throw new Error(K.t("panel.printers.device_id_empty"));
          const station = K.$("#assign-station").value;
          await assign(device, station ? Number(station) : null);
          input.value = "";
        } catch (failure) {
          error.textContent = failure.message;
          error.hidden = false;
          input.setAttribute("aria-invalid", "true");
          input.focus();
        }
      });
    });
  }

  /* ---- the handover list ------------------------------------------------------------------ */

  const handoverCarrier = K.$("#handover-carrier");
  const handoverDate = K.$("#handover-date");
  const handoverPdf = K.$("#handover-pdf");

  function today() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  function handoverQuery() {
    return `carrier=${encodeURIComponent(handoverCarrier.value)}&date=${encodeURIComponent(handoverDate.value)}`;
  }

  function updatePdfLink() {
    handoverPdf.href = `/api/shipments/handover.pdf?${handoverQuery()}`;
  }

  async function showHandover() {
    const error = K.$("#handover-error");
    error.hidden = true;
    handoverDate.removeAttribute("aria-invalid");
    let answer;
    try {
      answer = await K.api("GET", `/api/shipments/handover?${handoverQuery()}`);
    } catch (failure) {
      if (!(failure instanceof K.ApiError)) throw failure;
      error.textContent = failure.message;
      error.hidden = false;
      if (failure.body && failure.body.parameter === "date") handoverDate.setAttribute("aria-invalid", "true");
      return;
    }
    const body = K.clear(K.$("#handover tbody"));
    for (const row of answer.shipments) {
      body.append(K.el(
        "tr", { dataset: { order: row.number } },
        K.el("th", { scope: "row" }, K.el("a", { href: `/panel/orders/${row.order_id}` }, row.number)),
        K.el("td", {}, [row.receiver.name, row.receiver.city].filter(Boolean).join(", ") || "—"),
        K.el("td", {}, row.service_name || "—"),
        K.el("td", { class: "num" }, String(row.parcels)),
        K.el("td", { class: "mono" }, row.tracking_numbers.length ? row.tracking_numbers.join(", ") : "—"),
      ));
    }
    K.$("#handover-caption").textContent = K.t("panel.printers.handover_totals", answer.totals);
    K.$("#handover-wrap").hidden = answer.shipments.length === 0;
    K.$("#handover-none").hidden = answer.shipments.length !== 0;
  }

  handoverDate.value = today();
  updatePdfLink();
  handoverCarrier.addEventListener("change", updatePdfLink);
  handoverDate.addEventListener("change", updatePdfLink);
  K.$("#handover-form").addEventListener("submit", (event) => {
    event.preventDefault();
    updatePdfLink();
    showHandover().catch(K.showError);
  });

  /* ---- loading ------------------------------------------------------------------------------ */

  async function load() {
    const [printerList, stationList, deviceList] = await Promise.all([
      K.api("GET", "/api/printers"), K.api("GET", "/api/stations"), K.api("GET", "/api/stations/devices"),
    ]);
    printers = printerList.printers;
    stations = stationList.stations;
    assigned = deviceList.devices;
    seen = deviceList.seen;
    renderPrinters();
    renderStations();
    renderDevices();
  }

  const addPrinter = K.$("#add-printer");
  if (addPrinter) addPrinter.addEventListener("click", () => printerDialog(null));
  const addStation = K.$("#add-station");
  if (addStation) addStation.addEventListener("click", () => stationDialog(null));
  load().catch(K.showError);
})();
