import { memberField } from '../db/ids.ts';
import type { RedisClient } from '../stores/redis-client.ts';
import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import type { InteractionDoc, ItemDoc, OrderDoc } from '../db/loyalty-models.ts';
import { randomUUID } from 'node:crypto';
import { recordInteraction } from '../db/interactions.ts';
import { BoundedCache } from '../bounded-cache.ts';
import { execOrThrow } from '../stores/redis-exec.ts';
import { isAllowed } from '../loyalty/catalog.ts';
import type { Persona, Personas } from '../personas/personas.ts';
import { easeScores, strongestReason, trainEase, type EaseModel } from './ease.ts';
import { INTERACTION_WEIGHTS, recencyWeight } from './signals.ts';
import { DEFAULT_CONTENT_WEIGHT, type Strategy } from './strategies.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Blend weights tuned on MovieLens DEV rows (scripts/eval/recommend.ts). */
const EASE_SETTINGS = { lambda: 300, minSupport: 2 };
const NEW_ITEM_DAYS = 14;
const PICKS = 3;
const STORED_PICKS = 10;
const CATALOG_CACHE_MS = 5000;
/** Communities whose catalog one process keeps at once. */
const CATALOG_CACHE_ENTRIES = 200;

export type Reason =
  | { kind: 'liked'; itemId: string; title: string }
  | { kind: 'persona' }
  | { kind: 'new'; tag: string }
  | { kind: 'popular' };

export interface Pick {
  itemId: string;
  title: string;
  reason: Reason;
}

interface StoredPicks {
  version: string;
  at: string;
  picks: Array<{ itemId: string; reason: Reason }>;
}

interface MemberHistory {
  weights: Map<string, number>;
  owned: Set<string>;
  dismissed: Set<string>;
}

function historyFrom(interactions: InteractionDoc[], orders: OrderDoc[]): MemberHistory {
  const last = Math.max(0, ...interactions.map((i) => new Date(i.at).getTime()));
  const weights = new Map<string, number>();
  const owned = new Set<string>(
    orders.filter((o) => o.status !== 'failed' && o.status !== 'cancelled').map((o) => o.itemId),
  );
  const dismissed = new Set<string>();
  for (const interaction of interactions) {
    if (!interaction.itemId) continue;
    if (interaction.type === 'dismiss') dismissed.add(interaction.itemId);
    if (interaction.type === 'purchase' || interaction.type === 'redeem') owned.add(interaction.itemId);
    const base = INTERACTION_WEIGHTS[interaction.type];
    if (base > 0) {
      const age = (last - new Date(interaction.at).getTime()) / DAY_MS;
      weights.set(interaction.itemId, (weights.get(interaction.itemId) ?? 0) + base * recencyWeight(age));
    }
  }
  return { weights, owned, dismissed };
}

function tagAffinity(history: MemberHistory, items: Map<string, ItemDoc>): Map<string, number> {
  const tags = new Map<string, number>();
  for (const [itemId, weight] of history.weights)
    for (const tag of items.get(itemId)?.tags ?? []) tags.set(tag, (tags.get(tag) ?? 0) + weight);
  const norm = Math.hypot(...tags.values()) || 1;
  return new Map([...tags].map(([tag, w]) => [tag, w / norm]));
}

function contentScore(item: ItemDoc, affinity: Map<string, number>): number {
  if (item.tags.length === 0) return 0;
  return item.tags.reduce((sum, tag) => sum + (affinity.get(tag) ?? 0), 0) / Math.sqrt(item.tags.length);
}

/**
 * Personalised picks: EASE over the community's interactions (recency-weighted history),
 * tag content for new items and new members, persona popularity as the fallback. Business
 * rules after scoring: not owned or dismissed, in stock, allowed for the tier, at most two
 * picks sharing a tag. `train` precomputes picks into Redis; `picksFor` serves them.
 */
export class Recommender {
  private readonly catalogCache = new BoundedCache<string, Map<string, ItemDoc>>(
    CATALOG_CACHE_ENTRIES,
    CATALOG_CACHE_MS,
  );

