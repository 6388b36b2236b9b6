// The screens: pure functions of the app's state that build DOM, with the controller's
// actions wired to the buttons.  The app re-renders the current screen whenever the state
// changes (except form screens, which are rendered once when opened).

import { h, button } from "./dom.js";
import { icon } from "./icons.js";
import { t, tn, qty, has } from "./i18n.js";
import { urgencyOf } from "./priority.js";

// -- status bar --------------------------------------------------------------------------------

export function statusBar(app) {
  const { client } = app;
  const pending = app.pendingCount();
  let label;
  let kind = client.state;
  if (client.state === "online") label = t("status.online");
  else if (client.state === "connecting") label = t("status.connecting");
  else {
    const seconds = client.retryAt ? Math.max(0, Math.ceil((client.retryAt - Date.now()) / 1000)) : 0;
    label = seconds > 0 ? t("status.offline_retry", { s: seconds }) : t("status.offline");
  }
  if (client.state === "online" && client.operator && !client.operatorOnline) {
    kind = "connecting";
    label = t("status.logging_in");
  }
  return h(
    "header",
    { class: "statusbar", "data-testid": "statusbar" },
    h(
      "button",
      {
        type: "button",
        class: ["conn", `conn-${kind}`],
        "data-testid": "connection",
        "data-state": kind,
        onclick: () => app.client.connectNow(),
      },
      h("span", { class: "dot", "aria-hidden": "true" }),
      h("span", {}, label),
    ),
    pending > 0
      ? h("span", { class: "pending-chip", "data-testid": "pending-count", "data-count": pending }, icon("hourglass", "inline"), tn("pending", pending))
      : null,
    h("span", { class: "station", "data-testid": "station-name" }, app.state.station?.name || ""),
    app.operator ? h("span", { class: "operator", "data-testid": "operator" }, app.operator.name || app.operator.login) : null,
  );
}

/** Under the status bar after a page load, until the first touch: browsers keep sound and
 * vibration off until a user gesture, and a silent scanner would fool the picker. */
export function soundHint() {
  return [icon("warning", "inline"), h("span", {}, t("sound.unlock"))];
}

// -- login --------------------------------------------------------------------------------------

export function loginScreen(app) {
  const busy = app.state.loggingIn;
  const notice = app.state.loginNotice;
  const wait = app.state.loginWait;
  const waitLeft = wait ? Math.ceil((wait.until - Date.now()) / 1000) : 0;
  const pending = app.client.outbox.items.length;
  return h(
    "main",
    { class: "screen login", "data-screen": "login" },
    notice
      ? h(
          "div",
          { class: "login-notice", role: "alert", "data-testid": "login-notice", "data-reason": notice.reason || "" },
          icon("warning"),
          h("span", { class: "notice-text" }, notice.message),
        )
      : h("div", { class: "brand" }, h("span", { class: "logo" }, "K"), h("span", {}, "Kolektor")),
    h(
      "div",
      { class: "badge-prompt" },
      h("div", { class: "badge-icon" }, icon("barcode", "huge")),
      h("h1", {}, t("login.scan_badge")),
      h("p", { class: "hint" }, t("login.scan_badge_hint")),
    ),
    busy ? h("p", { class: "info", "data-testid": "login-busy" }, t("login.logging_in")) : null,
    app.state.loginError ? h("p", { class: "error-text", "data-testid": "login-error" }, app.state.loginError) : null,
    waitLeft > 0
      ? h("p", { class: "countdown", "data-testid": "login-countdown" }, icon("clock", "inline"), t("login.wait", { time: app.duration(waitLeft) }))
      : null,
    pending > 0
      ? h("p", { class: "pending-note", "data-testid": "login-pending" }, icon("hourglass", "inline"), tn("login.pending", pending))
      : null,
    h(
      "div",
      { class: "login-actions" },
      button(t("login.with_pin"), () => app.openPinLogin(), { kind: "secondary big", id: "pin-login", icon: "hash" }),
      button(t("nav.settings"), () => app.go("settings"), { kind: "ghost", id: "open-settings", icon: "gear" }),
    ),
  );
}

// -- navigation (queue-level screens) -----------------------------------------------------------

function navBar(app, active) {
  const role = app.operator?.role;
  const items = [["queue", t("nav.queue"), "list"]];
  if (app.canPack()) items.push(["packScan", t("nav.pack"), "box"]); // not for pickers
  if (role === "supervisor" || role === "admin") items.push(["overview", t("nav.overview"), "eye"]);
  items.push(["menu", t("nav.menu"), "menu"]);
  return h(
    "nav",
    { class: "navbar" },
    items.map(([screen, label, icon]) =>
      button(label, () => (screen === "menu" ? app.openMenu() : app.go(screen)), {
        kind: ["nav", active === screen ? "active" : ""].join(" "),
        id: `nav-${screen}`,
        icon,
      }),
    ),
  );
}

// -- queue --------------------------------------------------------------------------------------

function claimedByLabel(claimedBy) {
  if (claimedBy === null || claimedBy === undefined) return "";
  if (typeof claimedBy === "object") return claimedBy.name || claimedBy.login || String(claimedBy.id ?? "");
  return String(claimedBy);
}

function lineCount(lines) {
  if (Array.isArray(lines)) return lines.length;
  return Number(lines) || 0;
}

/** The order's urgency in words ("pilne", "po terminie", "na dziś", "na jutro", a date);
 * coloured only when it needs attention. */
function urgencyTag(order) {
  const urgency = urgencyOf(order);
  if (!urgency.label) return null;
  return h(
    "span",
    { class: ["urgency", `urgency-${urgency.level}`], "data-testid": `urgency-${order.id}`, "data-urgency": urgency.level, title: urgency.title },
    urgency.label,
  );
}

