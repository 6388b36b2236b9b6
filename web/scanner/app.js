// Kolektor scanner app: the controller.  It owns the state, routes scans to the screen that
// is showing, talks to the server through the protocol client and re-renders.
//
// Modules:  settings.js (station settings, device id)  ·  i18n.js (texts)  ·  protocol.js
// (WebSocket client, reconnect, offline outbox)  ·  scan-input.js (keyboard-wedge input)  ·
// sounds.js (tones, vibration)  ·  screens.js (screens)  ·  modals.js (keypad, overlay,
// shortage, menus)  ·  dom.js (DOM builder).

import { loadSettings, saveSettings, deviceId, clientId, clampInt } from "./settings.js";
import { loadLanguage, t, tn, qty, currentLanguage } from "./i18n.js";
import { ScannerClient, Outbox, defaultUrl } from "./protocol.js";
import { ScanInput } from "./scan-input.js";
import { configureFeedback, feedback, feedbackFor, unlockAudio, audioUnlocked, audioState, onAudioChange } from "./sounds.js";
import * as screens from "./screens.js";
import { keypad, blockingOverlay, shortageModal, menuModal, confirmModal, validDate, decimalText } from "./modals.js";
import { h } from "./dom.js";
import { registerServiceWorker, saveSnapshot, loadSnapshot, clearSnapshot } from "./offline.js";

const CLIENT = "kolektor-scanner/1.0 (web)";
const BLOCKING = new Set(["wrong_product", "over_pick", "unknown_code"]);
const PROMPTS = { batch_required: "batch", expiry_required: "expiry", serial_required: "serial" };
const FORM_SCREENS = new Set(["settings"]);
const LAST_LOGIN_KEY = "kolektor.scanner.last-login.v1"; // the login name only, for the PIN form
const PACKING_ROLES = new Set(["packer", "supervisor", "admin"]);
const QUEUE_PAGE = 50; // queue entries asked for per page (the protocol's most)
// What a PIN looks like (the server accepts 4–8 digits): on a PIN keypad, such a "scan" is
// the PIN typed on the terminal's hardware keys + Enter; anything else is another badge.
const PIN_LIKE = /^\d{4,8}$/;
// Refusals that hold every login from this device (per address), not one account's.
const DEVICE_WIDE_WAITS = new Set(["login_throttled", "busy"]);
// The label after packing: asked every second for the first minute, then every 5 s while
// the packed screen is open; these states do not change by themselves (no more asking).
const LABEL_FINAL = new Set(["printed", "skipped", "not_configured"]);
const LABEL_FAST_MS = 60000;
const LABEL_FAST_EVERY_MS = 1000;
const LABEL_SLOW_EVERY_MS = 5000;
const TEMPLATES = ["A", "B", "C"];
const LOCKER_SERVICES = new Set(["inpost_locker_standard"]);

function isFormField(element) {
  if (!element || element.id === "scan") return false;
  const tag = element.tagName;
  return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || element.isContentEditable;
}

function normalizeNumber(text) {
  return String(text).toUpperCase().replace(/\s+/g, "");
}

/** The end of a badge code, enough to tell which card was scanned (never the whole code). */
function badgeHint(badge) {
  const normalized = String(badge).trim().split(/\s+/).join(" ").toUpperCase();
  const shown = Math.min(4, Math.max(1, normalized.length - 2));
  return `…${normalized.slice(-shown)}`;
}

/** When a scan was made, to the second ("14:05:09"; with the day when not today): shown
 * with an error that arrives later, after the scan waited on the device. */
function scanTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const options = { hour: "2-digit", minute: "2-digit", second: "2-digit" };
  if (date.toDateString() !== new Date().toDateString()) Object.assign(options, { day: "2-digit", month: "2-digit" });
  return date.toLocaleString(currentLanguage() === "pl" ? "pl-PL" : "en-GB", options);
}

/** An answer older than this (ms) is "late": its overlay says which scan and order it was. */
const LATE_ANSWER_MS = 5000;

/** Seconds as the countdowns show them: "12 s", "14:05 min". */
function duration(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return t("duration.seconds", { s });
  return t("duration.minutes", { m: Math.floor(s / 60), s: String(s % 60).padStart(2, "0") });
}

class App {
  constructor() {
    this.settings = loadSettings();
    this.deviceId = deviceId();
    this.outbox = new Outbox();
    this.state = {
      screen: "login",
      previous: null,
      queue: [],
      orders: new Map(),
      currentOrderId: null,
      selectedLineId: null,
      lastVerdict: null,
      flashLineId: null,
      overlays: [],
      modal: null,
      pack: null,
      packed: null, // {number, count, order_id, steps, label (the last `label`), reprint…}
      packError: null,
      station: undefined, // this device's packing station as the server keeps it (`login_ok`); undefined: not known yet
      stations: null, // the stations to choose from (`stations`), null until asked
      stationError: null,
      stock: new Map(), // order id → the claim's `stock` when lines are short or it was not checked
      overview: null,
      loginError: null, // why the last login failed (shown on the login screen)
      loginNotice: null, // {message, reason}: the server ended the session (a banner)
      loginWait: null, // {until, deviceWide, message}: login throttled until then
      loggingIn: false,
      lastTestScan: null,
    };
    this.loginPad = null; // the PIN keypad of the login in progress, while it is open
    this.el = {
      scan: document.getElementById("scan"),
      status: document.getElementById("status"),
      screen: document.getElementById("screen"),
      modal: document.getElementById("modal"),
      overlay: document.getElementById("overlay"),
      toast: document.getElementById("toast"),
    };
    this.client = new ScannerClient({
      url: defaultUrl(),
      outbox: this.outbox,
      hello: () => ({
        device_id: this.deviceId,
        language: this.settings.language,
        client: CLIENT,
      }),
    });
    this.scanInput = new ScanInput(this.el.scan, {
      settings: () => this.settings,
      onScan: (code) => this.onScan(code),
      onDropped: (why, what) => this.onDropped(why, what),
    });
    this.timers = {};
    this.dropped = { double: 0, blanking: 0 };
    configureFeedback(this.settings);
  }

  get operator() {
    return this.client.operator;
  }

  async start() {
    await loadLanguage(this.settings.language);
    this.client.addEventListener("message", (event) => this.onMessage(event.detail));
    this.client.addEventListener("status", (event) => this.onStatus(event.detail));
    this.client.addEventListener("outbox", (event) => this.onOutbox(event.detail));
    this.client.addEventListener("login", (event) => this.onLogin(event.detail));
    this.client.addEventListener("logged_out", (event) => this.onLoggedOut(event.detail));
    this.installFocusKeeper();
    if (this.client.token) {
      this.state.loggingIn = true; // resuming the session of this tab
      this.resumeSnapshot();
    }
    this.render();
    this.client.start();
    registerServiceWorker();
  }

  /** After a reload: the screen and the held orders this tab had (offline.js), so picking
   * goes on while the session is resumed — or while there is no network: scans then wait
   * on the device as before the reload. */
  resumeSnapshot() {
    const snapshot = loadSnapshot();
    if (!snapshot) return;
    this.client.operator = snapshot.operator; // not online until the server resumes the session
    for (const order of snapshot.orders) this.state.orders.set(order.id, order);
    this.state.currentOrderId = snapshot.currentOrderId;
    this.state.screen = snapshot.screen === "pick" && snapshot.currentOrderId !== null ? "pick" : "queue";
    if (this.state.screen === "queue") this.timers.refresh = setInterval(() => this.refreshQueue(), 20000);
  }

  /** Keep the tab's snapshot in step with the operator and the orders they hold. */
  keepSnapshot() {
    const held = [...this.state.orders.values()].filter((order) => ["picking", "picked"].includes(order.status) && this.isMine(order.claimed_by));
    saveSnapshot({ operator: this.operator, orders: held, currentOrderId: this.state.currentOrderId, screen: this.state.screen });
  }

  // -- focus: the hidden scan input keeps the focus ------------------------------------------