  constructor(
    private readonly models: Models,
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly personas: Personas,
  ) {}

  /**
   * Precomputes picks. `contentWeights` are blends in use besides the default (a served
   * `blend-<w>`, an experiment's variants): their picks are stored beside the default's.
   */
  async train(
    communityId: string,
    now: Date,
    contentWeights: number[] = [],
  ): Promise<{ members: number; items: number; version: string }> {
    const interactions = await this.models.Interaction.find({ communityId }).lean<InteractionDoc[]>();
    const byMember = groupByMember(interactions);
    const positive = interactions
      .filter((i) => i.itemId && INTERACTION_WEIGHTS[i.type] > 0)
      .map((i) => ({ user: memberField(i), item: i.itemId as string, weight: 1 }));
    const model = trainEase(positive, EASE_SETTINGS);
    const version = `ease-${now.toISOString()}`;
    const items = await this.activeItems(communityId);
    const ordersBy = groupByMember(await this.models.Order.find({ communityId }).lean<OrderDoc[]>());
    const members = await this.models.Member.find(
      { communityId, status: 'active' },
      { platform: 1, userId: 1, tier: 1 },
    ).lean<MemberDoc[]>();
    // Keys of this run's own: two trainings of a community may overlap (same hash slot as the live keys).
    const run = randomUUID();
    const [staging, fallbackStaging] = [
      `${this.key(communityId)}:staging:${run}`,
      `${this.fallbackKey(communityId)}:staging:${run}`,
    ];
    const blends = [...new Set(contentWeights)]
      .filter((weight) => weight !== DEFAULT_CONTENT_WEIGHT)
      .map((weight) => ({
        weight,
        live: this.key(communityId, weight),
        staging: `${this.key(communityId, weight)}:staging:${run}`,
      }));
    const stamp = (picks: Pick[]) =>
      JSON.stringify({
        version,
        at: now.toISOString(),
        picks: picks.map(({ itemId, reason }) => ({ itemId, reason })),
      } satisfies StoredPicks);
    let stored = 0;
    let pipeline = this.redis.pipeline();
    const fallbacks = await this.fallbackPicks(communityId, items, positive, now);
    for (const [field, fallback] of fallbacks) pipeline.hset(fallbackStaging, field, stamp(fallback));
    for (const member of members) {
      const key = memberField(member);
      const memberInteractions = byMember.get(key);
      if (!memberInteractions) continue;
      const history = historyFrom(memberInteractions, ordersBy.get(key) ?? []);
      const picks = this.rank(model, items, history, member, STORED_PICKS, now);
      pipeline.hset(staging, key, stamp(picks));
      for (const blend of blends)
        pipeline.hset(
          blend.staging,
          key,
          stamp(this.rank(model, items, history, member, STORED_PICKS, now, blend.weight)),
        );
      // Added to, never replaced: an item excluded while this job ran must stay excluded.
      const excluded = [...history.owned, ...history.dismissed];
      if (excluded.length > 0) pipeline.sadd(this.exclusionsKey(communityId, key), ...excluded);
      stored += 1;
      if (stored % 1000 === 0) {
        await execOrThrow(pipeline);
        pipeline = this.redis.pipeline();
      }
    }
    await execOrThrow(pipeline);
    // Both hashes change together (one hash slot per community), so a reader never mixes models.
    const swap = this.redis.multi();
    const replace = (from: string, to: string, filled: boolean) => (filled ? swap.rename(from, to) : swap.del(to));
    replace(fallbackStaging, this.fallbackKey(communityId), fallbacks.length > 0);
    replace(staging, this.key(communityId), stored > 0);
    for (const blend of blends) replace(blend.staging, blend.live, stored > 0);
    await execOrThrow(swap);
    return { members: stored, items: model.items.length, version };
  }