function orderCard(app, order, { mine }) {
  const claimedBy = claimedByLabel(order.claimed_by);
  const takenByOther = !mine && order.claimed_by !== null && order.claimed_by !== undefined && order.claimed_by !== "";
  const canTakeOver = takenByOther && app.isSupervisor();
  let action;
  if (mine && order.status === "picked") {
    action = app.canPack() ? button(t("pick.pack_now"), () => app.packOrder(order.id), { kind: "primary", id: `pack-${order.id}` }) : null;
  } else if (mine) action = button(t("queue.continue"), () => app.openOrder(order.id), { kind: "primary", id: `open-${order.id}` });
  else if (canTakeOver) action = button(t("queue.take_over"), () => app.claim(order.id, true), { kind: "warning", id: `takeover-${order.id}` });
  else if (!takenByOther) action = button(t("queue.claim"), () => app.claim(order.id, false), { kind: "primary", id: `claim-${order.id}` });
  const n = lineCount(order.lines);
  // Two dense rows, so that a 360×640 screen lists six orders or more: the number and its
  // urgency; the customer, the lines and who holds it.
  return h(
    "li",
    {
      class: ["order-row", mine ? "mine" : "", takenByOther ? "taken" : ""],
      "data-testid": `order-${order.id}`,
      "data-order-id": order.id,
      "data-number": order.number,
    },
    h(
      "div",
      { class: "row-main" },
      h(
        "div",
        { class: "row-top" },
        h("span", { class: "order-number" }, order.number),
        order.status && !["new", "picking"].includes(order.status)
          ? h("span", { class: "status-tag" }, t(`order_status.${order.status}`))
          : null,
        urgencyTag(order),
      ),
      h(
        "div",
        { class: "row-bottom" },
        h("span", { class: "customer" }, order.customer || ""),
        h("span", { class: "lines-count" }, tn("lines", n)),
        takenByOther ? h("span", { class: "claimed", "data-testid": `claimed-${order.id}` }, icon("user", "inline"), claimedBy) : null,
      ),
    ),
    action ? h("div", { class: "row-action" }, action) : null,
  );
}

/** A held order as the queue lists it: the device's full order (lines, status) with the
 * queue entry's due date and priority, which the `order` message does not carry. */
function withQueueEntry(app, order) {
  const entry = (app.state.queue || []).find((o) => o.id === order.id);
  return entry ? { ...entry, ...order, due_at: entry.due_at, priority: entry.priority } : order;
}

export function queueScreen(app) {
  const mine = app.myOrders();
  const mineIds = new Set(mine.map((o) => o.id));
  const others = (app.state.queue || []).filter((o) => !mineIds.has(o.id));
  return h(
    "div",
    { class: "layout" },
    h(
      "main",
      { class: "screen queue", "data-screen": "queue" },
      h(
        "div",
        { class: "screen-title" },
        h("h1", {}, t("queue.title")),
        button("", () => app.refreshQueue(), { kind: "ghost icon-only", id: "refresh-queue", icon: "refresh", extra: { "aria-label": t("queue.refresh"), title: t("queue.refresh") } }),
      ),
      h("p", { class: "hint queue-hint" }, t("queue.scan_hint")),
      mine.length
        ? [
            h("h2", { class: "list-title" }, t("queue.mine"), h("span", { class: "count", "data-testid": "my-count" }, tn("queue.orders", mine.length))),
            h(
              "ul",
              { class: "order-list", "data-testid": "my-orders" },
              mine.map((order) => orderCard(app, withQueueEntry(app, order), { mine: true })),
            ),
          ]
        : null,
      h("h2", { class: "list-title" }, t("queue.open"), h("span", { class: "count", "data-testid": "queue-count" }, tn("queue.orders", others.length))),
      others.length
        ? h("ul", { class: "order-list", "data-testid": "queue" }, others.map((order) => orderCard(app, order, { mine: app.isMine(order.claimed_by) })))
        : h("p", { class: "empty" }, app.client.ready ? t("queue.empty") : t("queue.waiting")),
    ),
    navBar(app, "queue"),
  );
}

// -- pick ---------------------------------------------------------------------------------------

const BLOCKING = new Set(["wrong_product", "over_pick", "unknown_code"]);

function verdictBanner(app, order) {
  const verdict = app.state.lastVerdict;
  if (!verdict || verdict.order_id !== order.id) {
    return h("div", { class: "banner neutral", "data-testid": "verdict-banner" }, t("pick.scan_next"));
  }
  const kind = verdict.kind || (verdict.ok ? "counted" : "error");
  const tone = verdict.pending
    ? "pending"
    : verdict.ok
      ? kind === "duplicate"
        ? "neutral"
        : "good"
      : BLOCKING.has(kind)
        ? "bad"
        : "warn";
  const text = verdict.pending ? t("pick.pending_banner", { code: verdict.code }) : verdict.message || t(`verdict.${kind}`);
  return h(
    "div",
    { class: ["banner", tone], "data-testid": "verdict-banner", "data-kind": verdict.pending ? "pending" : kind },
    h("span", { class: "banner-icon" }, icon(verdict.pending ? "hourglass" : verdict.ok ? "check" : "stop")),
    h(
      "span",
      { class: "banner-text" },
      text,
      verdict.lineName && !verdict.pending && !String(text).includes(verdict.lineName)
        ? h("span", { class: "banner-line" }, verdict.lineName)
        : null,
    ),
    verdict.added && verdict.ok && !verdict.pending ? h("span", { class: "added" }, `+${qty(verdict.added)}`) : null,
  );
}

