// Levels held per UTC day, worked out by hand.
import { describe, expect, it } from 'vitest';
import { heldPerDay } from '../../../server/rating/held-levels';
import { parseDecimal } from '../../../server/rating/money';

const at = (instant: string) => Date.parse(instant);
const reading = (instant: string, level: string) => ({
  at: at(instant),
  level: parseDecimal(level, 'level'),
});
const MARCH_1_TO_4 = { start: at('2026-03-01T00:00:00Z'), end: at('2026-03-04T00:00:00Z') };

function days(readings: ReturnType<typeof reading>[], period = MARCH_1_TO_4) {
  return heldPerDay(readings, period).map((day) => [
    new Date(day.start).toISOString().slice(0, 10),
    day.unitHours.toString(),
  ]);
}

describe('heldPerDay', () => {
  it('holds each level until the next reading, day by day, and the last to the end', () => {
    // 10 from 1 March 06:00 (18 h that day, 18 h the next), 4 from 2 March 18:00.
    expect(
      days([reading('2026-03-02T18:00:00Z', '4'), reading('2026-03-01T06:00:00Z', '10')]),
    ).toEqual([
      ['2026-03-01', '180'],
      ['2026-03-02', '204'],
      ['2026-03-03', '96'],
    ]);
  });

  it('carries a level read before the period from its start, and ignores none after', () => {
    expect(days([reading('2026-02-10T00:00:00Z', '2.5')])).toEqual([
      ['2026-03-01', '60'],
      ['2026-03-02', '60'],
      ['2026-03-03', '60'],
    ]);
  });

  it('leaves out days with nothing held, and rounds a day to 6 decimals half-even', () => {
    const oneDay = { start: at('2026-03-01T00:00:00Z'), end: at('2026-03-02T00:00:00Z') };
    // 1 GB from 00:00:01: 86,399 s / 3,600 = 23.9997222... -> 23.999722.
    expect(days([reading('2026-03-01T00:00:01Z', '1')], oneDay)).toEqual([
      ['2026-03-01', '23.999722'],
    ]);
    expect(days([reading('2026-03-01T00:00:00Z', '0')], oneDay)).toEqual([]);
  });
});
