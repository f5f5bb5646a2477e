import { describe, expect, it } from 'vitest';
import { dueAnniversaries, parseWindow } from '../../../core/campaigns/campaign-input.ts';

const at = (iso: string) => new Date(iso);

describe('campaign windows and anniversaries', () => {
  const now = at('2026-06-01T12:00:00Z');

  it('takes dates as whole days, times as wall clock, relative ends from the start, and no past', () => {
    expect(parseWindow('2026-06-06', '2026-06-07', 'Asia/Shanghai', now)).toEqual({
      startsAt: at('2026-06-05T16:00:00Z'),
      endsAt: at('2026-06-07T16:00:00Z'),
    });
    expect(parseWindow('2026-06-06T18:00', '+48h', 'UTC', now)).toEqual({
      startsAt: at('2026-06-06T18:00:00Z'),
      endsAt: at('2026-06-08T18:00:00Z'),
    });
    expect(parseWindow('2026-05-01', '+3d', 'UTC', now)).toEqual({ startsAt: now, endsAt: at('2026-06-04T12:00:00Z') });
  });

  it('pays an anniversary inside the window, a year or more after joining, and 28 February for 29 February', () => {
    const window = { startsAt: at('2026-02-01T00:00:00Z'), endsAt: at('2026-03-31T00:00:00Z'), timeZone: 'UTC' };
    expect(dueAnniversaries(at('2024-02-29T10:00:00Z'), window, at('2026-02-28T00:00:01Z'))).toEqual([2]);
    expect(dueAnniversaries(at('2024-02-29T10:00:00Z'), window, at('2026-02-27T23:59:59Z'))).toEqual([]);
    expect(dueAnniversaries(at('2026-02-10T10:00:00Z'), window, at('2026-03-30T00:00:00Z'))).toEqual([]);
    expect(dueAnniversaries(at('2023-04-10T10:00:00Z'), window, at('2026-03-30T00:00:00Z'))).toEqual([]);
    // Joined late on 9 March UTC: 10 March in Shanghai, where the anniversary is counted.
    const shanghai = { ...window, timeZone: 'Asia/Shanghai' };
    expect(dueAnniversaries(at('2025-03-09T20:00:00Z'), shanghai, at('2026-03-09T16:30:00Z'))).toEqual([1]);
    expect(dueAnniversaries(at('2025-03-09T20:00:00Z'), shanghai, at('2026-03-09T15:30:00Z'))).toEqual([]);
  });
});
