// The daily invoice run's window (INVOICE_RUN_AT): "02:00" opens at 02:00 UTC and stays open to
// the end of the day; "22:00-04:00" opens at 22:00 and closes at 04:00 the next morning. The
// day's scheduled run starts once inside the window (also when the server comes up late inside
// it), never outside it: a day whose window the server missed has no scheduled run, and the next
// one invoices every closed period that was left.
import { MS_PER_DAY } from '../rating/time';

export interface RunWindow {
  /** Minutes after midnight UTC. */
  from: number;
  /** Minutes after midnight UTC; at or before `from`, the window closes the next day. */
  until: number;
}

const TIME = '([01][0-9]|2[0-3]):([0-5][0-9])';
const WINDOW = new RegExp(`^${TIME}(?:-${TIME})?$`);

/** The window of "HH:MM" or "HH:MM-HH:MM"; undefined when the text is neither. */
export function parseRunWindow(text: string): RunWindow | undefined {
  const match = WINDOW.exec(text);
  if (match === null) return undefined;
  const from = Number(match[1]) * 60 + Number(match[2]);
  const until = match[3] === undefined ? 24 * 60 : Number(match[3]) * 60 + Number(match[4]);
  return { from, until };
}

/** The day (YYYY-MM-DD) whose window holds `now`, or null outside every window. */
export function windowDayAt(now: Date, window: RunWindow): string | null {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const minute = (now.getTime() - midnight) / 60_000;
  const day = (start: number) => new Date(start).toISOString().slice(0, 10);
  if (window.until > window.from) {
    return minute >= window.from && minute < window.until ? day(midnight) : null;
  }
  // Across midnight: late in the window's own day, or early the next morning.
  if (minute >= window.from) return day(midnight);
  if (minute < window.until) return day(midnight - MS_PER_DAY);
  return null;
}
