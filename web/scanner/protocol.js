// The scanner protocol client (docs/scanner-protocol.md, version 1) with reconnect and the
// offline queue.
//
// * One WebSocket at /scanner/ws.  On open: `hello`; on `welcome`: `login` with the device
//   session token the server gave at the last login (`{session: token}`), so a dropped
//   connection or a page reload is invisible to the picker.  The token — never the badge or
//   the PIN — is kept in this tab's sessionStorage; a badge or PIN typed or scanned to log in
//   lives in memory only until the server has answered that login.
// * Reconnect with exponential back-off (0.5 s … 15 s, with jitter), at once when the
//   browser reports the network back.  A heartbeat (`ping` every 15 s, no answer within
//   8 s closes the socket) notices half-open connections on patchy Wi-Fi.
// * Scans and manual entries go through the Outbox: each is written to localStorage before
//   it is sent and removed only when its answer (a `verdict`, or an `error` with its ref)
//   arrives.  They are sent one at a time, in order; after a reconnect the rest are
//   replayed in their original order.  The server deduplicates by (device_id, scan_id), so
//   a scan whose answer was lost is counted once.
// * Outcomes of logins are `login` events ({ok, kind: "credentials" | "session", ...}); a
//   session the server ended (`logged_out`, or `session_expired` when resuming) forgets the
//   token, and the outbox keeps its entries for when that operator logs in again.

