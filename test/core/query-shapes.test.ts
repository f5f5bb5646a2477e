import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookClient } from '../../bots/http/webhook-client.ts';
import { loadConfig } from '../../core/config.ts';
import { seedDemoCommunity } from '../../core/demo/demo-community.ts';
import { seedHistory } from '../../core/demo/history-seed.ts';
import { verifyLedger } from '../../core/loyalty/ledger-verify.ts';
import type { AnyCommandSpec } from '../../core/dispatch/spec.ts';
import type { ArgumentValue, InvokingUser, Reply } from '../../core/types.ts';
import type { QueueScheduler } from '../../jobs/queue-scheduler.ts';
import { JobRegistry } from '../../jobs/registry.ts';
import { createQueueScheduler, startJobRuntime, type JobRuntime } from '../../jobs/runtime.ts';
import {
  describeShape,
  indexesByCollection,
  QueryShapeRecorder,
  servedBy,
  shapesOfCall,
  type QueryShape,
} from '../helpers/query-shapes.ts';
import { createTestCore, invocations, ManualClock, type TestCore, waitUntil } from '../helpers/test-core.ts';
import { startReceiver } from '../helpers/webhook-receiver.ts';

const COMMUNITY = 'shapes-test';
const clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));
const people: Record<string, InvokingUser> = {
  alice: { id: 'alice', displayName: 'Alice', role: 'member', locale: 'en-US' },
  chen: { id: 'chen', displayName: '陈静', role: 'member', locale: 'zh-CN' },
  manager: { id: 'manager', displayName: 'Maya', role: 'manager', locale: 'en-US' },
  admin: { id: 'admin', displayName: 'Ada', role: 'admin', locale: 'en-US' },
};

/**
 * Query shapes that read a whole collection (or a whole community without an index for their
 * order) on purpose, each with why that is fine. Every entry must still be issued by the flows
 * below, so the list cannot outlive the code.
 */
const DELIBERATE_SCANS: Record<string, string> = {
  'communities.find {} sort {communityId:1}':
    'every community, for the jobs that visit each: one small document per community',
  'campaigns.find {endsAt:range} sort {startsAt:1}':
    'the campaign runner (every 5 minutes): campaigns not ended a day ago, few, sorted in memory',
  'ledger.aggregate {}': '`npm run ledger:verify` without --community: an operator reads every stream on purpose',
};

let core: TestCore;
let scheduler: QueueScheduler;
let runtime: JobRuntime;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const recorder = new QueryShapeRecorder();
const inv = invocations(COMMUNITY);

const dispatch = (user: InvokingUser, command: string, args: Record<string, ArgumentValue> = {}) =>
  core.dispatcher.dispatch(inv.command(user, command, args));
const press = (user: InvokingUser, action: string) => core.dispatcher.press(inv.press(user, action));

