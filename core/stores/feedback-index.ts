import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis-client.ts';
import { execOrThrow } from './redis-exec.ts';
import type { FeedbackDoc } from '../db/support-models.ts';

/** What the dashboard's feedback list shows of one piece of feedback. */
export interface FeedbackLine {
  id: string;
  at: string;
  label: FeedbackDoc['label'];
  score: number;
  channelId: string | null;
  language: FeedbackDoc['language'];
  source: FeedbackDoc['source'];
  user: string;
  text: string;
  /** A manager's label for training, when one was given. */
  managerLabel: FeedbackDoc['label'] | null;
}

export interface FeedbackFilter {
  from: Date;
  to: Date;
  label?: FeedbackDoc['label'];
  channelId?: string;
  language?: FeedbackDoc['language'];
}

interface PageRange {
  from: number;
  to: number;
  offset: number;
  count: number;
}

const KEPT_DAYS = 400;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The dashboard's index of a community's feedback in Redis: sorted sets by time, one for all
 * and one per label, language and channel, and the lines themselves in a hash. A filtered,
 * paged list is then a set intersection and a range, never a scan of the feedback collection
 * (FerretDB would read all of it). Kept up by each write, by erasures, and rebuilt by the
 * dashboard job when it drifts from MongoDB.
 */
export class FeedbackIndex {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async add(feedback: FeedbackDoc): Promise<void> {
    await this.write(this.redis.multi(), feedback.communityId, [feedback]).exec();
  }

  async remove(communityId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const lines = (await this.redis.hmget(this.key(communityId, 'lines'), ...ids)).flatMap((raw) =>
      raw ? [JSON.parse(raw) as FeedbackLine] : [],
    );
    const multi = this.redis
      .multi()
      .hdel(this.key(communityId, 'lines'), ...ids)
      .zrem(this.key(communityId, 'all'), ...ids);
    for (const line of lines) for (const set of this.setsOf(communityId, line)) multi.zrem(set, line.id);
    await multi.exec();
  }

  async count(communityId: string): Promise<number> {
    return this.redis.zcard(this.key(communityId, 'all'));
  }

  /** Newest first, `pageSize` from `offset`, with how many match in all. */
  async list(communityId: string, filter: FeedbackFilter, offset: number, pageSize: number) {
    const sets = [
      filter.label && this.key(communityId, `label:${filter.label}`),
      filter.language && this.key(communityId, `lang:${filter.language}`),
      filter.channelId && this.key(communityId, `chan:${filter.channelId}`),
    ].filter((set): set is string => Boolean(set));
    const range = { from: filter.from.getTime(), to: filter.to.getTime() - 1, offset, count: pageSize };
    const { total, ids } = await this.idsIn(communityId, sets, range);
    return { total, lines: await this.lines(communityId, ids) };
  }

  /** The lines with these ids that are still indexed, in the order asked. */
  async lines(communityId: string, ids: string[]): Promise<FeedbackLine[]> {
    const raw = ids.length > 0 ? await this.redis.hmget(this.key(communityId, 'lines'), ...ids) : [];
    return raw.flatMap((line) => (line ? [JSON.parse(line) as FeedbackLine] : []));
  }

  /** Ids of the feedback managers labelled, newest first (what a training file is made of). */
  async relabelledIds(communityId: string, limit: number): Promise<string[]> {
    return this.redis.zrevrange(this.key(communityId, 'relabelled'), 0, limit - 1);
  }

  /** Replaces the whole index with these documents (the job's rebuild); prunes what is too old. */
  async rebuild(communityId: string, feedback: FeedbackDoc[]): Promise<void> {
    const registry = this.key(communityId, 'sets');
    const sets = await this.redis.smembers(registry);
    await this.redis.del(registry, this.key(communityId, 'lines'), this.key(communityId, 'all'), ...sets);
    for (let start = 0; start < feedback.length; start += 2000) {
      await this.write(this.redis.pipeline(), communityId, feedback.slice(start, start + 2000)).exec();
    }
  }

  /** Drops lines older than the index keeps (the job runs it). */
  async prune(communityId: string, now: Date): Promise<void> {
    const cutoff = now.getTime() - KEPT_DAYS * DAY_MS;
    const old = await this.redis.zrangebyscore(this.key(communityId, 'all'), 0, cutoff);
    await this.remove(communityId, old);
  }

  /** One page of ids in a time range of one set, or of the intersection of several (made and dropped at once). */
  private async idsIn(communityId: string, sets: string[], range: PageRange) {
    const multi = this.redis.multi();
    let source = sets[0] ?? this.key(communityId, 'all');
    if (sets.length > 1) {
      source = `${this.key(communityId, 'tmp')}:${randomUUID()}`;
      multi.zinterstore(source, sets.length, ...sets, 'AGGREGATE', 'MAX');
    }
    multi
      .zcount(source, range.from, range.to)
      .zrevrangebyscore(source, range.to, range.from, 'LIMIT', range.offset, range.count);
    if (sets.length > 1) multi.del(source);
    const replies = await execOrThrow(multi);
    const at = sets.length > 1 ? 1 : 0;
    return { total: replies[at] as number, ids: replies[at + 1] as string[] };
  }

  private write<T extends ReturnType<RedisClient['multi']>>(
    commands: T,
    communityId: string,
    feedback: FeedbackDoc[],
  ): T {
    for (const doc of feedback) {
      const line: FeedbackLine = {
        id: doc._id,
        at: doc.at.toISOString(),
        label: doc.label,
        score: doc.score,
        channelId: doc.channelId ?? null,
        language: doc.language,
        source: doc.source,
        user: doc.displayName || doc.userId,
        text: doc.text.slice(0, 500),
        managerLabel: doc.managerLabel ?? null,
      };
      const score = doc.at.getTime();
      commands.hset(this.key(communityId, 'lines'), line.id, JSON.stringify(line));
      commands.zadd(this.key(communityId, 'all'), score, line.id);
      for (const set of this.setsOf(communityId, line)) {
        // Every per-label, language and channel set is listed, so a rebuild can find them all.
        commands.zadd(set, score, line.id).sadd(this.key(communityId, 'sets'), set);
      }
    }
    return commands;
  }

  private setsOf(communityId: string, line: FeedbackLine): string[] {
    const sets = [this.key(communityId, `label:${line.label}`), this.key(communityId, `lang:${line.language}`)];
    if (line.channelId) sets.push(this.key(communityId, `chan:${line.channelId}`));
    if (line.managerLabel) sets.push(this.key(communityId, 'relabelled'));
    return sets;
  }

  private key(communityId: string, part: string): string {
    return `${this.prefix}:dash-fb:{${communityId}}:${part}`;
  }
}
