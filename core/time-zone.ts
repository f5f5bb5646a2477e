import type { Locale } from './i18n.ts';

/** A calendar day and wall-clock time as people in one time zone read it. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const DAY_MS = 24 * 3600 * 1000;
const NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;
const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** The IANA name as Intl spells it (`europe/berlin` → `Europe/Berlin`), or null when Intl does not know it. */
export function canonicalTimeZone(name: string): string | null {
  if (!NAME.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function isTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== null;
}

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

/** What the clocks in a time zone show at an instant. */
export function wallTime(at: Date, timeZone: string): WallTime & { second: number } {
  const parts = Object.fromEntries(
    partsFormat(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

function offsetMs(at: Date, timeZone: string): number {
  const wall = wallTime(at, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (at.getTime() - at.getUTCMilliseconds());
}

/**
 * The instant a wall-clock time in a time zone stands for. A time repeated when clocks go
 * back is its first occurrence; a time skipped when they go forward reads as that clock time
 * after the jump (02:30 on a night that jumps from 02:00 to 03:00 is 03:30).
 */
export function fromWallTime(wall: WallTime, timeZone: string): Date {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // Offsets a day either side: no zone changes its offset twice within a day.
  const before = guess - offsetMs(new Date(guess - DAY_MS), timeZone);
  const after = guess - offsetMs(new Date(guess + DAY_MS), timeZone);
  const shows = (at: number) => {
    const seen = wallTime(new Date(at), timeZone);
    return seen.year === wall.year && seen.month === wall.month && seen.day === wall.day && seen.hour === wall.hour;
  };
  const valid = [before, after].filter(shows);
  return new Date(valid.length > 0 ? Math.min(...valid) : before);
}

/** Midnight starting the calendar day `at` falls on, in the time zone. */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const wall = wallTime(at, timeZone);
  return fromWallTime({ ...wall, hour: 0, minute: 0 }, timeZone);
}

/** Date and time as the community reads them, e.g. `6 Jun 2026, 18:00`. */
export function formatLocalDateTime(at: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(at);
}