function lineState(line) {
  if (line.pickable === false) return "skip";
  if (line.short) return "short";
  // Weighed goods: complete when the weight is within the line's tolerance (the server says).
  if (Number(line.remaining) <= 0 || line.within_tolerance) return "done";
  return "todo";
}

/** A decimal string moved by another ("1.467" − "0.05"), rounded to the protocol's 4 places
 * and never below zero — for showing a tolerance range, not for counting. */
function shifted(value, delta, sign) {
  const result = Math.max(0, Math.round((Number(value) + sign * Number(delta)) * 10000) / 10000);
  return String(result);
}

/** Weighed goods (`tolerance`): "1,457 z 1,467 kg — w tolerancji" once the server counts the
 * line complete within it, else the weights it accepts ("dopuszczalne 1,417–1,517 kg"). */
function toleranceTag(line) {
  const tolerance = line.tolerance;
  if (!tolerance || typeof tolerance !== "object" || line.pickable === false) return null;
  const unit = line.unit || "";
  const text = line.within_tolerance
    ? t("pick.within_tolerance", { picked: qty(line.picked), ordered: qty(line.ordered), unit })
    : t("pick.tolerance", {
        min: qty(shifted(line.ordered, tolerance.below || 0, -1)),
        max: qty(shifted(line.ordered, tolerance.above || 0, 1)),
        unit,
      });
  return h(
    "span",
    { class: ["tolerance-tag", line.within_tolerance ? "ok" : ""], "data-testid": `tolerance-${line.id}` },
    text,
  );
}

/** The ZK's remarks ("Prezent – proszę nie wkładać paragonu do paczki"): what the customer
 * asked for, impossible to miss on the pick and pack screens; nothing when there are none.
 * On the pick screen a strip that stays under the order's number while the lines scroll
 * (two lines at most; a tap shows all of it), on the pack screen in full at the top. */
const remarksShownWhole = new Set(); // orders whose remarks strip a tap opened (until tapped again)

function remarksBanner(order, { strip = false } = {}) {
  const text = String(order.remarks ?? "").trim();
  if (!text) return null;
  const toggle = (event) => {
    if (remarksShownWhole.has(order.id)) remarksShownWhole.delete(order.id);
    else remarksShownWhole.add(order.id);
    event.currentTarget.classList.toggle("open", remarksShownWhole.has(order.id));
  };
  return h(
    "div",
    {
      class: ["remarks", strip ? "strip" : "", strip && remarksShownWhole.has(order.id) ? "open" : ""],
      role: "note",
      "data-testid": "remarks",
      onclick: strip ? toggle : null,
    },
    icon("warning"),
    h("p", {}, h("strong", {}, `${t("remarks.title")}: `), h("span", { "data-testid": "remarks-text" }, text)),
  );
}

function pendingForLine(app, order, line) {
  const codes = new Set((line.barcodes || []).map((b) => (typeof b === "string" ? b : b.code)));
  let n = 0;
  for (const item of app.pendingOf(order.id)) {
    if (item.type === "scan" && codes.has(item.payload.code)) n += 1;
    if (item.type === "manual" && item.payload.line_id === line.id) n += 1;
  }
  return n;
}

/** "KAW-01 Kawa ziarnista: potrzeba 6, dostępne 2" for each line short in Subiekt. */
function shortLines(lines, testid) {
  return h(
    "ul",
    { class: "stock-lines", "data-testid": testid },
    lines.map((entry) =>
      h(
        "li",
        { "data-line-id": entry.line_id },
        t("stock.line", {
          product: [entry.symbol, entry.name].filter(Boolean).join(" "),
          needed: qty(entry.needed),
          available: qty(entry.available),
        }),
      ),
    ),
  );
}

/** What the claim's stock check said, while it warns (until dismissed). */
function stockPanel(app, order) {
  const stock = app.state.stock.get(order.id);
  if (!stock || order.status === "problem") return null;
  const dismiss = button(t("stock.dismiss"), () => app.dismissStock(order.id), { kind: "secondary", id: "stock-dismiss" });
  if (stock.checked === false) {
    return h(
      "div",
      { class: "panel neutral stock", "data-testid": "stock-unchecked" },
      h("p", {}, icon("warning", "inline"), t("stock.unchecked")),
      dismiss,
    );
  }
  return h(
    "div",
    { class: "panel warn stock", "data-testid": "stock-warning" },
    h("h2", {}, icon("warning", "inline"), t("stock.title")),
    shortLines(stock.short, "stock-lines"),
    h("p", {}, t("stock.text")),
    dismiss,
  );
}

function shortInSubiekt(app, order, line) {
  const stock = app.state.stock.get(order.id);
  return !!stock && stock.short.some((entry) => (entry.line_ids || [entry.line_id]).includes(line.id));
}

