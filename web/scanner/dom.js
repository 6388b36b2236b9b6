// A tiny DOM builder: h("button", {class: "big", onclick: fn}, "text", child, ...).

import { icon as svgIcon } from "./icons.js";

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      element.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (name === "style" && typeof value === "object") {
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
