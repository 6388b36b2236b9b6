// Feedback a picker notices in a noisy hall without looking: Web Audio tones (no audio
// files) and vibration.  Each verdict family has its own, clearly different pattern:
//
//   good       one short high beep                    · vibrate 40 ms
//   line       two rising beeps (line complete)        · vibrate 40-60-40
//   order      rising three-note fanfare               · vibrate long-short-long
//   error      one long low buzz (square wave)         · vibrate 300-100-300
//   wrong      alternating low "warble" (wrong item)   · vibrate 3 × 400
//   attention  two mid beeps (prompt: batch/expiry)    · vibrate 100-80-100
//   soft       a quiet tick (duplicate, pending)        · no vibration

let context = null;
let enabled = { sound: true, vibration: true };

export function configureFeedback({ sound, vibration }) {
  enabled = { sound: !!sound, vibration: !!vibration };
}

let gestured = false; // a user gesture reached unlockAudio() (vibration works after one)
const listeners = new Set();

function changed() {
  for (const listener of listeners) listener();
}

/** Browsers start audio only after a user gesture (after every page load, a reload too); a
 * key press, a tap or a click counts.  Call it from the gesture's handler: it makes the
 * AudioContext or resumes it.  Listeners added with onAudioChange() hear when it runs. */
export function unlockAudio() {
  if (!gestured) {
    gestured = true;
    changed();
  }
  try {
    if (!context) {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      context = new Ctx();
      context.addEventListener("statechange", changed);
    }
    if (context.state === "suspended") context.resume().then(changed, () => {});
  } catch {
    context = null;
  }
}

/** Whether sound and vibration can work now: the AudioContext runs (or the browser has no
 * Web Audio and a gesture has happened, which is all vibration needs). */
export function audioUnlocked() {
  if (context) return context.state === "running";
  return gestured && !(window.AudioContext || window.webkitAudioContext);
}

/** The AudioContext's state ("running", "suspended", "closed"), or "none" before the first
 * gesture made it (for support and the browser tests). */
export function audioState() {
  return context ? context.state : "none";
}

/** Call `listener` whenever audioUnlocked() may have changed. */
export function onAudioChange(listener) {
  listeners.add(listener);
}

function tone(start, frequency, duration, { type = "sine", volume = 0.35 } = {}) {
  const osc = context.createOscillator();
  const gain = context.createGain();
  osc.type = type;
  osc.frequency.setValueAtTime(frequency, start);
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(volume, start + 0.008);
  gain.gain.setValueAtTime(volume, start + Math.max(0.01, duration - 0.02));
  gain.gain.exponentialRampToValueAtTime(0.0001, start + duration);
  osc.connect(gain).connect(context.destination);
  osc.start(start);
  osc.stop(start + duration + 0.02);
}

const PATTERNS = {
  good: { notes: [[0, 1568, 0.09]], vibrate: [40] },
  line: { notes: [[0, 1319, 0.08], [0.1, 1760, 0.12]], vibrate: [40, 60, 40] },
  order: {
    notes: [[0, 1047, 0.1], [0.12, 1319, 0.1], [0.24, 1568, 0.1], [0.36, 2093, 0.25]],
    vibrate: [150, 80, 60, 80, 150],
  },
  error: { notes: [[0, 180, 0.5, "square", 0.25]], vibrate: [300, 100, 300] },
  wrong: {
    notes: [
      [0, 440, 0.14, "sawtooth", 0.25], [0.15, 290, 0.14, "sawtooth", 0.25],
      [0.3, 440, 0.14, "sawtooth", 0.25], [0.45, 290, 0.14, "sawtooth", 0.25],
      [0.6, 440, 0.14, "sawtooth", 0.25], [0.75, 290, 0.3, "sawtooth", 0.25],
    ],
    vibrate: [400, 100, 400, 100, 400],
  },
  attention: { notes: [[0, 880, 0.12, "triangle"], [0.18, 880, 0.12, "triangle"]], vibrate: [100, 80, 100] },
  soft: { notes: [[0, 660, 0.04, "sine", 0.12]], vibrate: null },
};

export function feedback(kind) {
  const pattern = PATTERNS[kind] || PATTERNS.soft;
  if (enabled.sound && context && context.state !== "closed") {
    try {
      const now = context.currentTime + 0.01;
      for (const [offset, frequency, duration, type, volume] of pattern.notes) {
        tone(now + offset, frequency, duration, { type, volume });
      }
    } catch {
      /* audio is a nicety: never let it break scanning */
    }
  }
  if (enabled.vibration && pattern.vibrate && typeof navigator.vibrate === "function") {
    try {
      navigator.vibrate(pattern.vibrate);
    } catch {
      /* ignore */
    }
  }
  window.dispatchEvent(new CustomEvent("kolektor-feedback", { detail: kind }));
}

/** Which feedback a verdict kind gets. */
export function feedbackFor(kind, ok) {
  switch (kind) {
    case "counted":
      return "good";
    case "line_complete":
      return "line";
    case "order_complete":
    case "order_complete_with_shortages":
      return "order";
    case "undone":
    case "shortage_reported":
      return "attention";
    case "wrong_product":
      return "wrong";
    case "over_pick":
    case "unknown_code":
    case "duplicate_serial":
    case "line_closed_short":
    case "order_finished":
    case "nothing_to_undo":
      return "error";
    case "batch_required":
    case "expiry_required":
    case "serial_required":
      return "attention";
    case "duplicate":
      return "soft";
    default:
      return ok ? "good" : "error";
  }
}