function pickLine(app, order, line, currentId) {
  const state = lineState(line);
  const stockShort = shortInSubiekt(app, order, line);
  const current = line.id === currentId;
  const selected = line.id === app.state.selectedLineId;
  const pending = pendingForLine(app, order, line);
  const flags = [];
  if (line.requires_batch) flags.push(t("pick.flag_batch"));
  if (line.requires_expiry) flags.push(t("pick.flag_expiry"));
  if (line.requires_serial) flags.push(t("pick.flag_serial"));
  return h(
    "li",
    {
      class: ["line", state, current ? "current" : "", selected ? "selected" : "", app.state.flashLineId === line.id ? "flash" : ""],
      "data-testid": `line-${line.id}`,
      "data-line-id": line.id,
      "data-state": state,
      onclick: () => app.selectLine(line.id),
    },
    h(
      "div",
      { class: "info" },
      h(
        "div",
        { class: "line-top" },
        h("span", { class: "loc" }, line.location || t("pick.no_location")),
        h("span", { class: "sym" }, line.symbol || ""),
      ),
      h("div", { class: "name" }, line.name),
      flags.length || line.short || state === "skip" || stockShort || line.tolerance
        ? h(
            "div",
            { class: "tags" },
            flags.length ? h("span", { class: "flags" }, flags.join(" · ")) : null,
            toleranceTag(line),
            line.short ? h("span", { class: "short-tag" }, t("pick.short")) : null,
            stockShort && !line.short
              ? h("span", { class: "short-tag stock-tag", "data-testid": `stock-short-${line.id}` }, t("stock.line_tag"))
              : null,
            state === "skip" ? h("span", { class: "skip-tag" }, t("pick.not_picked")) : null,
          )
        : null,
    ),
    h(
      "div",
      { class: "count", "data-testid": `count-${line.id}` },
      h("span", { class: "picked", "data-testid": `picked-${line.id}` }, qty(line.picked)),
      h("span", { class: "sep" }, "/"),
      h("span", { class: "ordered" }, qty(line.ordered)),
      h("span", { class: "unit" }, unitLabel(line)),
      pending ? h("span", { class: "line-pending", "data-testid": `line-pending-${line.id}` }, icon("hourglass", "inline"), String(pending)) : null,
      state === "done" ? h("span", { class: "tick" }, icon("check")) : null,
    ),
  );
}

/** The unit under the numbers.  `ordered`/`picked` are in base units while `unit` is the
 * unit the line was ordered in: when they differ (2 opak. = 12), show the ordered amount. */
function unitLabel(line) {
  const unit = line.unit || "";
  if (line.quantity !== undefined && line.quantity !== null && String(line.quantity) !== String(line.ordered)) {
    return `= ${qty(line.quantity)} ${unit}`.trim();
  }
  return unit;
}

export function currentLine(order) {
  return (order.lines || []).find((line) => lineState(line) === "todo") || null;
}

export function pickScreen(app) {
  const order = app.currentOrder();
  if (!order) return queueScreen(app);
  const lines = order.lines || [];
  const pickable = lines.filter((line) => lineState(line) !== "skip");
  const done = pickable.filter((line) => lineState(line) !== "todo").length;
  const current = currentLine(order);
  const pending = app.pendingOf(order.id);
  const problem = order.status === "problem";
  const complete = order.complete || ["picked", "packed"].includes(order.status);
  const percent = pickable.length ? Math.round((done / pickable.length) * 100) : 0;
  return h(
    "div",
    { class: "layout" },
    h(
      "section",
      { class: "order-head" },
      button("", () => app.go("queue"), { kind: "ghost back", id: "back-to-queue", icon: "back", extra: { "aria-label": t("nav.queue") } }),
      h(
        "div",
        { class: "order-title" },
        h("div", { class: "order-number", "data-testid": "order-number" }, order.number),
        h("div", { class: "customer" }, order.customer || ""),
      ),
      h(
        "div",
        { class: "progress", "data-testid": "progress" },
        h("div", { class: "progress-text" }, `${done}/${pickable.length}`),
        h("div", { class: "progress-bar" }, h("div", { class: "progress-fill", style: { width: `${percent}%` } })),
      ),
    ),
    remarksBanner(order, { strip: true }),
    verdictBanner(app, order),
    h(
      "main",
      { class: "screen pick", "data-screen": "pick", "data-order-id": order.id, "data-status": order.status },
      problem
        ? h(
            "div",
            { class: "panel warn", "data-testid": "order-problem" },
            h("h2", {}, t("pick.problem_title")),
            h("p", {}, order.status_reason || t("pick.problem_text")),
            button(t("nav.queue"), () => app.go("queue"), { kind: "secondary big" }),
          )
        : null,
      stockPanel(app, order),
      complete && !problem
        ? h(
            "div",
            { class: "panel good", "data-testid": "order-complete" },
            h("h2", {}, icon("check", "inline"), t("pick.complete_title")),
            h("p", {}, app.canPack() ? t("pick.complete_text") : t("pick.complete_text_picker")),
            h(
              "div",
              { class: "row" },
              app.canPack()
                ? button(t("pick.pack_now"), () => app.startPacking(order.id), { kind: "primary big", id: "pack-now", icon: "box" })
                : null,
              button(t("nav.queue"), () => app.go("queue"), { kind: "secondary big", id: "complete-to-queue" }),
            ),
          )
        : null,
      pending.length
        ? h(
            "div",
            { class: "pending-list", "data-testid": "pending-list" },
            h("h3", {}, icon("hourglass", "inline"), tn("pending_scans", pending.length)),
            h(
              "ul",
              {},
              pending.map((item) =>
                h(
                  "li",
                  { class: "pending-item" },
                  item.type === "scan" ? item.payload.code : t("pick.pending_manual", { q: qty(item.payload.quantity) }),
                ),
              ),
            ),
          )
        : null,
      h("ol", { class: "lines", "data-testid": "lines" }, lines.map((line) => pickLine(app, order, line, current?.id))),
    ),
    h(
      "nav",
      { class: "actionbar" },
      button(t("pick.keypad"), () => app.openCodeKeypad(), { kind: "action", id: "keypad", icon: "keypad" }),
      button(t("pick.quantity"), () => app.openManual(), { kind: "action", id: "manual", icon: "plusminus", disabled: complete || problem }),
      button(t("pick.undo"), () => app.undo(), { kind: "action", id: "undo", icon: "undo", disabled: problem }),
      button(t("pick.shortage"), () => app.openShortage(), { kind: "action warn", id: "shortage", icon: "warning", disabled: complete || problem }),
      button(t("nav.menu"), () => app.openOrderMenu(), { kind: "action", id: "order-menu", icon: "menu" }),
    ),
  );
}