  /**
   * Picks for members without history of their own: one list per persona (its popular
   * items) and one for members outside any persona (the community's popular items), ranked
   * without a tier so that serving only has to drop what a member may not have.
   */
  private async fallbackPicks(
    communityId: string,
    items: Map<string, ItemDoc>,
    positive: Array<{ item: string }>,
    now: Date,
  ): Promise<Array<[string, Pick[]]>> {
    const counts = new Map<string, number>();
    for (const { item } of positive) counts.set(item, (counts.get(item) ?? 0) + 1);
    const popular = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([item]) => item);
    const snapshot = await this.personas.latest(communityId);
    const personas = (snapshot?.personas as Persona[] | undefined) ?? [];
    const empty: MemberHistory = { weights: new Map(), owned: new Set(), dismissed: new Set() };
    return [
      [
        fallbackField(null),
        this.coldStart(items, empty, null, { ranked: popular, kind: 'popular' }, STORED_PICKS, now),
      ],
      ...personas.map(({ index, popularItems }): [string, Pick[]] => [
        fallbackField({ snapshotId: String(snapshot?._id), persona: index }),
        this.coldStart(items, empty, null, { ranked: popularItems, kind: 'persona' }, STORED_PICKS, now),
      ]),
    ];
  }

  /**
   * Picks for one member: precomputed when available (re-checked against today's rules), else
   * computed now. A strategy (an experiment's variant) may ask for another blend, the
   * community's popular items only, or nothing at all.
   */
  async picksFor(
    member: MemberDoc,
    community: CommunityDoc,
    now: Date,
    limit = PICKS,
    strategy?: Strategy,
  ): Promise<{ picks: Pick[]; version: string }> {
    if (strategy?.kind === 'none') return { picks: [], version: 'none' };
    const popularOnly = strategy?.kind === 'popularity';
    const weight = strategy?.kind === 'blend' ? strategy.contentWeight : DEFAULT_CONTENT_WEIGHT;
    const memberKey = memberField(member);
    const [items, own, excluded, persona] = await Promise.all([
      this.activeItems(community.communityId),
      popularOnly ? null : this.redis.hget(this.key(community.communityId, weight), memberKey),
      this.redis.smembers(this.exclusionsKey(community.communityId, memberKey)),
      this.personas.ofMember(community.communityId, member.platform, member.userId),
    ]);
    // Owned and dismissed items are kept in Redis beside the picks, so serving reads no history.
    const known: MemberHistory = { weights: new Map(), owned: new Set(excluded), dismissed: new Set() };
    const serve = (raw: string | null) => {
      if (!raw) return null;
      const stored = JSON.parse(raw) as StoredPicks;
      const still = stored.picks
        .filter((pick) => this.eligible(items.get(pick.itemId), known, member.tier))
        .slice(0, limit);
      return still.length > 0
        ? {
            picks: still.map((pick) => ({ ...pick, title: items.get(pick.itemId)?.title ?? pick.itemId })),
            version: stored.version,
          }
        : null;
    };
    const fallback = fallbackField(popularOnly ? null : persona);
    const served = serve(own) ?? serve(await this.redis.hget(this.fallbackKey(community.communityId), fallback));
    if (served) return served;
    // Nothing precomputed fits (no training yet, or every stored pick is now excluded).
    const history = await this.history(member);
    const snapshot = persona ? await this.personas.latest(community.communityId) : null;
    const personaItems =
      (snapshot?.personas as Persona[] | undefined)?.find((p) => p.index === persona?.persona)?.popularItems ?? [];
    return {
      picks: this.coldStart(items, history, member.tier, { ranked: personaItems, kind: 'persona' }, limit, now),
      version: 'on-demand',
    };
  }

  /** Keeps an item out of a member's picks from now on (bought, redeemed or dismissed). */
  async exclude(member: { communityId: string; platform: string; userId: string }, itemId: string): Promise<void> {
    await this.redis.sadd(this.exclusionsKey(member.communityId, memberField(member)), itemId);
  }

  /** "Interested" or "not for me": an interaction keyed by the request, so a double press counts once. */
  async record(
    member: MemberDoc,
    itemId: string,
    kind: 'like' | 'dismiss',
    requestId: string,
    now: Date,
  ): Promise<void> {
    if (kind === 'dismiss') await this.exclude(member, itemId);
    await recordInteraction(this.models, {
      communityId: member.communityId,
      platform: member.platform,
      userId: member.userId,
      itemId,
      type: kind,
      weight: kind === 'like' ? INTERACTION_WEIGHTS.like : 0,
      query: null,
      eventId: `rec:${requestId}`,
      at: now,
    });
  }

  private rank(
    model: EaseModel,
    items: Map<string, ItemDoc>,
    history: MemberHistory,
    member: MemberDoc,
    limit: number,
    now: Date,
    contentWeight = DEFAULT_CONTENT_WEIGHT,
  ): Pick[] {
    const base = easeScores(model, history.weights);
    const affinity = tagAffinity(history, items);
    const scored: Array<{ item: ItemDoc; score: number; reason: Reason }> = [];
    for (const item of items.values()) {
      if (!this.eligible(item, history, member.tier)) continue;
      const index = model.index.get(item.itemId);
      const collaborative = index === undefined ? 0 : (base[index] as number);
      const content = contentScore(item, affinity);
      const source = index === undefined ? null : strongestReason(model, history.weights, item.itemId);
      const reason: Reason =
        source && collaborative > 0
          ? { kind: 'liked', itemId: source, title: items.get(source)?.title ?? source }
          : this.isNew(item, now) && item.tags[0]
            ? { kind: 'new', tag: item.tags[0] }
            : { kind: 'popular' };
      scored.push({
        item,
        score: collaborative + contentWeight * content + (reason.kind === 'new' ? contentWeight * 0.5 : 0),
        reason,
      });
    }
    scored.sort((a, b) => b.score - a.score || a.item.itemId.localeCompare(b.item.itemId));
    return diversify(scored, limit).map(({ item, reason }) => ({ itemId: item.itemId, title: item.title, reason }));
  }

  /** Ranks by a popularity list (a persona's or the community's), then tag content, then newness. */
  private coldStart(
    items: Map<string, ItemDoc>,
    history: MemberHistory,
    tier: string | null,
    popular: { ranked: string[]; kind: 'persona' | 'popular' },
    limit: number,
    now: Date,
  ): Pick[] {
    const affinity = tagAffinity(history, items);
    const rankOf = new Map(popular.ranked.map((itemId, rank) => [itemId, rank]));
    const candidates = [...items.values()].filter((item) => this.eligible(item, history, tier));
    const scored = candidates.map((item) => {
      const rank = rankOf.get(item.itemId);
      const reason: Reason =
        rank !== undefined
          ? { kind: popular.kind }
          : this.isNew(item, now) && item.tags[0]
            ? { kind: 'new', tag: item.tags[0] }
            : { kind: 'popular' };
      const score =
        (rank !== undefined ? 10 - rank * 0.1 : 0) + contentScore(item, affinity) + (reason.kind === 'new' ? 0.5 : 0);
      return { item, score, reason };
    });
    scored.sort((a, b) => b.score - a.score || a.item.cost - b.item.cost || a.item.itemId.localeCompare(b.item.itemId));
    return diversify(scored, limit).map(({ item, reason }) => ({ itemId: item.itemId, title: item.title, reason }));
  }

  /** `tier` null: any tier (lists shared by many members; serving checks the tier). */
  private eligible(item: ItemDoc | undefined, history: MemberHistory, tier: string | null): item is ItemDoc {
    return (
      !!item &&
      item.active &&
      !history.owned.has(item.itemId) &&
      !history.dismissed.has(item.itemId) &&
      (item.stock == null || item.stock > 0) &&
      (tier === null || isAllowed(item, tier))
    );
  }

  private isNew(item: ItemDoc & { createdAt?: Date }, now: Date): boolean {
    return !!item.createdAt && now.getTime() - new Date(item.createdAt).getTime() < NEW_ITEM_DAYS * DAY_MS;
  }

  private async history(member: MemberDoc): Promise<MemberHistory> {
    const scope = { communityId: member.communityId, platform: member.platform, userId: member.userId };
    const [interactions, orders] = await Promise.all([
      this.models.Interaction.find(scope).sort({ at: -1 }).limit(500).lean<InteractionDoc[]>(),
      this.models.Order.find(scope).lean<OrderDoc[]>(),
    ]);
    return historyFrom(interactions, orders);
  }

  /**
   * The active catalog, kept for a few seconds per process: picks are suggestions, and
   * /redeem checks stock and tier again, so a pick that sold out seconds ago costs nothing.
   */
  private async activeItems(communityId: string): Promise<Map<string, ItemDoc>> {
    const cached = this.catalogCache.get(communityId);
    if (cached) return cached;
    const items = await this.models.Item.find({ communityId, active: true }).lean<ItemDoc[]>();
    const byId = new Map(items.map((item) => [item.itemId, item]));
    this.catalogCache.set(communityId, byId);
    return byId;
  }

  /**
   * What the last training left: its model version and time, and how often each item is among
   * the members' stored picks (read in slices, never the whole hash at once).
   */
  async trainingSummary(
    communityId: string,
  ): Promise<{ version: string | null; at: string | null; picks: Map<string, number> }> {
    const community = await this.redis.hget(this.fallbackKey(communityId), fallbackField(null));
    const stored = community ? (JSON.parse(community) as StoredPicks) : null;
    const picks = new Map<string, number>();
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(this.key(communityId), cursor, 'COUNT', 1000);
      for (let i = 1; i < flat.length; i += 2) {
        for (const pick of (JSON.parse(flat[i] as string) as StoredPicks).picks.slice(0, PICKS)) {
          picks.set(pick.itemId, (picks.get(pick.itemId) ?? 0) + 1);
        }
      }
      cursor = next;
    } while (cursor !== '0');
    return { version: stored?.version ?? null, at: stored?.at ?? null, picks };
  }

  /** Members' own picks; a blend other than the default keeps its picks beside them. */
  private key(communityId: string, contentWeight = DEFAULT_CONTENT_WEIGHT): string {
    const base = `${this.prefix}:rec:{${communityId}}`;
    return contentWeight === DEFAULT_CONTENT_WEIGHT ? base : `${base}:w:${contentWeight}`;
  }

  /** Lists for members without picks of their own: per persona, and for the whole community. */
  private fallbackKey(communityId: string): string {
    return `${this.key(communityId)}:fallback`;
  }

  private exclusionsKey(communityId: string, memberKey: string): string {
    return `${this.prefix}:rec:{${communityId}}:excluded:${memberKey}`;
  }
}

/** A persona's list is tied to its snapshot: indexes are renumbered by every refresh. */
function fallbackField(persona: { snapshotId: string; persona: number } | null): string {
  return persona ? `${persona.snapshotId}#${persona.persona}` : 'community';
}

function groupByMember<T extends { platform: string; userId: string }>(rows: T[]): Map<string, T[]> {
  const byMember = new Map<string, T[]>();
  for (const row of rows) {
    const key = memberField(row);
    const list = byMember.get(key);
    if (list) list.push(row);
    else byMember.set(key, [row]);
  }
  return byMember;
}

/** At most two picks may share a tag, so a list is never three of the same thing. */
function diversify<T extends { item: ItemDoc }>(ranked: T[], limit: number): T[] {
  const used = new Map<string, number>();
  const chosen: T[] = [];
  for (const entry of ranked) {
    if (chosen.length >= limit) break;
    if (entry.item.tags.some((tag) => (used.get(tag) ?? 0) >= 2)) continue;
    chosen.push(entry);
    for (const tag of entry.item.tags) used.set(tag, (used.get(tag) ?? 0) + 1);
  }
  return chosen;
}
