import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueScheduler, startJobRuntime, type JobRuntime } from '../../../jobs/runtime.ts';
import { queueConnection } from '../../../jobs/connection.ts';
import type { QueueScheduler } from '../../../jobs/queue-scheduler.ts';
import { loadConfig } from '../../../core/config.ts';
import {
  createTestCore,
  invocations,
  joinAll,
  member,
  people,
  RecordingNotifier,
  type TestCore,
} from '../../helpers/test-core.ts';

let core: TestCore;
let scheduler: QueueScheduler;
let runtime: JobRuntime;
const notifier = new RecordingNotifier();
const community = 'guild-feedback';
const inv = invocations(community);
const manager = { id: 'mia', displayName: 'Mia', role: 'manager' as const, locale: 'en-US' };

beforeAll(async () => {
  const prefix = `test-feedback-${Date.now()}`;
  scheduler = await createQueueScheduler(loadConfig({ ...process.env, REDIS_PREFIX: prefix }));
  core = await createTestCore('feedback', { jobs: scheduler }, { REDIS_PREFIX: prefix });
  core.notifiers.register('console', notifier);
  runtime = await startJobRuntime(core, scheduler, { schedules: false });
  await core.services.communities.ensure('console', community, 'Bean Club');
  await core.services.communities.update(community, { adminUserIds: ['admin'] });
  await core.dispatcher.dispatch(
    inv.command(people.admin, 'config', { action: 'channel', key: 'staff', value: '#staff' }),
  );
  await joinAll(core, community, [member('fay'), member('gus')]);
});
afterAll(async () => {
  await runtime?.close();
  await core?.cleanup();
});

const staffAlerts = () => notifier.sent.filter((n) => n.target.kind === 'channel' && n.target.channelId === 'staff');

describe('/feedback', () => {
  it('stores positive feedback with its sentiment, thanks the member and pays points once a day', async () => {
    const reply = await core.dispatcher.dispatch(
      inv.command(member('fay'), 'feedback', { text: 'Love the new tasting evenings, thank you!' }),
    );
    expect(reply.text).toContain('glad to hear it');
    expect(reply.text).toContain('You earned 5 points');
    const stored = await core.models.Feedback.find({ communityId: community, userId: 'fay' }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ label: 'positive', language: 'en', source: 'command', ticketId: null });
    expect(stored[0]?.score).toBeGreaterThan(0.25);
    const second = await core.dispatcher.dispatch(
      inv.command(member('fay'), 'feedback', { text: 'Also the mugs are nice.' }),
    );
    expect(second.text).not.toContain('points');
  });

  it('opens exactly one ticket for negative feedback, even when delivered twice', async () => {
    notifier.sent.length = 0;
    const invocation = inv.command(
      member('gus'),
      'feedback',
      { text: 'My order never arrived and nobody answers my emails. Really disappointed.' },
      'delivery-neg',
    );
    const first = await core.dispatcher.dispatch(invocation);
    const again = await core.dispatcher.dispatch({ ...invocation });
    expect(first.text).toMatch(/opened ticket T[A-F0-9]{8}/);
    expect(again).toEqual(first);
    expect(await core.models.Ticket.countDocuments({ communityId: community, userId: 'gus' })).toBe(1);
    expect(await core.models.Feedback.countDocuments({ communityId: community, userId: 'gus' })).toBe(1);
    expect(staffAlerts()).toHaveLength(1);
    const feedbackDoc = await core.models.Feedback.findOne({ communityId: community, userId: 'gus' }).lean();
    // The same feedback recorded again (a retried job) changes nothing either.
    await core.services.support.feedback.record({
      communityId: community,
      platform: 'console',
      userId: 'gus',
      displayName: 'Gus',
      channelId: 'general',
      text: feedbackDoc!.text,
      source: 'command',
      requestId: 'delivery-neg',
      at: new Date(),
    });
    expect(await core.models.Ticket.countDocuments({ communityId: community, userId: 'gus' })).toBe(1);
    expect(staffAlerts()).toHaveLength(1);
  });

  it('refuses empty feedback with a clear message and stores nothing', async () => {
    const before = await core.models.Feedback.countDocuments({ communityId: community });
    expect((await core.dispatcher.dispatch(inv.command(member('fay'), 'feedback', { text: ' ok ' }))).errorCode).toBe(
      'ARGS.TOO_SHORT',
    );
    expect((await core.dispatcher.dispatch(inv.command(member('fay'), 'feedback', {}))).errorCode).toBe('ARGS.MISSING');
    expect(await core.models.Feedback.countDocuments({ communityId: community })).toBe(before);
  });
});

