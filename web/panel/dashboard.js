/* The dashboard (/panel): counts per state, the orders waiting for the office with one-click
 * retry, skip (office and admin) and send back to picking, who is picking what, and the
 * health of Subiekt, the store and the services — kept current by the live stream
 * GET /api/events (docs/api.md, "Dashboard"); when the server refuses the stream, the
 * state is read once from GET /api/dashboard and the stream is tried again.
 *
 * An order that enters `attention` or `problem` arrives as an `alert`: its row flashes, a
 * notice says why, and — when the office switched the sound on (remembered in this
 * browser) — a short tone is played (generated with the Web Audio API; browsers allow
 * sound only after the first click or key press on the page).
 */
"use strict";

(() => {
  const TILES = [
    "new", "picking", "picked", "packed", "label", "realize", "document", "print", "email",
    "allegro", "done_today", "attention", "problem", "held", "done", "gone",
  ];
  const URGENT = new Set(["attention", "problem"]);
  const SKIPPERS = new Set(["office", "admin"]);
  const SOUND_KEY = "kolektor.panel.alert-sound";
  const FLASH_MS = 4000;

  const role = K.page.operator ? K.page.operator.role : null;
  const baseTitle = document.title;
  const tiles = K.$("#tiles");
  const needsBody = K.$("#needs tbody");
  const needsWrap = K.$("#needs-wrap");
  const needsSummary = K.$("#needs-summary");
  const pickingBody = K.$("#picking tbody");
  const pickingWrap = K.$("#picking-wrap");
  const pickingEmpty = K.$("#picking-empty");
  const health = K.$("#health");
  const updated = K.$("#updated");
  const storeDown = K.$("#store-down");
  const soundToggle = K.$("#sound-toggle");

  const flashing = new Map(); // order id → when its flash ends

  /* ---- rendering ------------------------------------------------------------------- */

  function tileFor(key, body) {
    const isToday = key === "done_today";
    const count = isToday ? body.done_today : body.counts[key] || 0;
    const status = isToday ? "done" : key;
    const label = isToday ? K.t("panel.dashboard.done_today") : K.statusLabel(key);
    let kind = "";
    if (URGENT.has(key) && count > 0) kind = " alert";
    else if (key === "held" && count > 0) kind = " warn";
    return K.el(
      "li",
      {},
      K.el(
        "a",
        {
          class: `tile tile-${key}${kind}`,
          href: `/panel/orders?status=${encodeURIComponent(status)}`,
          "aria-label": K.t("panel.dashboard.tile_label", { label, count }),
          dataset: { tile: key },
        },
        K.el("span", { class: "count" }, K.fmt.number(String(count))),
        K.el("span", { class: "tile-label" }, label),
      ),
    );
  }

  function renderTiles(body) {
    K.clear(tiles).append(...TILES.map((key) => tileFor(key, body)));
  }

  function stepLabel(step) {
    return K.statusLabel(step);
  }

  function reasonCell(order) {
    const cell = K.el("td", { class: "reason" }, order.status_reason || K.t("panel.dashboard.no_reason"));
    const failed = order.failed_step;
    if (failed) {
      cell.append(
        K.el(
          "div",
          { class: "muted small-text" },
          K.t("panel.dashboard.failed_step", {
            step: stepLabel(failed.step),
            status: K.jobLabel(failed.status),
            attempts: failed.attempts,
          }),
        ),
      );
      if (failed.error && !(order.status_reason || "").includes(failed.error)) {
        cell.append(K.el("div", { class: "muted small-text" }, failed.error));
      }
    }
    return cell;
  }

  function actionsCell(order) {
    const cell = K.el("td", { class: "actions-cell" });
    const failed = order.failed_step;
    if (order.status === "attention" && failed) {
      const step = stepLabel(failed.step);
      const retryButton = K.el(
        "button",
        {
          type: "button",
          class: "small",
          "aria-label": K.t("panel.dashboard.retry_label", { step, number: order.number }),
          dataset: { action: "retry", order: order.id },
        },
        K.t("panel.retry"),
      );
      retryButton.addEventListener("click", () => retry(order, retryButton));
      cell.append(retryButton);
      if (SKIPPERS.has(role)) {
        const skipButton = K.el(
          "button",
          {
            type: "button",
            class: "small secondary",
            "aria-label": K.t("panel.dashboard.skip_label", { step, number: order.number }),
            dataset: { action: "skip", order: order.id },
          },
          K.t("panel.dashboard.skip"),
        );
        skipButton.addEventListener("click", () => skip(order, skipButton));
        cell.append(" ", skipButton);
      }
      cell.append(" ");
    }
    if (order.status === "problem") {
      const sendBackButton = K.el(
        "button",
        {
          type: "button",
          class: "small",
          "aria-label": K.t("panel.dashboard.send_back_label", { number: order.number }),
          dataset: { action: "send-back", order: order.id },
        },
        K.t("panel.dashboard.send_back"),
      );
      sendBackButton.addEventListener("click", () => sendBack(order, sendBackButton));
      cell.append(sendBackButton, " ");
    }
    cell.append(
      K.el(
        "a",
        {
          href: `/panel/orders/${order.id}`,
          class: "button small secondary",
          "aria-label": K.t("panel.dashboard.open_label", { number: order.number }),
          dataset: { action: "open", order: order.id },
        },
        K.t("panel.dashboard.open"),
      ),
    );
    return cell;
  }

  function timeElement(iso) {
    return K.el("time", { datetime: iso }, K.fmt.dateTime(iso));
  }

  function needsRow(order) {
    const row = K.el(
      "tr",
      { class: `needs-${order.status}`, dataset: { order: order.id } },
      K.el(
        "td",
        {},
        K.el("a", { href: `/panel/orders/${order.id}` }, order.number),
        order.customer_name ? K.el("div", { class: "muted small-text" }, order.customer_name) : null,
      ),
      K.el("td", {}, K.statusBadge(order.status)),
      reasonCell(order),
      K.el("td", { class: "nowrap" }, timeElement(order.status_changed_at)),
      actionsCell(order),
    );
    if ((flashing.get(order.id) || 0) > Date.now()) row.classList.add("flash");
    return row;
  }

  /** Rebuild a table body, keeping the keyboard focus on the same action of the same row. */
  function replaceRows(tbody, rows) {
    const active = document.activeElement;
    const focused =
      active && tbody.contains(active) && active.dataset
        ? { action: active.dataset.action, order: active.dataset.order }
        : null;
    K.clear(tbody).append(...rows);
    if (focused && focused.action) {
      const again = tbody.querySelector(
        `[data-action="${focused.action}"][data-order="${CSS.escape(String(focused.order))}"]`,
      );
      if (again) again.focus();
    }
  }

  function renderNeeds(body) {
    const { total, orders } = body.needs_person;
    const summary = [
      total === 0 ? K.t("panel.dashboard.needs.empty") : K.t("panel.dashboard.needs.total", { total }),
    ];
    if (orders.length < total) summary.push(K.t("panel.dashboard.needs.shown", { shown: orders.length }));
    needsSummary.textContent = summary.join(" ");
    needsWrap.hidden = orders.length === 0;
    replaceRows(needsBody, orders.map(needsRow));
    document.title = total > 0 ? K.t("panel.dashboard.title_count", { count: total, title: baseTitle }) : baseTitle;
  }

  function pickingRow(entry) {
    const picked = Number(entry.picked);
    const ordered = Number(entry.ordered);
    return K.el(
      "tr",
      { dataset: { order: entry.order.id } },
      K.el("td", {}, entry.operator.name, K.el("div", { class: "muted small-text" }, entry.operator.login)),
      K.el(
        "td",
        {},
        K.el("a", { href: `/panel/orders/${entry.order.id}` }, entry.order.number),
        K.el("div", { class: "muted small-text" }, K.t("panel.dashboard.picking.lines", { lines: entry.order.lines })),
      ),
      K.el("td", {}, K.statusBadge(entry.order.status)),
      K.el(
        "td",
        { class: "progress-cell" },
        K.el("progress", { max: ordered > 0 ? ordered : 1, value: Math.min(picked, ordered > 0 ? ordered : 1) }),
        " ",
        K.t("panel.dashboard.picking.progress", {
          picked: K.fmt.number(entry.picked),
          ordered: K.fmt.number(entry.ordered),
        }),
      ),
      K.el("td", { class: "mono" }, entry.device_id || "—"),
      K.el(
        "td",
        { class: "nowrap" },
        entry.last_scan_at ? timeElement(entry.last_scan_at) : K.t("panel.dashboard.picking.no_scan"),
      ),
    );
  }

  function renderPicking(body) {
    const entries = body.picking_now;
    pickingEmpty.hidden = entries.length > 0;
    pickingWrap.hidden = entries.length === 0;
    replaceRows(pickingBody, entries.map(pickingRow));
  }

  function fact(name, value, kind, key) {
    return [
      K.el("dt", { dataset: { fact: key } }, name),
      K.el("dd", { class: kind ? `health-${kind}` : null, dataset: { fact: key } }, value),
    ];
  }

  function subiektState(intake, reachable) {
    if (reachable) return [K.t("panel.dashboard.health.reachable"), "ok"];
    if (!intake.last_success_at && !intake.consecutive_failures) {
      return [K.t("panel.dashboard.health.first_read"), "wait"];
    }
    return [K.t("panel.dashboard.health.unreachable", { failures: intake.consecutive_failures }), "bad"];
  }

  function serviceItem(name, service) {
    const label = K.has(`panel.dashboard.service.${name}`) ? K.t(`panel.dashboard.service.${name}`) : name;
    const stateKey = `panel.dashboard.service_state.${service.state}`;
    const state = K.has(stateKey) ? K.t(stateKey) : service.state;
    const text =
      service.state !== "running" && service.last_error
        ? K.t("panel.dashboard.service_error", { state, error: service.last_error })
        : state;
    const kind = service.state === "running" ? "ok" : service.state === "starting" ? "wait" : "bad";
    return K.el("li", { dataset: { service: name } }, `${label}: `, K.el("span", { class: `health-${kind}` }, text));
  }

  function renderHealth(body) {
    const intake = body.intake;
    const [subiekt, subiektKind] = subiektState(intake, body.subiekt_reachable);
    const lastRead = intake.last_success_at
      ? K.t("panel.dashboard.health.intake_result", {
          time: K.fmt.dateTime(intake.last_success_at),
          open: intake.last_result.open_orders,
          imported: intake.last_result.imported,
        })
      : K.t("panel.dashboard.health.never");
    const store = body.store.ok
      ? [K.t("panel.dashboard.health.store_ok"), "ok"]
      : [K.t("panel.dashboard.health.store_down", { error: body.store.error || "" }), "bad"];
    const services = Object.entries(body.services);
    K.clear(health).append(
      ...fact(K.t("panel.dashboard.health.subiekt"), subiekt, subiektKind, "subiekt"),
      ...fact(K.t("panel.dashboard.health.last_intake"), lastRead, null, "intake"),
      ...(intake.last_error && !body.subiekt_reachable
        ? fact(K.t("panel.dashboard.health.last_error"), intake.last_error, "bad", "intake-error")
        : []),
      ...fact(K.t("panel.dashboard.health.store"), store[0], store[1], "store"),
      ...fact(K.t("panel.dashboard.health.scanners"), K.fmt.number(String(body.scanners)), null, "scanners"),
      ...fact(
        K.t("panel.dashboard.health.services"),
        services.length
          ? K.el("ul", { class: "services" }, services.map(([name, service]) => serviceItem(name, service)))
          : K.t("panel.none"),
        null,
        "services",
      ),
    );
  }

  function render(body) {
    renderTiles(body);
    renderNeeds(body);
    renderPicking(body);
    renderHealth(body);
    storeDown.hidden = body.store.ok;
    updated.textContent = K.t("panel.dashboard.updated", { time: K.fmt.time(body.generated_at) });
  }

  async function refresh() {
    try {
      render(await K.api("GET", "/api/dashboard"));
    } catch (error) {
      K.showError(error);
    }
  }

  /* ---- actions --------------------------------------------------------------------- */

  function retry(order, button) {
    return K.busy(button, async () => {
      const answer = await K.api("POST", `/api/orders/${order.id}/retry`);
      K.notice(K.t("panel.dashboard.retried", { step: stepLabel(answer.retried), number: order.number }), "success");
      await refresh();
    });
  }

  function sendBack(order, button) {
    return K.busy(button, async () => {
      await K.api("POST", `/api/orders/${order.id}/send-back`);
      K.notice(K.t("panel.dashboard.sent_back", { number: order.number }), "success");
      await refresh();
    });
  }

  async function skip(order, button) {
    const step = stepLabel(order.failed_step.step);
    const sure = await K.confirm(K.t("panel.dashboard.skip_confirm", { step, number: order.number }), {
      confirmLabel: K.t("panel.dashboard.skip"),
      danger: true,
    });
    if (!sure) return undefined;
    return K.busy(button, async () => {
      const answer = await K.api("POST", `/api/orders/${order.id}/skip`);
      K.notice(K.t("panel.dashboard.skipped", { step: stepLabel(answer.skipped), number: order.number }), "success");
      await refresh();
    });
  }

  /* ---- alerts: flash, notice, sound ------------------------------------------------ */

  let audio = null;

  function soundWanted() {
    try {
      return window.localStorage.getItem(SOUND_KEY) === "on";
    } catch (_) {
      return false;
    }
  }

  /** The audio output, made (or resumed) only from a click or key press. */
  function unlockAudio() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    if (!audio) audio = new Context();
    if (audio.state === "suspended") audio.resume().catch(() => {});
    return audio;
  }

  function beep() {
    if (!soundWanted() || !audio) return;
    const start = audio.currentTime;
    for (const [offset, frequency] of [[0, 880], [0.22, 660]]) {
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.type = "sine";
      tone.frequency.value = frequency;
      volume.gain.setValueAtTime(0.0001, start + offset);
      volume.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.18);
      tone.connect(volume).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.2);
    }
  }

  function showSound() {
    const on = soundWanted();
    soundToggle.textContent = K.t(on ? "panel.dashboard.sound.disable" : "panel.dashboard.sound.enable");
  }

  soundToggle.addEventListener("click", () => {
    const on = !soundWanted();
    try {
      window.localStorage.setItem(SOUND_KEY, on ? "on" : "off");
    } catch (_) {
      /* storage refused (private mode): the choice lasts until the page is left */
    }
    showSound();
    if (on && unlockAudio()) beep();
  });
  for (const gesture of ["pointerdown", "keydown"]) {
    document.addEventListener(gesture, () => soundWanted() && unlockAudio(), { once: true, capture: true });
  }

  function flash(orderId) {
    flashing.set(orderId, Date.now() + FLASH_MS);
    const row = needsBody.querySelector(`tr[data-order="${CSS.escape(String(orderId))}"]`);
    if (row) {
      row.classList.remove("flash");
      void row.offsetWidth; // restart the animation
      row.classList.add("flash");
    }
    setTimeout(() => {
      flashing.delete(orderId);
      const still = needsBody.querySelector(`tr[data-order="${CSS.escape(String(orderId))}"]`);
      if (still) still.classList.remove("flash");
    }, FLASH_MS);
  }

  function onAlert(alert) {
    K.notice(
      K.t("panel.dashboard.alert", {
        number: alert.number,
        status: K.statusLabel(alert.status),
        reason: alert.reason || K.t("panel.dashboard.no_reason"),
      }),
      "warning",
      { timeout: 20000 },
    );
    flash(alert.id);
    beep();
  }

  /* ---- start ----------------------------------------------------------------------- */

  showSound();
  K.live("/api/events", { dashboard: render, alert: onAlert }, { indicator: K.$("#live"), onRefused: refresh });
})();