// -- packing ------------------------------------------------------------------------------------

export function packScanScreen(app) {
  return h(
    "div",
    { class: "layout" },
    h(
      "main",
      { class: "screen pack-scan", "data-screen": "packScan" },
      h("h1", {}, t("pack.station_title")),
      h(
        "div",
        { class: "badge-prompt" },
        h("div", { class: "badge-icon" }, icon("box", "huge")),
        h("p", { class: "big-text" }, t("pack.scan_order")),
        h("p", { class: "hint" }, t("pack.scan_order_hint")),
      ),
      app.state.packError ? h("p", { class: "error-text", "data-testid": "pack-error" }, app.state.packError) : null,
      button(t("pack.type_number"), () => app.openPackKeypad(), { kind: "secondary big", id: "pack-keypad", icon: "keypad" }),
      app.pickedOrders().length
        ? [
            h("h2", {}, t("pack.ready_here")),
            h(
              "ul",
              { class: "cards" },
              app.pickedOrders().map((order) =>
                h(
                  "li",
                  { class: "card order-card" },
                  h("div", { class: "card-main" }, h("div", { class: "order-number" }, order.number), h("div", { class: "customer" }, order.customer || "")),
                  h("div", { class: "card-action" }, button(t("pack.open"), () => app.startPacking(order.id), { kind: "primary", id: `pack-open-${order.id}` })),
                ),
              ),
            ),
          ]
        : null,
    ),
    navBar(app, "packScan"),
  );
}

const TEMPLATES = ["A", "B", "C"];

function packageRow(app, pack, index) {
  const item = pack.packages[index];
  const weight = item.weight ? `${qty(item.weight)} kg` : t("pack.weight_enter");
  const sizeButtons = TEMPLATES.map((template) =>
    button(template, () => app.setPackage(index, { size: "template", template }), {
      kind: ["seg", item.size === "template" && item.template === template ? "active" : ""].join(" "),
      id: `pkg-${index}-template-${template}`,
    }),
  );
  sizeButtons.push(
    button(t("pack.dimensions"), () => app.setPackage(index, { size: "dims", template: null }), {
      kind: ["seg", item.size === "dims" ? "active" : ""].join(" "),
      id: `pkg-${index}-dims`,
    }),
  );
  const dims =
    item.size === "dims"
      ? h(
          "div",
          { class: "dims" },
          ["length", "width", "height"].map((dim, i) => [
            i ? h("span", { class: "times" }, "×") : null,
            button(item[dim] ? qty(item[dim]) : t(`pack.${dim}`), () => app.editDimension(index, dim), {
              kind: ["value", item[dim] ? "" : "empty"].join(" "),
              id: `pkg-${index}-${dim}`,
            }),
          ]),
          h("span", { class: "unit" }, "cm"),
        )
      : null;
  return h(
    "li",
    { class: "card package", "data-testid": `package-${index}` },
    h("div", { class: "package-title" }, t("pack.package_n", { n: index + 1 })),
    h(
      "div",
      { class: "field-row" },
      h("span", { class: "field-label" }, t("pack.weight")),
      button(weight, () => app.editWeight(index), { kind: ["value", item.weight ? "" : "empty"].join(" "), id: `pkg-${index}-weight` }),
    ),
    h("div", { class: "field-stack" }, h("span", { class: "field-label" }, t("pack.size")), h("div", { class: "segmented" }, sizeButtons)),
    dims,
  );
}

/** The rule's note for the packer (`packing.note`): above everything else on the pack
 * screen, louder than the customer's remarks. */
function packingNote(order) {
  const note = String(order.packing?.note ?? "").trim();
  if (!note) return null;
  return h(
    "div",
    { class: "packing-note", role: "alert", "data-testid": "packing-note" },
    icon("warning"),
    h("div", {}, h("div", { class: "note-title" }, t("pack.note_title")), h("p", { "data-testid": "packing-note-text" }, note)),
  );
}

function documentName(kind) {
  return has(`document.${kind}`) ? t(`document.${kind}`) : String(kind);
}

/** The carrier and service the rules chose for the order's label (with the parcel size),
 * or that the rules want no label. */
function carrierFact(delivery) {
  if (!delivery.carrier) {
    return h("li", { "data-testid": "pack-carrier", "data-carrier": "" }, icon("box", "inline"), t("pack.no_label"));
  }
  const carrier = delivery.carrier_name || delivery.carrier;
  const service = delivery.service_name || delivery.service || "";
  return h(
    "li",
    { class: "carrier", "data-testid": "pack-carrier", "data-carrier": delivery.carrier, "data-service": delivery.service || "" },
    icon("box", "inline"),
    t("pack.carrier", { carrier, service }),
    delivery.template ? h("span", { class: "fact-detail" }, t("pack.template", { template: delivery.template })) : null,
  );
}

/** Where the label will print: the device's station and its printer — or why it will not
 * print here (no station, a station without a printer). */
function printerFact(delivery) {
  if (!delivery.carrier) return null;
  const station = delivery.station;
  const printer = station?.printer?.name;
  let text;
  if (!station) text = t("pack.no_station");
  else if (!printer) text = t("pack.station_no_printer", { station: station.name });
  else text = t("pack.label_printer", { printer, station: station.name });
  return h(
    "li",
    { class: ["printer", printer ? "" : "missing"], "data-testid": "pack-printer", "data-printer": printer || "" },
    icon(printer ? "check" : "warning", "inline"),
    text,
  );
}

