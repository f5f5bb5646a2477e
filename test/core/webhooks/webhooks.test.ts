import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookClient } from '../../../bots/http/webhook-client.ts';
import { loadConfig } from '../../../core/config.ts';
import type { WebhookDeliveryDoc, WebhookEndpointDoc } from '../../../core/db/webhook-models.ts';
import type { Platform } from '../../../core/types.ts';
import type { QueueScheduler } from '../../../jobs/queue-scheduler.ts';
import { createQueueScheduler, startJobRuntime, type JobRuntime } from '../../../jobs/runtime.ts';
import {
  createTestCore,
  invocations,
  joinAll,
  ManualClock,
  member,
  people,
  RecordingNotifier,
  type TestCore,
  waitUntil,
} from '../../helpers/test-core.ts';
import { startReceiver, verifies, type ReceivedDelivery } from '../../helpers/webhook-receiver.ts';

let core: TestCore;
let scheduler: QueueScheduler;
let runtime: JobRuntime;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));
const notifier = new RecordingNotifier();
const community = 'guild-webhooks';
const inv = invocations(community);
const plenty = { count: 10_000, windowSeconds: 60 };
const key = (userId: string) => ({ communityId: community, platform: 'console' as Platform, userId });

beforeAll(async () => {
  const prefix = `test-webhooks-${Date.now()}`;
  scheduler = await createQueueScheduler(loadConfig({ ...process.env, REDIS_PREFIX: prefix }));
  core = await createTestCore(
    'webhooks',
    { jobs: scheduler, clock, outbound: createWebhookClient({ timeoutMs: 2000, allowLoopback: true }) },
    { REDIS_PREFIX: prefix, WEBHOOK_RETRY_FIRST_MS: '20', WEBHOOK_RETRY_MAX_MS: '80', JOB_STORE_RETRY_MS: '50' },
  );
  core.notifiers.register('console', notifier);
  runtime = await startJobRuntime(core, scheduler, { schedules: false });
  receiver = await startReceiver();
  await core.services.communities.ensure('console', community, 'Hook Shop');
  await core.services.communities.update(community, { adminUserIds: ['admin'] });
  await core.services.communities.setLimits(community, { '*': plenty, feedback: plenty, redeem: plenty });
  await admin('config', { action: 'channel', key: 'staff', value: '#staff' });
});
afterAll(async () => {
  await runtime?.close();
  await receiver?.close();
  await core?.cleanup();
});

const admin = (command: string, args: Record<string, string | number>) =>
  core.dispatcher.dispatch(inv.command(people.admin, command, args));

/** Registers an endpoint as an admin would; returns its id and the secret shown once. */
async function addEndpoint(path: string, events: string): Promise<{ id: string; secret: string }> {
  const reply = await admin('config', { action: 'webhook-add', key: `${receiver.url}${path}`, value: events });
  expect(reply).toMatchObject({ tone: 'warning', sensitive: true });
  const id = /endpoint (W\w{8}) added/.exec(reply.title ?? '')?.[1] ?? '';
  const secret = /secret: ([A-Za-z0-9_-]{32}) —/.exec(reply.text ?? '')?.[1] ?? '';
  expect(id).toMatch(/^W/);
  expect(secret).toHaveLength(32);
  return { id, secret };
}

const endpointDoc = (id: string) =>
  core.models.WebhookEndpoint.findById(`${community}|${id}`).lean<WebhookEndpointDoc>();
const deliveriesOf = (id: string) =>
  core.models.WebhookDelivery.find({ communityId: community, endpointId: id }).lean<WebhookDeliveryDoc[]>();

