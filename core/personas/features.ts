import { memberField } from '../db/ids.ts';
import type { Models, MemberDoc } from '../db/models.ts';

/** The per-member figures personas are built from, in this order. */
export const FEATURES = [
  'recencyDays',
  'frequency',
  'monetary',
  'activity',
  'points',
  'tenureDays',
  'sentiment',
  'complaintShare',
] as const;
export type FeatureName = (typeof FEATURES)[number];

export interface MemberFeatures {
  userId: string;
  platform: string;
  displayName: string;
  /** Raw values in FEATURES order. */
  values: number[];
  /** Tags of items the member bought, redeemed, liked or clicked, with weights. */
  tags: Record<string, number>;
  /** Items the member bought, redeemed, liked or clicked, with summed weights. */
  items: Map<string, number>;
}

/** Large batches: a refresh streams whole collections, and each round trip costs. */
const BATCH = 5000;

const DAY_MS = 24 * 3600 * 1000;
const NO_ACTIVITY_DAYS = 365;

interface Totals {
  count: number;
  value: number;
  last: number;
  scoreSum: number;
  negative: number;
  tags: Record<string, number>;
  items: Map<string, number>;
}

const PURCHASES = new Set(['purchase', 'redeem']);
const TASTE = new Set(['purchase', 'redeem', 'like', 'click']);

/**
 * Reads members, interactions and feedback as streams and folds them per member in memory
 * (FerretDB lacks most $group accumulators, and a fold is cheap), one row per active member.
 */
export async function memberFeatures(models: Models, communityId: string, now: Date): Promise<MemberFeatures[]> {
  const itemTags = new Map(
    (
      await models.Item.find({ communityId }, { itemId: 1, tags: 1 }).lean<Array<{ itemId: string; tags: string[] }>>()
    ).map((item) => [item.itemId, item.tags]),
  );
  const totals = new Map<string, Totals>();
  const of = (platform: string, userId: string) => {
    const key = memberField({ platform, userId });
    let entry = totals.get(key);
    if (!entry) {
      entry = { count: 0, value: 0, last: 0, scoreSum: 0, negative: 0, tags: {}, items: new Map() };
      totals.set(key, entry);
    }
    return entry;
  };
  const feedbackCount = new Map<string, number>();
  const foldInteractions = async () => {
    const interactions = models.Interaction.find(
      { communityId },
      { _id: 0, platform: 1, userId: 1, itemId: 1, type: 1, weight: 1, at: 1 },
    )
      .lean<
        Array<{ platform: string; userId: string; itemId: string | null; type: string; weight: number; at: Date }>
      >()
      .cursor({ batchSize: BATCH });
    for await (const row of interactions) {
      const entry = of(row.platform, row.userId);
      if (PURCHASES.has(row.type)) {
        entry.count += 1;
        entry.value += row.weight;
        entry.last = Math.max(entry.last, new Date(row.at).getTime());
      }
      if (TASTE.has(row.type) && row.itemId) {
        entry.items.set(row.itemId, (entry.items.get(row.itemId) ?? 0) + row.weight);
        for (const tag of itemTags.get(row.itemId) ?? []) entry.tags[tag] = (entry.tags[tag] ?? 0) + row.weight;
      }
    }
  };
  const foldFeedback = async () => {
    const feedback = models.Feedback.find(
      { communityId, source: { $ne: 'passive' } },
      { platform: 1, userId: 1, score: 1, label: 1 },
    )
      .lean<Array<{ platform: string; userId: string; score: number; label: string }>>()
      .cursor({ batchSize: BATCH });
    for await (const row of feedback) {
      const entry = of(row.platform, row.userId);
      entry.scoreSum += row.score;
      if (row.label === 'negative') entry.negative += 1;
      const key = memberField(row);
      feedbackCount.set(key, (feedbackCount.get(key) ?? 0) + 1);
    }
  };
  const readMembers = () =>
    models.Member.find(
      { communityId, status: 'active' },
      { _id: 0, platform: 1, userId: 1, displayName: 1, joinedAt: 1, pointsBalance: 1, ledgerSeq: 1 },
    )
      .batchSize(BATCH)
      .lean<MemberDoc[]>();
  // Three streams at once: the server works on one while this process folds another.
  const [, , members] = await Promise.all([foldInteractions(), foldFeedback(), readMembers()]);
  const rows: MemberFeatures[] = [];
  for (const member of members) {
    const key = memberField(member);
    const entry = totals.get(key);
    const said = feedbackCount.get(key) ?? 0;
    const tenureDays = Math.max((now.getTime() - new Date(member.joinedAt).getTime()) / DAY_MS, 0);
    rows.push({
      userId: member.userId,
      platform: member.platform,
      displayName: member.displayName || member.userId,
      values: [
        // Never bought: as long as they have been a member (a newcomer is not a year overdue).
        entry && entry.count > 0 ? (now.getTime() - entry.last) / DAY_MS : Math.min(tenureDays, NO_ACTIVITY_DAYS),
        Math.log1p(entry?.count ?? 0),
        Math.log1p(entry?.value ?? 0),
        Math.log1p(member.ledgerSeq ?? 0),
        Math.log1p(Math.max(member.pointsBalance ?? 0, 0)),
        tenureDays,
        said > 0 ? (entry?.scoreSum ?? 0) / said : 0,
        said > 0 ? (entry?.negative ?? 0) / said : 0,
      ],
      tags: entry?.tags ?? {},
      items: entry?.items ?? new Map(),
    });
  }
  return rows;
}

/** Median and interquartile range per feature: scaling that outliers cannot stretch. */
export function robustScaler(rows: number[][]): {
  center: number[];
  scale: number[];
  transform(values: number[]): number[];
} {
  const dims = rows[0]?.length ?? FEATURES.length;
  const center: number[] = [];
  const scale: number[] = [];
  for (let d = 0; d < dims; d += 1) {
    const column = rows.map((row) => row[d] as number).sort((a, b) => a - b);
    const at = (q: number) => column[Math.min(column.length - 1, Math.floor(q * (column.length - 1)))] ?? 0;
    center.push(at(0.5));
    const iqr = at(0.75) - at(0.25);
    const spread = iqr > 1e-9 ? iqr : (at(1) - at(0)) / 2;
    scale.push(spread > 1e-9 ? spread : 1);
  }
  return {
    center,
    scale,
    transform: (values) => values.map((v, d) => (v - (center[d] as number)) / (scale[d] as number)),
  };
}