/** What the rules decided (document kind, printed or not, by which rule), how the order
 * travels (the delivery method, or that it is unknown; the carrier and service of its
 * label) and where the label prints. */
function packingFacts(order) {
  const packing = order.packing;
  const decided = packing && packing.document;
  const delivery = order.delivery || {};
  const travel = delivery.method ? [delivery.method] : [];
  return h(
    "ul",
    { class: "pack-facts", "data-testid": "pack-facts" },
    carrierFact(delivery),
    printerFact(delivery),
    h(
      "li",
      {
        "data-testid": "pack-document",
        "data-document": decided ? packing.document : "",
        "data-print": decided ? String(!!packing.print) : "",
      },
      icon("list", "inline"),
      decided
        ? `${t("pack.document", { document: documentName(packing.document) })} · ${packing.print ? t("pack.printed") : t("pack.not_printed")}`
        : t("pack.document_unknown"),
      decided && packing.rule ? h("span", { class: "fact-detail" }, t("pack.rule", { rule: packing.rule })) : null,
    ),
    h(
      "li",
      { "data-testid": "pack-delivery", "data-known": String(travel.length > 0) },
      icon("box", "inline"),
      travel.length ? t("pack.delivery", { delivery: travel.join(" · ") }) : t("pack.delivery_unknown"),
    ),
  );
}

export function packScreen(app) {
  const pack = app.state.pack;
  const order = pack && app.state.orders.get(pack.orderId);
  if (!pack || !order) return packScanScreen(app);
  const blocker = app.packBlocker();
  return h(
    "div",
    { class: "layout" },
    h(
      "section",
      { class: "order-head" },
      button("", () => app.leavePacking(), { kind: "ghost back", id: "pack-back", icon: "back", extra: { "aria-label": t("nav.back") } }),
      h(
        "div",
        { class: "order-title" },
        h("div", { class: "order-number", "data-testid": "order-number" }, order.number),
        h("div", { class: "customer" }, order.customer || ""),
      ),
      h("span", { class: "status-tag", "data-testid": "order-status" }, t(`order_status.${order.status}`)),
    ),
    h(
      "main",
      { class: "screen pack", "data-screen": "pack", "data-order-id": order.id },
      h("h1", {}, t("pack.title")),
      packingNote(order),
      remarksBanner(order),
      packingFacts(order),
      h(
        "div",
        { class: "field-row stepper" },
        h("span", { class: "field-label" }, t("pack.packages")),
        button("−", () => app.setPackageCount(pack.packages.length - 1), { kind: "step", id: "packages-minus", disabled: pack.packages.length <= 1 }),
        h("span", { class: "step-value", "data-testid": "packages-count" }, String(pack.packages.length)),
        button("+", () => app.setPackageCount(pack.packages.length + 1), { kind: "step", id: "packages-plus", disabled: pack.packages.length >= 20 }),
      ),
      pack.refused
        ? h(
            "div",
            { class: "panel warn stock", "data-testid": "pack-refused" },
            h("h2", {}, icon("warning", "inline"), t("stock.pack_refused_title")),
            shortLines(pack.refused.lines, "pack-refused-lines"),
            h("p", {}, t("stock.pack_refused_text")),
          )
        : null,
      h("ul", { class: "cards packages" }, pack.packages.map((_, index) => packageRow(app, pack, index))),
      app.state.packError ? h("p", { class: "error-text", "data-testid": "pack-error" }, app.state.packError) : null,
    ),
    h(
      "nav",
      { class: "actionbar single" },
      // Never a greyed-out button without the reason next to it.
      blocker ? h("p", { class: "pack-why", role: "status", "data-testid": "pack-why" }, blocker) : null,
      button(pack.sending ? t("pack.sending") : t("pack.confirm"), () => app.confirmPack(), {
        kind: "primary huge",
        id: "confirm-pack",
        icon: "check",
        disabled: !!blocker,
      }),
    ),
  );
}

export function packedScreen(app) {
  const info = app.state.packed;
  return h(
    "div",
    { class: "layout" },
    h(
      "main",
      { class: "screen packed", "data-screen": "packed" },
      h(
        "div",
        { class: "panel good huge-panel", "data-testid": "packed-panel" },
        h("div", { class: "big-tick" }, icon("check", "huge")),
        h("h1", { "data-testid": "packed-title" }, t("packed.title", { number: info?.number || "" })),
        h("p", {}, tn("packed.packages", info?.count || 0)),
      ),
      info ? labelPanel(app, info) : null,
      packedSteps((info?.steps || []).filter((entry) => entry.step !== "label")),
      h(
        "div",
        { class: "row" },
        button(t("packed.next_pack"), () => app.go("packScan"), { kind: "primary big", id: "next-pack" }),
        button(t("nav.queue"), () => app.go("queue"), { kind: "secondary big", id: "packed-to-queue" }),
      ),
    ),
    navBar(app, ""),
  );
}

const LABEL_PANELS = { printed: "good", failed: "bad", ready: "warn", not_configured: "warn" };

/** The label of the packed order, as the server last said (`label`): the tracking numbers
 * big, "Etykieta wydrukowana" in green, or the printer's reason in red with „Drukuj
 * ponownie”. */
