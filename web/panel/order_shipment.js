/* The order page's shipment card ("Przesyłka"): the order's shipments, newest first — the
 * carrier, service, state in words, tracking numbers (InPost's linked to its tracking
 * page), the last problem — each parcel's label as a preview image with its file to
 * download, and the actions: print the labels again on a chosen printer (every office
 * role) and cancel the shipment at the carrier (supervisors and admins), confirmed first.
 *
 * Reads GET /api/orders/<id>/shipments; acts with POST …/shipments/reprint and
 * …/shipments/cancel (docs/api.md, "Shipping").  Loaded after order.js on the same page.
 */
"use strict";

(() => {
  const orderId = K.page.ids.order_id;
  const role = K.page.operator ? K.page.operator.role : null;
  const CANCELLERS = new Set(["supervisor", "admin"]);
  const PRINTABLE = new Set(["labelled", "printed"]);
  const OVER = new Set(["cancelled", "failed", "creating"]);
  const TRACKING = { inpost: "https://inpost.pl/sledzenie-przesylek?number=" };
  const base = `/api/orders/${orderId}/shipments`;

  const box = K.$("#shipments");

  function fact(list, key, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    list.append(K.el("dt", {}, K.t(`panel.order.shipment.${key}`)), K.el("dd", {}, value));
  }

  function stateText(state) {
    const key = `panel.order.shipment.state.${state}`;
    return K.has(key) ? K.t(key) : state;
  }

  function trackingNumbers(shipment) {
    const link = TRACKING[shipment.carrier];
    return K.el("ul", { class: "plain tracking" }, shipment.tracking_numbers.map((number) => K.el(
      "li", {},
      link
        ? K.el("a", { href: link + encodeURIComponent(number), target: "_blank", rel: "noopener noreferrer",
                      class: "mono", title: K.t("panel.order.shipment.tracking_link", { number }) }, number)
        : K.el("span", { class: "mono" }, number),
    )));
  }

  /** The labels to show: one per parcel, its ZPL where there is one (what is printed). */
  function shownLabels(labels) {
    const byPackage = new Map();
    for (const label of labels) {
      const known = byPackage.get(label.package);
      if (!known || (known.format !== "zpl" && label.format === "zpl")) byPackage.set(label.package, label);
    }
    return [...byPackage.values()].sort((a, b) => a.package - b.package);
  }

  function preview(shipment, label, count) {
    const params = { package: label.package, count, number: shipment.reference };
    const missing = K.el("p", { class: "muted no-preview", hidden: true }, K.t("panel.order.shipment.no_preview"));
    const image = K.el("img", { src: label.preview, alt: K.t("panel.order.shipment.label_alt", params),
                                loading: "lazy", class: "label-image", dataset: { testid: "label-preview" } });
    image.addEventListener("error", () => {
      image.hidden = true;
      missing.hidden = false;
    });
    const printed = label.print_count > 0
      ? K.t("panel.order.shipment.printed", { n: label.print_count, at: K.fmt.dateTime(label.printed_at),
                                              printer: label.printer || "—" })
      : K.t("panel.order.shipment.not_printed");
    const format = label.format.toUpperCase();
    return K.el(
      "figure", { class: "label-preview", dataset: { package: label.package } },
      image, missing,
      K.el("figcaption", {},
        K.el("strong", {}, K.t("panel.order.shipment.parcel", params)),
        label.tracking_number ? K.el("span", { class: "mono" }, ` · ${label.tracking_number}`) : null,
        K.el("div", { class: "muted small", dataset: { testid: "label-printed" } }, printed),
        K.el("a", { href: label.file, download: "", class: "button secondary small",
                    "aria-label": K.t("panel.order.shipment.download_label", { package: label.package, format }) },
             K.t("panel.order.shipment.download", { format }))),
    );
  }

  /* ---- actions ----------------------------------------------------------------------------- */

  async function reprintDialog(shipment) {
    const printers = (await K.api("GET", "/api/printers")).printers;
    const select = K.el("select", { id: "reprint-printer" },
      K.el("option", { value: "" }, K.t("panel.order.shipment.station_printer")),
      printers.map((p) => K.el("option", { value: String(p.id) }, p.name)));
    const general = K.el("p", { class: "field-error", role: "alert", hidden: true });
    const submit = K.el("button", { type: "submit" }, K.t("panel.order.shipment.reprint"));
    const form = K.el("form", { method: "dialog" },
      K.el("h2", { id: "reprint-title" }, K.t("panel.order.shipment.reprint_title", { number: shipment.reference })),
      K.el("div", { class: "field" },
        K.el("label", { for: "reprint-printer" }, K.t("panel.order.shipment.reprint_printer")), select),
      general,
      K.el("div", { class: "actions" },
        K.el("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, K.t("panel.cancel")),
        submit));
    const dialog = K.el("dialog", { class: "form-dialog reprint-dialog", "aria-labelledby": "reprint-title" }, form);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      general.hidden = true;
      await K.busy(submit, async () => {
        try {
          const body = select.value ? { printer_id: Number(select.value) } : undefined;
          const answer = await K.api("POST", `${base}/reprint`, body);
          K.notice(K.t("panel.order.shipment.reprinted",
                       { n: answer.reprinted.labels, printer: answer.reprinted.printer }), "success");
          dialog.close();
          await load();
        } catch (error) {
          if (!(error instanceof K.ApiError)) throw error;
          general.textContent = error.message;
          general.hidden = false;
        }
      });
    });
    dialog.addEventListener("close", () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    select.focus();
  }

  async function cancelShipment(shipment) {
    const sure = await K.confirm(
      K.t("panel.order.shipment.confirm_cancel", { number: shipment.reference, carrier: shipment.carrier_name }),
      { confirmLabel: K.t("panel.order.shipment.cancel"), danger: true,
        details: K.t("panel.order.shipment.confirm_cancel_details") },
    );
    if (!sure) return;
    await K.api("POST", `${base}/cancel`);
    K.notice(K.t("panel.order.shipment.cancelled", { number: shipment.reference }), "warning");
    await load();
  }

  function actions(shipment, labels) {
    const buttons = [];
    if (PRINTABLE.has(shipment.state) && labels.some((l) => l.format === "zpl")) {
      const reprint = K.el("button", { type: "button", dataset: { action: "reprint" } },
                           K.t("panel.order.shipment.reprint"));
      reprint.addEventListener("click", () => K.busy(reprint, () => reprintDialog(shipment)));
      buttons.push(reprint);
    }
    if (CANCELLERS.has(role) && !OVER.has(shipment.state)) {
      const cancel = K.el("button", { type: "button", class: "danger", dataset: { action: "cancel" } },
                          K.t("panel.order.shipment.cancel"));
      cancel.addEventListener("click", () => K.busy(cancel, () => cancelShipment(shipment)));
      buttons.push(cancel);
    }
    return buttons.length ? K.el("div", { class: "order-buttons shipment-actions" }, buttons) : null;
  }

  /* ---- rendering ----------------------------------------------------------------------------- */

  function render(shipment, current) {
    const facts = K.el("dl", { class: "facts" });
    fact(facts, "carrier", shipment.carrier_name);
    fact(facts, "service", shipment.service_name);
    fact(facts, "state", K.el("span", { class: `state shipment-${shipment.state}`, dataset: { testid: "shipment-state" } },
                              stateText(shipment.state)));
    if (shipment.carrier !== "own") fact(facts, "carrier_status", shipment.carrier_status);
    fact(facts, "tracking", shipment.tracking_numbers.length ? trackingNumbers(shipment) : null);
    fact(facts, "error", shipment.error ? K.el("strong", { class: "error-text", dataset: { testid: "shipment-error" } },
                                               shipment.error) : null);
    fact(facts, "created", K.fmt.dateTime(shipment.created_at));
    fact(facts, "updated", K.fmt.dateTime(shipment.updated_at));
    fact(facts, "cancelled_at", shipment.cancelled_at ? K.fmt.dateTime(shipment.cancelled_at) : null);
    const labels = shownLabels(shipment.labels);
    const previews = labels.length
      ? K.el("div", { class: "label-previews" }, labels.map((label) => preview(shipment, label, labels.length)))
      : K.el("p", { class: "muted" }, K.t("panel.order.shipment.no_labels"));
    return K.el(
      "article", { class: "shipment", dataset: { state: shipment.state, id: shipment.id } },
      facts,
      K.el("h3", {}, K.t("panel.order.shipment.labels")),
      previews,
      current ? actions(shipment, shipment.labels) : null,
    );
  }

  async function load() {
    let answer;
    try {
      answer = await K.api("GET", base);
    } catch (error) {
      if (error.status !== 404) K.notice(K.t("panel.order.shipment.failed_load", { message: error.message }), "error");
      return;
    }
    const [newest, ...earlier] = answer.shipments;
    K.clear(box);
    K.$("#shipment-none").hidden = Boolean(newest);
    if (!newest) return;
    box.append(render(newest, true));
    if (earlier.length) {
      box.append(K.el("details", { class: "earlier-shipments" },
        K.el("summary", {}, K.t("panel.order.shipment.earlier", { n: earlier.length })),
        earlier.map((shipment) => render(shipment, false))));
    }
  }

  load();
})();
