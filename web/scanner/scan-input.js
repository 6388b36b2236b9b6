// Keyboard-wedge scanner input.
//
// A keyboard-wedge scanner "types" the code into whatever has the focus and ends it with a
// suffix (Enter by default).  The app keeps one visually hidden <input inputmode="none">
// focused at all times (no soft keyboard pops up mid-scan), collects the characters there and
// turns them into scans:
//
// * the suffix ends a scan: Enter (default), Tab, or a configured text;
// * a configured prefix is stripped when present (a scan without it is accepted as is);
// * the same code again within the anti-double-scan window (default 100 ms) is dropped —
//   DataWedge's keystroke and intent outputs both firing, or a trigger bounce;
// * characters arriving within the blanking period after the end of a scan are dropped,
//   and every dropped character extends the period — an imager that read several barcodes
//   with one pull types them all at once, and only the first one counts;
// * control characters at either end are trimmed; a GS (FNC1, \x1d) inside is kept for the
//   GS1 parser on the server.
//
// Hardware keys of the terminal type into the same field, so digits + Enter on the
// terminal's keypad work like a scan.

export class ScanInput {
  constructor(input, { settings, onScan, onDropped }) {
    this.input = input;
    this.settings = settings; // a function returning the current settings
    this.onScan = onScan;
    this.onDropped = onDropped || (() => {});
    this.blankUntil = 0;
    this.last = { code: null, at: -Infinity };
    input.addEventListener("keydown", (event) => this.keydown(event));
    input.addEventListener("input", () => this.changed());
  }

  focus() {
    if (document.activeElement !== this.input) this.input.focus({ preventScroll: true });
  }

  keydown(event) {
    if (event.isComposing) return;
    const now = performance.now();
    const blanking = now < this.blankUntil;
    const settings = this.settings();
    const ends =
      (event.key === "Enter" && settings.suffix !== "tab") ||
      (event.key === "Tab" && settings.suffix === "tab");
    if (blanking && (ends || event.key.length === 1)) {
      event.preventDefault();
      this.blankUntil = now + settings.blankingMs;
      this.onDropped("blanking", event.key);
      return;
    }
    if (ends) {
      event.preventDefault();
      this.finish(this.input.value);
    }
  }

  changed() {
    const now = performance.now();
    const settings = this.settings();
    if (now < this.blankUntil) {
      // Text injected without key events (IME-style wedges) during blanking.
      this.onDropped("blanking", this.input.value);
      this.input.value = "";
      this.blankUntil = now + settings.blankingMs;
      return;
    }
    const value = this.input.value;
    if (settings.suffix === "custom" && settings.customSuffix && value.endsWith(settings.customSuffix)) {
      this.finish(value.slice(0, -settings.customSuffix.length));
      return;
    }
    // Some wedges inject "\n"; an <input> drops it, but a "\r" or "\n" may survive in a
    // value pasted by an intent plug-in: treat it as the end of the scan.
    const newline = value.search(/[\r\n]/);
    if (newline >= 0) this.finish(value.slice(0, newline));
  }

  finish(raw) {
    const settings = this.settings();
    this.input.value = "";
    const now = performance.now();
    this.blankUntil = now + settings.blankingMs;
    const code = this.clean(raw, settings);
    if (!code) return;
    if (code === this.last.code && now - this.last.at < settings.doubleScanMs) {
      this.last.at = now;
      this.onDropped("double", code);
      return;
    }
    this.last = { code, at: now };
    this.onScan(code);
  }

  clean(raw, settings) {
    // Trim whitespace and control characters at the ends; a GS (\x1d) inside is kept.
    let code = raw.replace(/^[\s\x00-\x1f\x7f]+|[\s\x00-\x1f\x7f]+$/g, "");
    if (settings.prefix && code.startsWith(settings.prefix)) code = code.slice(settings.prefix.length);
    if (settings.suffix === "custom" && settings.customSuffix && code.endsWith(settings.customSuffix)) {
      code = code.slice(0, -settings.customSuffix.length);
    }
    return code.trim().slice(0, 512);
  }

  /** Forget the last code, so the same code can be scanned again at once (after an overlay). */
  reset() {
    this.last = { code: null, at: -Infinity };
    this.input.value = "";
  }
}
