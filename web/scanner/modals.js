// Modal layers: the keypad, the blocking overlay, the shortage form, menus.
//
// Modals are built once when opened and keep their own small state (the keypad's typed
// value), so background updates (verdicts, queue refreshes) never disturb what the picker is
// typing.

import { h, button } from "./dom.js";
import { t, qty } from "./i18n.js";
import { icon } from "./icons.js";

// -- keypad -----------------------------------------------------------------------------------

const MODE_EXTRA = {
  code: ["-", "/"],
  decimal: [","],
  integer: [],
  pin: [],
  date: [],
};

function formatDate(digits) {
  const d = digits.slice(0, 8);
  if (d.length <= 4) return d;
  if (d.length <= 6) return `${d.slice(0, 4)}-${d.slice(4)}`;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;
}

export function validDate(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Normalize a typed decimal ("1,5") to the protocol's decimal string ("1.5"); null if bad. */
export function decimalText(text) {
  const value = String(text).trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(value)) return null;
  return value.replace(/^0+(?=\d)/, "");
}

/**
 * A big-button keypad.  options: {title, mode, value, unit, hint, extraKeys, submitLabel,
 * onSubmit(value) -> error text or nothing, onScan(code) -> true when it handled a scan made
 * while the keypad is open (otherwise the scan fills the keypad and submits),
 * before (a DOM node above the display, e.g. the login field), id (data-testid, default
 * "keypad"), busyLabel (the OK button's text while waiting for the server; "Logowanie…")}.
 *
 * Besides {element, onScan} it returns controls for an answer that comes later (a login):
 * busy(on) — the OK button waits for the server; fail(text) — show the server's message
 * and clear what was typed; hold(untilMs, label(seconds)) — keep OK disabled with a
 * countdown on it until then (login throttling).
 */
export function keypad(app, options) {
  const mode = options.mode || "code";
  let value = options.value ? String(options.value) : "";
  const display = h("div", { class: ["keypad-display", mode], "data-testid": "keypad-display" });
  const error = h("div", { class: "keypad-error", "data-testid": "keypad-error" });
  const shown = () => {
    if (mode === "pin") return "•".repeat(value.length);
    if (mode === "date") return formatDate(value);
    return mode === "decimal" ? value : value;
  };
  const refresh = () => {
    display.textContent = shown() || "\u00a0";
    if (options.unit) display.appendChild(h("span", { class: "keypad-unit" }, options.unit));
    error.textContent = "";
  };
  const press = (key) => {
    if (key === "⌫") value = value.slice(0, -1);
    else if (key === "C") value = "";
    else if (mode === "date" && value.length >= 8) return;
    else if (mode === "decimal" && key === "," && value.includes(",")) return;
    else if (value.length < 64) value += key;
    refresh();
  };
  let busy = false;
  let heldUntil = 0;
  let holdLabel = null;
  let holdTimer = null;
  const submit = () => {
    if (busy || Date.now() < heldUntil) return;
    let result = value;
    if (mode === "date") result = formatDate(value);
    const problem = options.onSubmit(result);
    if (problem) {
      error.textContent = problem;
      app.feedback("error");
    }
  };
  const keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
  const extra = options.extraKeys || MODE_EXTRA[mode] || [];
  const bottom = [extra[0] ?? "C", "0", "⌫"];
  const grid = h(
    "div",
    { class: "keypad-grid" },
    [...keys, ...bottom].map((key) =>
      h(
        "button",
        {
          type: "button",
          class: ["key", key === "⌫" ? "key-back" : "", key === "C" ? "key-clear" : ""],
          "data-testid": `key-${key === "⌫" ? "back" : key}`,
          onclick: () => press(key),
        },
        key,
      ),
    ),
  );
  const extraRow = extra.length > 1 ? h("div", { class: "keypad-extra" }, extra.slice(1).map((key) => button(key, () => press(key), { kind: "key", id: `key-${key}` }))) : null;
  refresh();
  const submitLabel = options.submitLabel || t("common.ok");
  const ok = button(submitLabel, submit, { kind: "primary big", id: "keypad-ok" });
  const okLabel = ok.querySelector(".label");
  const element = h(
    "div",
    { class: "modal keypad", role: "dialog", "aria-modal": "true", "data-testid": options.id || "keypad" },
    h("div", { class: "modal-title", "data-testid": "keypad-title" }, options.title),
    options.hint ? h("p", { class: "hint", "data-testid": "keypad-hint" }, options.hint) : null,
    options.before || null,
    display,
    error,
    grid,
    extraRow,
    h(
      "div",
      { class: "row modal-actions" },
      button(t("common.cancel"), () => app.closeModal(), { kind: "secondary big", id: "keypad-cancel" }),
      ok,
    ),
  );
  /** The OK button as the state says: waiting for the server, held with a countdown, or ready. */
  const showButton = () => {
    const left = Math.ceil((heldUntil - Date.now()) / 1000);
    const held = left > 0;
    ok.disabled = busy || held;
    ok.classList.toggle("held", held);
    okLabel.textContent = held && holdLabel ? holdLabel(left) : busy ? options.busyLabel || t("login.logging_in") : submitLabel;
    if (!held && holdTimer) {
      clearInterval(holdTimer);
      holdTimer = null;
    }
  };
  return {
    element,
    onScan: (code) => {
      // options.onScan returns true when it dealt with the scan itself.
      if (options.onScan && options.onScan(code)) return true;
      // A scan (or the terminal's hardware keys + Enter) fills the keypad and submits.
      value = mode === "date" ? code.replace(/\D/g, "") : code;
      refresh();
      submit();
      return true;
    },
    busy(on) {
      busy = !!on;
      showButton();
    },
    fail(text) {
      busy = false;
      value = "";
      refresh();
      error.textContent = text || "";
      showButton();
    },
    hold(untilMs, label) {
      heldUntil = untilMs;
      holdLabel = label;
      clearInterval(holdTimer);
      holdTimer = setInterval(() => {
        if (!element.isConnected) {
          clearInterval(holdTimer);
          holdTimer = null;
          return;
        }
        showButton();
      }, 250);
      showButton();
    },
  };
}