export const PROTOCOL_VERSION = 1;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
const PING_EVERY_MS = 15000;
const PONG_TIMEOUT_MS = 8000;
const ANSWER_TIMEOUT_MS = 8000;
const SLOW_ANSWER_MS = 1500; // an unanswered scan older than this shows as pending
const REQUEST_TIMEOUT_MS = 10000;
// Errors after which an outbox entry is kept and sent again (after logging in again).
const RETRY_ERRORS = new Set(["login_required"]);
// Answers to a session login after which the token is useless (log in with badge + PIN).
const SESSION_GONE = new Set(["session_expired", "login_failed", "forbidden"]);
const SESSION_RETRY_MS = 3000; // a session login refused for a passing reason (busy)
const TOKEN_KEY = "kolektor.scanner.session-token.v2";
// Before device sessions the app kept the badge / login and PIN themselves under this key;
// whatever an older version left there is deleted at start.
const LEGACY_CREDENTIALS_KEY = "kolektor.scanner.session.v1";

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
    this.operatorOnline = false;
    forgetLegacyCredentials();
    this.token = loadToken(); // the device session token (sessionStorage), or null
    this.session = null; // {expires_at, idle_minutes} of the current session (for support)
    this.pendingLogin = null; // {fields} of an interactive login not answered yet (memory only)
    this.loginRef = null; // {ref, kind, fields?} of the login sent last, until answered
    this.sessionRetry = null;
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
    this.loginRef = null;
    clearTimeout(this.sessionRetry);
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

  /** Log in with {badge}, {badge, pin} or {login, pin}.  The fields stay in memory only,
   * until the server answers (sent again if the connection drops before that). */
  login(fields) {
    this.pendingLogin = { fields };
    if (this.isOpen) this.sendLogin();
    else this.connectNow();
  }

  /** Forget an interactive login not answered yet (its answer, if any, is ignored). */
  cancelLogin() {
    this.pendingLogin = null;
    if (this.loginRef && this.loginRef.kind === "credentials") this.loginRef = null;
  }

  /** Whether an answer with this ref belongs to a login (the app shows those itself). */
  isLoginRef(ref) {
    return typeof ref === "string" && (ref.startsWith("login-") || ref.startsWith("session-"));
  }

  sendLogin() {
    clearTimeout(this.sessionRetry);
    if (this.pendingLogin) {
      const ref = this.nextRef("login");
      this.loginRef = { ref, kind: "credentials", fields: this.pendingLogin.fields };
      this.sendRaw({ type: "login", ref, ...this.pendingLogin.fields });
    } else if (this.token) {
      const ref = this.nextRef("session");
      this.loginRef = { ref, kind: "session" };
      this.sendRaw({ type: "login", ref, session: this.token });
    }
  }

  logout() {
    if (this.isOpen && this.operator) this.sendRaw({ type: "logout", ref: this.nextRef() });
    this.endSession();
    this.pendingLogin = null;
  }

  /** The session is over: forget the token and the operator (the outbox stays). */
  endSession() {
    saveToken(null);
    this.token = null;
    this.session = null;
    this.operator = null;
    this.operatorOnline = false;
    clearTimeout(this.sessionRetry);
  }

  loginAnswered(message) {
    const sent = this.loginRef || { kind: this.pendingLogin ? "credentials" : "session" };
    this.loginRef = null;
    if (message.type === "login_ok") {
      this.pendingLogin = null;
      this.operator = message.operator;
      this.operatorOnline = true;
      const session = message.session || {};
      if (session.token) {
        this.token = session.token;
        saveToken(session.token);
      }
      this.session = { expires_at: session.expires_at || null, idle_minutes: session.idle_minutes ?? null };
      this.emit("login", { ok: true, kind: sent.kind, operator: message.operator });
      return;
    }
    const failure = { ok: false, kind: sent.kind, code: message.code, message: message.message, retry_after: message.retry_after };
    if (sent.kind === "credentials") {
      // The PIN is dropped with the attempt; the app keeps the badge to ask for the PIN.
      this.pendingLogin = null;
      const { pin, ...without } = sent.fields || {};
      this.emit("login", { ...failure, fields: without });
      return;
    }
    if (SESSION_GONE.has(message.code)) {
      this.endSession();
      this.emit("login", failure);
    } else {
      // Not an answer about the token itself (the server is busy…): try it again.
      const delay = Number(message.retry_after) > 0 ? Number(message.retry_after) * 1000 : SESSION_RETRY_MS;
      clearTimeout(this.sessionRetry);
      this.sessionRetry = setTimeout(() => {
        if (this.isOpen && this.token && !this.operatorOnline) this.sendLogin();
      }, delay);
    }
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
        this.sendLogin();
        break;
      case "login_ok":
      case "error":
        if (message.type === "login_ok" || (this.loginRef && message.ref === this.loginRef.ref)) {
          this.loginAnswered(message);
        } else if (message.type === "error" && message.code === "login_required" && this.operator) {
          // The server no longer has this device's operator: resume the session, if any.
          this.operatorOnline = false;
          if (this.token) {
            if (!this.loginRef) this.sendLogin();
          } else {
            this.endSession();
            this.emit("login", { ok: false, kind: "session", code: message.code, message: message.message });
          }
        }
        break;
      case "logged_out": {
        // After our own `logout` the operator is already gone; otherwise the server ended
        // the session by itself (deactivated, PIN changed, logged out by a supervisor, idle…).
        const unasked = !!this.operator;
        this.endSession();
        this.emit("logged_out", { ...message, unasked });
        break;
      }
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
    if (message.type === "error" && message.code === "unavailable") {
      // The server could not save it (its store is down for a moment): nothing was
      // counted; kept, and sent again after the wait the server asked for.
      const wait = Math.max(1, Number(message.retry_after) || 2) * 1000;
      clearTimeout(this.unavailableTimer);
      this.unavailableTimer = setTimeout(() => this.pump(), wait);
      this.emit("outbox", { waiting: item, answer: message });
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

function loadToken() {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY) || null;
  } catch {
    return null;
  }
}

function saveToken(token) {
  try {
    if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
    else window.sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage disabled: the session lasts as long as the page */
  }
}

function forgetLegacyCredentials() {
  for (const storage of ["sessionStorage", "localStorage"]) {
    try {
      window[storage].removeItem(LEGACY_CREDENTIALS_KEY);
    } catch {
      /* ignore */
    }
  }
}
