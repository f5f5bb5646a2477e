import { verifyLedger } from '../../core/index.ts';
import { sleep, until } from '../lib/processes.ts';
import type { SlackCall } from '../lib/slack-api.ts';
import type { ServiceStack } from '../lib/stack.ts';
import { ITEM, ITEM_COST, TEAM } from './seed.ts';
import { COMMANDS, type SentSlash, type Traffic } from './traffic.ts';

/** The answers posted to each command's response_url, by trigger id. */
function answersByTrigger(calls: SlackCall[]): Map<string, SlackCall[]> {
  const byTrigger = new Map<string, SlackCall[]>();
  for (const call of calls) {
    if (!call.method.startsWith('response/')) continue;
    const trigger = call.method.slice('response/'.length);
    byTrigger.set(trigger, [...(byTrigger.get(trigger) ?? []), call]);
  }
  return byTrigger;
}

/**
 * Waits until every acknowledged command has an answer, or until no new answer came for
 * `quietMs` (what is still missing then is lost); then a little longer, so a late second
 * answer is seen too.
 */
export async function settleAnswers(stack: ServiceStack, traffic: Traffic, quietMs = 20_000): Promise<number> {
  const started = performance.now();
  let seen = -1;
  let lastChange = performance.now();
  for (;;) {
    const answered = answersByTrigger(stack.slack.calls);
    const missing = traffic.slashes.filter((s) => s.status === 200 && !answered.has(s.trigger)).length;
    if (missing === 0) break;
    if (answered.size !== seen) {
      seen = answered.size;
      lastChange = performance.now();
    }
    if (performance.now() - lastChange > quietMs) break;
    await sleep(250);
  }
  await sleep(2000);
  return (performance.now() - started) / 1000;
}

// The English texts of errors.INTERNAL, STORE.UNAVAILABLE and RATE.LIMITED (locales/en.json).
const SERVER_ERROR = /Something went wrong on our side|can't save that right now/;
const RATE_LIMITED = /Slow down a little/;

function answerText(call: SlackCall | undefined): string {
  return String((call?.body as { text?: string } | undefined)?.text ?? '');
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)] as number);
}