describe('signed deliveries', () => {
  it('posts each event signed like POST /events, with an id receivers de-duplicate by', async () => {
    const { id, secret } = await addEndpoint('/crm', 'member.joined');
    await joinAll(core, community, [member('ivy')]);
    await waitUntil(() => receiver.at('/crm').length === 1);
    const [delivery] = receiver.at('/crm') as [ReceivedDelivery];
    expect(verifies(secret, delivery)).toBe(true);
    expect(verifies('not-the-secret-not-the-secret-xx', delivery)).toBe(false);
    expect(delivery.headers).toMatchObject({
      'content-type': 'application/json',
      'x-loyalbot-event': 'member.joined',
      'x-loyalbot-event-id': delivery.body.id,
      'x-loyalbot-community': community,
      'x-loyalbot-timestamp': String(clock.now().getTime() / 1000),
    });
    expect(delivery.body).toMatchObject({
      type: 'member.joined',
      communityId: community,
      createdAt: clock.now().toISOString(),
      data: { member: { platform: 'console', userId: 'ivy' }, tier: 'free', rejoined: false },
    });
    expect(delivery.body.id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(delivery.body.data).not.toHaveProperty('displayName');
    expect(delivery.raw).not.toContain(secret);
    // The log is written once the answer is in, a moment after the receiver saw the request.
    await waitUntil(async () => (await deliveriesOf(id))[0]?.status === 'delivered');
    const [logged] = await deliveriesOf(id);
    expect(logged).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, eventId: delivery.body.id });
    const list = await admin('config', { action: 'webhook-list' });
    expect(list.fields?.[0]?.name).toContain(`${id} · active · ${receiver.url}/crm`);
    expect(list.fields?.[0]?.value).toMatch(/member\.joined · delivered · tries: 1 · HTTP 200 · \d+ ms/);
    expect(JSON.stringify(list)).not.toContain(secret);
  });

  it('retries a receiver that fails twice; it gets the event once by id, and the log shows the tries', async () => {
    const { id, secret } = await addEndpoint('/flaky', 'order.placed');
    receiver.on('/flaky', (nth) => (nth < 2 ? 503 : 200));
    await joinAll(core, community, [member('olga')]);
    await admin('grant-points', { user: 'olga', amount: 100, reason: 'welcome' });
    await admin('catalog', { action: 'add', item: 'mug', title: 'Mug', cost: 30 });
    const redeemed = await core.dispatcher.dispatch(inv.command(member('olga'), 'redeem', { reward: 'mug' }));
    const orderId = /Order (\w{20})/.exec(redeemed.text ?? '')?.[1];
    await waitUntil(() => receiver.at('/flaky').length === 3);
    const attempts = receiver.at('/flaky');
    expect(attempts.every((delivery) => verifies(secret, delivery))).toBe(true);
    const seen = new Set(attempts.map((delivery) => delivery.body.id));
    expect(seen.size).toBe(1);
    expect(attempts[2]?.body.data).toMatchObject({ orderId, itemId: 'mug', cost: 30, member: { userId: 'olga' } });
    await waitUntil(async () => (await deliveriesOf(id))[0]?.status === 'delivered');
    expect((await deliveriesOf(id))[0]).toMatchObject({ attempts: 3, failures: 2, lastStatus: 200, lastError: null });
    expect((await endpointDoc(id))?.failingSince).toBeNull();
  });
});

describe('an endpoint that keeps failing', () => {
  it('is disabled after a day of failures, the admins are told, and a replay after the fix delivers', async () => {
    const { id } = await addEndpoint('/down', 'member.cancelled');
    let fixed = false;
    // Each failed try takes five hours on the bot's clock: a day passes in six tries.
    receiver.on('/down', () => {
      if (fixed) return 200;
      clock.advanceSeconds(5 * 3600);
      return 500;
    });
    await joinAll(core, community, [member('zed')]);
    await core.services.members.cancel((await core.services.members.find(key('zed')))!, null, clock.now());
    await waitUntil(async () => (await endpointDoc(id))?.status === 'disabled', 20_000);
    expect(receiver.at('/down')).toHaveLength(6);
    const [failed] = await deliveriesOf(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 6, lastStatus: 500, lastError: 'HTTP 500' });
    const alerts = () => notifier.sent.filter((n) => n.target.kind === 'channel' && n.target.channelId === 'staff');
    // The admins are told right after the endpoint is disabled.
    await waitUntil(() => alerts().some((n) => n.message.title === `Webhook endpoint ${id} disabled`));
    expect(alerts().filter((n) => n.message.title === `Webhook endpoint ${id} disabled`)).toHaveLength(1);
    expect(alerts().at(-1)?.message.text).toContain(`/config webhook-enable ${id}`);

    // While disabled, nothing is queued for it.
    await joinAll(core, community, [member('yan')]);
    await core.services.members.cancel((await core.services.members.find(key('yan')))!, 'moving away', clock.now());
    expect(await deliveriesOf(id)).toHaveLength(1);
    expect((await admin('config', { action: 'webhook-replay', key: id })).errorCode).toBe('WEBHOOK.DISABLED');

    fixed = true;
    expect((await admin('config', { action: 'webhook-enable', key: id })).tone).toBe('success');
    const replay = await admin('config', { action: 'webhook-replay', key: failed!.deliveryId });
    expect(replay.text).toContain('Deliveries queued again: 1');
    await waitUntil(async () => (await deliveriesOf(id))[0]?.status === 'delivered');
    const all = receiver.at('/down');
    expect(all).toHaveLength(7);
    expect(all[6]?.body.id).toBe(all[0]?.body.id);
    expect((await admin('config', { action: 'webhook-replay', key: failed!.deliveryId })).errorCode).toBe(
      'WEBHOOK.NOT_REPLAYABLE',
    );
  });
});