describe('feedback during a database outage', () => {
  it('is queued in Redis, acknowledged, and stored exactly once when MongoDB is back', async () => {
    const events = new QueueEvents('feedback-record', {
      connection: queueConnection(core.config.REDIS_URL),
      prefix: `${core.redisPrefix}:bull`,
    });
    await events.waitUntilReady();
    try {
      await core.connection.close();
      const invocation = inv.command(
        member('fay'),
        'feedback',
        { text: 'The checkout page froze twice today.' },
        'during-outage',
      );
      const reply = await core.dispatcher.dispatch(invocation);
      expect(reply).toMatchObject({
        tone: 'success',
        text: 'Thanks — we received your feedback and will record it shortly.',
      });
      // The platform re-delivers while the database is still down: still one queued job.
      await core.dispatcher.dispatch({ ...invocation });
      const queue = scheduler.queue('feedback-record');
      const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'failed', 'completed']);
      expect(jobs).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await core.reconnect();
      const job = jobs[0]!;
      await job.waitUntilFinished(events, 30_000);
    } finally {
      await events.close();
    }
    const stored = await core.models.Feedback.find({
      communityId: community,
      text: 'The checkout page froze twice today.',
    }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ userId: 'fay', _id: `${community}|fb|during-outage` });
  });
});

describe('/ask and /tickets', () => {
  it('answers from the FAQ when confident, opens a ticket when not', async () => {
    await core.dispatcher.dispatch(
      inv.command(people.admin, 'config', {
        action: 'faq-add',
        question: 'When does the shop ship orders?',
        answer: 'We ship every weekday before 3 pm.',
      }),
    );
    await core.dispatcher.dispatch(
      inv.command(people.admin, 'config', {
        action: 'faq-add',
        question: 'How do I change my email address?',
        answer: 'Open your account settings and edit the email field.',
      }),
    );
    const hit = await core.dispatcher.dispatch(
      inv.command(member('fay'), 'ask', { question: 'when do you ship my order?' }),
    );
    expect(hit).toMatchObject({ title: 'When does the shop ship orders?', text: 'We ship every weekday before 3 pm.' });
    const miss = await core.dispatcher.dispatch(
      inv.command(member('fay'), 'ask', { question: 'Can I bring my dog to the tasting?' }),
    );
    const ticketId = /ticket (T[A-F0-9]{8})/.exec(miss.text ?? '')?.[1];
    expect(ticketId).toBeDefined();
    expect(await core.models.Ticket.findOne({ communityId: community, ticketId }).lean()).toMatchObject({
      source: 'ask',
      status: 'open',
      userId: 'fay',
    });
  });

  it('lets managers list, claim and close tickets; the member hears about it; members are refused', async () => {
    const open = await core.services.support.tickets.unresolved(community);
    const ticket = open.find((t) => t.userId === 'fay')!;
    const refused = await core.dispatcher.dispatch(
      inv.command(member('fay'), 'tickets', { action: 'close', ticket: ticket.ticketId }),
    );
    expect(refused.errorCode).toBe('AUTH.FORBIDDEN');
    expect((await core.dispatcher.dispatch(inv.command(member('fay'), 'sentiment'))).errorCode).toBe('AUTH.FORBIDDEN');
    const list = await core.dispatcher.dispatch(inv.command(manager, 'tickets'));
    expect(list.fields?.some((f) => f.name.startsWith(ticket.ticketId))).toBe(true);
    expect(
      (await core.dispatcher.dispatch(inv.command(manager, 'tickets', { action: 'claim', ticket: ticket.ticketId })))
        .text,
    ).toContain('You claimed');
    notifier.sent.length = 0;
    expect(
      (
        await core.dispatcher.dispatch(
          inv.command(manager, 'tickets', { action: 'close', ticket: ticket.ticketId.toLowerCase() }),
        )
      ).text,
    ).toContain('is closed');
    expect(notifier.sent.find((n) => n.target.kind === 'member' && n.target.userId === 'fay')?.message.title).toBe(
      `Your ticket ${ticket.ticketId} was closed`,
    );
    expect(
      (await core.dispatcher.dispatch(inv.command(manager, 'tickets', { action: 'close', ticket: ticket.ticketId })))
        .errorCode,
    ).toBe('TICKET.NOT_OPEN');
  });
});

describe('/privacy', () => {
  it('exports a member their data and deletes what they wrote after confirming', async () => {
    const exported = await core.dispatcher.dispatch(inv.command(member('gus'), 'privacy', { action: 'export' }));
    expect(exported.fields?.find((f) => f.name === 'Feedback')?.value).toBe('1');
    const ask = await core.dispatcher.dispatch(inv.command(member('gus'), 'privacy', { action: 'delete' }));
    expect(await core.models.Feedback.countDocuments({ communityId: community, userId: 'gus' })).toBe(1);
    const done = await core.dispatcher.press(inv.press(member('gus'), ask.buttons![0]!.action));
    expect(done.text).toBe('Deleted 1 feedback entries and blanked 1 tickets.');
    expect(await core.models.Feedback.countDocuments({ communityId: community, userId: 'gus' })).toBe(0);
    expect((await core.models.Ticket.findOne({ communityId: community, userId: 'gus' }).lean())?.text).toBe(
      '[deleted by the member]',
    );
    expect(
      (await core.services.loyalty.ledger.totals({ communityId: community, platform: 'console', userId: 'gus' }))
        .balance,
    ).toBe(5);
  });
});
