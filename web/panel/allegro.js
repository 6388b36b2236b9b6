/* Allegro accounts (/panel/allegro, admin only): the seller accounts Kolektor ships with, and
 * connecting one by Allegro's device flow — all through /api/allegro/accounts (docs/api.md,
 * "Allegro accounts").
 *
 * Connecting: the server asks Allegro for a code and answers it with the link; the page shows
 * the code big, the link (a new tab), a countdown to the code's expiry, and asks
 * `…/poll` — first after `interval` seconds, then after each answer's `retry_after`, never
 * sooner — showing each answer's message live until the account is connected (a notice, the
 * table refreshed), denied or expired (the message and "Spróbuj ponownie").  A failed poll
 * that can help later (429, Allegro or the network down) is tried again after `retry_after`
 * or the interval; one that cannot is shown with "Spróbuj ponownie".
 *
 * K.page.allegro = {configured, environment}: without an application the page shows what to
 * put in kolektor.toml instead of the form (also after a 409 allegro_not_configured). */
"use strict";

(() => {
  const settings = K.page.allegro || { configured: false, environment: null };
  const RECONNECTABLE = new Set(["needs_login", "denied", "expired", "disconnected"]);
  const ENDED = new Set(["denied", "expired"]);

  let accounts = [];
  let flow = null;
  let generation = 0;

  /* ---- small helpers ------------------------------------------------------------------- */

  function text(prefix, value) {
    const key = `${prefix}.${value}`;
    return K.has(key) ? K.t(key) : String(value);
  }

  function stateBadge(state) {
    return K.el("span", { class: `state allegro-${state}`, dataset: { state } },
                text("panel.allegro.state", state));
  }

  function button(label, onclick, { kind = "secondary", name, aria } = {}) {
    return K.el("button", { type: "button", class: `small ${kind}`, dataset: { action: name },
                            "aria-label": aria, onclick }, label);
  }

  /* ---- the accounts table -------------------------------------------------------------- */

  async function loadAccounts() {
    const answer = await K.api("GET", "/api/allegro/accounts");
    accounts = answer.accounts;
    renderAccounts();
  }

  function actionsOf(account) {
    const buttons = [];
    const label = (key) => K.t("panel.allegro.action_for", { action: K.t(key), name: account.name });
    if (settings.configured && account.state === "pending" && account.user_code) {
      buttons.push(button(K.t("panel.allegro.show_code"), () => startFlow({
        account,
        user_code: account.user_code,
        verification_uri_complete: account.verification_uri_complete,
        expires_at: account.device_expires_at,
        interval: account.interval,
      }), { kind: "", name: "show-code", aria: label("panel.allegro.show_code") }));
    }
    if (settings.configured && RECONNECTABLE.has(account.state)) {
      const again = button(K.t("panel.allegro.reconnect"), () => K.busy(again, () => connectAgain(account)),
                           { kind: "", name: "reconnect", aria: label("panel.allegro.reconnect") });
      buttons.push(again);
    }
    if (account.state !== "disconnected") {
      const off = button(K.t("panel.allegro.disconnect"), () => disconnect(account, off),
                         { kind: "danger", name: "disconnect", aria: label("panel.allegro.disconnect") });
      buttons.push(off);
    }
    if (!buttons.length) return "—";
    return K.el("div", { class: "row-actions", role: "group",
                         "aria-label": K.t("panel.allegro.actions_of", { name: account.name }) }, buttons);
  }

  function renderAccounts() {
    const body = K.clear(K.$("#accounts tbody"));
    for (const account of accounts) {
      const connected = account.state === "connected";
      body.append(K.el(
        "tr", { dataset: { accountId: account.id, state: account.state } },
        K.el("th", { scope: "row" }, account.name),
        K.el("td", {}, text("panel.allegro.environment", account.environment)),
        K.el("td", {}, stateBadge(account.state)),
        K.el("td", { class: "mono" }, account.login || "—"),
        K.el("td", { class: "nowrap" }, connected ? K.fmt.dateTime(account.access_expires_at) : "—"),
        K.el("td", { class: account.last_error ? "error-text" : "" }, account.last_error || "—"),
        K.el("td", {}, actionsOf(account)),
      ));
    }
    const connected = accounts.filter((account) => account.state === "connected").length;
    K.$("#accounts-caption").textContent = K.t("panel.allegro.caption", { n: accounts.length, connected });
    K.$("#accounts-loading").hidden = true;
    K.$("#accounts-wrap").hidden = accounts.length === 0;
    K.$("#accounts-empty").hidden = accounts.length !== 0;
  }

  async function disconnect(account, trigger) {
    const confirmed = await K.confirm(K.t("panel.allegro.disconnect_confirm", { name: account.name }),
                                      { confirmLabel: K.t("panel.allegro.disconnect"), danger: true });
    if (!confirmed) return;
    await K.busy(trigger, async () => {
      await K.api("DELETE", `/api/allegro/accounts/${account.id}`);
      if (flow && flow.id === account.id) closeFlow();
      K.notice(K.t("panel.allegro.disconnected", { name: account.name }), "success");
      await loadAccounts();
      K.$("#accounts-title").focus();
    });
  }

  /* ---- Allegro not configured ---------------------------------------------------------- */

  function showSetup() {
    settings.configured = false;
    stopFlow();
    K.$("#flow").hidden = true;
    const card = K.$("#connect-card");
    if (card) card.hidden = true;
    K.$("#setup-card").hidden = false;
    renderAccounts();
  }

  /* ---- the device flow ----------------------------------------------------------------- */

  /** Stop polling and counting down (the panel stays as it is). */
  function stopFlow() {
    generation += 1;
    if (!flow) return;
    clearTimeout(flow.pollTimer);
    clearInterval(flow.countdownTimer);
    flow.pollTimer = null;
    flow.countdownTimer = null;
  }

  function closeFlow() {
    stopFlow();
    flow = null;
    K.$("#flow").hidden = true;
  }

  function showMessage(message, kind) {
    const box = K.$("#flow-message");
    box.className = `flow-message ${kind}`;
    box.textContent = message;
  }

  function countdown() {
    const left = Math.round((flow.expiresAt - Date.now()) / 1000);
    const box = K.$("#flow-countdown");
    if (!(left > 0)) {
      clearInterval(flow.countdownTimer);
      flow.countdownTimer = null;
      box.textContent = K.t("panel.allegro.flow.code_expired");
      box.classList.add("expired");
      return;
    }
    box.classList.remove("expired");
    box.textContent = K.t("panel.allegro.flow.valid_for", { time: K.fmt.duration(left) });
  }

  /** Show a started (or still pending) flow — `started` as `POST …/accounts` answers it —
   *  and poll it. */
  function startFlow(started) {
    stopFlow();
    const mine = generation;
    flow = {
      id: started.account.id,
      name: started.account.name,
      code: started.user_code,
      interval: Math.max(1, Number(started.interval) || 5),
      expiresAt: Date.parse(started.expires_at),
      generation: mine,
      pollTimer: null,
      countdownTimer: null,
    };
    const section = K.$("#flow");
    section.hidden = false;
    section.classList.remove("ended");
    section.dataset.accountId = String(flow.id);
    K.$("#flow-title").textContent = K.t("panel.allegro.flow.title", { name: flow.name });
    const link = K.$("#flow-link");
    link.href = started.verification_uri_complete;
    K.$("#flow-url").textContent = started.verification_uri_complete;
    K.$("#flow-code").textContent = flow.code;
    K.$("#flow-retry").hidden = true;
    showMessage(K.t("panel.allegro.flow.waiting"), "info");
    countdown();
    flow.countdownTimer = setInterval(countdown, 1000);
    schedulePoll(flow.interval);
    K.$("#flow-title").focus();
  }

  function schedulePoll(seconds) {
    const mine = flow.generation;
    flow.pollTimer = setTimeout(() => poll(mine), Math.max(1, Number(seconds) || flow.interval) * 1000);
  }

  function current(mine) {
    return flow !== null && flow.generation === mine && generation === mine;
  }

  async function poll(mine) {
    if (!current(mine)) return;
    flow.pollTimer = null;
    let answer;
    try {
      answer = await K.api("POST", `/api/allegro/accounts/${flow.id}/poll`);
    } catch (error) {
      if (current(mine)) pollFailed(error);
      return;
    }
    if (current(mine)) pollAnswered(answer);
  }

  function pollAnswered(answer) {
    if (answer.state === "pending") {
      showMessage(answer.message, "info");
      schedulePoll(answer.retry_after);
      return;
    }
    if (answer.state === "connected") {
      closeFlow();
      K.notice(answer.message, "success");
    } else {
      endFlow(answer.message, ENDED.has(answer.state) || RECONNECTABLE.has(answer.state));
    }
    loadAccounts().catch(K.showError);
  }

  function pollFailed(error) {
    if (!(error instanceof K.ApiError)) {
      K.showError(error);
      endFlow("", true);
      return;
    }
    const body = error.body || {};
    if (error.code === "allegro_not_configured") {
      showSetup();
      K.notice(error.message, "error");
      return;
    }
    if (error.status === 404) {
      closeFlow();
      K.notice(error.message, "error");
      loadAccounts().catch(K.showError);
      return;
    }
    const passing = error.status === 0 || error.status === 429 || error.status === 503
      || (error.status === 502 && body.retryable === true);
    if (passing) {
      const wait = Math.max(flow.interval, Math.ceil(Number(body.retry_after) || 0));
      // Allegro's 429 message names the wait itself.
      const said = error.status === 429 ? error.message
        : K.t("panel.allegro.flow.trying_again", { message: error.message, seconds: wait });
      showMessage(said, "warning");
      schedulePoll(wait);
      return;
    }
    endFlow(error.message, true);
  }

  /** The flow is over without a connection: its message, and "Spróbuj ponownie". */
  function endFlow(message, canRetry) {
    stopFlow();
    K.$("#flow").classList.add("ended");
    K.$("#flow-countdown").textContent = "";
    showMessage(message, "error");
    const retry = K.$("#flow-retry");
    retry.hidden = !canRetry;
    if (canRetry) retry.focus();
  }

  async function connectAgain(account) {
    try {
      const started = await K.api("POST", `/api/allegro/accounts/${account.id}/connect`);
      startFlow(started);
    } catch (error) {
      if (error instanceof K.ApiError && error.code === "allegro_not_configured") {
        showSetup();
      }
      throw error;
    } finally {
      loadAccounts().catch(K.showError);
    }
  }

  async function copyCode() {
    const code = flow ? flow.code : K.$("#flow-code").textContent;
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(code);
        K.notice(K.t("panel.allegro.flow.copied", { code }), "success");
        return;
      } catch (_) {
        /* refused (no permission, page not focused): select it for Ctrl+C instead */
      }
    }
    const range = document.createRange();
    range.selectNodeContents(K.$("#flow-code"));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    K.notice(K.t("panel.allegro.flow.copy_failed"), "warning");
  }

  /* ---- the connect form ---------------------------------------------------------------- */

  function nameError(message) {
    const input = K.$("#connect-name");
    const error = K.$("#connect-name-error");
    error.textContent = message || "";
    error.hidden = !message;
    if (message) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", "connect-name-hint connect-name-error");
      input.focus();
    } else {
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", "connect-name-hint");
    }
  }

  function generalError(message) {
    const box = K.$("#connect-error");
    box.textContent = message || "";
    box.hidden = !message;
  }

  function setupForm() {
    const form = K.$("#connect-form");
    if (!form) return;
    const submit = K.$("#connect-submit");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      nameError(null);
      generalError(null);
      const name = K.$("#connect-name").value.trim();
      if (!name) {
        nameError(K.t("panel.allegro.connect.name_empty"));
        return;
      }
      await K.busy(submit, async () => {
        submit.textContent = K.t("panel.allegro.connect.starting");
        try {
          const started = await K.api("POST", "/api/allegro/accounts",
                                      { name, environment: settings.environment });
          form.reset();
          startFlow(started);
          await loadAccounts();
        } catch (error) {
          if (!(error instanceof K.ApiError)) throw error;
          if (error.code === "allegro_not_configured") {
            showSetup();
            K.notice(error.message, "error");
          } else if (error.body && error.body.field === "name") {
            nameError(error.message);
          } else {
            generalError(error.message);
          }
        }
      });
    });
  }

  /* ---- start ----------------------------------------------------------------------------- */

  setupForm();
  K.$("#flow-copy").addEventListener("click", () => copyCode().catch(K.showError));
  K.$("#flow-close").addEventListener("click", () => {
    closeFlow();
    K.$("#accounts-title").focus();
  });
  const retry = K.$("#flow-retry");
  retry.addEventListener("click", () => {
    if (!flow) return;
    const account = { id: flow.id, name: flow.name };
    K.busy(retry, () => connectAgain(account));
  });
  loadAccounts().catch((error) => {
    K.$("#accounts-loading").hidden = true;
    K.showError(error);
  });
})();
