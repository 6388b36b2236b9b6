// Station settings and device identity, kept in localStorage on the device.
//
// Everything a device needs to remember between sessions lives here: how its keyboard-wedge
// scanner is configured (prefix, suffix, anti-double-scan window, blanking period), whether
// it opens the packing screen after login, the language and feedback switches.  The device
// id is generated once and never changes.  Which packing station the device is (and so its
// label printer) is not kept here: the server keeps it for the device id (`set_station`).

const SETTINGS_KEY = "kolektor.scanner.settings.v1";
const DEVICE_KEY = "kolektor.scanner.device.v1";

export const SUFFIXES = ["enter", "tab", "custom"];

export const DEFAULTS = Object.freeze({
  prefix: "",
  suffix: "enter",        // "enter" | "tab" | "custom"
  customSuffix: "",
  doubleScanMs: 100,      // the same code again within this window is ignored
  blankingMs: 60,         // characters after the end of a scan within this period are dropped
  language: "pl",
  sound: true,
  vibration: true,
  packingStation: false,  // start on the packing screen after login
});

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function loadSettings() {
  const raw = storage()?.getItem(SETTINGS_KEY);
  let stored = {};
  if (raw) {
    try {
      stored = JSON.parse(raw) || {};
    } catch {
      stored = {};
    }
  }
  const settings = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS)) {
    if (key in stored && typeof stored[key] === typeof DEFAULTS[key]) settings[key] = stored[key];
  }
  if (!["pl", "en"].includes(settings.language)) settings.language = DEFAULTS.language;
  if (!SUFFIXES.includes(settings.suffix)) settings.suffix = DEFAULTS.suffix;
  settings.doubleScanMs = clampInt(settings.doubleScanMs, 0, 5000, DEFAULTS.doubleScanMs);
  settings.blankingMs = clampInt(settings.blankingMs, 0, 1000, DEFAULTS.blankingMs);
  return settings;
}

export function saveSettings(settings) {
  const clean = {};
  for (const key of Object.keys(DEFAULTS)) clean[key] = settings[key];
  storage()?.setItem(SETTINGS_KEY, JSON.stringify(clean));
}

export function clampInt(value, low, high, fallback) {
  const n = Number.parseInt(value, 10);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(high, Math.max(low, n));
}

function randomHex(bytes) {
  // crypto.getRandomValues works on plain http:// too (randomUUID needs a secure context,
  // and warehouse servers are usually reached by a LAN address without TLS).
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return Array.from(buffer, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function deviceId() {
  const store = storage();
  let id = store?.getItem(DEVICE_KEY);
  if (!id || id.length > 64) {
    id = `dev-${randomHex(8)}`;
    store?.setItem(DEVICE_KEY, id);
  }
  return id;
}

let sequence = 0;
const sessionTag = randomHex(3);

/** A client-side id unique on this device (scan_id, entry_id, action_id, request_id). */
export function clientId(kind) {
  sequence += 1;
  return `${kind}-${Date.now().toString(36)}-${sessionTag}-${sequence}`;
}