export interface CommandFigures {
  name: string;
  sent: number;
  answered: number;
  /** Answers saying something went wrong on the bot's side (the command did not do its work). */
  errors: number;
  /** Answers asking the member to slow down (per-member rate limits). */
  limited: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** Per command: how many were sent and answered, and the time from request to first answer. */
export function commandFigures(stack: ServiceStack, slashes: SentSlash[]) {
  const answered = answersByTrigger(stack.slack.calls);
  const lost = slashes.filter((s) => !answered.has(s.trigger));
  const duplicated = slashes.filter((s) => (answered.get(s.trigger)?.length ?? 0) > 1);
  const known = new Set(slashes.map((s) => s.trigger));
  const strayAnswers = [...answered.keys()].filter((trigger) => !known.has(trigger)).length;
  const commands: CommandFigures[] = COMMANDS.map((name) => {
    const mine = slashes.filter((s) => s.name === name);
    const latencies = mine
      .flatMap((s) => {
        const first = answered.get(s.trigger)?.[0];
        return first ? [first.at - s.sentAt] : [];
      })
      .sort((a, b) => a - b);
    const texts = mine.map((s) => answerText(answered.get(s.trigger)?.[0]));
    return {
      name,
      sent: mine.length,
      answered: latencies.length,
      errors: texts.filter((text) => SERVER_ERROR.test(text)).length,
      limited: texts.filter((text) => RATE_LIMITED.test(text)).length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    };
  });
  const redeemTexts = slashes.filter((s) => s.name === 'redeem').map((s) => answerText(answered.get(s.trigger)?.[0]));
  return {
    commands,
    lost: lost.length,
    duplicated: duplicated.length,
    strayAnswers,
    notAcknowledged: slashes.filter((s) => s.status !== 200).length,
    redeemOrderIds: redeemTexts.flatMap((text) => /Order ([0-9A-Z]+);/.exec(text)?.[1] ?? []),
  };
}

/** Chat points credited by the ledger, by the reason chat earnings carry. */
async function chatCredited(stack: ServiceStack): Promise<{ entries: number; basePoints: number; points: number }> {
  const entries = await stack.core.models.PointsEntry.find({ communityId: TEAM, reason: 'chat-activity' }).lean();
  const basePoints = entries.reduce((sum, entry) => sum + Number(entry.meta?.basePoints ?? 0), 0);
  return { entries: entries.length, basePoints, points: entries.reduce((sum, entry) => sum + entry.delta, 0) };
}

/**
 * Runs the chat flush (as the workers' schedule does, sooner) until the credited points reach
 * what was expected with nothing left pending, or stop moving for three flushes in a row.
 */
export async function settleChat(stack: ServiceStack, expected: number) {
  const queue = stack.scheduler.queue('chat-points-flush');
  const pendingKey = `${stack.core.config.REDIS_PREFIX}:chat:{${TEAM}}:pending`;
  let last = await chatCredited(stack);
  for (let round = 0, still = 0; round < 40 && still < 3; round += 1) {
    const jobId = `load-flush-${Date.now()}-${round}`;
    await queue.add('chat-points-flush', {}, { jobId });
    await until('the chat flush', async () => ['completed', 'failed'].includes(await stateOf(queue, jobId)), 60_000);
    const now = await chatCredited(stack);
    if (now.basePoints >= expected && (await stack.redis.exists(pendingKey)) === 0) return { ...now, settled: true };
    still = now.basePoints === last.basePoints ? still + 1 : 0;
    last = now;
  }
  return { ...last, settled: false };
}

/**
 * Queues two chat flushes every two seconds while the traffic runs, so that with two workers
 * drains overlap each other and the bots' writes (the workers' own schedule runs once a minute).
 */
export function flushWhileRunning(stack: ServiceStack): { stop(): Promise<number> } {
  const queue = stack.scheduler.queue('chat-points-flush');
  let queued = 0;
  const adds: Array<Promise<unknown>> = [];
  const timer = setInterval(() => {
    for (let i = 0; i < 2; i += 1) {
      queued += 1;
      adds.push(queue.add('chat-points-flush', {}, { jobId: `load-during-${queued}` }));
    }
  }, 2000);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(adds);
      return queued;
    },
  };
}

async function stateOf(queue: ReturnType<ServiceStack['scheduler']['queue']>, jobId: string): Promise<string> {
  return (await (await queue.getJob(jobId))?.getState()) ?? 'missing';
}

/** Orders in the store against the redeems answered with an order; stock against placed orders. */
export async function orderFigures(stack: ServiceStack, answeredOrderIds: string[], startingStock: number) {
  const orders = await stack.core.models.Order.find({ communityId: TEAM, itemId: ITEM }).lean();
  const byStatus: Record<string, number> = {};
  for (const order of orders) byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
  const placed = orders.filter((order) => order.status === 'placed' || order.status === 'fulfilled');
  const placedIds = new Set(placed.map((order) => order.orderId));
  const answered = new Set(answeredOrderIds);
  const stock = await stack.core.services.loyalty.stock.current(TEAM, ITEM);
  // Spends less refunds: every placed order paid once, every undone one gave its points back.
  const orderEntries = await stack.core.models.PointsEntry.find({ communityId: TEAM, source: 'order' }).lean();
  const pointsSpent = -orderEntries.reduce((sum, entry) => sum + entry.delta, 0);
  return {
    successfulRedeems: answeredOrderIds.length,
    ordersPlaced: placed.length,
    ordersByStatus: byStatus,
    ordersMatchRedeems:
      answered.size === answeredOrderIds.length &&
      placedIds.size === answered.size &&
      [...answered].every((id) => placedIds.has(id)),
    stockLeft: stock,
    stockMatchesOrders: stock === startingStock - placed.length,
    pointsSpent,
    pointsSpentMatchOrders: pointsSpent === placed.length * ITEM_COST,
  };
}

export async function ledgerFigures(stack: ServiceStack) {
  const report = await verifyLedger(stack.core.models, TEAM);
  return {
    ledgerClean: report.problems.length === 0,
    ledgerMembers: report.members,
    ledgerEntries: report.entries,
    ledgerProblems: report.problems.slice(0, 5),
  };
}