describe('registration', () => {
  it('refuses private and link-local addresses, credentials, other schemes and unknown events', async () => {
    const before = await core.models.WebhookEndpoint.countDocuments({ communityId: community });
    const add = (url: string, events = 'all') => admin('config', { action: 'webhook-add', key: url, value: events });
    expect((await add('https://10.0.0.7/hook')).errorCode).toBe('WEBHOOK.URL_PRIVATE');
    const metadata = await add('https://169.254.169.254/latest/meta-data');
    expect(metadata).toMatchObject({ errorCode: 'WEBHOOK.URL_PRIVATE' });
    expect(metadata.text).toContain('169.254.169.254, a private, loopback or link-local address');
    expect((await add('https://[fd12::1]/hook')).errorCode).toBe('WEBHOOK.URL_PRIVATE');
    expect((await add('https://shop:hunter2@93.184.216.34/hook')).errorCode).toBe('WEBHOOK.URL_CREDENTIALS');
    expect((await add('ftp://93.184.216.34/hook')).errorCode).toBe('WEBHOOK.URL_SCHEME');
    expect((await add(`${receiver.url}/x`, 'order.shipped')).errorCode).toBe('WEBHOOK.UNKNOWN_EVENT');
    expect(
      (await core.dispatcher.dispatch(inv.command(people.alice, 'config', { action: 'webhook-list' }))).errorCode,
    ).toBe('AUTH.FORBIDDEN');
    expect(await core.models.WebhookEndpoint.countDocuments({ communityId: community })).toBe(before);
  });
});

describe('what goes out', () => {
  it('sends every event type with ids and figures, and a member’s words only in the events about them', async () => {
    const { id, secret } = await addEndpoint('/all', 'all');
    await core.services.communities.setLoyalty(community, { expiry: { days: 30, warnDays: 5 } });
    await joinAll(core, community, [member('wes')]);
    await admin('grant-points', { user: 'wes', amount: 600, reason: 'import' }); // silver: tier_changed
    await admin('catalog', { action: 'add', item: 'cap', title: 'Cap', cost: 50 });
    const redeemed = await core.dispatcher.dispatch(inv.command(member('wes'), 'redeem', { reward: 'cap' }));
    const orderId = /Order (\w{20})/.exec(redeemed.text ?? '')?.[1] ?? '';
    await core.dispatcher.dispatch(inv.command(member('wes'), 'orders', { action: 'cancel', order: orderId }));
    const complaint = 'The parcel arrived broken and support ignored me, awful';
    await core.dispatcher.dispatch(inv.command(member('wes'), 'feedback', { text: complaint }));
    const ticket = (await core.models.Ticket.findOne({ communityId: community, userId: 'wes' }).lean())!;
    const manager = { ...people.admin, id: 'admin' };
    await core.dispatcher.dispatch(inv.command(manager, 'tickets', { action: 'close', ticket: ticket.ticketId }));
    clock.advanceDays(26);
    await core.services.loyalty.maintenance.expirePoints(clock.now());
    await core.services.members.cancel((await core.services.members.find(key('wes')))!, null, clock.now());

    const types = [
      'member.joined',
      'member.tier_changed',
      'order.placed',
      'order.cancelled',
      'feedback.negative',
      'ticket.opened',
      'ticket.closed',
      'points.expiring',
      'member.cancelled',
    ];
    const about = () => receiver.at('/all').filter((d) => (d.body.data.member as { userId: string }).userId === 'wes');
    await waitUntil(() => about().length >= types.length);
    await waitUntil(async () => (await deliveriesOf(id)).every((d) => d.status === 'delivered'));
    const got = about();
    expect(got.map((d) => d.body.type).sort()).toEqual([...types].sort());
    expect(got.every((d) => verifies(secret, d))).toBe(true);
    const of = (type: string) => got.find((d) => d.body.type === type)?.body.data;
    expect(of('member.tier_changed')).toMatchObject({ from: 'free', to: 'silver', direction: 'up' });
    expect(of('order.cancelled')).toMatchObject({ orderId, by: 'member' });
    expect(of('feedback.negative')).toMatchObject({ text: complaint, ticketId: ticket.ticketId });
    expect(of('ticket.opened')).toMatchObject({ ticketId: ticket.ticketId, source: 'feedback', text: complaint });
    expect(of('ticket.closed')).toMatchObject({ ticketId: ticket.ticketId, closedBy: 'admin' });
    expect(of('points.expiring')).toMatchObject({ points: 550 });
    const withText = new Set(['feedback.negative', 'ticket.opened']);
    for (const delivery of got) {
      expect(delivery.body.data.member).toEqual({ platform: 'console', userId: 'wes' });
      if (!withText.has(delivery.body.type)) expect(delivery.raw).not.toContain('parcel');
    }
  });
});

