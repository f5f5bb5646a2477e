import { BoundedCache } from '../bounded-cache.ts';
import { memberField } from '../db/ids.ts';
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../stores/redis-client.ts';
import { execOrThrow } from '../stores/redis-exec.ts';
import type { Models, PersonaSnapshotDoc } from '../db/models.ts';
import { clusterMembers, nearest } from './clustering.ts';
import { projectOnPlane } from './pca.ts';
import { FEATURES, memberFeatures, robustScaler, type FeatureName, type MemberFeatures } from './features.ts';

export interface PersonaTrait {
  feature: FeatureName;
  direction: 'high' | 'low';
  /** Mean robust z of the persona on this feature. */
  z: number;
}

export interface Persona {
  index: number;
  size: number;
  traits: PersonaTrait[];
  /** Items this persona interacts with most: the cold-start fallback. */
  popularItems: string[];
  /** Members of this persona at high churn risk. */
  atRisk: number;
  /** Mean robust z on every feature (in the snapshot's feature order): the persona's profile. */
  profile?: number[];
}

/** A sample of members placed on the two principal axes of their scaled features, with their persona. */
export interface PersonaMap {
  x: number[];
  y: number[];
  persona: number[];
  explained: [number, number];
}

/** The snapshot's churn summary: members at or above HIGH_CHURN_RISK, the most at risk first. */
export interface ChurnSummary {
  threshold: number;
  atRisk: number;
  mostAtRisk: Array<{ platform: string; userId: string; displayName: string; risk: number; factors: string[] }>;
}

export interface MemberPersona {
  persona: number;
  snapshotId: string;
  /** 0…1 chance-like score of drifting away, with its main factors. */
  churnRisk: number;
  churnFactors: string[];
}

const TRAIT_THRESHOLD = 0.5;
const Z_CLIP = 3;
export const HIGH_CHURN_RISK = 0.7;
const MOST_AT_RISK = 10;
/** Points on the persona map: enough to show the shape, small enough for a page. */
const MAP_POINTS = 1500;

/** Churn risk: long since buying, little activity, unhappy and complaining members drift away. */
function churn(z: number[], raw: number[]): { risk: number; factors: string[] } {
  const at = (name: FeatureName) => FEATURES.indexOf(name);
  const contributions: Array<[string, number]> = [
    ['recency', 0.9 * (z[at('recencyDays')] as number)],
    ['inactivity', -0.8 * (z[at('activity')] as number)],
    ['rareBuying', -0.4 * (z[at('frequency')] as number)],
    ['negativeSentiment', -2.0 * (raw[at('sentiment')] as number)],
    ['complaints', 2.5 * (raw[at('complaintShare')] as number)],
  ];
  const logit = contributions.reduce((sum, [, value]) => sum + value, -0.5);
  const factors = contributions
    .filter(([, value]) => value > 0.3)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name]) => name);
  return { risk: 1 / (1 + Math.exp(-logit)), factors };
}

/** An evenly spaced sample of members, projected on the principal plane. */
function personaMap(points: number[][], labels: number[]): PersonaMap {
  const step = Math.max(1, Math.ceil(points.length / MAP_POINTS));
  const picked = points.map((_, i) => i).filter((i) => i % step === 0);
  const plane = projectOnPlane(picked.map((i) => points[i] as number[]));
  return {
    x: plane.points.map(([x]) => x),
    y: plane.points.map(([, y]) => y),
    persona: picked.map((i) => labels[i] as number),
    explained: plane.explained,
  };
}

function roundRisk(risk: number): number {
  return Math.round(risk * 1000) / 1000;
}

function churnSummary(rows: MemberFeatures[], risks: Array<{ risk: number; factors: string[] }>): ChurnSummary {
  const atRisk = rows
    .map((row, i) => ({ row, ...(risks[i] as { risk: number; factors: string[] }) }))
    .filter((entry) => entry.risk >= HIGH_CHURN_RISK);
  atRisk.sort((a, b) => b.risk - a.risk || a.row.userId.localeCompare(b.row.userId));
  return {
    threshold: HIGH_CHURN_RISK,
    atRisk: atRisk.length,
    mostAtRisk: atRisk.slice(0, MOST_AT_RISK).map(({ row, risk, factors }) => ({
      platform: row.platform,
      userId: row.userId,
      displayName: row.displayName,
      risk: roundRisk(risk),
      factors,
    })),
  };
}

