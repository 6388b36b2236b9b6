// Inline SVG icons (24×24, drawn with currentColor).  No emoji: handheld terminals render
// emoji differently or not at all, and a missing glyph is an empty box on screen.

const PATHS = {
  barcode: '<path d="M3 5v14M6 5v14M10 5v14M13 5v14M17 5v14M21 5v14M8 5v14" stroke-width="1.6"/>',
  box: '<path d="M3 7.5 12 3l9 4.5v9L12 21l-9-4.5z"/><path d="M3 7.5 12 12l9-4.5M12 12v9"/>',
  user: '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7"/>',
  eye: '<path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>',
  clock: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
  hourglass: '<path d="M6 3h12M6 21h12M7 3c0 5 10 5 10 9s-10 4-10 9M17 3c0 5-10 5-10 9s10 4 10 9"/>',
  stop: '<path d="M8 3h8l5 5v8l-5 5H8l-5-5V8z"/><path d="M12 7v6M12 16.5v.5" stroke-width="2.8"/>',
  cross: '<path d="M6 6l12 12M18 6 6 18" stroke-width="3.2"/>',
  check: '<path d="M4 12.5 9.5 18 20 6.5" stroke-width="3"/>',
  keypad: '<rect x="3" y="3" width="18" height="18" rx="3"/><path d="M8 8h0M12 8h0M16 8h0M8 12h0M12 12h0M16 12h0M8 16h0M12 16h0M16 16h0" stroke-width="2.8"/>',
  hash: '<path d="M9 3 7 21M17 3l-2 18M4 9h17M3 15h17"/>',
  plusminus: '<path d="M12 3v10M7 8h10M7 19h10"/>',
  undo: '<path d="M9 5 4 10l5 5"/><path d="M4 10h10a6 6 0 0 1 0 12h-3"/>',
  warning: '<path d="M12 3 2 20h20z"/><path d="M12 10v4M12 17v.5" stroke-width="2.6"/>',
  menu: '<path d="M5 12h0M12 12h0M19 12h0" stroke-width="3.6"/>',
  list: '<path d="M8 6h13M8 12h13M8 18h13M3 6h1M3 12h1M3 18h1" stroke-width="2.4"/>',
  refresh: '<path d="M20 11a8 8 0 1 0-2.3 5.7"/><path d="M20 4v7h-7"/>',
  back: '<path d="M15 4 7 12l8 8" stroke-width="3"/>',
  gear: '<circle cx="12" cy="12" r="3.2"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1"/>',
  star: '<path d="m12 3 2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z"/>',
  wifi_off: '<path d="M2 8.5a15 15 0 0 1 20 0M5.5 12a10 10 0 0 1 13 0M9 15.5a5 5 0 0 1 6 0M12 19h0M3 3l18 18" />',
};

export function icon(name, extraClass = "") {
  const span = document.createElement("span");
  span.className = `icon ${extraClass}`.trim();
  span.setAttribute("aria-hidden", "true");
  span.innerHTML = `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">${PATHS[name] || ""}</svg>`;
  return span;
}
