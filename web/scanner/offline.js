// Starting the app without a network: the service worker (sw.js) and the tab's snapshot.
//
// * registerServiceWorker(): the worker keeps the app's files and texts, so a reload in a
//   Wi-Fi dead zone starts the app instead of the browser's error page.
// * The snapshot: what a reload needs to go on picking while offline — the operator of the
//   tab's session and the orders they hold, the order on screen.  It lives in this tab's
//   sessionStorage next to the session token, so it ends with the tab, the session or the
//   logout, exactly as the token does.  Without a session token it is never used.  Counts
//   stay the server's: the snapshot is only what the server last said.

const SNAPSHOT_KEY = "kolektor.scanner.snapshot.v1";
const WORKER_URL = "/static/scanner/sw.js";
const WORKER_SCOPE = "/scanner";
const RESUMABLE_SCREENS = new Set(["queue", "pick"]);

export function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(WORKER_URL, { scope: WORKER_SCOPE }).catch((error) => {
    // No worker (an insecure origin, a private window…): the app still works online.
    console.warn("Kolektor: the service worker was not registered:", error);
  });
}

/** Keep what a reload needs: the operator, the orders they hold, the screen. */
export function saveSnapshot({ operator, orders, currentOrderId, screen }) {
  try {
    if (!operator) {
      window.sessionStorage.removeItem(SNAPSHOT_KEY);
      return;
    }
    const snapshot = {
      operator,
      orders,
      currentOrderId: orders.some((order) => order.id === currentOrderId) ? currentOrderId : null,
      screen: RESUMABLE_SCREENS.has(screen) ? screen : "queue",
    };
    window.sessionStorage.setItem(SNAPSHOT_KEY, JSON.stringify(snapshot));
  } catch {
    /* storage full or disabled: a reload then waits for the network */
  }
}

/** The snapshot of this tab's session, or null. */
export function loadSnapshot() {
  try {
    const snapshot = JSON.parse(window.sessionStorage.getItem(SNAPSHOT_KEY) || "null");
    if (!snapshot || !snapshot.operator || !snapshot.operator.login || !Array.isArray(snapshot.orders)) return null;
    return snapshot;
  } catch {
    return null;
  }
}

export function clearSnapshot() {
  try {
    window.sessionStorage.removeItem(SNAPSHOT_KEY);
  } catch {
    /* ignore */
  }
}