/**
 * Persona refresh: features per member, robust scaling, k-means++ with k chosen by
 * silhouette, traits from what sets each centroid apart, churn risk per member. The
 * snapshot goes to MongoDB; each member's persona and risk to one Redis hash, swapped in
 * whole so readers never see half a refresh.
 */
export class Personas {
  private readonly copies = new BoundedCache<string, PersonaSnapshotDoc>(50, 3600_000);

  constructor(
    private readonly models: Models,
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async refresh(
    communityId: string,
    now: Date,
    options = { minK: 2, maxK: 6, seeds: 3 },
  ): Promise<PersonaSnapshotDoc | null> {
    const started = performance.now();
    const rows = await memberFeatures(this.models, communityId, now);
    if (rows.length < options.minK + 1) return null;
    const read = performance.now();
    const scaler = robustScaler(rows.map((row) => row.values));
    const scaled = rows.map((row) => scaler.transform(row.values));
    // Clustered and described on z-scores clipped at ±Z_CLIP: a few members far out on one
    // feature (never bought: 365 days, z ≈ 11) would take a cluster of their own and make k = 2
    // look best. Churn risk reads the full z-scores.
    const points = scaled.map((z) => z.map((value) => Math.max(-Z_CLIP, Math.min(Z_CLIP, value))));
    const clustering = clusterMembers(points, {
      ...options,
      fitSample: 5000,
      silhouetteSample: 1500,
      minClusterShare: 0.02,
    });
    const labels = points.map((point) => nearest(clustering.centroids, point));
    const clustered = performance.now();
    const snapshotId = `${communityId}|${now.toISOString()}`;
    const risks = rows.map((row, i) => churn(scaled[i] as number[], row.values));
    const personas = this.describe(clustering.k, points, labels, rows, risks);
    const snapshot: PersonaSnapshotDoc = {
      _id: snapshotId,
      communityId,
      at: now,
      members: rows.length,
      k: clustering.k,
      silhouette: Math.round(clustering.silhouette * 1000) / 1000,
      inertia: Math.round(clustering.inertia),
      features: [...FEATURES],
      personas,
      churn: churnSummary(rows, risks),
      map: personaMap(points, labels),
      timings: { readSeconds: (read - started) / 1000, clusterSeconds: (clustered - read) / 1000, storeSeconds: 0 },
    };
    // Same community and moment (a retried run): the snapshot is replaced, not duplicated.
    await this.models.PersonaSnapshot.collection.replaceOne({ _id: snapshotId } as never, snapshot as never, {
      upsert: true,
    });
    await this.redis.set(this.latestKey(communityId), snapshotId);
    await this.storeAssignments(
      communityId,
      rows.map((row, i) => {
        const { risk, factors } = risks[i] as { risk: number; factors: string[] };
        return [
          memberField(row),
          { persona: labels[i] as number, snapshotId, churnRisk: roundRisk(risk), churnFactors: factors },
        ];
      }),
    );
    return { ...snapshot, timings: { ...snapshot.timings, storeSeconds: (performance.now() - clustered) / 1000 } };
  }

  /**
   * The newest snapshot: found by the id each refresh leaves in Redis (a lookup by `_id`), and
   * kept per process by that id, as a snapshot never changes once written.
   */
  async latest(communityId: string): Promise<PersonaSnapshotDoc | null> {
    const id = await this.redis.get(this.latestKey(communityId));
    const copy = id ? this.copies.get(id) : undefined;
    if (copy) return copy;
    const snapshot = id
      ? await this.models.PersonaSnapshot.findById(id).lean<PersonaSnapshotDoc>()
      : await this.models.PersonaSnapshot.findOne({ communityId }).sort({ at: -1 }).lean<PersonaSnapshotDoc>();
    if (snapshot) {
      this.copies.set(snapshot._id, snapshot);
      if (!id) await this.redis.set(this.latestKey(communityId), snapshot._id);
    }
    return snapshot;
  }

  private latestKey(communityId: string): string {
    return `${this.prefix}:personas-latest:{${communityId}}`;
  }

  /** Members whose churn risk in the latest refresh is at least `threshold`, read from the Redis hash in pages. */
  async atRisk(communityId: string, threshold: number): Promise<Array<{ member: string; risk: number }>> {
    const found: Array<{ member: string; risk: number }> = [];
    let cursor = '0';
    do {
      const [next, entries] = await this.redis.hscan(this.key(communityId), cursor, 'COUNT', 1000);
      for (let i = 0; i + 1 < entries.length; i += 2) {
        const risk = (JSON.parse(entries[i + 1] as string) as MemberPersona).churnRisk;
        if (risk >= threshold) found.push({ member: entries[i] as string, risk });
      }
      cursor = next;
    } while (cursor !== '0');
    return found.sort((a, b) => b.risk - a.risk || a.member.localeCompare(b.member));
  }

  async ofMember(communityId: string, platform: string, userId: string): Promise<MemberPersona | null> {
    const raw = await this.redis.hget(this.key(communityId), memberField({ platform, userId }));
    return raw ? (JSON.parse(raw) as MemberPersona) : null;
  }

  /** Every member's persona and churn risk from the latest refresh, by `platform|user`. */
  async assignments(communityId: string): Promise<Map<string, MemberPersona>> {
    const raw = await this.redis.hgetall(this.key(communityId));
    return new Map(Object.entries(raw).map(([member, value]) => [member, JSON.parse(value) as MemberPersona]));
  }

  private describe(
    k: number,
    points: number[][],
    labels: number[],
    rows: MemberFeatures[],
    risks: Array<{ risk: number }>,
  ): Persona[] {
    const personas: Persona[] = [];
    const itemWeightsBy = Array.from({ length: k }, () => new Map<string, number>());
    rows.forEach((row, i) => {
      const weights = itemWeightsBy[labels[i] as number] as Map<string, number>;
      for (const [item, weight] of row.items) weights.set(item, (weights.get(item) ?? 0) + weight);
    });
    for (let c = 0; c < k; c += 1) {
      const members = points.filter((_, i) => labels[i] === c);
      const mean = FEATURES.map(
        (_, d) => members.reduce((sum, p) => sum + (p[d] as number), 0) / Math.max(members.length, 1),
      );
      const traits = mean
        .map((z, d) => ({
          feature: FEATURES[d] as FeatureName,
          direction: (z >= 0 ? 'high' : 'low') as 'high' | 'low',
          z: Math.round(z * 100) / 100,
        }))
        .filter((trait) => Math.abs(trait.z) >= TRAIT_THRESHOLD)
        .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
        .slice(0, 3);
      const popularItems = [...(itemWeightsBy[c] as Map<string, number>)]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 20)
        .map(([item]) => item);
      const atRisk = risks.filter((r, i) => labels[i] === c && r.risk >= HIGH_CHURN_RISK).length;
      const profile = mean.map((z) => Math.round(z * 100) / 100);
      personas.push({ index: c, size: members.length, traits, popularItems, atRisk, profile });
    }
    return personas;
  }

  /** Written aside under a key of this run's own (two refreshes may overlap), then swapped in whole. */
  private async storeAssignments(communityId: string, entries: Array<[string, MemberPersona]>): Promise<void> {
    const staging = `${this.key(communityId)}:staging:${randomUUID()}`;
    for (let start = 0; start < entries.length; start += 2000) {
      const pipeline = this.redis.pipeline();
      for (const [member, value] of entries.slice(start, start + 2000))
        pipeline.hset(staging, member, JSON.stringify(value));
      await execOrThrow(pipeline);
    }
    if (entries.length === 0) await this.redis.del(this.key(communityId));
    else await this.redis.rename(staging, this.key(communityId));
  }

  private key(communityId: string): string {
    return `${this.prefix}:persona:{${communityId}}`;
  }
}
