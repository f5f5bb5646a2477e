import type { Core } from '../app.ts';
import type { AuditDoc } from '../db/models.ts';
import type { Persona, PersonaTrait } from '../personas/personas.ts';
import type { Platform } from '../types.ts';
import { HISTORY_ITEMS, ensureCatalog } from './history-catalog.ts';
import { BEHAVIOURS, GROUPS, type GroupName } from './history-groups.ts';
import { planHistory } from './history-plan.ts';
import { ensureSentimentChannels, writeChannelSentiment } from './history-sentiment.ts';
import type { HistoryPlan } from './history-types.ts';
import { HistoryWriter, forEachLimit } from './history-writer.ts';

export interface HistorySize {
  members: number;
  weeks: number;
  /** Letters, digits, dot, dash or underscore. */
  seed: string;
}

/** The demo community's past: about 300 members over eight weeks. */
export const DEMO_HISTORY: HistorySize = { members: 300, weeks: 8, seed: 'demo' };

export interface SeedOptions extends HistorySize {
  platform?: Platform;
  /** Members written side by side. */
  concurrency?: number;
  /** What a community that already has another generated history gets: nothing more ('keep') or an error. */
  otherHistory?: 'keep' | 'fail';
  /** Told just before the writing starts (not when the history is already there). */
  onStart?: (plan: HistoryPlan) => void;
}

/** How one planted behaviour came out in the personas: the persona most of its members landed in. */
export interface GroupOutcome {
  group: GroupName;
  description: string;
  members: number;
  persona: number | null;
  share: number;
  traits: PersonaTrait[];
  /** A member of the group, for `/member` and `/as`. */
  example: string;
}

export interface SeedReport {
  communityId: string;
  tag: string;
  status: 'seeded' | 'already-seeded';
  /** The history's last day ends here. */
  end: string;
  /** Documents added, per collection (a repeated run adds none). */
  written: Record<string, number>;
  personas: { k: number; silhouette: number; members: number } | null;
  groups: GroupOutcome[];
  trained: { members: number; items: number } | null;
  seconds: { write: number; personas: number; train: number; total: number };
}

/** The community already has a generated history of another size or seed: nothing was written. */
export class HistoryConflictError extends Error {
  override name = 'HistoryConflictError';
}

const STARTED = 'seed.history.started';
const DONE = 'seed.history.done';

/**
 * Gives a community a generated past (members, chat, shop events, feedback, tickets,
 * orders, referrals), written through the domain services with the plan's clock, then
 * refreshes personas and trains the recommender once. Finished once, it is never written
 * again: a marker in the audit log records it. A run that stopped half-way resumes with the
 * same plan (the end time is recorded when it starts), and every write is keyed.
 */