function labelPanel(app, info) {
  const label = info.label || {};
  const state = label.state || "checking";
  const counts = label.labels || {};
  const tracking = Array.isArray(label.tracking_numbers) ? label.tracking_numbers : [];
  const carrier = label.carrier_name ? [label.carrier_name, label.service_name].filter(Boolean).join(" — ") : "";
  const canReprint = !!label.can_reprint && ["printed", "failed", "ready"].includes(state);
  const retry = state === "failed" ? t(label.retrying ? "label.retrying" : "label.office") : null;
  return h(
    "section",
    { class: ["panel", "label-panel", LABEL_PANELS[state] || "neutral"], "data-testid": "label-panel", "data-state": state, role: "status" },
    h(
      "h2",
      { "data-testid": "label-title" },
      icon(state === "printed" ? "check" : state === "failed" ? "warning" : "box", "inline"),
      t(`label.state.${state}`),
    ),
    state === "printed"
      ? h("p", { class: "label-count", "data-testid": "label-count" }, t("label.count", { printed: counts.printed ?? 0, total: counts.total ?? 0 }))
      : label.message
        ? h("p", { class: ["label-message", state === "failed" ? "error-text" : ""], "data-testid": "label-message" }, label.message)
        : null,
    retry ? h("p", { class: "hint", "data-testid": "label-retry" }, retry) : null,
    tracking.length
      ? h(
          "div",
          { class: "tracking", "data-testid": "label-tracking" },
          h("span", { class: "field-label" }, tn("label.tracking", tracking.length)),
          tracking.map((number) => h("div", { class: "tracking-number" }, number)),
        )
      : null,
    carrier ? h("p", { class: "hint", "data-testid": "label-carrier" }, carrier) : null,
    label.printer ? h("p", { class: "hint", "data-testid": "label-printer" }, t("label.printer", { printer: label.printer })) : null,
    info.reprintError ? h("p", { class: "error-text", role: "alert", "data-testid": "label-reprint-error" }, info.reprintError) : null,
    canReprint
      ? button(info.reprinting ? t("label.reprinting") : t("label.reprint"), () => app.reprintLabel(), {
          kind: state === "printed" ? "secondary big" : "primary big",
          id: "label-reprint",
          icon: "refresh",
          disabled: info.reprinting,
        })
      : null,
  );
}

function stepName(step) {
  switch (step) {
    case "label":
      return t("packed.step.label");
    case "realize":
      return t("packed.step.realize");
    case "document":
      return t("packed.step.document");
    case "print":
      return t("packed.step.print");
    case "email":
      return t("packed.step.email");
    case "allegro":
      return t("packed.step.allegro");
    default:
      return step;
  }
}

function stateText(state) {
  switch (state) {
    case "queued":
      return t("packed.state.queued");
    case "done":
      return t("packed.state.done");
    case "skipped":
      return t("packed.state.skipped");
    case "not_configured":
      return t("packed.state.not_configured");
    default:
      return t("packed.state.failed");
  }
}

/** What the server said will and will not happen after packing — never more.  (The label
 * has its panel above, with its live state.) */
function packedSteps(steps) {
  if (!steps.length) return null;
  return h(
    "div",
    { class: "panel steps", "data-testid": "packed-steps" },
    h("h2", {}, t("packed.next_steps")),
    h(
      "ul",
      { class: "step-list" },
      steps.map((entry) => {
        const text = `${stepName(entry.step)}: ${stateText(entry.state)}`;
        return h(
          "li",
          { class: ["step", `step-${entry.state}`], "data-testid": `packed-step-${entry.step}`, "data-state": entry.state },
          h("span", { class: "step-text" }, text),
          entry.reason && !["queued", "done"].includes(entry.state)
            ? h("span", { class: "step-reason" }, entry.reason)
            : null,
        );
      }),
    ),
  );
}

// -- supervisor -------------------------------------------------------------------------------

export function overviewScreen(app) {
  const overview = app.state.overview;
  const operators = overview?.operators || [];
  return h(
    "div",
    { class: "layout" },
    h(
      "main",
      { class: "screen overview", "data-screen": "overview" },
      h(
        "div",
        { class: "screen-title" },
        h("h1", {}, t("overview.title")),
        button("", () => app.refreshOverview(), { kind: "ghost icon-only", id: "refresh-overview", icon: "refresh", extra: { "aria-label": t("queue.refresh"), title: t("queue.refresh") } }),
      ),
      overview ? null : h("p", { class: "empty" }, t("overview.loading")),
      overview && !operators.length ? h("p", { class: "empty" }, t("overview.nobody")) : null,
      h(
        "ul",
        { class: "cards", "data-testid": "overview" },
        operators.map((op) =>
          h(
            "li",
            { class: "card operator-card" },
            h("div", { class: "operator-name", "data-login": op.login }, icon("user", "inline"), op.name || op.login),
            op.orders?.length
              ? h(
                  "ul",
                  { class: "op-orders" },
                  op.orders.map((order) => {
                    const picked = Number(order.picked) || 0;
                    const ordered = Number(order.ordered) || 0;
                    const percent = ordered ? Math.min(100, Math.round((picked / ordered) * 100)) : 0;
                    const mine = op.login === app.operator?.login;
                    return h(
                      "li",
                      { "data-testid": `overview-order-${order.id}` },
                      h("span", { class: "order-number" }, order.number),
                      h("span", { class: "op-count" }, `${qty(order.picked)}/${qty(order.ordered)}`),
                      h("div", { class: "progress-bar" }, h("div", { class: "progress-fill", style: { width: `${percent}%` } })),
                      mine
                        ? button(t("queue.continue"), () => app.openOrder(order.id), { kind: "primary small", id: `overview-open-${order.id}` })
                        : button(t("queue.take_over"), () => app.confirmTakeover(order, op), { kind: "warning small", id: `takeover-${order.id}` }),
                    );
                  }),
                )
              : h("p", { class: "hint" }, t("overview.idle")),
          ),
        ),
      ),
    ),
    navBar(app, "overview"),
  );
}

