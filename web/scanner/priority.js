// How urgent an order of the queue is, in words a picker reads at a glance.
//
// The server lists the queue most urgent first: by the order's `priority` (set in Kolektor,
// higher first), then by its due date (`due_at`, Subiekt's "termin realizacji"), then by age.
// The app names the same ranking: an order with a priority is "pilne"; otherwise its due
// date, by calendar day on the device, is "po terminie" (an earlier day), "na dziś", "na
// jutro" or just the date.  Only what needs attention today is coloured (urgent and overdue
// red, today amber): when everything is red, nothing is.

import { t, currentLanguage } from "./i18n.js";

/** The levels from the most urgent; `rank` orders them as the server's queue does. */
export const URGENCY = {
  urgent: { rank: 0, attention: "high" },
  overdue: { rank: 1, attention: "high" },
  today: { rank: 2, attention: "medium" },
  tomorrow: { rank: 3, attention: "none" },
  later: { rank: 4, attention: "none" },
  none: { rank: 5, attention: "none" },
};

function dayNumber(date) {
  // Whole days in the device's time zone (a due date is a day, not an instant).
  return Math.floor(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 86400000);
}

function shortDate(date) {
  return date.toLocaleDateString(currentLanguage() === "pl" ? "pl-PL" : "en-GB", { day: "2-digit", month: "2-digit" });
}

/** `{level, label, title}` for a queue entry `{priority, due_at}`, as of `now`. */
export function urgencyOf(order, now = new Date()) {
  const due = order.due_at ? new Date(order.due_at) : null;
  const dueDate = due && !Number.isNaN(due.getTime()) ? due : null;
  const dateText = dueDate ? shortDate(dueDate) : "";
  const title = dueDate ? t("queue.due", { time: dateText }) : "";
  if (Number(order.priority) > 0) return { level: "urgent", label: t("queue.urgency.urgent"), title };
  if (!dueDate) return { level: "none", label: "", title };
  const days = dayNumber(dueDate) - dayNumber(now);
  if (days < 0) return { level: "overdue", label: t("queue.urgency.overdue"), title };
  if (days === 0) return { level: "today", label: t("queue.urgency.today"), title };
  if (days === 1) return { level: "tomorrow", label: t("queue.urgency.tomorrow"), title };
  return { level: "later", label: title, title };
}