// -- blocking overlay ----------------------------------------------------------------------

export function blockingOverlay(app, item) {
  const titleKey = `overlay.${item.kind}`;
  return h(
    "div",
    { class: ["overlay", "blocking", `kind-${item.kind}`], role: "alertdialog", "aria-modal": "true", "data-testid": "overlay", "data-kind": item.kind },
    // Everything but the button scrolls when the context is long: the button stays in view.
    h(
      "div",
      { class: "overlay-body" },
      h("div", { class: "overlay-icon" }, icon(item.kind === "wrong_product" ? "stop" : item.kind === "over_pick" ? "warning" : "cross")),
      h("h1", { class: "overlay-title" }, t(titleKey) === titleKey ? t("overlay.error") : t(titleKey)),
      // With the context as fields (what was scanned, what the order expects), the list says
      // it better than the message's sentence; otherwise the message.
      item.message && !item.listed ? h("p", { class: "overlay-message", "data-testid": "overlay-message" }, item.message) : null,
      item.when ? h("p", { class: "overlay-when", "data-testid": "overlay-when" }, icon("clock", "inline"), item.when) : null,
      item.scanned ? h("p", { class: "overlay-scanned", "data-testid": "overlay-scanned" }, t("overlay.scanned", { product: item.scanned })) : null,
      item.pack ? h("p", { class: "overlay-pack", "data-testid": "overlay-pack" }, item.pack) : null,
      item.listed && !item.scanned && item.kind === "wrong_product"
        ? h("p", { class: "overlay-scanned", "data-testid": "overlay-scanned" }, t("verdict.wrong_product"))
        : null,
      item.code ? h("p", { class: "overlay-code" }, t("overlay.code", { code: item.code })) : null,
      item.expected?.length
        ? h(
            "div",
            { class: "overlay-expected", "data-testid": "overlay-expected" },
            h("p", {}, t("overlay.expected")),
            h(
              "ul",
              {},
              item.expected.map((entry) =>
                h(
                  "li",
                  { "data-line-id": entry.line_id },
                  t("overlay.expected_line", {
                    product: [entry.symbol, entry.name].filter(Boolean).join(" "),
                    remaining: qty(entry.remaining),
                    unit: entry.unit || "",
                  })
                    .replace(/ {2,}/g, " ")
                    .trim(),
                ),
              ),
            ),
          )
        : null,
      item.line
        ? h("p", { class: "overlay-line" }, `${item.line.name} — ${qty(item.line.picked)}/${qty(item.line.ordered)} ${item.line.unit || ""}`)
        : null,
      item.more ? h("p", { class: "overlay-more" }, t("overlay.more", { n: item.more })) : null,
      h("p", { class: "overlay-hint" }, t("overlay.scanning_blocked")),
    ),
    button(t("overlay.ack"), () => app.acknowledge(), { kind: "ack huge", id: "overlay-ack" }),
  );
}

