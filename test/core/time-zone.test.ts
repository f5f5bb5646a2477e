import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, fromWallTime, startOfLocalDay } from '../../core/time-zone.ts';

const at = (iso: string) => new Date(iso);

describe('time zones', () => {
  it('accepts IANA names as Intl knows them and nothing else', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    for (const bad of ['Mars/Olympus_Mons', '+01:00', 'GMT+1 ', '', '../etc/passwd'])
      expect(canonicalTimeZone(bad)).toBeNull();
  });

  it('reads wall-clock times across daylight-saving changes', () => {
    const wall = (month: number, day: number, hour: number, minute = 0) => ({ year: 2026, month, day, hour, minute });
    expect(fromWallTime(wall(6, 6, 0), 'Europe/Berlin').toISOString()).toBe('2026-06-05T22:00:00.000Z');
    expect(fromWallTime(wall(1, 6, 0), 'Europe/Berlin').toISOString()).toBe('2026-01-05T23:00:00.000Z');
    // 02:30 does not exist on 29 March (02:00 → 03:00): it reads as 03:30 summer time.
    expect(fromWallTime(wall(3, 29, 2, 30), 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October: the first one.
    expect(fromWallTime(wall(10, 25, 2, 30), 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(startOfLocalDay(at('2026-06-05T23:30:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-06-05T04:00:00.000Z',
    );
  });
});
