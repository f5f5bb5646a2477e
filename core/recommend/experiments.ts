import { BoundedCache } from '../bounded-cache.ts';
import { memberField } from '../db/ids.ts';
import type { Models } from '../db/models.ts';
import type { ExperimentDoc } from '../db/retention-models.ts';
import { isDuplicateKeyError, UserError } from '../errors.ts';
import { unitHash } from '../stats.ts';
import { parseStrategy } from './strategies.ts';

const DAY_MS = 24 * 3600 * 1000;
/** A redemption or purchase counts for the picks shown this long before it. */
export const CONVERSION_WINDOW_MS = 7 * DAY_MS;
export const EXPERIMENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
const RUNNING_CACHE_MS = 5000;

type MemberRef = { communityId: string; platform: string; userId: string };

/** The variant a member gets: a stable hash of member and experiment, so it never changes while it runs. */
export function assignVariant(experiment: Pick<ExperimentDoc, 'experimentId' | 'variants'>, member: MemberRef) {
  const slot = Math.floor(unitHash(`${experiment.experimentId}|${memberField(member)}`) * experiment.variants.length);
  return experiment.variants[Math.min(slot, experiment.variants.length - 1)] as string;
}

const exposureId = (experimentId: string, member: MemberRef) =>
  `${member.communityId}|${experimentId}|${memberField(member)}`;

/**
 * Recommendation experiments: one at a time per community, two or three variants (served
 * strategies: `blend`, `blend-<w>`, `popularity`, `none` as the control), members split by a
 * stable hash. What each member was shown and did is one document per member and
 * experiment, written with set-like updates only (no counters), so a repeated write
 * changes nothing and the unit of analysis is the randomized one: the member.
 */
export class Experiments {
  private readonly running_ = new BoundedCache<string, ExperimentDoc | null>(500, RUNNING_CACHE_MS);

  constructor(private readonly models: Models) {}

  async start(communityId: string, experimentId: string, variants: string[], now: Date): Promise<ExperimentDoc> {
    if (!EXPERIMENT_ID_PATTERN.test(experimentId)) throw new UserError('EXPERIMENT.INVALID', { value: experimentId });
    const names = variants.map((v) => v.trim().toLowerCase()).filter(Boolean);
    const bad = names.find((name) => !parseStrategy(name));
    if (bad !== undefined || names.length < 2 || names.length > 3 || new Set(names).size !== names.length)
      throw new UserError('EXPERIMENT.INVALID', { value: variants.join(',') });
    const running = await this.running(communityId);
    if (running) throw new UserError('EXPERIMENT.RUNNING', { experiment: running.experimentId });
    const doc: ExperimentDoc = {
      _id: `${communityId}|${experimentId}`,
      communityId,
      experimentId,
      variants: names,
      status: 'running',
      startedAt: now,
      stoppedAt: null,
      winner: null,
    };
    try {
      await this.models.Experiment.collection.insertOne(doc as never);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new UserError('EXPERIMENT.EXISTS', { experiment: experimentId });
      throw error;
    }
    this.running_.set(communityId, doc);
    return doc;
  }

  /** Stops the running experiment; its figures stay. */
  async stop(communityId: string, now: Date): Promise<ExperimentDoc> {
    const running = await this.running(communityId, { fresh: true });
    if (!running) throw new UserError('EXPERIMENT.NONE');
    await this.models.Experiment.updateOne(
      { _id: running._id, status: 'running' },
      { $set: { status: 'stopped', stoppedAt: now } },
    );
    this.running_.set(communityId, null);
    return { ...running, status: 'stopped', stoppedAt: now };
  }

  /** Names the latest experiment's winner (stopping it if it runs); the caller serves it from then on. */
  async promote(communityId: string, variant: string, now: Date): Promise<ExperimentDoc> {
    const latest = await this.latest(communityId);
    if (!latest) throw new UserError('EXPERIMENT.NONE');
    if (!latest.variants.includes(variant))
      throw new UserError('EXPERIMENT.NOT_A_VARIANT', { variant, variants: latest.variants.join(', ') });
    const stoppedAt = latest.stoppedAt ?? now;
    await this.models.Experiment.updateOne(
      { _id: latest._id },
      { $set: { status: 'stopped', stoppedAt, winner: variant } },
    );
    this.running_.set(communityId, null);
    return { ...latest, status: 'stopped', stoppedAt, winner: variant };
  }

  /** The community's running experiment (read at most every few seconds per process). */
  async running(communityId: string, options: { fresh?: boolean } = {}): Promise<ExperimentDoc | null> {
    const cached = options.fresh ? undefined : this.running_.get(communityId);
    if (cached !== undefined) return cached;
    // A community holds a handful of experiments: reading them all is cheap on any store.
    const found = await this.models.Experiment.findOne({ communityId, status: 'running' }).lean<ExperimentDoc>();
    this.running_.set(communityId, found ?? null);
    return found ?? null;
  }

  async latest(communityId: string, experimentId?: string): Promise<ExperimentDoc | null> {
    if (experimentId) return this.models.Experiment.findById(`${communityId}|${experimentId}`).lean<ExperimentDoc>();
    return this.models.Experiment.findOne({ communityId }).sort({ startedAt: -1 }).lean<ExperimentDoc>();
  }

  /** A member was shown picks (none, for the control): their first and latest exposure, and what. */
  async recordShown(experiment: ExperimentDoc, member: MemberRef, variant: string, items: string[], now: Date) {
    const _id = exposureId(experiment.experimentId, member);
    const update = {
      $setOnInsert: {
        communityId: member.communityId,
        experimentId: experiment.experimentId,
        platform: member.platform,
        userId: member.userId,
        variant,
        firstShownAt: now,
      },
      $max: { lastShownAt: now },
      $addToSet: { shownItems: { $each: items } },
    };
    try {
      await this.models.Exposure.updateOne({ _id }, update, { upsert: true });
    } catch (error) {
      // Two first exposures raced: the other one inserted; add ours to it.
      if (!isDuplicateKeyError(error)) throw error;
      await this.models.Exposure.updateOne({ _id }, { $max: update.$max, $addToSet: update.$addToSet });
    }
  }

  /** "Interested" or "not for me" on a pick, by a member in the running experiment. */
  async recordReaction(member: MemberRef, kind: 'like' | 'dismiss', now: Date): Promise<void> {
    const experiment = await this.running(member.communityId);
    if (!experiment) return;
    const flag = kind === 'like' ? { interested: true } : { dismissed: true };
    await this.models.Exposure.updateOne(
      { _id: exposureId(experiment.experimentId, member), firstShownAt: { $lte: now } },
      { $set: flag },
    );
  }

  /**
   * A redemption or purchase: it converts the member's exposure when it comes within 7 days
   * of being shown picks (for the control, of asking for them), in the running experiment
   * or one stopped less than 7 days ago.
   */
  async recordConversion(member: MemberRef, itemId: string, at: Date): Promise<void> {
    const since = new Date(at.getTime() - CONVERSION_WINDOW_MS);
    const recent = await this.models.Experiment.find({
      communityId: member.communityId,
      $or: [{ status: 'running' }, { stoppedAt: { $gte: since } }],
    }).lean<ExperimentDoc[]>();
    for (const experiment of recent) {
      const _id = exposureId(experiment.experimentId, member);
      const window = { _id, lastShownAt: { $gte: since, $lte: at } };
      await this.models.Exposure.updateOne(window, { $set: { converted: true } });
      await this.models.Exposure.updateOne({ ...window, shownItems: itemId }, { $set: { pickConverted: true } });
    }
  }
}
