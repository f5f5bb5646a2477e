import { verifyLedger, type Platform } from '../../core/index.ts';
import type { SlackClient } from '../lib/slack-client.ts';
import type { ServiceStack } from '../lib/stack.ts';

/** The fault suite's workspace (its community). */
export const TEAM = 'TCHAOS';

export interface ScenarioContext {
  stack: ServiceStack;
  slack: SlackClient;
  /** The short version (CI): fewer members, shorter waits. */
  quick: boolean;
}

/** A fault, what it breaks, and the invariants checked afterwards; throws when one fails. */
export interface Scenario {
  name: string;
  /** Returns what was done and checked, in a line. */
  run(context: ScenarioContext): Promise<string>;
}

export function check(condition: boolean, failure: string): void {
  if (!condition) throw new Error(failure);
}

export const memberKey = (userId: string) => ({ communityId: TEAM, platform: 'slack' as Platform, userId });

/** Members of the chaos workspace with a starting balance, each written once however often run. */
export async function seedMembers(stack: ServiceStack, ids: string[], points: number, tag: string): Promise<void> {
  const { members, communities } = stack.core.services;
  const community = await communities.ensure('slack', TEAM, 'Chaos');
  // The scenarios count one chat credit per message: quality scoring (tested on its own) is off.
  const loyalty = (community.loyalty ?? {}) as { chat?: Record<string, unknown> };
  if (loyalty.chat?.quality !== false)
    await communities.setLoyalty(TEAM, { ...loyalty, chat: { ...loyalty.chat, quality: false } });
  await Promise.all(
    ids.map(async (userId) => {
      if (!(await members.find(memberKey(userId)))) {
        await members.join({ ...memberKey(userId), displayName: userId, tier: 'free', now: new Date() });
      }
      if (points === 0) return;
      await stack.core.services.loyalty.ledger.apply({
        member: memberKey(userId),
        delta: points,
        kind: 'adjust',
        reason: 'chaos-seed',
        source: 'import',
        idempotencyKey: `chaos:${tag}:${userId}`,
      });
    }),
  );
}

/** The ledger's own audit: gap-free streams, running sums, never negative, caches equal. */
export async function ledgerClean(stack: ServiceStack): Promise<string> {
  const report = await verifyLedger(stack.core.models, TEAM);
  check(report.problems.length === 0, `ledger: ${report.problems.slice(0, 3).join('; ')}`);
  return `ledger clean (${report.members} members, ${report.entries} entries)`;
}

/** Waits for a queued job to finish, whatever worker ends up running it. */
export async function jobCompleted(stack: ServiceStack, queue: string, jobId: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await stack.scheduler.queue(queue).getJob(jobId);
    const state = await job?.getState();
    if (state === 'completed') return job;
    if (state === 'failed') throw new Error(`${queue} job ${jobId} failed: ${job?.failedReason}`);
    if (Date.now() > deadline) throw new Error(`${queue} job ${jobId} still ${state ?? 'missing'}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