/** Option values from the command's typed examples in the English locale (`name:value`). */
function exampleArgs(spec: AnyCommandSpec): Record<string, ArgumentValue> {
  const t = core.translator.forLocale('en');
  const line = (key: string) => t(`commands.${spec.name}.${key}`, { defaultValue: '' });
  const text = `${line('example')} ${line('moreExamples')}`;
  const args: Record<string, ArgumentValue> = {};
  for (const match of text.matchAll(/([\w-]+):("[^"]*"|\S+)/g)) {
    const option = spec.options.find((o) => o.name === match[1]);
    if (!option) continue;
    const raw = match[2]!.replace(/^"|"$/g, '').replace(/^@/, '');
    args[option.name] = option.type === 'integer' ? Number(raw) : raw;
  }
  return args;
}

/** Every command, with each choice of its options, as a member and as an admin; buttons pressed once. */
async function sweepCommands(): Promise<number> {
  let replies = 0;
  const skip = new Set(['privacy']);
  for (const spec of core.commands.all()) {
    if (skip.has(spec.name)) continue;
    const examples = exampleArgs(spec);
    const choiceOption = spec.options.find((o) => o.choices && o.choices.length > 0);
    const variants = choiceOption?.choices?.map((choice) => ({ ...examples, [choiceOption.name]: choice })) ?? [
      examples,
    ];
    for (const user of [people.alice!, people.admin!]) {
      for (const args of variants) {
        const reply: Reply = await dispatch(user, spec.name, args);
        replies += 1;
        for (const button of reply.buttons ?? []) await press(user, button.action);
      }
    }
  }
  return replies;
}

async function driveFlows(): Promise<void> {
  const { alice, chen, manager, admin } = people as Record<string, InvokingUser>;
  for (const [n, text] of ['great coffee today', 'the app crashed again, awful', 'how do I earn points?'].entries()) {
    await core.chat({
      platform: 'console',
      communityId: COMMUNITY,
      channelId: 'general',
      messageId: `m-${n}`,
      user: chen!,
      text,
      at: clock.now(),
      ...(n > 0 ? { replyTo: { messageId: `m-${n - 1}`, userId: 'chen' } } : {}),
    });
  }
  await core.reaction({
    platform: 'console',
    communityId: COMMUNITY,
    channelId: 'general',
    messageId: 'm-0',
    user: alice!,
    emoji: '✅',
    at: clock.now(),
  });
  await dispatch(admin!, 'config', { action: 'webhook-add', key: `${receiver.url}/hook`, value: '*' });
  await dispatch(alice!, 'redeem', { reward: 'coffee' });
  const orders = await dispatch(alice!, 'orders');
  const orderId = /\b([0-9A-Z]{20})\b/.exec(orders.fields?.map((f) => f.name).join(' ') ?? '')?.[1];
  if (!orderId) throw new Error(`no order in /orders: ${JSON.stringify(orders)}`);
  await dispatch(admin!, 'orders', { action: 'fulfil', order: orderId });
  const feedback = await dispatch(chen!, 'feedback', { text: 'The checkout is broken and support never answers' });
  const ticketId = /\bT[0-9A-Z]{20}\b/.exec(JSON.stringify(feedback))?.[0];
  if (!ticketId) throw new Error(`no ticket opened by negative feedback: ${JSON.stringify(feedback)}`);
  await dispatch(manager!, 'tickets', { action: 'claim', ticket: ticketId });
  await dispatch(manager!, 'tickets', { action: 'reply', ticket: ticketId, text: 'Fixed, thanks' });
  await dispatch(manager!, 'tickets', { action: 'close', ticket: ticketId });
  await configure(admin!);
  await dispatch(alice!, 'recommend');
  await dispatch(alice!, 'ask', { question: 'When do you ship?' });
  await sweepCommands();
  await dispatch(chen!, 'privacy', { action: 'export' });
  await runJobs();
  await readDashboard();
  await waitUntil(() => receiver.received.length > 0, 20_000);
  const erase = await dispatch(chen!, 'privacy', { action: 'delete' });
  for (const button of erase.buttons ?? []) await press(chen!, button.action);
  await core.services.loyalty.maintenance.flushChatPoints();
  await core.installations.save('slack', 'T-shapes', { team: 'T-shapes' }, clock.now());
  await core.installations.find('slack', 'T-shapes');
  await core.installations.remove('slack', 'T-shapes');
  await verifyLedger(core.models, COMMUNITY);
  await verifyLedger(core.models);
}

/** Settings an admin changes in chat, a running experiment and a campaign reaching its audience by DM. */
async function configure(admin: InvokingUser): Promise<void> {
  const config = (args: Record<string, ArgumentValue>) => dispatch(admin, 'config', args);
  await config({ action: 'lexicon-add', key: 'sluggish', value: '-2' });
  await config({ action: 'tier-set', key: 'gold', value: '500' });
  await config({ action: 'faq-add', question: 'When do you ship?', answer: 'Every weekday before 3 pm' });
  await config({ action: 'channel', key: 'staff', value: '#staff' });
  await config({ action: 'experiment-start', key: 'shapes-exp', value: 'blend,popularity' });
  await dispatch(admin, 'campaign', {
    action: 'create',
    name: 'welcome-week',
    start: 'now',
    end: '+3d',
    audience: 'all',
    effect: 'anniversary',
    value: '5',
    dm: true,
  });
}

/** Every job's processor, as the worker runs it, for this community where a job takes one. */
async function runJobs(): Promise<void> {
  const registry = await JobRegistry.load();
  const inputs: Record<string, Record<string, unknown>> = {
    'feedback-record': {
      communityId: COMMUNITY,
      platform: 'console',
      userId: 'alice',
      displayName: 'Alice',
      channelId: null,
      text: 'queued while the database was away',
      requestId: 'shapes-queued-1',
      at: clock.now().toISOString(),
    },
  };
  for (const job of registry.all()) {
    if (job.name === 'webhook-deliver') continue;
    const data = job.data.parse(inputs[job.name] ?? { communityId: COMMUNITY });
    await job.process(core, data);
  }
  clock.advanceDays(40);
  for (const name of ['points-expire', 'membership-renewals', 'tiers-recompute', 'churn-nudges', 'loyalty-repair'])
    await registry.find(name)!.process(core, {});
}

async function readDashboard(): Promise<void> {
  for (const userId of ['admin', 'manager']) {
    const link = await core.dashboard.linkFor({
      platform: 'console',
      communityId: COMMUNITY,
      userId,
      displayName: userId,
      role: userId === 'admin' ? 'admin' : 'manager',
      locale: 'en',
    });
    const session = await core.dashboard.openWithLink(link.split('/').pop() ?? '');
    if (!session) throw new Error('could not sign in to the dashboard');
    const queries = [
      {},
      { range: '365', label: 'negative', channel: 'general', language: 'en', page: '2' },
      { q: 'al' },
      { member: 'console|alice' },
      { question: 'when do you ship' },
    ];
    for (const page of core.dashboard.pagesFor(session))
      for (const query of queries) await core.dashboard.load(session, page, query).catch(() => undefined);
    await core.dashboard.feedbackCsv(session, { range: '30' });
  }
}

beforeAll(async () => {
  const prefix = `test-shapes-${Date.now()}`;
  scheduler = await createQueueScheduler(loadConfig({ ...process.env, REDIS_PREFIX: prefix }));
  core = await createTestCore(
    'shapes',
    { jobs: scheduler, clock, outbound: createWebhookClient({ timeoutMs: 2000, allowLoopback: true }) },
    { REDIS_PREFIX: prefix, CONSOLE_COMMUNITY_ID: COMMUNITY, WEBHOOK_RETRY_FIRST_MS: '20' },
  );
  runtime = await startJobRuntime(core, scheduler, { schedules: false });
  receiver = await startReceiver();
  recorder.attach(core.connection);
  await seedDemoCommunity(core, COMMUNITY);
  await seedHistory(core, COMMUNITY, { members: 30, weeks: 3, seed: 'shapes' });
  await driveFlows();
  recorder.detach(core.connection);
}, 240_000);
afterAll(async () => {
  await runtime?.close();
  await receiver?.close();
  await core?.cleanup();
});

describe('query shapes', () => {
  it('finds a scan where no index leads with a filtered field, and an order no index gives', () => {
    const audit = [{ fields: [['communityId', 1] as [string, 1], ['at', -1] as [string, -1]], partialFields: [] }];
    const served = (shape: QueryShape | undefined) => audit.some((index) => servedBy(shape!, index));
    expect(served(shapesOfCall('audit', 'find', [{ actorId: 'ada' }, {}])[0])).toBe(false);
    expect(served(shapesOfCall('audit', 'find', [{ communityId: 'c' }, { sort: { at: -1 } }])[0])).toBe(true);
    expect(served(shapesOfCall('audit', 'find', [{ communityId: 'c' }, { sort: { at: 1 } }])[0])).toBe(true);
    expect(served(shapesOfCall('audit', 'find', [{ communityId: 'c' }, { sort: { actorId: 1 } }])[0])).toBe(false);
    expect(served(shapesOfCall('audit', 'find', [{ communityId: { $ne: 'c' } }, {}])[0])).toBe(false);
    // Each branch of an $or is its own query: one branch without an index makes it a scan.
    const branches = shapesOfCall('audit', 'findOne', [{ $or: [{ communityId: 'c' }, { key: 'k' }] }]);
    expect(branches.map(served)).toEqual([true, false]);
    const grouped = shapesOfCall('audit', 'aggregate', [[{ $group: { _id: '$communityId' } }]]);
    expect(grouped.map(describeShape)).toEqual(['audit.aggregate {}']);
    expect(served(grouped[0])).toBe(false);
  });

  it('serves every query the flows issue from a declared index, scans only where listed', () => {
    const indexes = indexesByCollection(core.models);
    const shapes = [...recorder.shapes.values()];
    const collections = new Set(shapes.map((shape) => shape.collection));
    console.info(
      shapes
        .map((shape) => `${describeShape(shape)} ×${recorder.counts.get(describeShape(shape))}`)
        .sort()
        .join('\n'),
    );
    // The flows reach the collections that grow with a community.
    for (const name of ['members', 'ledger', 'orders', 'feedback', 'tickets', 'audit', 'interactions'])
      expect(collections, name).toContain(name);
    const unserved = (shape: QueryShape) =>
      !(indexes.get(shape.collection) ?? []).some((index) => servedBy(shape, index));
    const offending = shapes.filter(unserved).map(describeShape);
    const unlisted = offending.filter((shape) => !(shape in DELIBERATE_SCANS));
    const stale = Object.keys(DELIBERATE_SCANS).filter((shape) => !offending.includes(shape));
    expect(unlisted, `queries no declared index serves:\n${unlisted.join('\n')}`).toEqual([]);
    expect(stale, 'allow-listed scans the flows no longer issue (or an index now serves)').toEqual([]);
  });
});
