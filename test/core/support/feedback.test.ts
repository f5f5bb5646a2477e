import { QueueEvents } from 'bullmq';
import { recordInteraction } from '../../../core/db/interactions.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueScheduler, startJobRuntime, type JobRuntime } from '../../../jobs/runtime.ts';
import { queueConnection, queuePrefix } from '../../../jobs/connection.ts';
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
  waitUntil,
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
  core = await createTestCore('feedback', { jobs: scheduler }, { REDIS_PREFIX: prefix, JOB_STORE_RETRY_MS: '50' });
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
    expect(first.text).toMatch(/opened ticket T[0-9A-HJKMNP-TV-Z]{20}/);
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

  it('alerts staff once for a member who opens ticket after ticket, keeping every ticket', async () => {
    notifier.sent.length = 0;
    const complaints = [
      'The app crashed and I lost my cart, this is terrible',
      'Still broken, the app crashes every single time, awful',
      'Third time today the checkout fails, I am furious',
    ];
    for (const [i, text] of complaints.entries()) {
      await core.dispatcher.dispatch(inv.command(member('hal'), 'feedback', { text }, `hal-${i}`));
    }
    expect(await core.models.Ticket.countDocuments({ communityId: community, userId: 'hal' })).toBe(3);
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
  it('is queued, acknowledged, outlasts more tries than any retry limit, and is stored once when back', async () => {
    const events = new QueueEvents('feedback-record', {
      connection: queueConnection(core.config),
      prefix: queuePrefix(core.redisPrefix),
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
      const job = jobs[0]!;
      // The worker tries every 50 ms (JOB_STORE_RETRY_MS) while the database is away; the old
      // limit of 12 attempts would have failed the job for good by now.
      let waits = 0;
      events.on('delayed', ({ jobId }) => void (jobId === job.id && (waits += 1)));
      await waitUntil(() => waits >= 15, 20_000);
      expect(await job.getState()).not.toBe('failed');
      expect((await queue.getJob(job.id!))?.attemptsMade).toBe(0);
      await core.reconnect();
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
    const ticketId = /ticket (T[0-9A-Z]{20})/.exec(miss.text ?? '')?.[1];
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

describe('/privacy delete erases every word a member wrote', () => {
  it('from feedback, tickets, cancellation reasons, searches, queued jobs and remembered answers', async () => {
    const pia = member('pia');
    await joinAll(core, community, [pia]);
    const said = 'My neighbour Paula keeps stealing my parcels from the lobby';
    const feedbackInvocation = inv.command(pia, 'feedback', { text: said }, 'pia-feedback');
    await core.dispatcher.dispatch(feedbackInvocation);
    await core.dispatcher.dispatch(inv.command(pia, 'ask', { question: 'Why is Paula allowed to steal parcels?' }));
    await recordInteraction(core.models, {
      communityId: community,
      platform: 'console',
      userId: 'pia',
      itemId: null,
      type: 'search',
      weight: 0.5,
      query: 'parcel thief Paula',
      eventId: 'search-pia-1',
      at: new Date(),
    });
    // A feedback queued during an outage and waiting to be written (an hour from now).
    const queuedAt = new Date();
    const queued = {
      communityId: community,
      platform: 'console',
      userId: 'pia',
      displayName: 'Pia',
      channelId: null,
      text: 'Paula again, queued while the database was down',
      requestId: 'pia-queued',
      at: queuedAt.toISOString(),
    };
    await scheduler.enqueue('feedback-record', queued, { jobId: 'pia-queued', delayMs: 3_600_000 });
    const cancel = await core.dispatcher.dispatch(
      inv.command(pia, 'cancel-membership', { reason: 'Paula lives here' }),
    );
    await core.dispatcher.press(inv.press(pia, cancel.buttons?.[0]?.action ?? ''));

    const ask = await core.dispatcher.dispatch(inv.command(pia, 'privacy', { action: 'delete' }));
    const done = await core.dispatcher.press(inv.press(pia, ask.buttons?.[0]?.action ?? ''));
    expect(done.tone).toBe('success');

    const scope = { communityId: community, platform: 'console', userId: 'pia' };
    expect(await core.models.Feedback.countDocuments(scope)).toBe(0);
    const tickets = await core.models.Ticket.find(scope).lean();
    expect(tickets.length).toBeGreaterThan(0);
    for (const ticket of tickets) expect(ticket).toMatchObject({ text: '[deleted by the member]', displayName: '' });
    expect((await core.models.Member.findOne(scope).lean())?.cancelReason).toBeNull();
    const ownAudit = await core.models.Audit.find({ communityId: community, actorId: 'pia' }).lean();
    expect(ownAudit.map((entry) => entry.reason).filter(Boolean)).toEqual([]);
    expect((await core.models.Interaction.findOne({ ...scope, eventId: 'search-pia-1' }).lean())?.query).toBeNull();
    expect(await scheduler.queue('feedback-record').getJob('pia-queued')).toBeUndefined();
    const remembered = await core.redis.get(`${core.redisPrefix}:invocation:{${community}}:pia-feedback`);
    expect(remembered).toBeNull();
    // A queued write that was already running when she erased: its text is dropped.
    expect(
      await core.services.support.queuedFeedback.record({
        ...queued,
        platform: 'console',
        source: 'command',
        at: queuedAt,
      }),
    ).toBeNull();
    expect(await core.models.Feedback.countDocuments(scope)).toBe(0);
    // And what she writes afterwards is hers again.
    const later = await core.services.support.queuedFeedback.record({
      ...queued,
      platform: 'console',
      source: 'command',
      requestId: 'pia-later',
      text: 'A new start',
      at: new Date(Date.now() + 1000),
    });
    expect(later?.feedback.text).toBe('A new start');
  });
});