describe('/privacy delete', () => {
  it('purges queued deliveries carrying the member’s words, and erases them from the log', async () => {
    const { id } = await addEndpoint('/helpdesk', 'feedback.negative,ticket.opened,member.joined');
    const worker = runtime.workers.find((w) => w.name === 'webhook-deliver')!;
    await worker.pause();
    try {
      const pia = member('pia');
      await joinAll(core, community, [pia]);
      const words = 'My neighbour Paula Jensen keeps getting my orders, terrible service';
      await core.dispatcher.dispatch(inv.command(pia, 'feedback', { text: words }));
      const queue = scheduler.queue('webhook-deliver');
      const queued = async () =>
        (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((job) => job?.data.userId === 'pia');
      // Two events hold her words, for two endpoints (this one and /all).
      expect(await queued()).toHaveLength(4);
      const ask = await core.dispatcher.dispatch(inv.command(pia, 'privacy', { action: 'delete' }));
      const done = await core.dispatcher.press(inv.press(pia, ask.buttons?.[0]?.action ?? ''));
      expect(done.tone).toBe('success');
      expect(await queued()).toHaveLength(0);
      const hers = (await deliveriesOf(id)).filter((d) => d.userId === 'pia');
      expect(hers.map((d) => [d.type, d.status, d.body]).sort()).toEqual([
        ['feedback.negative', 'purged', null],
        ['member.joined', 'pending', expect.any(String)],
        ['ticket.opened', 'purged', null],
      ]);
      const stored = JSON.stringify(await core.models.WebhookDelivery.find({ communityId: community }).lean());
      expect(stored).not.toContain('Paula');
    } finally {
      worker.resume();
    }
    await waitUntil(() => receiver.at('/helpdesk').some((d) => d.body.type === 'member.joined'));
    expect(receiver.at('/helpdesk').map((d) => d.body.type)).toEqual(['member.joined']);
    expect(JSON.stringify(receiver.received)).not.toContain('Paula');
  });
});

describe('a try that Redis lost', () => {
  it('is queued again by the sweep from what MongoDB holds', async () => {
    const { id } = await addEndpoint('/late', 'member.joined');
    const worker = runtime.workers.find((w) => w.name === 'webhook-deliver')!;
    await worker.pause();
    try {
      await joinAll(core, community, [member('uma')]);
      const queue = scheduler.queue('webhook-deliver');
      for (const job of await queue.getJobs(['waiting', 'delayed', 'prioritized'])) await job.remove();
      expect(await core.services.webhooks.deliveries.sweep(clock.now())).toEqual({ requeued: 0 });
      clock.advanceSeconds(180);
      const pending = await core.models.WebhookDelivery.countDocuments({ status: 'pending' });
      expect(pending).toBeGreaterThanOrEqual(1);
      expect(await core.services.webhooks.deliveries.sweep(clock.now())).toEqual({ requeued: pending });
    } finally {
      worker.resume();
    }
    await waitUntil(async () => (await deliveriesOf(id))[0]?.status === 'delivered');
    await waitUntil(async () => (await core.models.WebhookDelivery.countDocuments({ status: 'pending' })) === 0);
    expect(receiver.at('/late')).toHaveLength(1);
    // Every endpoint that receives member.joined got uma's once.
    const umaJoined = receiver.received.filter((d) => (d.body.data.member as { userId: string }).userId === 'uma');
    expect(umaJoined.map((d) => d.path).sort()).toEqual(['/all', '/crm', '/helpdesk', '/late']);
  });
});

describe('the delivery log', () => {
  it('keeps settled deliveries for 30 days', async () => {
    const settled = await core.models.WebhookDelivery.countDocuments({ communityId: community });
    expect(settled).toBeGreaterThan(0);
    expect(await core.services.webhooks.log.prune(clock.now())).toEqual({ pruned: 0 });
    clock.advanceDays(31);
    expect(await core.services.webhooks.log.prune(clock.now())).toEqual({ pruned: settled });
    expect((await admin('config', { action: 'webhook-list' })).fields?.[0]?.value).toContain('No deliveries yet.');
  });
});
