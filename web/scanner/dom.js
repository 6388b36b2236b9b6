// A tiny DOM builder: h("button", {class: "big", onclick: fn}, "text", child, ...).
//
// Safe under the server's Content-Security-Policy by construction: text goes in as text
// nodes, handlers as listeners, styles through element.style — never as markup or attributes.

import { icon as svgIcon } from "./icons.js";

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) {
      // Handlers are listeners: an inline on…="code" attribute is blocked by the server's
      // Content-Security-Policy (script-src 'self').
      if (typeof value !== "function") throw new TypeError(`h(${tag}): ${name} must be a function`);
      element.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      element.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (name === "style") {
      // Styles are set property by property (CSSOM, allowed by the CSP); a style="…"
      // attribute would be blocked (style-src 'self', no 'unsafe-inline').
      if (typeof value !== "object") throw new TypeError(`h(${tag}): style must be an object`);
      Object.assign(element.style, value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else if (name === "value") {
      element.value = value;
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else if (child instanceof Node) element.appendChild(child);
    else element.appendChild(document.createTextNode(String(child)));
  }
}

/** A big touch button: h("button") with the app's classes and a test id. */
export function button(label, onclick, { kind = "", id = null, disabled = false, icon = null, extra = {} } = {}) {
  return h(
    "button",
    { type: "button", class: ["btn", kind], onclick, "data-testid": id, disabled, ...extra },
    icon ? svgIcon(icon) : null,
    h("span", { class: "label" }, label),
  );
}
