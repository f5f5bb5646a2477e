import type { CampaignAudience, CampaignEffect } from '../db/campaign-models.ts';
import { UserError } from '../errors.ts';
import { EARNING_KINDS, type EarningKind } from '../loyalty/earnings.ts';
import { fromWallTime, wallTime, type WallTime } from '../time-zone.ts';

export const CAMPAIGN_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;
export const CAMPAIGN_EFFECTS = ['multiplier', 'join-bonus', 'anniversary'] as const;
const MAX_DAYS = 366;
const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** What an admin typed for `/campaign create`, before it is checked. */
export interface CampaignArgs {
  name?: string;
  start?: string;
  end?: string;
  audience?: string;
  effect?: string;
  value?: string;
  earnings?: string;
  dm?: boolean;
}

/** A checked campaign, ready to store (a persona audience still needs its snapshot). */
export interface CampaignDraft {
  campaignId: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  audience: CampaignAudience | { kind: 'personas'; personas: number[] };
  effect: CampaignEffect;
  dm: boolean;
}

function invalid(field: string, value: string | undefined): UserError {
  return new UserError('CAMPAIGN.INVALID', { field, value: value ?? '' });
}

function need(field: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new UserError('ARGS.MISSING', { option: field });
  return value.trim();
}

export function campaignName(raw: string | undefined): string {
  const name = need('name', raw).toLowerCase();
  if (!CAMPAIGN_NAME_PATTERN.test(name)) throw invalid('name', raw);
  return name;
}

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` as a wall time, checked to be a real date. */
function parseWall(raw: string): { wall: WallTime; dateOnly: boolean } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(raw);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const wall = { year, month, day, hour, minute } as WallTime;
  const probe = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  const real = probe.getUTCMonth() === wall.month - 1 && probe.getUTCDate() === wall.day;
  if (!real || wall.hour > 23 || wall.minute > 59) return null;
  return { wall, dateOnly: match[4] === undefined };
}

/**
 * A campaign's window in the community's time zone: `now`, a date (its start of day; as an
 * end, the whole day is included), a date and time, or for the end `+3d` / `+48h` after the
 * start. A start already passed means now.
 */
export function parseWindow(start: string, end: string, timeZone: string, now: Date): { startsAt: Date; endsAt: Date } {
  let startsAt: Date;
  if (start.toLowerCase() === 'now') startsAt = now;
  else {
    const parsed = parseWall(start);
    if (!parsed) throw invalid('start', start);
    startsAt = fromWallTime(parsed.wall, timeZone);
  }
  if (startsAt.getTime() < now.getTime()) startsAt = now;
  let endsAt: Date;
  const relative = /^\+(\d{1,4})([dh])$/.exec(end.toLowerCase());
  if (relative) {
    endsAt = new Date(startsAt.getTime() + Number(relative[1]) * (relative[2] === 'd' ? DAY_MS : HOUR_MS));
  } else {
    const parsed = parseWall(end);
    if (!parsed) throw invalid('end', end);
    const wall = parsed.dateOnly ? nextDay(parsed.wall) : parsed.wall;
    endsAt = fromWallTime(wall, timeZone);
  }
  if (endsAt.getTime() <= startsAt.getTime()) throw invalid('end', end);
  if (endsAt.getTime() - startsAt.getTime() > MAX_DAYS * DAY_MS) throw invalid('end', end);
  return { startsAt, endsAt };
}

function nextDay(wall: WallTime): WallTime {
  const next = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0 };
}

function list(raw: string): string[] {
  return raw
    .split(/[\s,]+/)
    .map((word) => word.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * `all`, `tier:gold,platinum`, `persona:1,3` (as /personas numbers them), `churn` (high churn
 * risk) or `inactive:30` (days).
 */
export function parseAudience(raw: string, tierNames: string[]): CampaignDraft['audience'] {
  const [kind = '', rest = ''] = raw.trim().toLowerCase().split(/:(.*)/s);
  if (kind === 'all' && rest === '') return { kind: 'all' };
  if ((kind === 'churn' || kind === 'at-risk') && rest === '') return { kind: 'churn' };
  if (kind === 'tier' || kind === 'tiers') {
    const tiers = [...new Set(list(rest))];
    if (tiers.length === 0 || tiers.some((tier) => !tierNames.includes(tier))) throw invalid('audience', raw);
    return { kind: 'tiers', tiers };
  }
  if (kind === 'persona' || kind === 'personas') {
    // Numbered from 1, as /personas shows them.
    const personas = [...new Set(list(rest))].map((word) => Number(word) - 1);
    if (personas.length === 0 || personas.some((p) => !Number.isInteger(p) || p < 0 || p > 50))
      throw invalid('audience', raw);
    return { kind: 'personas', personas };
  }
  if (kind === 'inactive') {
    const days = Number(rest);
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw invalid('audience', raw);
    return { kind: 'inactive', days };
  }
  throw invalid('audience', raw);
}

function parseEarnings(raw: string | undefined): EarningKind[] {
  const words = list(raw ?? 'all').map((word) => word.replace(/s$/, ''));
  if (words.length === 0 || (words.length === 1 && words[0] === 'all')) return [...EARNING_KINDS];
  if (words.some((word) => !(EARNING_KINDS as readonly string[]).includes(word))) throw invalid('earnings', raw);
  return [...new Set(words)] as EarningKind[];
}

/** A multiplier above 1 (at most 10) on chosen earnings, or a bonus of whole points. */
export function parseEffect(effect: string, value: string, earnings: string | undefined): CampaignEffect {
  const number = Number(value.replace(/^[x×]/i, ''));
  if (effect === 'multiplier') {
    if (!Number.isFinite(number) || number <= 1 || number > 10) throw invalid('value', value);
    return { kind: 'multiplier', multiplier: Math.round(number * 100) / 100, earnings: parseEarnings(earnings) };
  }
  if (!Number.isInteger(number) || number < 1 || number > 100_000) throw invalid('value', value);
  if (effect === 'join-bonus') return { kind: 'join-bonus', points: number };
  if (effect === 'anniversary') return { kind: 'anniversary', points: number };
  throw invalid('effect', effect);
}

/** Checks every part of `/campaign create`; the first part at fault is named in the error. */
export function parseCampaign(
  args: CampaignArgs,
  context: { now: Date; timeZone: string; tierNames: string[] },
): CampaignDraft {
  const campaignId = campaignName(args.name);
  const window = parseWindow(need('start', args.start), need('end', args.end), context.timeZone, context.now);
  return {
    campaignId,
    ...window,
    timeZone: context.timeZone,
    audience: parseAudience(need('audience', args.audience), context.tierNames),
    effect: parseEffect(need('effect', args.effect), need('value', args.value), args.earnings),
    dm: args.dm ?? false,
  };
}

/** Anniversaries (years of membership) whose day, in the campaign's time zone, overlaps its window and has begun. */
export function dueAnniversaries(
  joinedAt: Date,
  window: { startsAt: Date; endsAt: Date; timeZone: string },
  now: Date,
): number[] {
  const joined = wallTime(joinedAt, window.timeZone);
  const last = now.getTime() < window.endsAt.getTime() ? now : window.endsAt;
  const due: number[] = [];
  for (
    let year = wallTime(window.startsAt, window.timeZone).year;
    year <= wallTime(last, window.timeZone).year;
    year++
  ) {
    if (year <= joined.year) continue;
    const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
    const day = joined.month === 2 && joined.day === 29 && !leap ? 28 : joined.day;
    const wall = { year, month: joined.month, day, hour: 0, minute: 0 };
    const dayStart = fromWallTime(wall, window.timeZone).getTime();
    const dayEnd = fromWallTime(nextDay(wall), window.timeZone).getTime();
    if (dayStart <= now.getTime() && dayEnd > window.startsAt.getTime() && dayStart < window.endsAt.getTime())
      due.push(year - joined.year);
  }
  return due;
}