export async function seedHistory(core: Core, communityId: string, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const { communities, audit, clock } = core.services;
  const markers = await core.models.Audit.find({ communityId, action: { $in: [STARTED, DONE] } }).lean<AuditDoc[]>();
  // 'keep': the history this community started with is the one it keeps, whatever size is asked now.
  const first = options.otherHistory === 'keep' ? markers.find((m) => m.action === STARTED) : undefined;
  const size = first ? (first.details as unknown as HistorySize) : options;
  const tag = `${size.seed}.${size.members}x${size.weeks}`;
  const done = markers.find((m) => m.action === DONE && m.targetId === tag);
  if (done) {
    const report = done.details as unknown as SeedReport;
    return {
      ...report,
      status: 'already-seeded',
      written: {},
      seconds: { ...report.seconds, total: elapsed(started) },
    };
  }
  // Every history records its start, with its size, before anything else.
  const other = markers.find((m) => m.action === STARTED && m.targetId !== tag);
  if (other) {
    const { members, weeks, seed } = other.details as unknown as HistorySize;
    throw new HistoryConflictError(
      `community ${communityId} already has a generated history (${members} members, ${weeks} weeks, ` +
        `seed ${seed}): seed another community, or repeat those options to finish or show it`,
    );
  }
  const end = new Date(String((first ?? markers[0])?.details?.end ?? clock.now().toISOString()));
  await audit.record({
    communityId,
    key: `${STARTED}:${tag}`,
    action: STARTED,
    actorId: 'seed',
    targetId: tag,
    details: { end: end.toISOString(), members: size.members, weeks: size.weeks, seed: size.seed },
    at: clock.now(),
  });

  const plan = planHistory({ members: size.members, weeks: size.weeks, seed: size.seed, now: end });
  options.onStart?.(plan);
  const before = await countDocuments(core, communityId);
  const platform = options.platform ?? 'console';
  let community = await communities.ensure(platform, communityId);
  await ensureCatalog(core, communityId, HISTORY_ITEMS);
  community = await ensureSentimentChannels(core, community);
  await new HistoryWriter(core, community, plan, options.concurrency).write();
  await writeChannelSentiment(core, community, plan);
  const wrote = performance.now();
  const { personas, recommender } = core.services.insights;
  const snapshot = await personas.refresh(communityId, clock.now());
  const refreshed = performance.now();
  const trained = await recommender.train(communityId, clock.now());
  const after = await countDocuments(core, communityId);
  const report: SeedReport = {
    communityId,
    tag,
    status: 'seeded',
    end: end.toISOString(),
    written: Object.fromEntries(Object.entries(after).map(([name, count]) => [name, count - (before[name] ?? 0)])),
    personas: snapshot ? { k: snapshot.k, silhouette: snapshot.silhouette, members: snapshot.members } : null,
    groups: await groupOutcomes(core, { communityId, platform }, plan, (snapshot?.personas as Persona[]) ?? []),
    trained: { members: trained.members, items: trained.items },
    seconds: {
      write: seconds(wrote - started),
      personas: seconds(refreshed - wrote),
      train: elapsed(refreshed),
      total: elapsed(started),
    },
  };
  await audit.record({
    communityId,
    key: `${DONE}:${tag}`,
    action: DONE,
    actorId: 'seed',
    targetId: tag,
    details: report as unknown as Record<string, unknown>,
    at: clock.now(),
  });
  return report;
}

async function groupOutcomes(
  core: Core,
  where: { communityId: string; platform: Platform },
  plan: HistoryPlan,
  personas: Persona[],
): Promise<GroupOutcome[]> {
  const assigned = new Map<string, number>();
  await forEachLimit(plan.members, 16, async (member) => {
    const found = await core.services.insights.personas.ofMember(where.communityId, where.platform, member.userId);
    if (found) assigned.set(member.userId, found.persona);
  });
  return GROUPS.map((group) => {
    const members = plan.members.filter((m) => m.group === group);
    const counts = new Map<number, number>();
    for (const m of members) {
      const persona = assigned.get(m.userId);
      if (persona !== undefined) counts.set(persona, (counts.get(persona) ?? 0) + 1);
    }
    const [persona, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
    return {
      group,
      description: BEHAVIOURS[group].description,
      members: members.length,
      persona,
      share: members.length > 0 ? Math.round((100 * count) / members.length) / 100 : 0,
      traits: persona === null ? [] : (personas[persona]?.traits ?? []),
      example: members[0]?.userId ?? '',
    };
  });
}

async function countDocuments(core: Core, communityId: string): Promise<Record<string, number>> {
  const { models } = core;
  const collections = {
    members: models.Member,
    ledger: models.PointsEntry,
    orders: models.Order,
    interactions: models.Interaction,
    feedback: models.Feedback,
    tickets: models.Ticket,
    channelDays: models.ChannelSentiment,
    items: models.Item,
    personaSnapshots: models.PersonaSnapshot,
  } as const;
  const counts: Record<string, number> = {};
  for (const [name, model] of Object.entries(collections))
    counts[name] = await (model as typeof models.Member).countDocuments({ communityId });
  return counts;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const elapsed = (since: number) => seconds(performance.now() - since);