  installFocusKeeper() {
    const refocus = () => {
      if (!isFormField(document.activeElement)) this.scanInput.focus();
    };
    // Tapping a button must not move the focus away from the scan input (an Enter from the
    // scanner would then "press" that button).
    document.addEventListener(
      "mousedown",
      (event) => {
        if (event.target.closest && event.target.closest("button") && !isFormField(event.target)) event.preventDefault();
      },
      true,
    );
    document.addEventListener("click", () => setTimeout(refocus, 0));
    // Audio and vibration need a user gesture after every page load.  Chrome counts a
    // keydown, a mouse's pointerdown, and for touch only the end of the touch (pointerup,
    // touchend) — so each of them tries; the first that works hides the hint.
    for (const gesture of ["pointerdown", "pointerup", "touchend", "click"]) {
      document.addEventListener(gesture, () => unlockAudio(), true);
    }
    onAudioChange(() => this.updateSoundHint());
    document.addEventListener(
      "keydown",
      (event) => {
        unlockAudio();
        if (event.target === this.el.scan || isFormField(event.target)) return;
        // A key typed while something else had the focus: send it to the scan input.
        if (event.key === "Enter") {
          event.preventDefault();
          this.scanInput.focus();
          this.scanInput.finish(this.el.scan.value);
        } else if (event.key.length === 1) {
          this.scanInput.focus();
        }
      },
      true,
    );
    this.el.scan.addEventListener("blur", () => setTimeout(refocus, 50));
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) {
        refocus();
        if (this.client.state === "offline") this.client.connectNow();
      }
    });
    setInterval(refocus, 1000);
    refocus();
  }

  // -- rendering ------------------------------------------------------------------------------

  render({ force = false } = {}) {
    this.el.status.replaceChildren(screens.statusBar(this));
    this.updateSoundHint();
    const screen = this.state.screen;
    const rendered = this.el.screen.dataset.rendered;
    if (force || !FORM_SCREENS.has(screen) || rendered !== screen) {
      const scroller = this.el.screen.querySelector("main.screen");
      const scrollTop = rendered === screen && scroller ? scroller.scrollTop : 0;
      this.el.screen.replaceChildren(this.screenNode(screen));
      this.el.screen.dataset.rendered = screen;
      const main = this.el.screen.querySelector("main.screen");
      if (main) main.scrollTop = scrollTop;
      this.scrollToLine();
    }
    const overlay = this.state.overlays[0];
    if (overlay) {
      this.el.overlay.replaceChildren(blockingOverlay(this, { ...overlay, more: this.state.overlays.length - 1 }));
      this.el.overlay.hidden = false;
    } else {
      this.el.overlay.replaceChildren();
      this.el.overlay.hidden = true;
    }
    document.body.dataset.current = screen;
    this.keepSnapshot();
  }

  screenNode(screen) {
    switch (screen) {
      case "login":
        return screens.loginScreen(this);
      case "queue":
        return screens.queueScreen(this);
      case "pick":
        return this.currentOrder() ? screens.pickScreen(this) : this.loadingNode();
      case "packScan":
        return screens.packScanScreen(this);
      case "pack":
        return screens.packScreen(this);
      case "packed":
        return screens.packedScreen(this);
      case "overview":
        return screens.overviewScreen(this);
      case "settings":
        return screens.settingsScreen(this);
      default:
        return screens.queueScreen(this);
    }
  }

  loadingNode() {
    return h("main", { class: "screen loading", "data-screen": "loading" }, h("p", { class: "big-text" }, t("common.loading")));
  }

  renderStatus() {
    this.el.status.replaceChildren(screens.statusBar(this));
  }

  /** "Touch the screen to turn on sound and vibration" under the status bar: until the
   * first gesture after a page load unlocked them (only when the station uses sound or
   * vibration at all).  Its own element, shown or hidden — never a re-render in the middle
   * of the tap that unlocks them. */
  updateSoundHint() {
    if (!this.el.soundHint) {
      this.el.soundHint = h("div", { class: "sound-hint", role: "status", "data-testid": "sound-hint" });
      this.el.status.after(this.el.soundHint);
    }
    const shown = (this.settings.sound || this.settings.vibration) && !audioUnlocked();
    this.el.soundHint.hidden = !shown;
    if (shown) this.el.soundHint.replaceChildren(...screens.soundHint());
  }

  /** The AudioContext's state, for support and the browser tests. */
  audioState() {
    return audioState();
  }

  scrollToLine() {
    if (this.state.screen !== "pick" || !this.pendingScroll) return;
    this.pendingScroll = false;
    const id = this.state.flashLineId ?? this.state.selectedLineId;
    const target =
      (id !== null && id !== undefined && this.el.screen.querySelector(`[data-line-id="${CSS.escape(String(id))}"]`)) ||
      this.el.screen.querySelector(".line.current");
    if (target) target.scrollIntoView({ block: "nearest" });
  }

  toast(text, kind = "info") {
    clearTimeout(this.timers.toast);
    this.el.toast.replaceChildren(h("div", { class: ["toast", kind], "data-testid": "toast", role: "status" }, text));
    this.el.toast.hidden = false;
    this.timers.toast = setTimeout(() => {
      this.el.toast.hidden = true;
      this.el.toast.replaceChildren();
    }, 3500);
  }

  feedback(kind) {
    feedback(kind);
  }

  testFeedback(kind) {
    unlockAudio();
    feedback(kind);
  }

  // -- navigation -----------------------------------------------------------------------------

  go(screen) {
    if (screen !== this.state.screen && !FORM_SCREENS.has(this.state.screen)) this.state.previous = this.state.screen;
    this.state.screen = screen;
    this.state.packError = null;
    clearInterval(this.timers.refresh);
    if (screen !== "packed") this.stopLabelPolling();
    if (screen === "settings") this.loadStations();
    if (screen === "overview") {
      this.refreshOverview();
      this.timers.refresh = setInterval(() => this.refreshOverview(), 10000);
    } else if (screen === "queue") {
      this.refreshQueue();
      this.timers.refresh = setInterval(() => this.refreshQueue(), 20000);
    }
    this.closeModal({ render: false });
    this.render({ force: true });
  }

  back() {
    const target = this.operator ? this.state.previous || "queue" : "login";
    this.go(target === "settings" ? "queue" : target);
  }

  homeScreen() {
    if (this.settings.packingStation && this.canPack()) return "packScan";
    return "queue";
  }

  openModal(modal) {
    this.state.modal = modal;
    this.el.modal.replaceChildren(h("div", { class: "modal-backdrop" }, modal.element));
    this.el.modal.hidden = false;
  }

  closeModal({ render = true } = {}) {
    if (this.state.modal && this.state.modal === this.loginPad) {
      // A login keypad closed before the server answered (Cancel, another badge): that
      // login is abandoned — not sent later when the connection comes back.
      this.client.cancelLogin();
      this.state.loggingIn = false;
      this.loginPad = null;
    }
    this.state.modal = null;
    this.el.modal.replaceChildren();
    this.el.modal.hidden = true;
    this.scanInput.focus();
    if (render) this.render();
  }

  // -- state helpers ------------------------------------------------------------------------

  isSupervisor() {
    return ["supervisor", "admin"].includes(this.operator?.role);
  }

  /** Packing issues the document: packers, supervisors and admins, not pickers. */
  canPack() {
    return PACKING_ROLES.has(this.operator?.role);
  }

  isMine(claimedBy) {
    const op = this.operator;
    if (claimedBy === null || claimedBy === undefined || claimedBy === "" || !op) return false;
    if (typeof claimedBy === "object") return claimedBy.id === op.id || claimedBy.login === op.login;
    return claimedBy === op.id || claimedBy === op.login || String(claimedBy) === String(op.id) || claimedBy === op.name;
  }

  myOrders() {
    const result = new Map();
    for (const order of this.state.orders.values()) {
      if (["picking", "picked"].includes(order.status) && this.isMine(order.claimed_by)) result.set(order.id, order);
    }
    for (const order of this.state.queue || []) {
      if (!result.has(order.id) && this.isMine(order.claimed_by) && ["picking", "picked"].includes(order.status || "picking")) {
        result.set(order.id, order);
      }
    }
    return [...result.values()];
  }

  pickedOrders() {
    return [...this.state.orders.values()].filter((o) => o.status === "picked");
  }

  currentOrder() {
    return this.state.orders.get(this.state.currentOrderId) || null;
  }

  pendingCount() {
    return this.client.visiblePending().length;
  }

  pendingOf(orderId) {
    return this.client.visiblePending().filter((item) => item.order_id === orderId);
  }

  findOrderByCode(code) {
    const wanted = normalizeNumber(code);
    const all = [...this.myOrders(), ...(this.state.queue || []), ...this.state.orders.values()];
    return all.find((o) => normalizeNumber(o.number || "") === wanted || String(o.id) === code) || null;
  }

  selectedLine() {
    const order = this.currentOrder();
    if (!order) return null;
    const lines = order.lines || [];
    return lines.find((l) => l.id === this.state.selectedLineId) || screens.currentLine(order) || null;
  }

  selectLine(lineId) {
    this.state.selectedLineId = this.state.selectedLineId === lineId ? null : lineId;
    this.render();
  }

  // -- server messages ----------------------------------------------------------------------

  onStatus() {
    const key = `${this.client.state}/${this.client.ready}/${this.pendingCount()}`;
    if (key !== this.lastStatusKey) {
      this.lastStatusKey = key;
      if (this.client.state === "online" && this.state.screen === "queue") this.refreshQueue();
      this.render();
    } else {
      this.renderStatus();
    }
  }

  onMessage(m) {
    switch (m.type) {
      case "queue":
        this.applyQueuePage(m);
        break;
      case "order":
        this.applyOrder(m.order);
        break;
      case "verdict":
        this.applyVerdict(m);
        break;
      case "overview":
        this.state.overview = m;
        break;
      case "packed": {
        const order = this.state.orders.get(m.order_id);
        if (order) order.status = "packed";
        break;
      }
      case "login_ok":
        if ("station" in m) this.state.station = m.station || null;
        break;
      case "station":
        this.state.station = m.station || null;
        break;
      case "stations":
        this.state.stations = Array.isArray(m.stations) ? m.stations : [];
        if ("station" in m) this.state.station = m.station || null;
        this.refreshStationPicker();
        break;
      case "label":
        this.applyLabel(m);
        break;
      case "error":
        this.onError(m);
        break;
      default:
        break;
    }
    this.render();
  }

  onError(m) {
    if (this.client.isLoginRef(m.ref)) return; // shown by onLogin
    // Answers to requests and outbox entries are shown by whoever sent them.
    if (m.ref && (this.client.requests.has(m.ref) || this.outbox.get(m.ref))) return;
    if (m.code === "login_required") return; // the client logs in again by itself
    this.toast(m.message || t(`error.${m.code}`), "bad");
  }

  applyOrder(order) {
    if (!order || order.id === undefined) return;
    const previous = this.state.orders.get(order.id);
    this.state.orders.set(order.id, order);
    const pack = this.state.pack;
    if (pack && pack.orderId === order.id && !pack.sizeChosen) {
      // What the rules chose arrived after the packing screen opened: its parcel size.
      for (const item of pack.packages) Object.assign(item, this.sizeFor(order));
    }
    if (
      previous &&
      order.id === this.state.currentOrderId &&
      this.state.screen === "pick" &&
      order.status === "picking" &&
      order.claimed_by !== null &&
      order.claimed_by !== undefined &&
      !this.isMine(order.claimed_by)
    ) {
      this.state.overlays.push({ kind: "not_yours", message: t("pick.taken_over", { number: order.number }) });
      feedback("error");
    }
  }

  applyVerdict(m) {
    const order = this.state.orders.get(m.order_id);
    if (!order) return;
    if (m.line && Array.isArray(order.lines)) {
      const index = order.lines.findIndex((line) => line.id === m.line.id);
      if (index >= 0) order.lines[index] = { ...order.lines[index], ...m.line };
      else order.lines.push(m.line);
    }
    if (typeof m.complete === "boolean") order.complete = m.complete;
    if (typeof m.status === "string" && m.status) order.status = m.status;
  }

  onOutbox({ added, settled, answer }) {
    if (added) {
      if (!this.client.ready) {
        this.state.lastVerdict = { pending: true, code: added.payload.code || qty(added.payload.quantity), order_id: added.order_id };
        feedback("soft");
      }
      this.render();
      return;
    }
    if (!settled) return;
    const code = settled.payload.code;
    if (answer.type === "error") {
      const overlay = { kind: "refused", message: answer.message || t(`error.${answer.code}`), code, when: this.lateScan(settled) };
      if (answer.code === "not_yours") {
        // Someone (a supervisor) took the order over: it is no longer this device's.
        const order = this.state.orders.get(settled.order_id);
        this.state.orders.delete(settled.order_id);
        overlay.kind = "not_yours";
        if (order) overlay.message = t("pick.taken_over", { number: order.number });
        overlay.then = "queue";
        const dropped = this.outbox.forOrder(settled.order_id).filter((item) => item.id !== this.client.inflight?.id);
        for (const item of dropped) this.outbox.remove(item.id);
      }
      this.state.overlays.push(overlay);
      feedback("error");
      this.render();
      return;
    }
    const verdict = answer.verdict || {};
    // A duplicate (a replayed scan that was already counted) may carry the first verdict.
    const first = verdict.kind === "duplicate" ? verdict.original || verdict.first || null : null;
    const kind = verdict.kind || (verdict.ok ? "counted" : "refused");
    this.state.lastVerdict = { ...verdict, kind, order_id: answer.order_id ?? settled.order_id, code, lineName: answer.line?.name };
    this.state.flashLineId = verdict.line_id ?? answer.line?.id ?? null;
    this.pendingScroll = true;
    clearTimeout(this.timers.flash);
    this.timers.flash = setTimeout(() => {
      this.state.flashLineId = null;
      const el = this.el.screen.querySelector(".line.flash");
      if (el) el.classList.remove("flash");
    }, 900);
    const blockingKind = BLOCKING.has(kind) ? kind : first && BLOCKING.has(first.kind) ? first.kind : null;
    feedback(blockingKind ? feedbackFor(blockingKind, false) : feedbackFor(kind, verdict.ok));
    if (blockingKind) {
      const judged = kind === "duplicate" && first ? first : verdict;
      this.state.overlays.push({
        kind: blockingKind,
        message: verdict.message || first?.message,
        code,
        line: answer.line,
        ...this.verdictContext(judged, answer.line),
        when: this.lateScan(settled),
      });
    }
    if (PROMPTS[kind] && settled.type === "scan") {
      const missing = Array.isArray(verdict.missing) && verdict.missing.length ? verdict.missing : [PROMPTS[kind]];
      this.openPrompt(settled, missing.filter((name) => ["batch", "expiry", "serial"].includes(name)), answer);
    }
    if (kind === "order_complete" || (answer.complete && verdict.ok && kind !== "duplicate")) {
      this.state.selectedLineId = null;
    }
    this.render();
  }

  /** A refusal's context for its overlay (`docs/scanner-protocol.md`, *Verdicts with
   * context*): the product scanned and what the order still expects (`wrong_product`,
   * `unknown_code`) — shown as a list instead of the message, which says the same in words —
   * and for an over-pick by a pack's barcode what the pack stands for ("Kod opakowania:
   * 12 szt. naraz"), next to the message ("Zeskanowano opakowanie 12 szt. — zamówiono 3"). */
  verdictContext(verdict, line) {
    const product = verdict.scanned_product;
    const scanned = product ? [product.symbol, product.name].filter(Boolean).join(" ") || null : null;
    const listed = Array.isArray(verdict.expected);
    const expected = listed ? verdict.expected.slice(0, 5) : [];
    let pack = null;
    if (verdict.kind === "over_pick" && Number(verdict.multiplier) > 1) {
      const source = line || {};
      // Base units: the line's unit only when the line was ordered in them (not in packs).
      const inBase = source.quantity === undefined || source.quantity === null || String(source.quantity) === String(source.ordered);
      pack = t("overlay.pack", { multiplier: qty(verdict.multiplier), unit: inBase ? source.unit || "" : "" }).replace(/ {2,}/g, " ");
    }
    return { scanned, expected, pack, listed };
  }

  /** "Skan z godz. 14:05:09 · zamówienie ZK 18/2026" for an answer that comes late — a scan
   * made offline and sent after the reconnect, an old one, or one for an order not on the
   * screen now — so the picker knows which scan it was wherever they are; else null. */
  lateScan(item) {
    const at = item.payload?.scanned_at || item.queued_at;
    const late = item.offline || Date.now() - Date.parse(at) > LATE_ANSWER_MS;
    const elsewhere = !(this.state.screen === "pick" && this.state.currentOrderId === item.order_id);
    if (!late && !elsewhere) return null;
    const number = item.number || this.state.orders.get(item.order_id)?.number || (this.state.queue || []).find((o) => o.id === item.order_id)?.number;
    return t("overlay.when", { time: scanTime(at), number: number || `#${item.order_id}` });
  }

  onDropped(why) {
    // Counted for support and the browser tests (window.kolektor.dropped).
    this.dropped[why] = (this.dropped[why] || 0) + 1;
  }

  // -- scans ----------------------------------------------------------------------------------

  onScan(code) {
    unlockAudio();
    if (this.state.screen === "settings") {
      this.state.lastTestScan = `${code}  (${code.length})`;
      const box = this.el.screen.querySelector("[data-testid=scan-test] code");
      if (box) box.textContent = this.state.lastTestScan;
      feedback("good");
      return;
    }
    if (this.state.overlays.length) {
      // Scanning is blocked until the picker acknowledges the overlay.
      feedback("error");
      const overlay = this.el.overlay.firstElementChild;
      if (overlay) {
        overlay.classList.remove("shake");
        void overlay.offsetWidth;
        overlay.classList.add("shake");
      }
      return;
    }
    if (this.state.modal) {
      // A dialog or menu that does not use scans must not swallow one silently: the picker
      // hears the error tone and reads that the scan was not counted.
      const used = this.state.modal.onScan ? this.state.modal.onScan(code) : false;
      if (!used) {
        this.toast(t("common.scan_in_dialog"), "warn");
        feedback("error");
      }
      return;
    }
    switch (this.state.screen) {
      case "login":
        this.scanBadge(code);
        break;
      case "queue":
        this.scanOnQueue(code);
        break;
      case "pick":
        this.scanOnPick(code);
        break;
      case "packScan":
      case "packed":
        this.packOpen(code);
        break;
      case "pack":
        this.toast(t("pack.finish_first"), "warn");
        feedback("error");
        break;
      default:
        this.toast(t("common.scan_ignored"), "warn");
        break;
    }
  }

  scanOnQueue(code) {
    const order = this.findOrderByCode(code);
    if (!order) {
      feedback("error");
      this.toast(t("queue.not_found", { code }), "bad");
      return;
    }
    if (this.isMine(order.claimed_by)) this.openOrder(order.id);
    else this.claim(order.id, false);
  }

  scanOnPick(code) {
    const order = this.currentOrder();
    if (!order) return;
    if (order.status === "problem") {
      feedback("error");
      this.toast(t("pick.problem_text"), "bad");
      return;
    }
    const other = this.myOrders().find((o) => o.id !== order.id && normalizeNumber(o.number || "") === normalizeNumber(code));
    if (other) {
      this.openOrder(other.id);
      return;
    }
    this.enqueueScan(order.id, code, {});
  }

  enqueueScan(orderId, code, extra) {
    if (!this.operator) return;
    const id = clientId("s");
    this.client.enqueue({
      id,
      type: "scan",
      operator: this.operator.login,
      order_id: orderId,
      number: this.state.orders.get(orderId)?.number || null,
      offline: !this.client.ready,
      queued_at: new Date().toISOString(),
      payload: { order_id: orderId, scan_id: id, code, scanned_at: new Date().toISOString(), ...extra },
    });
  }

  /** Ask for the batch / expiry / serial the line needs, one after another, then send the
   * scan again (a new scan_id) with the same code and everything collected. */
  openPrompt(item, fields, answer, collected = null) {
    const base = item.payload;
    const order = this.state.orders.get(base.order_id);
    const line = answer.line || order?.lines?.find((l) => l.id === answer.verdict?.line_id);
    const carried = collected || {};
    if (!collected) for (const key of ["batch", "expiry", "serial"]) if (base[key]) carried[key] = base[key];
    const todo = fields.filter((name) => !carried[name]);
    if (!todo.length) {
      this.enqueueScan(base.order_id, base.code, carried);
      return;
    }
    const field = todo[0];
    this.openModal(
      keypad(this, {
        title: t(`prompt.${field}`),
        hint: t(`prompt.${field}_hint`, { name: line?.name || base.code }),
        mode: field === "expiry" ? "date" : "code",
        submitLabel: t("prompt.confirm"),
        onSubmit: (value) => {
          const text = String(value).trim();
          if (!text) return t("prompt.empty");
          if (field === "expiry" && !validDate(text)) return t("prompt.bad_date");
          if (field !== "expiry" && text.length > 20) return t("prompt.too_long");
          this.closeModal();
          this.openPrompt(item, todo.slice(1), answer, { ...carried, [field]: text });
          return null;
        },
      }),
    );
  }

  // -- login ----------------------------------------------------------------------------------
  //
  // A badge scan sends {badge}; the server asks for the PIN (`pin_required`) unless the
  // operator is "badge only", and the PIN keypad sends {badge, pin}.  "Zaloguj PIN-em" sends
  // {login, pin}.  The keypad stays open until the server answers, so a wrong PIN can be
  // typed again at once.  The badge and PIN are never stored: the protocol client keeps the
  // session token the server gives (sessionStorage) and resumes with it after a reload.

  loginWith(fields, pad = null) {
    this.state.loggingIn = true;
    this.state.loginError = null;
    this.loginPad = pad;
    if (pad) pad.busy(true);
    this.client.login(fields);
    this.render();
  }

  /** A badge scanned on the login screen or over a login keypad. */
  scanBadge(code) {
    if (this.state.modal) this.closeModal({ render: false });
    this.loginWith({ badge: code });
  }

  /** The login keypad if it is still the open modal. */
  openLoginPad() {
    return this.loginPad && this.state.modal === this.loginPad ? this.loginPad : null;
  }

  waitLabel() {
    return (seconds) => t("login.retry_in", { time: duration(seconds) });
  }

  duration(seconds) {
    return duration(seconds);
  }

  /** Open a login keypad; it starts held when this device must wait before logging in. */
  openLoginKeypad(pad) {
    this.openModal(pad);
    this.loginPad = pad;
    const wait = this.state.loginWait;
    if (wait && wait.deviceWide && wait.until > Date.now()) pad.hold(wait.until, this.waitLabel());
  }

  /** The server wants the PIN for this badge: a keypad that shows the end of the badge code. */
  openBadgePin(badge) {
    const submitPin = (pin) => {
      if (!pin) return t("login.need_pin");
      this.loginWith({ badge, pin }, pad);
      return null;
    };
    const pad = keypad(this, {
      id: "pin-keypad",
      title: t("login.badge_pin_title"),
      hint: t("login.badge_pin_hint", { badge: badgeHint(badge) }),
      mode: "pin",
      submitLabel: t("login.submit"),
      // Digits + Enter from the hardware keys are the PIN; another code is another badge.
      onScan: (code) => {
        if (PIN_LIKE.test(code)) return false;
        this.scanBadge(code);
        return true;
      },
      onSubmit: submitPin,
    });
    this.openLoginKeypad(pad);
  }

  openPinLogin() {
    let last = "";
    try {
      last = window.localStorage.getItem(LAST_LOGIN_KEY) || "";
    } catch {
      /* ignore */
    }
    const loginField = h("input", {
      type: "text",
      class: "text-input",
      value: last,
      placeholder: t("login.login"),
      autocomplete: "username",
      autocapitalize: "off",
      spellcheck: "false",
      "data-testid": "login-field",
      // Enter (a scan or the soft keyboard's "done") leaves the field for the PIN keypad.
      onkeydown: (event) => {
        if (event.key === "Enter") {
          event.preventDefault();
          event.target.blur();
          this.scanInput.focus();
        }
      },
    });
    const pad = keypad(this, {
      title: t("login.with_pin"),
      mode: "pin",
      before: h("label", { class: "field" }, h("span", { class: "field-label" }, t("login.login")), loginField),
      submitLabel: t("login.submit"),
      onScan: (code) => {
        if (PIN_LIKE.test(code) && loginField.value.trim()) return false; // the PIN, typed
        this.scanBadge(code);
        return true;
      },
      onSubmit: (pin) => {
        const login = loginField.value.trim();
        if (!login) return t("login.need_login");
        if (!pin) return t("login.need_pin");
        this.loginWith({ login, pin }, pad);
        return null;
      },
    });
    this.openLoginKeypad(pad);
  }

  /** The answer to a login (from the protocol client). */
  onLogin(result) {
    this.state.loggingIn = false;
    const pad = this.openLoginPad();
    if (result.ok) {
      this.state.loginError = null;
      this.state.loginNotice = null;
      this.state.loginWait = null;
      this.loginPad = null;
      if (pad) this.closeModal({ render: false });
      try {
        window.localStorage.setItem(LAST_LOGIN_KEY, result.operator?.login || "");
      } catch {
        /* ignore */
      }
      if (this.state.screen === "login") {
        this.state.screen = this.homeScreen();
        if (this.state.screen === "queue") {
          clearInterval(this.timers.refresh);
          this.timers.refresh = setInterval(() => this.refreshQueue(), 20000);
        }
      } else if (["pack", "packScan", "packed"].includes(this.state.screen) && !this.canPack()) {
        this.go("queue");
        return;
      }
      if (result.kind === "credentials") feedback("good");
      this.render();
      return;
    }
    if (result.kind === "session") {
      // The token is no good any more (expired, ended elsewhere): log in again.  Scans
      // waiting on the device stay there for the operator's next login.
      this.showLogin({ message: result.message || t("error.session_expired"), reason: result.code });
      return;
    }
    if (result.code === "pin_required" && result.fields?.badge) {
      this.loginPad = null;
      if (pad) this.closeModal({ render: false });
      this.openBadgePin(result.fields.badge);
      feedback("attention");
      this.render();
      return;
    }
    const message = result.message || t(`error.${result.code}`);
    feedback("error");
    const seconds = Number(result.retry_after) || 0;
    if (seconds > 0) {
      this.state.loginWait = { until: Date.now() + seconds * 1000, deviceWide: DEVICE_WIDE_WAITS.has(result.code), message };
      this.tickLoginWait();
    }
    if (pad) {
      pad.fail(message);
      if (seconds > 0) pad.hold(this.state.loginWait.until, this.waitLabel());
    } else {
      this.state.loginError = message;
    }
    this.render();
  }

  /** Re-render the login screen's countdown every half second until the wait is over. */
  tickLoginWait() {
    clearInterval(this.timers.loginWait);
    this.timers.loginWait = setInterval(() => {
      const wait = this.state.loginWait;
      if (!wait || wait.until <= Date.now()) {
        clearInterval(this.timers.loginWait);
        if (wait && this.state.loginError === wait.message) this.state.loginError = null;
        this.state.loginWait = null;
      }
      if (this.state.screen === "login") this.render();
    }, 500);
  }

  /** The server ended the session by itself: say why, and show the login screen. */
  onLoggedOut(detail) {
    if (!detail.unasked) return; // the answer to our own logout
    this.showLogin({ message: detail.message || t("login.logged_out"), reason: detail.reason });
  }

  /** Back to the login screen with a banner; the device's pending scans are kept. */
  showLogin(notice) {
    this.state.loginNotice = notice;
    this.forgetOperatorState();
    feedback("attention");
    this.go("login");
  }

  forgetOperatorState() {
    this.state.orders.clear();
    this.state.stock.clear();
    this.state.queue = [];
    this.state.currentOrderId = null;
    this.state.selectedLineId = null;
    this.state.pack = null;
    this.state.packed = null;
    this.state.overlays = [];
    this.state.lastVerdict = null;
    this.state.overview = null;
    this.state.loggingIn = false;
    this.loginPad = null;
    clearSnapshot();
  }

  logout() {
    const pending = this.operator ? this.outbox.of(this.operator.login).length : 0;
    const doLogout = () => {
      this.client.logout();
      this.forgetOperatorState();
      this.state.loginNotice = null;
      this.go("login");
    };
    if (pending) {
      this.openModal(
        confirmModal(this, {
          title: t("menu.logout"),
          text: tn("logout.pending", pending),
          confirmLabel: t("menu.logout"),
          kind: "warning",
          onConfirm: doLogout,
        }),
      );
    } else {
      doLogout();
    }
  }

  // -- queue and orders ---------------------------------------------------------------------

  refreshQueue() {
    if (this.client.ready) this.client.request("queue", { limit: QUEUE_PAGE });
  }

  /** The server sends the queue in pages (`offset`, `total`, `next_offset`): the first page
   * starts the list afresh, each next one is appended, and the app asks for the next page
   * until it has them all. */
  applyQueuePage(m) {
    const orders = Array.isArray(m.orders) ? m.orders : [];
    const offset = Number.isInteger(m.offset) ? m.offset : 0;
    if (offset === 0) this.state.queue = orders;
    else if (offset === (this.state.queue || []).length) {
      const known = new Set(this.state.queue.map((o) => o.id));
      this.state.queue = [...this.state.queue, ...orders.filter((o) => !known.has(o.id))];
    } else return; // a page of an older listing
    this.state.queueTotal = Number.isInteger(m.total) ? m.total : this.state.queue.length;
    if (Number.isInteger(m.next_offset) && m.next_offset > offset && this.client.ready) {
      this.client.request("queue", { offset: m.next_offset, limit: QUEUE_PAGE });
    }
  }

  async claim(orderId, takeover) {
    if (!this.client.ready) {
      feedback("error");
      this.toast(t("common.needs_connection"), "bad");
      return;
    }
    const reply = await this.client.request("claim", { order_id: orderId, takeover: !!takeover });
    if (reply.type === "error") {
      feedback("error");
      this.toast(reply.message || t(`error.${reply.code}`), "bad");
      return;
    }
    this.noteStock(orderId, reply.stock);
    feedback(this.state.stock.has(orderId) && reply.stock.checked ? "error" : "good");
    this.showOrder(orderId);
  }

  /** Keep the claim's stock check while it warns: lines short in Subiekt, or not checked. */
  noteStock(orderId, stock) {
    const short = stock && Array.isArray(stock.short) ? stock.short : [];
    if (stock && (stock.checked === false || short.length)) this.state.stock.set(orderId, { ...stock, short });
    else this.state.stock.delete(orderId);
  }

  dismissStock(orderId) {
    this.state.stock.delete(orderId);
    this.render();
  }

  showOrder(orderId) {
    this.state.currentOrderId = orderId;
    this.state.selectedLineId = null;
    this.pendingScroll = true;
    if (this.state.lastVerdict && this.state.lastVerdict.order_id !== orderId) this.state.lastVerdict = null;
    this.go("pick");
  }

  async openOrder(orderId) {
    this.showOrder(orderId);
    if (!this.client.ready) return;
    const reply = await this.client.request("open", { order_id: orderId });
    if (reply.type === "error" && !["offline", "disconnected", "timeout"].includes(reply.code)) {
      this.toast(reply.message || t(`error.${reply.code}`), "bad");
    }
  }

  openOrderMenu() {
    const order = this.currentOrder();
    if (!order) return;
    const items = [
      [t("menu.back_to_queue"), () => this.go("queue"), "secondary", "menu-queue"],
      [t("menu.refresh_order"), () => { this.closeModal(); this.openOrder(order.id); }, "secondary", "menu-refresh"],
    ];
    if (order.status === "picking") items.push([t("menu.release"), () => this.confirmRelease(order), "warning", "menu-release"]);
    items.push([t("nav.settings"), () => this.go("settings"), "secondary", "menu-settings"]);
    this.openModal(menuModal(this, order.number, items));
  }

  confirmRelease(order) {
    this.openModal(
      confirmModal(this, {
        title: t("menu.release"),
        text: t("release.text", { number: order.number }),
        confirmLabel: t("menu.release"),
        kind: "warning",
        onConfirm: async () => {
          this.closeModal({ render: false });
          const reply = await this.client.request("release", { order_id: order.id });
          if (reply.type === "error") {
            feedback("error");
            this.toast(reply.message || t(`error.${reply.code}`), "bad");
            return;
          }
          this.state.orders.delete(order.id);
          this.toast(t("release.done", { number: order.number }));
          this.go("queue");
        },
      }),
    );
  }

  openMenu() {
    const items = [
      [t("nav.settings"), () => this.go("settings"), "secondary", "menu-settings"],
      [t("menu.reconnect"), () => { this.closeModal(); this.client.reconnect(); }, "secondary", "menu-reconnect"],
      [t("menu.logout"), () => this.logout(), "warning", "menu-logout"],
    ];
    const title = this.operator ? `${this.operator.name || this.operator.login}` : t("nav.menu");
    this.openModal(menuModal(this, title, items));
  }

  // -- pick actions ---------------------------------------------------------------------------

  openCodeKeypad() {
    const order = this.currentOrder();
    if (!order) return;
    this.openModal(
      keypad(this, {
        title: t("keypad.code_title"),
        hint: t("keypad.code_hint"),
        mode: "code",
        submitLabel: t("keypad.send"),
        onSubmit: (value) => {
          const code = String(value).trim();
          if (!code) return t("prompt.empty");
          this.closeModal();
          this.scanOnPick(code);
          return null;
        },
      }),
    );
  }

  openManual() {
    const order = this.currentOrder();
    const line = this.selectedLine();
    if (!order || !line) return;
    // Manual quantities are in base units; the line's unit may be a pack (2 opak. = 12).
    const packed = line.quantity !== undefined && line.quantity !== null && String(line.quantity) !== String(line.ordered);
    const unit = packed ? "" : line.unit || "";
    let hint = t("manual.hint", { name: line.name, picked: qty(line.picked), ordered: qty(line.ordered), unit });
    if (packed && Number(line.quantity) > 0) {
      const factor = Number(line.ordered) / Number(line.quantity);
      hint += ` ${t("manual.base_units", { unit: line.unit || "", factor: qty(String(Math.round(factor * 10000) / 10000)) })}`;
    }
    // The operator's policy (`login_ok.operator.manual_entry`): "supervisor" — every typed
    // quantity needs a supervisor's badge and PIN, asked for next.
    const supervised = this.operator?.manual_entry === "supervisor";
    if (supervised) hint += ` ${t("manual.supervisor_needed")}`;
    this.openModal(
      keypad(this, {
        title: t("manual.title"),
        hint,
        mode: "decimal",
        unit,
        submitLabel: t("manual.add"),
        onSubmit: (value) => {
          const quantity = decimalText(value);
          if (!quantity || Number(quantity) <= 0) return t("manual.bad_quantity");
          if (supervised) {
            this.closeModal({ render: false });
            this.openManualApproval(order, line, quantity, unit);
            return null;
          }
          this.closeModal();
          const id = clientId("m");
          this.client.enqueue({
            id,
            type: "manual",
            operator: this.operator.login,
            order_id: order.id,
            number: order.number,
            offline: !this.client.ready,
            queued_at: new Date().toISOString(),
            payload: { order_id: order.id, entry_id: id, line_id: line.id, quantity },
          });
          return null;
        },
      }),
    );
  }

  /** A supervisor approves a typed quantity: scans their badge, types their PIN; the app
   * sends `manual` with `authorized_by` at once — never through the outbox, so the PIN is
   * never written to the device — and shows a refusal (`authorization_failed`,
   * `manual_not_allowed`, a throttled login) in this dialog, which stays open for another
   * try.  The entry id is kept while the answer is unknown (a lost connection), so sending
   * again cannot count it twice; a refused entry gets a new one. */
  openManualApproval(order, line, quantity, unit) {
    let badge = null;
    let entryId = clientId("m");
    const badgeLine = h("p", { class: "approval-badge", "data-testid": "approval-badge" }, t("manual.auth_need_badge"));
    const send = async (pin) => {
      if (!this.client.ready) {
        pad.fail(t("common.needs_connection"));
        feedback("error");
        return;
      }
      pad.busy(true);
      const queuedAt = new Date().toISOString();
      const payload = { order_id: order.id, entry_id: entryId, line_id: line.id, quantity };
      const reply = await this.client.request("manual", { ...payload, authorized_by: { badge, pin } });
      if (this.state.modal !== pad) return; // closed meanwhile
      if (reply.type === "error") {
        if (!["offline", "disconnected", "timeout"].includes(reply.code)) entryId = clientId("m");
        feedback("error");
        pad.fail(reply.message || t(`error.${reply.code}`));
        const seconds = Number(reply.retry_after) || 0;
        if (seconds > 0) pad.hold(Date.now() + seconds * 1000, this.waitLabel());
        return;
      }
      this.closeModal({ render: false });
      const item = { id: payload.entry_id, type: "manual", operator: this.operator?.login, order_id: order.id, number: order.number, queued_at: queuedAt, payload };
      this.onOutbox({ settled: item, answer: reply });
    };
    const pad = keypad(this, {
      id: "approval-keypad",
      title: t("manual.auth_title"),
      hint: t("manual.auth_hint", { quantity: `${qty(quantity)} ${unit || ""}`.trim(), name: line.name }),
      mode: "pin",
      before: badgeLine,
      submitLabel: t("prompt.confirm"),
      busyLabel: t("manual.auth_sending"),
      // A badge scanned here is the supervisor's; digits + Enter from the hardware keys
      // after it are the PIN.
      onScan: (code) => {
        if (badge && PIN_LIKE.test(code)) return false;
        badge = code;
        badgeLine.textContent = t("manual.auth_badge", { badge: badgeHint(code) });
        badgeLine.classList.add("ok");
        feedback("good");
        return true;
      },
      onSubmit: (pin) => {
        if (!badge) {
          pad.fail(t("manual.auth_need_badge")); // the PIN typed first goes: badge, then PIN
          feedback("error");
          return null;
        }
        if (!pin) return t("login.need_pin");
        send(pin);
        return null;
      },
    });
    this.openModal(pad);
  }

  async undo() {
    const order = this.currentOrder();
    if (!order) return;
    // A scan still waiting on the device is simply taken back.
    const waiting = this.outbox.forOrder(order.id, this.operator?.login).filter((item) => item.id !== this.client.inflight?.id);
    if (waiting.length) {
      const last = waiting[waiting.length - 1];
      this.outbox.remove(last.id);
      feedback("soft");
      this.toast(t("undo.pending_removed", { code: last.payload.code || qty(last.payload.quantity) }));
      this.state.lastVerdict = null;
      this.render();
      return;
    }
    if (!this.client.ready) {
      feedback("error");
      this.toast(t("common.needs_connection"), "bad");
      return;
    }
    const reply = await this.client.request("undo", { order_id: order.id, action_id: clientId("u") });
    if (reply.type === "error") {
      feedback("error");
      this.toast(reply.message || t(`error.${reply.code}`), "bad");
      return;
    }
    if (reply.type === "verdict") {
      const verdict = reply.verdict || {};
      this.state.lastVerdict = { ...verdict, kind: verdict.kind || "undone", ok: true, order_id: order.id, message: verdict.message || t("verdict.undone") };
      this.state.flashLineId = verdict.line_id ?? reply.line?.id ?? null;
      this.pendingScroll = true;
    }
    feedback("soft");
    this.render();
  }

  openShortage() {
    const line = this.selectedLine();
    if (!line) return;
    this.openModal(shortageModal(this, line));
  }

  async reportShortage(line, reason) {
    const order = this.currentOrder();
    if (!order) return;
    if (!this.client.ready) {
      feedback("error");
      this.toast(t("common.needs_connection"), "bad");
      return;
    }
    this.closeModal({ render: false });
    const reply = await this.client.request("shortage", { order_id: order.id, line_id: line.id, reason });
    if (reply.type === "error") {
      feedback("error");
      this.toast(reply.message || t(`error.${reply.code}`), "bad");
      this.render();
      return;
    }
    feedback("attention");
    this.toast(t("shortage.sent", { number: order.number }), "warn");
    this.render();
  }

  // -- packing --------------------------------------------------------------------------------

  /** The parcel size the rules chose for the order's label (`delivery`): their template
   * (A/B/C) preselected; a locker service without one asks for A/B/C; else dimensions.
   * The packer may change it. */
  sizeFor(order) {
    const delivery = order?.delivery || {};
    const template = TEMPLATES.includes(delivery.template) ? delivery.template : null;
    const locker = !!template || LOCKER_SERVICES.has(delivery.service);
    return { size: locker ? "template" : "dims", template };
  }

  newPackage(order) {
    return { weight: null, ...this.sizeFor(order), length: null, width: null, height: null };
  }

  startPacking(orderId) {
    const order = this.state.orders.get(orderId);
    if (!order) return;
    this.state.pack = { orderId, requestId: clientId("p"), packages: [this.newPackage(order)], sending: false, sizeChosen: false };
    this.go("pack");
    // An order picked on this device was last sent while it was being picked, without what
    // the rules decided for packing (`packing`, `delivery`): ask for its current state.
    if (!("packing" in order) && this.client.ready) this.client.request("open", { order_id: orderId });
  }

  /** Pack an order: from what the device knows, or by asking the server (pack_open). */
  packOrder(orderId) {
    if (this.state.orders.has(orderId)) this.startPacking(orderId);
    else this.packOpen(String(orderId));
  }

  leavePacking() {
    const order = this.state.pack && this.state.orders.get(this.state.pack.orderId);
    this.state.pack = null;
    if (order && order.status === "picked" && this.isMine(order.claimed_by)) this.showOrder(order.id);
    else this.go(this.settings.packingStation ? "packScan" : "queue");
  }

  async packOpen(code) {
    if (!this.client.ready) {
      feedback("error");
      this.state.packError = t("common.needs_connection");
      this.render();
      return;
    }
    this.state.packError = null;
    const reply = await this.client.request("pack_open", { code });
    if (reply.type === "error") {
      feedback("error");
      this.state.packError = reply.message || t(`error.${reply.code}`);
      if (this.state.screen !== "packScan") this.go("packScan");
      else this.render();
      return;
    }
    const order = reply.order || this.findOrderByCode(code);
    if (!order) return;
    if (reply.order) this.applyOrder(reply.order);
    feedback("good");
    this.startPacking(order.id);
  }

  openPackKeypad() {
    this.openModal(
      keypad(this, {
        title: t("pack.type_number"),
        hint: t("pack.type_number_hint"),
        mode: "code",
        extraKeys: ["/", "ZK ", " "],
        submitLabel: t("pack.open"),
        onSubmit: (value) => {
          const code = String(value).trim();
          if (!code) return t("prompt.empty");
          this.closeModal();
          this.packOpen(code);
          return null;
        },
      }),
    );
  }

  setPackageCount(count) {
    const pack = this.state.pack;
    if (!pack) return;
    const n = Math.min(20, Math.max(1, count));
    while (pack.packages.length < n) {
      const last = pack.packages[pack.packages.length - 1];
      pack.packages.push({ ...this.newPackage(null), size: last.size, template: last.template });
    }
    pack.packages.length = n;
    this.render();
  }

  setPackage(index, changes) {
    const pack = this.state.pack;
    if (!pack) return;
    if ("size" in changes) pack.sizeChosen = true;
    Object.assign(pack.packages[index], changes);
    this.render();
  }

  editWeight(index) {
    const item = this.state.pack?.packages[index];
    if (!item) return;
    this.openModal(
      keypad(this, {
        title: t("pack.weight_title", { n: index + 1 }),
        mode: "decimal",
        unit: "kg",
        value: item.weight ? qty(item.weight) : "",
        onSubmit: (value) => {
          const weight = decimalText(value);
          if (!weight || Number(weight) <= 0 || Number(weight) > 1000) return t("pack.bad_weight");
          this.closeModal({ render: false });
          this.setPackage(index, { weight });
          return null;
        },
      }),
    );
  }

  editDimension(index, dim) {
    const item = this.state.pack?.packages[index];
    if (!item) return;
    this.openModal(
      keypad(this, {
        title: t(`pack.${dim}_title`, { n: index + 1 }),
        mode: "decimal",
        unit: "cm",
        value: item[dim] ? qty(item[dim]) : "",
        onSubmit: (value) => {
          const size = decimalText(value);
          if (!size || Number(size) <= 0 || Number(size) > 500) return t("pack.bad_size");
          this.closeModal({ render: false });
          this.setPackage(index, { [dim]: size });
          return null;
        },
      }),
    );
  }

  packReady() {
    const pack = this.state.pack;
    if (!pack) return false;
    return pack.packages.every((p) => p.weight && Number(p.weight) > 0);
  }

  /** Why packing cannot be confirmed now — the first condition not met, as the text shown
   * next to the disabled button — or null when it can.  The conditions, in order: */
  packBlocker() {
    const pack = this.state.pack;
    const order = pack && this.state.orders.get(pack.orderId);
    if (!pack || !order) return t("pack.scan_order");
    const conditions = [
      // Subiekt's stock refused it: the order went to the office.
      [!pack.refused, () => t("pack.why.refused")],
      // Sent, the answer not here yet (the same request_id is safe to send again later).
      [!pack.sending, () => t("pack.why.sending")],
      // Only a picked order can be packed.
      [!order.status || order.status === "picked", () => t("pack.why.status", { status: t(`order_status.${order.status}`) })],
      // Every parcel weighed.
      ...pack.packages.map((item, index) => [
        !!item.weight && Number(item.weight) > 0,
        () => (pack.packages.length > 1 ? t("pack.why.weight_n", { n: index + 1 }) : t("pack.why.weight_one")),
      ]),
      // Packing needs the server.
      [this.client.ready, () => t("pack.why.offline")],
    ];
    const unmet = conditions.find(([met]) => !met);
    return unmet ? unmet[1]() : null;
  }

  async confirmPack() {
    const pack = this.state.pack;
    if (!pack || pack.sending) return;
    if (!this.packReady()) {
      this.state.packError = t("pack.need_weight");
      feedback("error");
      this.render();
      return;
    }
    if (!this.client.ready) {
      this.state.packError = t("common.needs_connection");
      feedback("error");
      this.render();
      return;
    }
    const packages = pack.packages.map((p) => {
      const item = { weight_kg: Number(p.weight) };
      if (p.size === "template" && p.template) item.template = p.template;
      if (p.size === "dims") {
        if (p.length) item.length_cm = Number(p.length);
        if (p.width) item.width_cm = Number(p.width);
        if (p.height) item.height_cm = Number(p.height);
      }
      return item;
    });
    pack.sending = true;
    this.state.packError = null;
    this.render();
    // The same request_id on a retry: the server packs the order once.
    const reply = await this.client.request("pack", { order_id: pack.orderId, request_id: pack.requestId, packages });
    pack.sending = false;
    if (reply.type === "error" && reply.code === "stock_short") {
      // Not packed: the order went to the office (problem) with the lines short.
      feedback("error");
      pack.refused = { lines: Array.isArray(reply.lines) ? reply.lines : [] };
      const refused = this.state.orders.get(pack.orderId);
      if (refused) refused.status = "problem";
      this.state.packError = null;
      this.render();
      return;
    }
    if (reply.type === "error") {
      feedback("error");
      this.state.packError = reply.message || t(`error.${reply.code}`);
      this.render();
      return;
    }
    const order = this.state.orders.get(pack.orderId);
    if (order) order.status = "packed";
    // `packed.packages` is the list the doc shows or the count the server sends: either is fine.
    const count = Array.isArray(reply.packages) ? reply.packages.length : Number(reply.packages) || packages.length;
    const steps = Array.isArray(reply.steps) ? reply.steps : [];
    const labelStep = steps.find((entry) => entry.step === "label");
    // Until the server answers `label`: what `packed` said of the label step when the rules
    // or the setup rule it out, else "checking".
    const known = labelStep && ["skipped", "not_configured"].includes(labelStep.state);
    const label = known ? { order_id: pack.orderId, state: labelStep.state, message: labelStep.reason, tracking_numbers: [] } : null;
    this.state.packed = { number: reply.number || order?.number, count, order_id: pack.orderId, steps, label, reprinting: false, reprintId: null, reprintError: null };
    this.state.pack = null;
    feedback("order");
    this.go("packed");
    this.startLabelPolling();
  }

  // -- the label after packing ----------------------------------------------------------------

  /** Ask how the packed order's label stands (`label`), every second for the first minute
   * and every 5 s after, while the packed screen shows this order — until it is printed,
   * skipped or not configured.  The answers arrive through onMessage (applyLabel). */
  startLabelPolling() {
    this.stopLabelPolling();
    const packed = this.state.packed;
    if (!packed) return;
    const poll = { orderId: packed.order_id, started: Date.now() };
    this.labelPoll = poll;
    const tick = async () => {
      if (this.labelPoll !== poll || this.state.screen !== "packed") return;
      if (this.client.ready) await this.client.request("label", { order_id: poll.orderId });
      if (this.labelPoll !== poll || LABEL_FINAL.has(this.state.packed?.label?.state)) return;
      const every = Date.now() - poll.started < LABEL_FAST_MS ? LABEL_FAST_EVERY_MS : LABEL_SLOW_EVERY_MS;
      this.timers.label = setTimeout(tick, every);
    };
    tick();
  }

  stopLabelPolling() {
    this.labelPoll = null;
    clearTimeout(this.timers.label);
  }

  applyLabel(m) {
    const packed = this.state.packed;
    if (!packed || packed.order_id !== m.order_id) return;
    const before = packed.label?.state;
    packed.label = m;
    if (before !== m.state && m.state === "failed") feedback("error");
    else if (before && before !== m.state && m.state === "printed") feedback("good");
  }

  /** „Drukuj ponownie”: the stored labels once more on this device's station printer.  One
   * press is one `request_id`: sent again after a lost answer, it prints once. */
  async reprintLabel() {
    const packed = this.state.packed;
    if (!packed || packed.reprinting) return;
    if (!this.client.ready) {
      feedback("error");
      packed.reprintError = t("common.needs_connection");
      this.render();
      return;
    }
    packed.reprintId = packed.reprintId || clientId("rl");
    packed.reprinting = true;
    packed.reprintError = null;
    this.render();
    const reply = await this.client.request("reprint_label", { order_id: packed.order_id, request_id: packed.reprintId });
    packed.reprinting = false;
    if (reply.type === "error") {
      feedback("error");
      packed.reprintError = reply.message || t(`error.${reply.code}`);
      // Not known whether it printed (no answer): the next press sends the same id again.
      if (!["timeout", "offline"].includes(reply.code)) packed.reprintId = null;
    } else {
      packed.reprintId = null;
      feedback("good");
      this.toast(t("label.reprinted"));
    }
    this.render();
  }

  // -- supervisor -----------------------------------------------------------------------------

  confirmTakeover(order, holder) {
    this.openModal(
      confirmModal(this, {
        title: t("queue.take_over"),
        text: t("takeover.text", { number: order.number, name: holder.name || holder.login }),
        confirmLabel: t("queue.take_over"),
        kind: "warning",
        onConfirm: () => {
          this.closeModal({ render: false });
          this.claim(order.id, true);
        },
      }),
    );
  }

  refreshOverview() {
    if (this.client.ready) this.client.request("overview");
  }

  // -- settings -------------------------------------------------------------------------------

  /** The stations to choose from, for the settings screen (packers, supervisors, admins). */
  loadStations() {
    this.state.stationError = null;
    this.state.stations = null;
    if (this.client.ready && this.canPack()) this.client.request("stations");
  }

  /** The settings form is drawn once; its station picker is redrawn when the list comes. */
  refreshStationPicker() {
    if (this.state.screen !== "settings") return;
    const picker = this.el.screen.querySelector("[data-testid=station-picker]");
    if (picker) picker.replaceWith(screens.stationPicker(this));
  }

  /** Set this device's station on the server when the picker changed; false (and the
   * reason shown) when that was refused — then nothing of the form is saved. */
  async saveStation(form) {
    const field = form.elements.station;
    if (!field || field.disabled || this.state.stations === null) return true;
    const wanted = field.value === "" ? null : Number(field.value);
    if (wanted === (this.state.station?.id ?? null)) return true;
    const reply = await this.client.request("set_station", { station_id: wanted });
    if (reply.type === "error") {
      feedback("error");
      this.state.stationError = reply.message || t(`error.${reply.code}`);
      this.refreshStationPicker();
      return false;
    }
    this.state.station = reply.station || null;
    // The packing screen shows the station from the order's view: the new one now.
    for (const order of this.state.orders.values()) {
      if (order.delivery) order.delivery.station = this.state.station;
    }
    return true;
  }

  async saveSettingsForm(form) {
    const value = (name) => form.elements[name]?.value ?? "";
    const checked = (name) => !!form.elements[name]?.checked;
    if (!(await this.saveStation(form))) return;
    const before = { ...this.settings };
    const next = {
      ...this.settings,
      packingStation: checked("packingStation"),
      prefix: value("prefix"),
      suffix: value("suffix"),
      customSuffix: value("customSuffix"),
      doubleScanMs: clampInt(value("doubleScanMs"), 0, 5000, this.settings.doubleScanMs),
      blankingMs: clampInt(value("blankingMs"), 0, 1000, this.settings.blankingMs),
      language: value("language") === "en" ? "en" : "pl",
      sound: checked("sound"),
      vibration: checked("vibration"),
    };
    if (next.suffix === "custom" && !next.customSuffix) next.suffix = "enter";
    this.settings = next;
    saveSettings(next);
    configureFeedback(next);
    if (next.language !== before.language) await loadLanguage(next.language);
    // The language is the device's in `hello`: say it again.
    if (next.language !== before.language && this.client.socket) this.client.reconnect();
    this.toast(t("settings.saved"));
    this.back();
  }

  // -- acknowledging the overlay -----------------------------------------------------------

  acknowledge() {
    const done = this.state.overlays.shift();
    if (done?.then === "queue" && this.state.screen === "pick" && !this.currentOrder()) {
      this.scanInput.reset();
      this.go("queue");
      return;
    }
    // The problem is dealt with: the banner goes back to "scan the next item".
    if (done && this.state.lastVerdict && !this.state.lastVerdict.ok) this.state.lastVerdict = null;
    this.scanInput.reset();
    this.render();
    this.scanInput.focus();
  }
}

const app = new App();
window.kolektor = app; // for the browser tests and for support on a device (about:inspect)
app.start().catch((error) => {
  document.getElementById("screen").textContent = `Kolektor: ${error}`;
  console.error(error);
});
