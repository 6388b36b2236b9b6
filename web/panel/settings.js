/* Settings: the weighed-goods tolerance and the typed-quantity policy (GET /api/settings,
 * PUT /api/settings/<key>, admins only — everyone else sees them read-only), how the
 * server reads scanned codes (GET /api/scan/parser) and "Sprawdź kod" (POST /api/scan/try,
 * live as you type).  The server validates every value; its message is shown beside the
 * field it names (the `field` of an invalid_setting answer, e.g. units.kg.percent). */
"use strict";

(() => {
  const editable = Boolean(K.page.operator && K.page.operator.role === "admin");
  const SCANNER_ROLES = ["picker", "packer", "supervisor", "admin"];
  const ENTRY_PARTS = ["percent", "absolute", "decimals"];
  let rowCounter = 0;

  /* ---- small helpers ------------------------------------------------------------------ */

  /** "0.010" as the reader writes it ("0,010" in Polish). */
  function decimalShown(text) {
    if (text === undefined || text === null) return "";
    return K.lang === "pl" ? String(text).replace(".", ",") : String(text);
  }

  /** What the reader typed, as the API takes it: a decimal point, no spaces. */
  function decimalSent(text) {
    return text.trim().replace(/\s/g, "").replace(",", ".");
  }

  function errorSlot(id) {
    return K.el("p", { class: "field-error", id: `${id}-error`, hidden: true });
  }

  function markInvalid(input, message) {
    const slot = document.getElementById(`${input.id}-error`);
    slot.textContent = message;
    slot.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", slot.id);
    input.focus();
  }

  function clearInvalid(root) {
    for (const input of root.querySelectorAll("[aria-invalid]")) {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
    for (const slot of root.querySelectorAll(".field-error")) {
      slot.hidden = true;
      slot.textContent = "";
    }
  }

  function formError(box, message) {
    box.textContent = message;
    box.hidden = false;
  }

  async function save(key, value, form, onSaved, fieldInput, generalBox) {
    const button = form.querySelector("button[type=submit]");
    clearInvalid(form);
    await K.busy(button, async () => {
      button.textContent = K.t("panel.saving");
      try {
        const answer = await K.api("PUT", `/api/settings/${key}`, { value });
        onSaved(answer.value);
      } catch (error) {
        if (error instanceof K.ApiError && error.code === "invalid_setting") {
          const input = error.body.field ? fieldInput(error.body.field) : null;
          if (input) markInvalid(input, error.message);
          else formError(generalBox, error.message);
          return;
        }
        throw error;
      }
    });
  }

  /* ---- the tolerance ------------------------------------------------------------------ */

  const toleranceForm = K.$("#tolerance-form");
  const unitsBody = K.$("#tolerance-units");
  const productsBody = K.$("#tolerance-products");
  const toleranceError = K.$("#tolerance-error");
  const unitRows = [];
  const productRows = [];

  function entryCells(row, entry, describe) {
    return ENTRY_PARTS.map((part) => {
      const id = `${row.id}-${part}`;
      const value = part === "decimals" ? (entry.decimals ?? "") : decimalShown(entry[part]);
      const input = K.el("input", {
        id, value: String(value), class: part === "decimals" ? "narrow-number" : "number",
        inputmode: part === "decimals" ? "numeric" : "decimal", autocomplete: "off",
        maxlength: 20, disabled: !editable, dataset: { part },
      });
      row[part] = input;
      const label = K.el("label", { class: "sr-only", for: id });
      row.labels.push(() => {
        label.textContent = K.t("panel.settings.tolerance.cell", {
          column: K.t(`panel.settings.tolerance.col.${part}`), row: describe(),
        });
      });
      return K.el("td", {}, label, input, errorSlot(id));
    });
  }

  function removeCell(row, rows, body) {
    if (!editable) return K.el("td", {});
    const which = K.el("span", { class: "sr-only" });
    row.labels.push(() => {
      which.textContent = ` ${row.describe()}`;
    });
    return K.el(
      "td",
      {},
      K.el(
        "button",
        {
          type: "button", class: "secondary small", dataset: { remove: row.id },
          onclick: () => {
            rows.splice(rows.indexOf(row), 1);
            row.tr.remove();
            showEmpty();
            body.closest("form").querySelector("button[type=submit]").focus();
          },
        },
        K.t("panel.settings.tolerance.remove"),
        which,
      ),
    );
  }

  function refreshLabels(row) {
    for (const refresh of row.labels) refresh();
  }

  function addUnit(unit = "", entry = {}) {
    const row = { id: `unit-${++rowCounter}`, labels: [] };
    row.describe = () =>
      row.name.value.trim()
        ? K.t("panel.settings.tolerance.unit_named", { unit: row.name.value.trim() })
        : K.t("panel.settings.tolerance.unit_new");
    row.name = K.el("input", {
      id: `${row.id}-name`, value: unit, maxlength: 20, autocomplete: "off", spellcheck: "false",
      class: "unit-name", disabled: !editable, dataset: { part: "name" },
    });
    const nameLabel = K.el("label", { class: "sr-only", for: row.name.id });
    row.labels.push(() => {
      nameLabel.textContent = K.t("panel.settings.tolerance.cell", {
        column: K.t("panel.settings.tolerance.col.unit"), row: row.describe(),
      });
    });
    row.name.addEventListener("input", () => refreshLabels(row));
    const cells = entryCells(row, entry, row.describe);
    row.tr = K.el("tr", { class: "unit-row", dataset: { row: row.id } },
      K.el("td", {}, nameLabel, row.name, errorSlot(row.name.id)), cells,
      removeCell(row, unitRows, unitsBody));
    refreshLabels(row);
    unitRows.push(row);
    unitsBody.append(row.tr);
    showEmpty();
    return row;
  }

  function addProduct(entry = {}) {
    const row = { id: `product-${++rowCounter}`, labels: [] };
    const by = "product_id" in entry ? "product_id" : "symbol";
    row.describe = () =>
      row.key.value.trim()
        ? K.t("panel.settings.tolerance.product_named", { product: row.key.value.trim() })
        : K.t("panel.settings.tolerance.product_new");
    row.by = K.el(
      "select",
      { id: `${row.id}-by`, disabled: !editable, dataset: { part: "by" } },
      K.el("option", { value: "symbol" }, K.t("panel.settings.tolerance.by.symbol")),
      K.el("option", { value: "product_id" }, K.t("panel.settings.tolerance.by.product_id")),
    );
    row.by.value = by;
    row.key = K.el("input", {
      id: `${row.id}-key`, value: String(entry[by] ?? ""), maxlength: 20, autocomplete: "off",
      spellcheck: "false", disabled: !editable, dataset: { part: "key" },
    });
    const byLabel = K.el("label", { class: "sr-only", for: row.by.id });
    const keyLabel = K.el("label", { class: "sr-only", for: row.key.id });
    row.labels.push(() => {
      byLabel.textContent = K.t("panel.settings.tolerance.cell", {
        column: K.t("panel.settings.tolerance.col.by"), row: row.describe(),
      });
      keyLabel.textContent = K.t("panel.settings.tolerance.cell", {
        column: K.t("panel.settings.tolerance.col.product"), row: row.describe(),
      });
    });
    row.key.addEventListener("input", () => refreshLabels(row));
    const cells = entryCells(row, entry, row.describe);
    row.tr = K.el("tr", { class: "product-row", dataset: { row: row.id } },
      K.el("td", {}, byLabel, row.by, errorSlot(row.by.id)),
      K.el("td", {}, keyLabel, row.key, errorSlot(row.key.id)), cells,
      removeCell(row, productRows, productsBody));
    refreshLabels(row);
    productRows.push(row);
    productsBody.append(row.tr);
    showEmpty();
    return row;
  }

  /** A table without rows is not shown; a line says there is nothing in it. */
  function showEmpty() {
    for (const [rows, body, note] of [
      [unitRows, unitsBody, "#tolerance-units-empty"],
      [productRows, productsBody, "#tolerance-products-empty"],
    ]) {
      K.$(note).hidden = rows.length > 0;
      body.closest(".table-wrap").hidden = rows.length === 0;
    }
  }

  function entryValue(row) {
    const value = {};
    for (const part of ["percent", "absolute"]) {
      const text = decimalSent(row[part].value);
      if (text !== "") value[part] = text;
    }
    const decimals = row.decimals.value.trim();
    if (decimals !== "") value.decimals = /^[0-9]{1,3}$/.test(decimals) ? Number(decimals) : decimals;
    return value;
  }

  function showTolerance(value) {
    unitRows.length = 0;
    productRows.length = 0;
    K.clear(unitsBody);
    K.clear(productsBody);
    for (const [unit, entry] of Object.entries(value.units || {})) addUnit(unit, entry);
    for (const entry of value.products || []) addProduct(entry);
    showEmpty();
    toleranceForm.removeAttribute("aria-busy");
  }

  function toleranceInput(field) {
    const product = /^products\[([0-9]+)\](?:\.([a-z_]+))?$/.exec(field);
    if (product) {
      const row = productRows[Number(product[1])];
      if (!row) return null;
      const part = product[2];
      if (!part || part === "symbol" || part === "product_id") return row.key;
      return row[part] || row.key;
    }
    if (!field.startsWith("units.")) return null;
    const rest = field.slice("units.".length);
    let best = null;
    for (const row of unitRows) {
      const name = row.name.value.trim().slice(0, 20);
      if (rest === name) return row.name;
      if (rest.startsWith(`${name}.`) && ENTRY_PARTS.includes(rest.slice(name.length + 1))) {
        best = row[rest.slice(name.length + 1)];
      }
    }
    return best;
  }

  toleranceForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!editable) return;
    clearInvalid(toleranceForm);
    const units = {};
    for (const row of unitRows) {
      const name = row.name.value.trim();
      if (Object.prototype.hasOwnProperty.call(units, name)) {
        markInvalid(row.name, K.t("panel.settings.tolerance.unit_twice"));
        return;
      }
      units[name] = entryValue(row);
    }
    const products = productRows.map((row) => {
      const text = row.key.value.trim();
      const key = row.by.value === "product_id" && /^[0-9]{1,10}$/.test(text) ? Number(text) : text;
      return { [row.by.value]: key, ...entryValue(row) };
    });
    save("tolerance", { units, products }, toleranceForm, (saved) => {
      showTolerance(saved);
      K.notice(K.t("panel.settings.tolerance.saved"), "success");
    }, toleranceInput, toleranceError);
  });

  K.$("#tolerance-add-unit").addEventListener("click", () => addUnit().name.focus());
  K.$("#tolerance-add-product").addEventListener("click", () => addProduct().key.focus());

  /* ---- the typed-quantity policy ------------------------------------------------------ */

  const manualForm = K.$("#manual-form");
  const manualRoles = K.$("#manual-roles");
  const manualError = K.$("#manual-error");

  function showManual(value) {
    for (const node of [...manualRoles.querySelectorAll(".check")]) node.remove();
    const chosen = new Set(value.roles || []);
    for (const role of SCANNER_ROLES) {
      const id = `manual-role-${role}`;
      manualRoles.append(
        K.el(
          "div",
          { class: "check" },
          K.el("input", { type: "checkbox", id, name: "roles", value: role, checked: chosen.has(role), disabled: !editable }),
          K.el("label", { for: id }, K.roleLabel(role)),
        ),
      );
    }
    manualForm.removeAttribute("aria-busy");
  }

  manualForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!editable) return;
    const roles = [...manualRoles.querySelectorAll("input:checked")].map((input) => input.value);
    save("manual_quantity", { roles }, manualForm, (saved) => {
      showManual(saved);
      K.notice(K.t("panel.settings.manual.saved"), "success");
    }, () => null, manualError);
  });

  /* ---- the scan parser (read-only) ---------------------------------------------------- */

  function characterShown(character) {
    const code = character.codePointAt(0);
    const hex = code.toString(16).toUpperCase().padStart(4, "0");
    if (code < 32 || code === 127) return K.t("panel.settings.parser.control", { code: `U+${hex}` });
    return `„${character}” (U+${hex})`;
  }

  function simpleTable(caption, headers, rows) {
    return K.el(
      "div",
      { class: "table-wrap" },
      K.el(
        "table",
        {},
        K.el("caption", {}, caption),
        K.el("thead", {}, K.el("tr", {}, headers.map((h) => K.el("th", { scope: "col" }, h)))),
        K.el("tbody", {}, rows.map((cells) => K.el("tr", {}, cells.map((cell, i) =>
          i === 0 ? K.el("th", { scope: "row" }, cell) : K.el("td", {}, cell))))),
      ),
    );
  }

  function measureShown(measure) {
    const key = `panel.settings.parser.measure.${measure}`;
    return K.has(key) ? K.t(key) : measure;
  }

  function internalShown(kind) {
    const key = `panel.settings.parser.internal_kind.${kind}`;
    return K.has(key) ? K.t(key) : kind;
  }

  function showParser(parser) {
    const holder = K.$("#parser-settings");
    const yes = (flag) => K.t(flag ? "panel.yes" : "panel.no");
    K.clear(holder).append(
      K.el(
        "dl",
        { class: "facts" },
        K.el("dt", {}, K.t("panel.settings.parser.separators")),
        K.el("dd", {}, parser.separators.length ? parser.separators.map(characterShown).join(", ") : K.t("panel.none")),
        K.el("dt", {}, K.t("panel.settings.parser.verify_dates")),
        K.el("dd", {}, yes(parser.verify_dates)),
      ),
      simpleTable(
        K.t("panel.settings.parser.rcn"),
        ["prefix", "measure", "pattern", "decimals", "check"].map((c) => K.t(`panel.settings.parser.rcn.${c}`)),
        parser.rcn.map((rule) => [
          rule.prefix, measureShown(rule.measure), K.el("span", { class: "mono" }, rule.pattern),
          String(rule.decimals), yes(rule.verify_check_digit),
        ]),
      ),
      simpleTable(
        K.t("panel.settings.parser.internal"),
        [K.t("panel.settings.parser.internal.kind"), K.t("panel.settings.parser.internal.regex")],
        parser.internal.map((rule) => [internalShown(rule.kind), K.el("span", { class: "mono" }, rule.regex)]),
      ),
    );
    holder.removeAttribute("aria-busy");
  }

  /* ---- Sprawdź kod -------------------------------------------------------------------- */

  const tryInput = K.$("#try-code");
  const tryResult = K.$("#try-result");
  let tryTimer = null;
  let tryRequest = null;

  function fact(list, label, value) {
    if (value === null || value === undefined || value === "") return;
    list.append(K.el("dt", {}, label), K.el("dd", {}, value));
  }

  function kindShown(kind) {
    const key = `panel.settings.try.kind.${kind}`;
    return K.has(key) ? K.t(key) : kind;
  }

  function codeWithMark(code, position) {
    const characters = Array.from(code);
    if (position === null || position === undefined || position >= characters.length) {
      return K.el("span", { class: "mono" }, code);
    }
    return K.el(
      "span",
      { class: "mono" },
      characters.slice(0, position).join(""),
      K.el("mark", {}, characters[position]),
      characters.slice(position + 1).join(""),
    );
  }

  function showReading(answer) {
    K.clear(tryResult);
    const list = K.el("dl", { class: "facts" });
    if (!answer.readable) {
      const error = answer.error;
      tryResult.append(
        K.el("p", { class: "try-verdict bad", dataset: { state: "error" } }, K.t("panel.settings.try.unreadable")),
        K.el("p", { class: "try-message" }, error.message),
      );
      fact(list, K.t("panel.settings.try.code"), codeWithMark(answer.code, error.position));
      if (error.position !== null && error.position !== undefined) {
        fact(list, K.t("panel.settings.try.position"), String(error.position + 1));
      }
      fact(list, K.t("panel.settings.try.lookup_key"), K.el("span", { class: "mono" }, answer.lookup_key));
      tryResult.append(list);
      return;
    }
    const scan = answer.interpretation;
    tryResult.append(
      K.el("p", { class: "try-verdict ok", dataset: { state: "read", kind: scan.kind } },
        K.t("panel.settings.try.read", { kind: kindShown(scan.kind) })),
    );
    fact(list, K.t("panel.settings.try.lookup_key"), K.el("span", { class: "mono" }, answer.lookup_key));
    fact(
      list,
      K.t("panel.settings.try.product"),
      answer.product
        ? `${answer.product.name} (${answer.product.symbol})`
        : K.t(answer.known ? "panel.settings.try.product_known" : "panel.settings.try.product_unknown"),
    );
    const unit = scan.quantity_unit ? K.t(`panel.settings.try.unit.${scan.quantity_unit}`) : "";
    fact(
      list,
      K.t("panel.settings.try.quantity"),
      answer.quantity !== null ? `${K.fmt.number(answer.quantity)} ${unit}`.trim() : K.t("panel.settings.try.quantity_none"),
    );
    fact(list, K.t("panel.settings.try.gtin"), scan.gtin && K.el("span", { class: "mono" }, scan.gtin));
    fact(list, K.t("panel.settings.try.gtin_format"), scan.gtin_format);
    fact(list, K.t("panel.settings.try.symbology"), scan.symbology_name || scan.symbology);
    fact(list, K.t("panel.settings.try.sscc"), scan.sscc && K.el("span", { class: "mono" }, scan.sscc));
    fact(list, K.t("panel.settings.try.batch"), scan.batch);
    fact(list, K.t("panel.settings.try.expiry"), scan.expiry && K.fmt.date(`${scan.expiry}T12:00:00`));
    fact(list, K.t("panel.settings.try.best_before"), scan.best_before && K.fmt.date(`${scan.best_before}T12:00:00`));
    fact(list, K.t("panel.settings.try.serial"), scan.serial);
    if (scan.rcn_measure) {
      fact(list, K.t("panel.settings.try.rcn"), `${measureShown(scan.rcn_measure)}: ${K.fmt.number(scan.rcn_value)} · ${scan.item_reference}`);
    }
    fact(list, K.t("panel.settings.try.internal_kind"), scan.internal_kind && internalShown(scan.internal_kind));
    fact(list, K.t("panel.settings.try.internal_value"), scan.internal_value);
    tryResult.append(list);
    if (scan.elements && scan.elements.length) {
      tryResult.append(
        simpleTable(
          K.t("panel.settings.try.elements"),
          [K.t("panel.settings.try.ai"), K.t("panel.settings.try.value"), K.t("panel.settings.try.ai_title")],
          scan.elements.map((element) => [`(${element.ai})`, K.el("span", { class: "mono" }, element.value), element.title]),
        ),
      );
    }
  }

  async function tryCode() {
    const code = tryInput.value;
    if (tryRequest) tryRequest.abort();
    if (!code.trim()) {
      K.clear(tryResult);
      return;
    }
    tryRequest = new AbortController();
    tryResult.setAttribute("aria-busy", "true");
    try {
      showReading(await K.api("POST", "/api/scan/try", { code }, { signal: tryRequest.signal }));
    } catch (error) {
      if (error && error.name === "AbortError") return;
      K.clear(tryResult).append(K.el("p", { class: "field-error", role: "alert" }, error.message));
    } finally {
      tryResult.removeAttribute("aria-busy");
    }
  }

  tryInput.addEventListener("input", () => {
    clearTimeout(tryTimer);
    tryTimer = setTimeout(tryCode, 250);
  });
  tryInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault(); // a scanner's Enter: read it now
      clearTimeout(tryTimer);
      tryCode();
    }
  });

  /* ---- start -------------------------------------------------------------------------- */

  if (!editable) {
    K.$("#settings-read-only").hidden = false;
    for (const node of document.querySelectorAll(".editing")) node.hidden = true;
  }

  (async () => {
    try {
      const [settings, parser] = await Promise.all([
        K.api("GET", "/api/settings"),
        K.api("GET", "/api/scan/parser"),
      ]);
      showTolerance(settings.settings.tolerance);
      showManual(settings.settings.manual_quantity);
      showParser(parser.parser);
    } catch (error) {
      K.showError(error);
    }
  })();
})();
