/* The audit log: who changed what and when (GET /api/audit; docs/api.md, "Audit log").
 *
 * The filters live in the address (?actor=…&action=…&target=…&from=…&to=…), so a filtered
 * view can be bookmarked or opened from elsewhere (the operators page links each operator's
 * history here).  Entries come newest first, 50 at a time; "Pokaż starsze" asks for the
 * next page by key (`before`).  Each entry is told in words — known actions in the reader's
 * language, unknown ones by their name — and its raw details can be unfolded. */
"use strict";

(() => {
  const PAGE = 50;
  const form = K.$("#audit-filters");
  const inputs = {
    actor: K.$("#filter-actor"),
    action: K.$("#filter-action"),
    target: K.$("#filter-target"),
    from: K.$("#filter-from"),
    to: K.$("#filter-to"),
  };
  const tbody = K.$("#audit tbody");
  const older = K.$("#audit-older");
  let next = null;
  let shown = 0;
  let request = null;

  /* ---- filters <-> the address ----------------------------------------------------------- */

  function readAddress() {
    const params = new URLSearchParams(window.location.search);
    for (const [name, input] of Object.entries(inputs)) {
      const value = params.get(name) || "";
      if (input.tagName === "SELECT" && value && !input.querySelector(`option[value="${CSS.escape(value)}"]`)) {
        input.append(K.el("option", { value }, value));  // an action prefix from a link
      }
      input.value = value;
    }
  }

  function writeAddress() {
    const params = new URLSearchParams();
    for (const [name, input] of Object.entries(inputs)) {
      if (input.value.trim()) params.set(name, input.value.trim());
    }
    const query = params.toString();
    const address = `${window.location.pathname}${query ? `?${query}` : ""}`;
    if (address !== `${window.location.pathname}${window.location.search}`) {
      window.history.pushState(null, "", address);
    }
  }

  /** A date field (YYYY-MM-DD, the reader's day) as the moment it starts, ISO with offset. */
  function dayStart(value, plusDays = 0) {
    const [year, month, day] = value.split("-").map(Number);
    return new Date(year, month - 1, day + plusDays).toISOString();
  }

  function query(before) {
    const params = new URLSearchParams({ limit: String(PAGE) });
    for (const name of ["actor", "action", "target"]) {
      if (inputs[name].value.trim()) params.set(name, inputs[name].value.trim());
    }
    if (inputs.from.value) params.set("from", dayStart(inputs.from.value));
    if (inputs.to.value) params.set("to", dayStart(inputs.to.value, 1));  // the whole last day
    if (before) params.set("before", String(before));
    return `/api/audit?${params}`;
  }

  /* ---- telling an entry in words --------------------------------------------------------- */

  /** `operator:anna` → anna; `source:10.0.0.7` → "adres 10.0.0.7"; `cli` → "wiersz poleceń";
   *  `demo` → the demo's preparation. */
  function whoText(actor) {
    if (!actor) return "—";
    const colon = actor.indexOf(":");
    const kind = colon < 0 ? actor : actor.slice(0, colon);
    const rest = colon < 0 ? "" : actor.slice(colon + 1);
    if (kind === "operator") return rest;
    if (kind === "source") return K.t("panel.audit.actor.source", { address: rest });
    if (kind === "cli") return K.t("panel.audit.actor.cli");
    if (kind === "demo") return K.t("panel.audit.actor.demo");
    if (kind === "worker") return K.t("panel.audit.actor.worker", { name: rest });
    return actor;
  }

  function operatorOf(target) {
    return target && target.startsWith("operator:") ? target.slice("operator:".length) : target || "—";
  }

  function settingName(key) {
    return K.has(`panel.audit.setting.${key}`) ? K.t(`panel.audit.setting.${key}`) : key;
  }

  /** A setting's value in a few words: roles by name, rule sets by count, else short JSON. */
  function valueText(key, value) {
    if (value === null || value === undefined) return K.t("panel.audit.value.none");
    if (typeof value === "string") return value;  // "(ukryte)" for a secret
    if (key === "document_rules" && Array.isArray(value)) return K.t("panel.audit.value.rules", { n: value.length });
    if (key === "manual_quantity" && value && Array.isArray(value.roles)) {
      return value.roles.length ? value.roles.map(K.roleLabel).join(", ") : K.t("panel.audit.value.nobody");
    }
    const text = JSON.stringify(value);
    return text.length > 140 ? `${text.slice(0, 139)}…` : text;
  }

  /** How a login was tried: password, basic, login+pin, badge+pin, badge, authorization. */
  function methodText(method) {
    const key = `panel.audit.method.${String(method).replace("+", "_")}`;
    return K.has(key) ? K.t(key) : String(method || "—");
  }

  function failedWho(target) {
    if (!target) return "—";
    if (target.startsWith("operator:")) return operatorOf(target);
    if (target.startsWith("login:")) return K.t("panel.audit.unknown_login", { login: target.slice(6) });
    if (target.startsWith("badge:")) return K.t("panel.audit.unknown_badge", { hint: target.slice(6) });
    return target;
  }

  function operatorChanges(details) {
    const parts = [];
    if ("name" in details) parts.push(K.t("panel.audit.change.name", { name: details.name }));
    if ("role" in details) parts.push(K.t("panel.audit.change.role", { role: K.roleLabel(details.role) }));
    if ("active" in details) parts.push(K.t(details.active ? "panel.audit.change.activated" : "panel.audit.change.deactivated"));
    for (const secret of ["password", "pin"]) {
      if (secret in details) parts.push(K.t(`panel.audit.change.${secret}_${details[secret] === "removed" ? "removed" : "changed"}`));
    }
    if ("badge" in details) {
      parts.push(details.badge ? K.t("panel.audit.change.badge", { hint: details.badge })
                               : K.t("panel.audit.change.badge_removed"));
    }
    if ("badge_only" in details) parts.push(K.t(details.badge_only ? "panel.audit.change.badge_only_on" : "panel.audit.change.badge_only_off"));
    return parts.length ? parts.join("; ") : K.t("panel.audit.change.nothing");
  }

  function createdCredentials(details) {
    const parts = [K.roleLabel(details.role)];
    if (details.password) parts.push(K.t("panel.audit.created.password"));
    if (details.pin) parts.push(K.t("panel.audit.created.pin"));
    if (details.badge) parts.push(K.t("panel.audit.created.badge", { hint: details.badge }));
    if (details.badge_only) parts.push(K.t("panel.audit.created.badge_only"));
    if (details.active === false) parts.push(K.t("panel.audit.created.inactive"));
    return parts.join(", ");
  }

  function orderLink(entry) {
    const id = entry.target && entry.target.startsWith("order:") ? entry.target.slice(6) : null;
    const number = (entry.details && entry.details.number) || (id ? `#${id}` : "—");
    return id && /^\d+$/.test(id) ? K.el("a", { href: `/panel/orders/${id}` }, number) : number;
  }

  /** Text (with links where useful) telling what the entry records. */
  function describe(entry) {
    const d = entry.details || {};
    const who = operatorOf(entry.target);
    switch (entry.action) {
      case "setting.changed":
        if (entry.target === "document_rules") {
          return K.t("panel.audit.text.rules_saved", { old: valueText("document_rules", d.old),
                                                       new: valueText("document_rules", d.new) });
        }
        return K.t(d.created ? "panel.audit.text.setting_created" : "panel.audit.text.setting_changed",
                   { key: settingName(d.key || entry.target), old: valueText(d.key, d.old), new: valueText(d.key, d.new) });
      case "rules.restored":
        return d.version_at
          ? K.t("panel.audit.text.rules_restored", { at: K.fmt.dateTime(d.version_at), who: whoText(d.version_actor) })
          : K.t("panel.audit.text.rules_defaults");
      case "operator.created":
        return K.t("panel.audit.text.operator_created", { login: who, what: createdCredentials(d) });
      case "operator.changed":
        return K.t("panel.audit.text.operator_changed", { login: who, what: operatorChanges(d) });
      case "operator.badge_printed":
        return K.t(d.format === "sheet" ? "panel.audit.text.badge_sheet" : "panel.audit.text.badge_label",
                   { login: who, hint: d.badge || "—" });
      case "sessions.ended":
        return K.t("panel.audit.text.sessions_ended", { login: who, n: Number(d.count || 0) });
      case "login.failed":
        return d.failures
          ? K.t("panel.audit.text.login_failed_count", { who: failedWho(entry.target), method: methodText(d.method), n: d.failures })
          : K.t("panel.audit.text.login_failed", { who: failedWho(entry.target), method: methodText(d.method) });
      case "login.locked":
        return K.t("panel.audit.text.login_locked", { login: who, until: K.fmt.dateTime(d.until) });
      case "login.source_blocked":
        return K.t("panel.audit.text.source_blocked", { who: whoText(entry.actor) });
      case "login.unlocked":
        return K.t("panel.audit.text.login_unlocked", { login: who });
      case "order.retried":
        return [K.t("panel.audit.text.order_retried", { step: K.statusLabel(d.step) }), " ", orderLink(entry)];
      case "order.skipped":
        return [K.t("panel.audit.text.order_skipped", { step: K.statusLabel(d.step) }), " ", orderLink(entry)];
      case "order.held":
        return [K.t("panel.audit.text.order_held"), " ", orderLink(entry),
                d.note ? ` — ${K.t("panel.audit.text.note", { note: d.note })}` : ""];
      case "order.sent_back":
        return [K.t("panel.audit.text.order_sent_back"), " ", orderLink(entry),
                d.note ? ` — ${K.t("panel.audit.text.note", { note: d.note })}` : ""];
      case "printer.created":
      case "printer.changed":
      case "printer.deleted":
      case "station.created":
      case "station.changed":
      case "station.deleted":
        return K.t(`panel.audit.text.${entry.action.replace(".", "_")}`, { name: d.name || "—" });
      case "device.station_set":
        return d.station
          ? K.t("panel.audit.text.device_station_set", { device: entry.target.replace(/^device:/, ""), station: d.station })
          : K.t("panel.audit.text.device_station_cleared", { device: entry.target.replace(/^device:/, "") });
      case "shipment.reprinted":
        return [K.t("panel.audit.text.shipment_reprinted", { n: Number(d.labels || 0), printer: d.printer || "—" }),
                " ", orderLink(entry)];
      case "shipment.cancelled":
        return [K.t("panel.audit.text.shipment_cancelled"), " ", orderLink(entry)];
      default:
        return entry.target ? K.t("panel.audit.text.other_about", { action: entry.action, target: entry.target })
                            : K.t("panel.audit.text.other", { action: entry.action });
    }
  }

  function actorCell(entry) {
    const text = whoText(entry.actor);
    const href = `${window.location.pathname}?actor=${encodeURIComponent(entry.actor)}`;
    return K.el("a", { href, title: K.t("panel.audit.only_actor", { who: text }) }, text);
  }

  function detailsCell(entry) {
    if (!entry.details) return K.el("span", { class: "muted" }, "—");
    return K.el("details", {},
      K.el("summary", {}, K.t("panel.audit.raw")),
      K.el("pre", { class: "raw" }, JSON.stringify(entry.details, null, 2)),
      entry.target ? K.el("p", { class: "muted" }, K.t("panel.audit.raw_target", { target: entry.target, action: entry.action })) : null);
  }

  function row(entry) {
    return K.el("tr", { dataset: { id: entry.id, action: entry.action } },
      K.el("td", { class: "nowrap" }, K.el("time", { datetime: entry.at }, K.fmt.dateTime(entry.at))),
      K.el("td", {}, actorCell(entry)),
      K.el("td", { class: "audit-what" }, describe(entry)),
      K.el("td", {}, detailsCell(entry)));
  }

  /* ---- loading ----------------------------------------------------------------------------- */

  async function load({ more = false } = {}) {
    if (request) request.abort();
    request = new AbortController();
    const path = query(more ? next : null);
    const answer = await K.api("GET", path, undefined, { signal: request.signal });
    if (!more) {
      K.clear(tbody);
      shown = 0;
    }
    for (const entry of answer.entries) tbody.append(row(entry));
    shown += answer.entries.length;
    next = answer.next;
    K.$("#audit-loading").hidden = true;
    K.$("#audit-wrap").hidden = shown === 0;
    K.$("#audit-empty").hidden = shown !== 0;
    older.hidden = next === null;
    K.$("#audit-caption").textContent = K.t(next === null ? "panel.audit.caption_all" : "panel.audit.caption_more", { n: shown });
  }

  function showFilterError(error) {
    const box = K.$("#filter-error");
    box.textContent = error.message;
    box.hidden = false;
  }

  /** Whether the dates make a range; if not, says so beside the form. */
  function rangeOk() {
    K.$("#filter-error").hidden = true;
    inputs.to.removeAttribute("aria-invalid");
    if (inputs.from.value && inputs.to.value && inputs.from.value > inputs.to.value) {
      showFilterError(new Error(K.t("panel.audit.filter.range_wrong")));
      inputs.to.setAttribute("aria-invalid", "true");
      inputs.to.setAttribute("aria-describedby", "filter-to-hint filter-error");
      inputs.to.focus();
      return false;
    }
    inputs.to.setAttribute("aria-describedby", "filter-to-hint");
    return true;
  }

  async function apply() {
    if (!rangeOk()) return;
    try {
      await load();
    } catch (error) {
      if (error && error.name === "AbortError") return;
      if (error instanceof K.ApiError && error.code === "bad_parameter") showFilterError(error);
      else K.showError(error);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!rangeOk()) return;
    writeAddress();
    K.busy(K.$("#filter-apply"), apply);
  });
  K.$("#filter-clear").addEventListener("click", () => {
    for (const input of Object.values(inputs)) input.value = "";
    writeAddress();
    apply();
  });
  older.addEventListener("click", () => K.busy(older, () => load({ more: true })));
  window.addEventListener("popstate", () => {
    readAddress();
    apply();
  });

  readAddress();
  apply();
})();
