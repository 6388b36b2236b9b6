/* The office panel's shared client: the page's data, texts, the JSON API, DOM building,
 * formatting, notices, confirmations and the live event stream.  Every page script uses
 * the global `K`; nothing here touches a page's own elements.
 *
 * Security: pages are built with K.el (text nodes, never innerHTML with data), requests
 * carry the session's CSRF token, and a 401 reloads the page (which then shows the login
 * form and comes back here after logging in).
 */
"use strict";

const K = (() => {
  const page = JSON.parse(document.getElementById("kolektor-page").textContent);
  const lang = page.lang || "pl";

  /* ---- texts ------------------------------------------------------------------------ */

  function pluralCategory(n) {
    const count = Math.abs(Math.trunc(Number(n)));
    if (lang === "pl") {
      if (count === 1) return 0;
      const ones = count % 10;
      const tens = count % 100;
      if (ones >= 2 && ones <= 4 && !(tens >= 12 && tens <= 14)) return 1;
      return 2;
    }
    return count === 1 ? 0 : 1;
  }

  /** The text `key` with `{name}` filled in; `{n:plural:a|b|c}` picks the form that agrees
   *  with n (Polish: one, few, many; English: one, other), as the server's t() does. */
  function t(key, params = {}) {
    const text = page.texts[key];
    if (text === undefined) {
      console.error(`kolektor: no text ${key}`);
      return key;
    }
    return text.replace(/\{(\w+)(?::plural:([^}]*))?\}/g, (whole, name, forms) => {
      if (!(name in params)) return whole;
      const value = params[name];
      if (forms !== undefined) {
        const options = forms.split("|");
        return options[Math.min(pluralCategory(value), options.length - 1)];
      }
      return String(value);
    });
  }

  function has(key) {
    return Object.prototype.hasOwnProperty.call(page.texts, key);
  }

  /* ---- the API ---------------------------------------------------------------------- */

  class ApiError extends Error {
    constructor(status, code, message, body) {
      super(message);
      this.status = status;
      this.code = code;
      this.body = body || {};
    }
  }

  /** Call the JSON API: resolves with the parsed body; rejects with ApiError carrying the
   *  server's Polish (or English) message.  A 401 reloads the page into the login form. */
  async function api(method, path, body, options = {}) {
    const headers = { Accept: "application/json", "Accept-Language": lang };
    if (method !== "GET" && method !== "HEAD" && page.csrf) headers["X-CSRF-Token"] = page.csrf;
    const init = { method, headers, credentials: "same-origin", signal: options.signal };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (error) {
      if (error && error.name === "AbortError") throw error;
      throw new ApiError(0, "network", t("panel.error.network"));
    }
    if (options.raw && response.ok) return response;
    let data = null;
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) {
      try {
        data = await response.json();
      } catch (_) {
        data = null;
      }
    }
    if (response.status === 401 && !options.noReload) {
      window.location.reload();
      throw new ApiError(401, (data && data.error) || "auth_required", (data && data.message) || "");
    }
    if (!response.ok) {
      const message = (data && data.message) || t("panel.error.unexpected", { status: response.status });
      throw new ApiError(response.status, (data && data.error) || "http", message, data);
    }
    return data;
  }

  /* ---- DOM -------------------------------------------------------------------------- */

  /** el("a", {href, class: "x", onclick: fn, dataset: {...}}, "text", child, [more]) */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "dataset") Object.assign(node.dataset, value);
      else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
      else if (value === true) node.setAttribute(name, "");
      else node.setAttribute(name, String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function $(selector, root = document) {
    return root.querySelector(selector);
  }

  /* ---- formatting ------------------------------------------------------------------- */

  const locale = lang === "pl" ? "pl-PL" : "en-GB";
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "medium" });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "short" });
  const timeFormat = new Intl.DateTimeFormat(locale, { timeStyle: "medium" });

  const fmt = {
    dateTime(iso) {
      return iso ? dateTimeFormat.format(new Date(iso)) : "—";
    },
    date(iso) {
      return iso ? dateFormat.format(new Date(iso)) : "—";
    },
    time(iso) {
      return iso ? timeFormat.format(new Date(iso)) : "—";
    },
    /** A decimal string from the API ("12.5000") with the language's separator, trailing
     *  zeros dropped beyond `minDigits`. */
    number(text, minDigits = 0) {
      if (text === null || text === undefined || text === "") return "—";
      let [whole, fraction = ""] = String(text).split(".");
      fraction = fraction.replace(/0+$/, "");
      while (fraction.length < minDigits) fraction += "0";
      const sign = whole.startsWith("-") ? "-" : "";
      whole = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, lang === "pl" ? "\u00a0" : ",");
      const point = lang === "pl" ? "," : ".";
      return sign + whole + (fraction ? point + fraction : "");
    },
    money(text, currency = "PLN") {
      return `${fmt.number(text, 2)} ${currency}`;
    },
    /** Seconds as "3 min 05 s" / "1 h 02 min". */
    duration(seconds) {
      if (seconds === null || seconds === undefined) return "—";
      const s = Math.round(Number(seconds));
      if (s < 60) return `${s} s`;
      const m = Math.floor(s / 60);
      if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
      return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
    },
  };

  function statusLabel(status) {
    return has(`panel.status.${status}`) ? t(`panel.status.${status}`) : status;
  }

  function jobLabel(status) {
    return has(`panel.job.${status}`) ? t(`panel.job.${status}`) : status;
  }

  function roleLabel(role) {
    return has(`panel.role.${role}`) ? t(`panel.role.${role}`) : role;
  }

  /** A state badge: <span class="state state-attention">Wymaga uwagi</span> */
  function statusBadge(status) {
    return el("span", { class: `state state-${status}` }, statusLabel(status));
  }

  /* ---- notices and confirmations ---------------------------------------------------- */

  /** Show a message in the page's live region; kind: info, success, warning, error. */
  function notice(message, kind = "info", { timeout } = {}) {
    const box = $("#notices");
    const item = el(
      "div",
      { class: `notice ${kind}`, role: kind === "error" ? "alert" : null },
      el("span", {}, message),
      el("button", { type: "button", class: "linkish dismiss", "aria-label": t("panel.dismiss"),
                     onclick: () => item.remove() }, "×"),
    );
    box.append(item);
    const wait = timeout === undefined ? (kind === "success" || kind === "info" ? 6000 : 0) : timeout;
    if (wait) setTimeout(() => item.remove(), wait);
    return item;
  }

  function showError(error) {
    if (error && error.name === "AbortError") return;
    notice(error && error.message ? error.message : String(error), "error");
  }

  /** A modal confirmation (a <dialog>); resolves true when confirmed. */
  function confirmAction(message, { confirmLabel, danger = false, details } = {}) {
    return new Promise((resolve) => {
      const dialog = el(
        "dialog",
        { class: "confirm", "aria-labelledby": "confirm-text" },
        el("p", { id: "confirm-text" }, message),
        details ? el("p", { class: "muted" }, details) : null,
        el(
          "div",
          { class: "actions" },
          el("button", { type: "button", class: "secondary", value: "cancel",
                         onclick: () => dialog.close("cancel") }, t("panel.cancel")),
          el("button", { type: "button", class: danger ? "danger" : "", value: "ok",
                         onclick: () => dialog.close("ok") }, confirmLabel || t("panel.confirm")),
        ),
      );
      dialog.addEventListener("close", () => {
        dialog.remove();
        resolve(dialog.returnValue === "ok");
      });
      document.body.append(dialog);
      dialog.showModal();
    });
  }

  /** Run an async action from a button: disabled while it runs, errors shown. */
  async function busy(button, action) {
    const label = button.textContent;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      return await action();
    } catch (error) {
      showError(error);
      return undefined;
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.textContent = label;
    }
  }

  /* ---- live events (Server-Sent Events) --------------------------------------------- */

  /** Subscribe to a Server-Sent Events stream: handlers by event name; reconnects by
   *  itself and shows when the live view is lost.  The browser reconnects a stream that
   *  ended; one the server refused (401, 406, 503…) it gives up on, so that one is opened
   *  again after `reconnectMs`, `onRefused` being called first (e.g. to read the state
   *  another way, or to learn from the API that the session ended).  Returns {close()}. */
  function live(path, handlers, { indicator, reconnectMs = 5000, onRefused } = {}) {
    let source = null;
    let timer = null;
    let lost = null;
    let closed = false;
    const show = (on) => {
      if (!indicator) return;
      indicator.textContent = t(on ? "panel.live.connected" : "panel.live.reconnecting");
      indicator.className = on ? "live on" : "live off";
    };
    const connect = () => {
      timer = null;
      source = new EventSource(path, { withCredentials: true });
      for (const [name, handler] of Object.entries(handlers)) {
        source.addEventListener(name, (event) => handler(JSON.parse(event.data), event));
      }
      source.addEventListener("open", () => {
        if (lost !== null) clearTimeout(lost);
        lost = null;
        show(true);
      });
      source.addEventListener("error", () => {
        // A stream the server ended on purpose is open again within seconds: only a
        // connection still lost after a few seconds is shown as lost.
        if (lost === null) {
          lost = setTimeout(() => {
            lost = null;
            if (!source || source.readyState !== EventSource.OPEN) show(false);
          }, 4000);
        }
        if (source.readyState !== EventSource.CLOSED || closed || timer !== null) return;
        if (onRefused) onRefused();
        timer = setTimeout(connect, reconnectMs);
      });
    };
    connect();
    return {
      close() {
        closed = true;
        if (timer !== null) clearTimeout(timer);
        if (lost !== null) clearTimeout(lost);
        if (source) source.close();
      },
    };
  }

  /* ---- the header: language switch and logout --------------------------------------- */

  function setup() {
    const switcher = $("#language-switch");
    if (switcher) {
      switcher.addEventListener("click", () => {
        document.cookie = `kolektor_lang=${switcher.dataset.lang}; path=/; max-age=31536000; SameSite=Strict`;
        window.location.reload();
      });
    }
    const logout = $("#logout");
    if (logout) {
      logout.addEventListener("click", () =>
        busy(logout, async () => {
          await api("DELETE", "/api/session", undefined, { noReload: true });
          window.location.reload();
        }),
      );
    }
  }

  setup();

  return {
    page, lang, t, has, api, ApiError, el, append, clear, $, fmt, statusLabel, jobLabel, roleLabel,
    statusBadge, notice, showError, confirm: confirmAction, busy, live,
  };
})();
