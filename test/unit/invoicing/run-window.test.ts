// The daily invoice run's window, by hand.
import { describe, expect, it } from 'vitest';
import { parseRunWindow, windowDayAt } from '../../../server/invoicing/run-window';

const at = (instant: string) => new Date(instant);

describe('parseRunWindow', () => {
  it('reads a time (open to the end of the day) or a window, in minutes after midnight', () => {
    expect(parseRunWindow('02:30')).toEqual({ from: 150, until: 1440 });
    expect(parseRunWindow('01:00-03:15')).toEqual({ from: 60, until: 195 });
    expect(parseRunWindow('22:00-04:00')).toEqual({ from: 1320, until: 240 });
  });

  it('refuses anything else', () => {
    for (const text of ['2:30', '24:00', '02:60', '02:00-', '02:00-25:00', '02:00 - 03:00', 'x']) {
      expect(parseRunWindow(text), text).toBeUndefined();
    }
  });
});

describe('windowDayAt', () => {
  it('is the day inside a window of the day, from its opening minute to before its close', () => {
    const window = parseRunWindow('01:00-03:15')!;
    expect(windowDayAt(at('2026-04-02T00:59:59.999Z'), window)).toBeNull();
    expect(windowDayAt(at('2026-04-02T01:00:00.000Z'), window)).toBe('2026-04-02');
    expect(windowDayAt(at('2026-04-02T03:14:59.999Z'), window)).toBe('2026-04-02');
    expect(windowDayAt(at('2026-04-02T03:15:00.000Z'), window)).toBeNull();
  });

  it('gives a window across midnight the day it opened, the next morning too', () => {
    const window = parseRunWindow('22:00-04:00')!;
    expect(windowDayAt(at('2026-04-02T21:59:00Z'), window)).toBeNull();
    expect(windowDayAt(at('2026-04-02T22:00:00Z'), window)).toBe('2026-04-02');
    expect(windowDayAt(at('2026-04-03T03:59:00Z'), window)).toBe('2026-04-02');
    expect(windowDayAt(at('2026-04-03T04:00:00Z'), window)).toBeNull();
    // The first of the month belongs to the last day of the month before.
    expect(windowDayAt(at('2026-03-01T01:00:00Z'), window)).toBe('2026-02-28');
  });

  it('keeps a time alone open to the end of its day', () => {
    const window = parseRunWindow('02:30')!;
    expect(windowDayAt(at('2026-04-02T02:29:00Z'), window)).toBeNull();
    expect(windowDayAt(at('2026-04-02T23:59:59Z'), window)).toBe('2026-04-02');
  });
});