// -- shortage -------------------------------------------------------------------------------

const SHORTAGE_REASONS = ["missing", "damaged", "not_enough", "wrong_location", "expired"];

export function shortageModal(app, line) {
  let chosen = null;
  const other = h("input", {
    type: "text",
    class: "text-input",
    maxlength: "200",
    placeholder: t("shortage.other_placeholder"),
    "data-testid": "shortage-text",
    autocomplete: "off",
  });
  const error = h("div", { class: "keypad-error" });
  const reasonButtons = SHORTAGE_REASONS.map((reason) =>
    button(t(`shortage.reason.${reason}`), (event) => {
      chosen = reason;
      for (const b of reasonButtons) b.classList.toggle("active", b === event.currentTarget);
    }, { kind: "choice", id: `reason-${reason}` }),
  );
  const element = h(
    "div",
    { class: "modal shortage", role: "dialog", "aria-modal": "true", "data-testid": "shortage" },
    h("div", { class: "modal-title" }, t("shortage.title")),
    h("p", { class: "shortage-line" }, h("strong", {}, line.name), h("br"), `${line.location || ""} · ${qty(line.picked)}/${qty(line.ordered)} ${line.unit || ""}`),
    h("p", { class: "hint" }, t("shortage.hint")),
    h("div", { class: "choices" }, reasonButtons),
    other,
    error,
    h(
      "div",
      { class: "row modal-actions" },
      button(t("common.cancel"), () => app.closeModal(), { kind: "secondary big", id: "shortage-cancel" }),
      button(t("shortage.confirm"), () => {
        const parts = [];
        if (chosen) parts.push(t(`shortage.reason.${chosen}`));
        if (other.value.trim()) parts.push(other.value.trim());
        const reason = parts.join(": ").slice(0, 200);
        if (!reason) {
          error.textContent = t("shortage.need_reason");
          app.feedback("error");
          return;
        }
        app.reportShortage(line, reason);
      }, { kind: "warning big", id: "shortage-confirm" }),
    ),
  );
  return { element, keepsFocus: true };
}

// -- menus ------------------------------------------------------------------------------------

export function menuModal(app, title, items) {
  const element = h(
    "div",
    { class: "modal menu", role: "dialog", "aria-modal": "true", "data-testid": "menu" },
    h("div", { class: "modal-title" }, title),
    items.map(([label, action, kind, id]) => button(label, action, { kind: `${kind || "secondary"} big block`, id })),
    button(t("common.close"), () => app.closeModal(), { kind: "ghost big block", id: "menu-close" }),
  );
  return { element };
}

export function confirmModal(app, { title, text, confirmLabel, onConfirm, kind = "primary" }) {
  const element = h(
    "div",
    { class: "modal confirm", role: "dialog", "aria-modal": "true", "data-testid": "confirm" },
    h("div", { class: "modal-title" }, title),
    text ? h("p", {}, text) : null,
    h(
      "div",
      { class: "row modal-actions" },
      button(t("common.cancel"), () => app.closeModal(), { kind: "secondary big", id: "confirm-cancel" }),
      button(confirmLabel, onConfirm, { kind: `${kind} big`, id: "confirm-ok" }),
    ),
  );
  return { element };
}