// -- settings ---------------------------------------------------------------------------------

function field(label, input, hint) {
  return h("label", { class: "field" }, h("span", { class: "field-label" }, label), input, hint ? h("span", { class: "hint" }, hint) : null);
}

function stationOption(station) {
  const printer = station.printer?.name;
  return printer ? t("settings.station_option", { name: station.name, printer }) : t("settings.station_option_no_printer", { name: station.name });
}

/** The device's packing station: chosen from the server's list by packers, supervisors and
 * admins (`stations`, `set_station` on saving); shown to anyone else. */
export function stationPicker(app) {
  const current = app.state.station;
  const currentText = current ? t("settings.station_current", { station: stationOption(current) }) : t("settings.station_unset");
  const children = [];
  if (!app.canPack() || !app.client.ready) {
    // Before the first login the server has not said which station this device is.
    if (current !== undefined) children.push(h("p", { class: "station-current", "data-testid": "station-current" }, currentText));
    children.push(h("p", { class: "hint" }, t("settings.station_login")));
  } else if (app.state.stations === null) {
    children.push(h("p", { class: "station-current", "data-testid": "station-current" }, currentText));
    children.push(h("p", { class: "hint" }, t("settings.station_loading")));
  } else {
    const choices = [["", t("settings.station_none")], ...app.state.stations.map((station) => [String(station.id), stationOption(station)])];
    const select = h(
      "select",
      { name: "station", "data-testid": "station-select" },
      choices.map(([value, label]) => {
        const option = h("option", { value }, label);
        if (value === String(current?.id ?? "")) option.selected = true;
        return option;
      }),
    );
    children.push(field(t("settings.station_choice"), select, t("settings.station_hint")));
    if (!app.state.stations.length) children.push(h("p", { class: "hint" }, t("settings.no_stations")));
  }
  if (app.state.stationError) children.push(h("p", { class: "error-text", role: "alert", "data-testid": "station-error" }, app.state.stationError));
  return h("div", { class: "station-picker", "data-testid": "station-picker" }, children);
}

export function settingsScreen(app) {
  const s = app.settings;
  const text = (name, value, attrs = {}) =>
    h("input", { type: "text", name, value: value ?? "", autocomplete: "off", autocapitalize: "off", spellcheck: "false", ...attrs });
  const number = (name, value, min, max) => h("input", { type: "number", name, value: String(value), min, max, inputmode: "numeric" });
  const select = (name, value, options) =>
    h(
      "select",
      { name },
      options.map(([optionValue, label]) => {
        const option = h("option", { value: optionValue }, label);
        if (optionValue === value) option.selected = true;
        return option;
      }),
    );
  const check = (name, value, label) => {
    const input = h("input", { type: "checkbox", name });
    input.checked = !!value;
    return h("label", { class: "check" }, input, h("span", {}, label));
  };
  const form = h(
    "form",
    {
      class: "settings-form",
      "data-testid": "settings-form",
      onsubmit: (event) => {
        event.preventDefault();
        app.saveSettingsForm(event.target);
      },
    },
    h("h2", {}, t("settings.station")),
    stationPicker(app),
    check("packingStation", s.packingStation, t("settings.packing_station")),
    h("h2", {}, t("settings.scanner")),
    field(t("settings.prefix"), text("prefix", s.prefix), t("settings.prefix_hint")),
    field(
      t("settings.suffix"),
      select("suffix", s.suffix, [
        ["enter", t("settings.suffix_enter")],
        ["tab", t("settings.suffix_tab")],
        ["custom", t("settings.suffix_custom")],
      ]),
    ),
    field(t("settings.custom_suffix"), text("customSuffix", s.customSuffix), t("settings.custom_suffix_hint")),
    field(t("settings.double_scan"), number("doubleScanMs", s.doubleScanMs, 0, 5000), t("settings.double_scan_hint")),
    field(t("settings.blanking"), number("blankingMs", s.blankingMs, 0, 1000), t("settings.blanking_hint")),
    h(
      "div",
      { class: "scan-test", "data-testid": "scan-test" },
      h("span", { class: "field-label" }, t("settings.scan_test")),
      h("code", {}, app.state.lastTestScan ?? t("settings.scan_test_hint")),
    ),
    h("h2", {}, t("settings.device")),
    field(
      t("settings.language"),
      select("language", s.language, [
        ["pl", "Polski"],
        ["en", "English"],
      ]),
    ),
    check("sound", s.sound, t("settings.sound")),
    check("vibration", s.vibration, t("settings.vibration")),
    h(
      "div",
      { class: "row" },
      button(t("settings.test_good"), () => app.testFeedback("good"), { kind: "secondary", id: "test-good" }),
      button(t("settings.test_bad"), () => app.testFeedback("wrong"), { kind: "secondary", id: "test-bad" }),
    ),
    h("p", { class: "hint" }, t("settings.device_id", { id: app.deviceId })),
    h("p", { class: "hint" }, t("settings.server", { url: app.client.url })),
    h(
      "div",
      { class: "row sticky-actions" },
      button(t("settings.cancel"), () => app.back(), { kind: "secondary big", id: "settings-cancel" }),
      h("button", { type: "submit", class: "btn primary big", "data-testid": "settings-save" }, h("span", { class: "label" }, t("settings.save"))),
    ),
  );
  return h("main", { class: "screen settings", "data-screen": "settings" }, h("h1", {}, t("settings.title")), form);
}
