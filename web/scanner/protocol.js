// The scanner protocol client (docs/scanner-protocol.md, version 1) with reconnect and the
// offline queue.
//
// * One WebSocket at /scanner/ws.  On open: `hello`; on `welcome`: `login` again with the
//   credentials of this session, so a dropped connection is invisible to the picker.
// * Reconnect with exponential back-off (0.5 s … 15 s, with jitter), at once when the
//   browser reports the network back.  A heartbeat (`ping` every 15 s, no answer within
//   8 s closes the socket) notices half-open connections on patchy Wi-Fi.
// * Scans and manual entries go through the Outbox: each is written to localStorage before
//   it is sent and removed only when its answer (a `verdict`, or an `error` with its ref)
//   arrives.  They are sent one at a time, in order; after a reconnect the rest are
//   replayed in their original order.  The server deduplicates by (device_id, scan_id), so
//   a scan whose answer was lost is counted once.

export const PROTOCOL_VERSION = 1;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
const PING_EVERY_MS = 15000;
const PONG_TIMEOUT_MS = 8000;
const ANSWER_TIMEOUT_MS = 8000;
const SLOW_ANSWER_MS = 1500; // an unanswered scan older than this shows as pending
const REQUEST_TIMEOUT_MS = 10000;
// Errors after which an outbox entry is kept and sent again (after logging in again).
const RETRY_ERRORS = new Set(["login_required"]);

export class Outbox {
  constructor(key = "kolektor.scanner.outbox.v1") {
    this.key = key;
    this.items = [];
    try {
      const raw = window.localStorage.getItem(key);
      const parsed = raw ? JSON.parse(raw) : [];
      if (Array.isArray(parsed)) this.items = parsed.filter((item) => item && item.id && item.type);
    } catch {
      this.items = [];
    }
  }

  persist() {
    try {
      window.localStorage.setItem(this.key, JSON.stringify(this.items));
    } catch {
      /* storage full or disabled: the queue still lives in memory */
    }
  }

  add(item) {
    this.items.push(item);
    this.persist();
  }

  remove(id) {
    const before = this.items.length;
    this.items = this.items.filter((item) => item.id !== id);
    if (this.items.length !== before) this.persist();
  }

  get(id) {
    return this.items.find((item) => item.id === id) || null;
  }

  /** Entries of one operator (entries are replayed only for the operator who made them). */
  of(login) {
    return this.items.filter((item) => item.operator === login);
  }

  forOrder(orderId, login) {
    return this.items.filter((item) => item.order_id === orderId && (!login || item.operator === login));
  }
}

