// Translations: every text the app shows is a key of the server's message catalog
// (kolektor/messages/web.py, keys "web.*"), served as ./i18n/pl.json and ./i18n/en.json
// next to this file (the route /static/scanner/i18n/<language>.json).
//
// t("key", {name: value}) fills {name} fields.  Counted texts use plural keys:
// tn("pending", n) looks up "pending.one" / ".few" / ".many" / ".other" with the
// language's plural rules (Polish: 1 skan, 2 skany, 5 skanów, 22 skany, 1,5 skanu).

const catalogs = {};
let language = "pl";

/** The CLDR plural category of `count` in `lang` — written out rather than taken from
 * Intl.PluralRules, so every terminal's browser agrees.  Polish: "one" for 1; "few" for
 * whole numbers ending in 2–4 except 12–14; "many" for the other whole numbers (0, 5–21,
 * 25…); "other" for fractions.  English: "one" for 1, else "other". */
export function pluralCategory(count, lang = language) {
  const n = Math.abs(Number(count));
  if (!Number.isFinite(n)) return "other";
  const whole = Number.isInteger(n);
  if (lang !== "pl") return n === 1 ? "one" : "other";
  if (!whole) return "other";
  if (n === 1) return "one";
  const last = n % 10;
  const lastTwo = n % 100;
  if (last >= 2 && last <= 4 && !(lastTwo >= 12 && lastTwo <= 14)) return "few";
  return "many";
}

export async function loadLanguage(lang) {
  const wanted = lang === "en" ? "en" : "pl";
  if (!catalogs[wanted]) {
    const url = new URL(`./i18n/${wanted}.json`, import.meta.url);
    const response = await fetch(url, { cache: "no-cache" });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    catalogs[wanted] = await response.json();
  }
  if (wanted !== "pl" && !catalogs.pl) {
    // Polish is the fallback for a key missing in another language.
    try {
      const response = await fetch(new URL("./i18n/pl.json", import.meta.url));
      catalogs.pl = await response.json();
    } catch {
      catalogs.pl = {};
    }
  }
  language = wanted;
  document.documentElement.lang = wanted;
  return wanted;
}

export function currentLanguage() {
  return language;
}

export function has(key) {
  return key in (catalogs[language] || {});
}

export function t(key, params = {}) {
  const text = catalogs[language]?.[key] ?? catalogs.pl?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

export function tn(key, count, params = {}) {
  const category = pluralCategory(count);
  const full = `${key}.${category}`;
  const chosen = has(full) ? full : `${key}.other`;
  return t(chosen, { n: count, ...params });
}

/** A decimal string from the server ("2.000", "0.735") for display: "2", "0,735". */
export function qty(value) {
  if (value === null || value === undefined || value === "") return "–";
  let text = String(value);
  if (/^-?\d+\.\d+$/.test(text)) text = text.replace(/0+$/, "").replace(/\.$/, "");
  return language === "pl" ? text.replace(".", ",") : text;
}

export function time(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  const options = sameDay
    ? { hour: "2-digit", minute: "2-digit" }
    : { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" };
  return date.toLocaleString(language === "pl" ? "pl-PL" : "en-GB", options);
}