export function defaultUrl() {
  const params = new URLSearchParams(window.location.search);
  if (params.get("server")) return params.get("server");
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${window.location.host}/scanner/ws`;
}

export class ScannerClient extends EventTarget {
  constructor({ url, hello, outbox }) {
    super();
    this.url = url;
    this.hello = hello; // () => {device_id, station, language, client}
    this.outbox = outbox;
    this.socket = null;
    this.state = "offline"; // "connecting" | "online" | "offline"
    this.welcome = null;
    this.operator = null;
    this.credentials = loadCredentials();
    this.attempt = 0;
    this.retryAt = null;
    this.retryTimer = null;
    this.inflight = null; // {id, timer}
    this.requests = new Map(); // ref -> {resolve, timer}
    this.refCounter = 0;
    this.pingSentAt = null;
    this.lastPingAt = 0;
    this.stopped = false;
    this.heartbeat = setInterval(() => this.beat(), 1000);
    window.addEventListener("online", () => {
      if (this.state === "offline") this.connectNow();
    });
  }

  // -- connection ---------------------------------------------------------------------------

  start() {
    this.stopped = false;
    this.connect();
  }

  connect() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
    if (this.socket) return;
    this.setState("connecting");
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (error) {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", () => {
      if (this.socket !== socket) return;
      this.sendRaw({ type: "hello", ...this.hello() });
    });
    socket.addEventListener("message", (event) => {
      if (this.socket !== socket) return;
      this.received(event.data);
    });
    socket.addEventListener("close", () => {
      if (this.socket !== socket) return;
      this.closed();
    });
    socket.addEventListener("error", () => {
      /* a close event follows */
    });
  }

  /** Try again now (the picker tapped the status bar, or the network came back). */
  connectNow() {
    if (this.socket) return;
    this.attempt = 0;
    this.connect();
  }

  /** Close the socket and connect again (settings changed, or the connection is stale). */
  reconnect() {
    this.drop();
    this.connectNow();
  }

  /** Close the socket without closing the session; the client will reconnect. */
  drop() {
    const socket = this.socket;
    if (!socket) return;
    try {
      socket.close();
    } catch {
      /* ignore */
    }
    this.closed();
  }

  closed() {
    this.socket = null;
    this.welcome = null;
    this.operatorOnline = false;
    this.pingSentAt = null;
    if (this.inflight) {
      clearTimeout(this.inflight.timer);
      this.inflight = null;
    }
    for (const [ref, request] of this.requests) {
      clearTimeout(request.timer);
      request.resolve({ type: "error", code: "disconnected", ref });
    }
    this.requests.clear();
    if (!this.stopped) this.scheduleRetry();
    else this.setState("offline");
  }

  scheduleRetry() {
    const base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt += 1;
    this.retryAt = Date.now() + delay;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.setState("offline");
  }

  setState(state) {
    this.state = state;
    this.emit("status", { state });
  }

  beat() {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN || !this.welcome) {
      if (this.state === "offline") this.emit("status", { state: this.state });
      return;
    }
    if (this.inflight) this.emit("status", { state: this.state }); // an answer is overdue?
    const now = Date.now();
    if (this.pingSentAt !== null && now - this.pingSentAt > PONG_TIMEOUT_MS) {
      this.drop();
      return;
    }
    if (this.pingSentAt === null && now - this.lastPingAt > PING_EVERY_MS) {
      this.pingSentAt = now;
      this.lastPingAt = now;
      this.sendRaw({ type: "ping" });
    }
  }

  // -- sending ------------------------------------------------------------------------------

  get isOpen() {
    return !!this.socket && this.socket.readyState === WebSocket.OPEN && !!this.welcome;
  }

  get ready() {
    return this.isOpen && !!this.operator && this.operatorOnline;
  }

  nextRef(prefix = "r") {
    this.refCounter += 1;
    return `${prefix}-${this.refCounter}`;
  }

  sendRaw(message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify({ v: PROTOCOL_VERSION, ...message }));
    return true;
  }

  /** Send a message; resolve with the first answer carrying its ref (an `error` too). */
  request(type, fields = {}, { timeout = REQUEST_TIMEOUT_MS } = {}) {
    const ref = this.nextRef();
    return new Promise((resolve) => {
      if (!this.ready || !this.sendRaw({ type, ref, ...fields })) {
        resolve({ type: "error", code: "offline", ref });
        return;
      }
      const timer = setTimeout(() => {
        this.requests.delete(ref);
        resolve({ type: "error", code: "timeout", ref });
      }, timeout);
      this.requests.set(ref, { resolve, timer });
    });
  }

  // -- login --------------------------------------------------------------------------------

  login(credentials) {
    this.credentials = credentials;
    saveCredentials(credentials);
    if (this.isOpen) this.sendLogin();
    else this.connectNow();
  }

  sendLogin() {
    if (!this.credentials) return;
    this.sendRaw({ type: "login", ref: "login", ...this.credentials });
  }

  logout() {
    if (this.isOpen && this.operator) this.sendRaw({ type: "logout", ref: this.nextRef() });
    this.credentials = null;
    this.operator = null;
    this.operatorOnline = false;
    saveCredentials(null);
  }

  // -- receiving ----------------------------------------------------------------------------

  received(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (!message || typeof message !== "object") return;
    this.pingSentAt = null;
    switch (message.type) {
      case "welcome":
        this.welcome = message;
        this.attempt = 0;
        this.setState("online");
        if (this.credentials) this.sendLogin();
        break;
      case "login_ok":
        this.operator = message.operator;
        this.operatorOnline = true;
        break;
      case "error":
        if (message.ref === "login" || message.code === "login_failed") {
          this.credentials = null;
          this.operator = null;
          this.operatorOnline = false;
          saveCredentials(null);
        } else if (message.code === "login_required" && this.credentials) {
          this.operatorOnline = false;
          this.sendLogin();
        }
        break;
      default:
        break;
    }
    this.emit("message", message);
    if (message.ref && this.requests.has(message.ref)) {
      const request = this.requests.get(message.ref);
      this.requests.delete(message.ref);
      clearTimeout(request.timer);
      request.resolve(message);
    }
    this.settleOutbox(message);
    if (message.type === "login_ok") this.pump();
  }

  // -- the outbox ---------------------------------------------------------------------------

  /** Queue a scan or manual entry; it is sent now when online, later otherwise. */
  enqueue(item) {
    this.outbox.add(item);
    this.emit("outbox", { added: item });
    this.pump();
  }

  pump() {
    if (this.inflight || !this.ready) return;
    const next = this.outbox.of(this.operator.login)[0];
    if (!next) return;
    const message = { type: next.type, ref: next.id, ...next.payload };
    if (!this.sendRaw(message)) return;
    const timer = setTimeout(() => {
      // No answer: the connection is stale.  Reconnect; the entry is replayed.
      if (this.inflight && this.inflight.id === next.id) this.reconnect();
    }, ANSWER_TIMEOUT_MS);
    this.inflight = { id: next.id, timer, sentAt: Date.now() };
  }

  /** Entries not yet answered that the picker should see as pending: all of them while
   * offline; online, all but an in-flight one that is still within a normal answer time. */
  visiblePending() {
    const items = this.outbox.items;
    if (!this.ready || !this.inflight || Date.now() - this.inflight.sentAt > SLOW_ANSWER_MS) return items;
    return items.filter((item) => item.id !== this.inflight.id);
  }

  settleOutbox(message) {
    if (!this.inflight) return;
    const id = this.inflight.id;
    const answered =
      (message.type === "verdict" &&
        (message.scan_id === id || message.entry_id === id || message.ref === id)) ||
      (message.type === "error" && message.ref === id);
    if (!answered) return;
    clearTimeout(this.inflight.timer);
    this.inflight = null;
    const item = this.outbox.get(id);
    if (message.type === "error" && RETRY_ERRORS.has(message.code)) {
      // Kept; sent again after the login that the error triggered.
      return;
    }
    this.outbox.remove(id);
    this.emit("outbox", { settled: item, answer: message });
    this.pump();
  }

  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}

const SESSION_KEY = "kolektor.scanner.session.v1";

function loadCredentials() {
  try {
    const raw = window.sessionStorage.getItem(SESSION_KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function saveCredentials(credentials) {
  try {
    if (credentials) window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(credentials));
    else window.sessionStorage.removeItem(SESSION_KEY);
  } catch {
    /* ignore */
  }
}
