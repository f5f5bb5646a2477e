import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../../core/loyalty/ledger-verify.ts';
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
const community = 'guild-orders';
const inv = invocations(community);
const notifier = new RecordingNotifier();
const balance = async (userId: string) =>
  (await core.services.loyalty.ledger.totals({ communityId: community, platform: 'console', userId })).balance;
const admin = (command: string, args: Record<string, string | number>) =>
  core.dispatcher.dispatch(inv.command(people.admin, command, args));

beforeAll(async () => {
  core = await createTestCore('orders');
  core.notifiers.register('console', notifier);
  await core.services.communities.ensure('console', community);
  await core.services.communities.update(community, { adminUserIds: ['admin'] });
  // These tests race many requests from one member on purpose: lift the rate limits.
  const plenty = { count: 10_000, windowSeconds: 60 };
  await core.services.communities.setLimits(community, { '*': plenty, redeem: plenty, orders: plenty });
});
afterAll(async () => core?.cleanup());

describe('20 members racing for a reward with stock 3', () => {
  it('yields exactly 3 orders, stock 0, and refunds everyone else', async () => {
    const racers = Array.from({ length: 20 }, (_, i) => member(`racer${i}`));
    await joinAll(core, community, racers);
    for (const racer of racers) await admin('grant-points', { user: racer.id, amount: 50, reason: 'race' });
    expect(
      (await admin('catalog', { action: 'add', item: 'hoodie', title: 'Hoodie', cost: 30, stock: '3' })).tone,
    ).toBe('success');

    const replies = await Promise.all(
      racers.map((racer) => core.dispatcher.dispatch(inv.command(racer, 'redeem', { reward: 'Hoodie' }))),
    );
    expect(replies.filter((r) => r.tone === 'success')).toHaveLength(3);
    expect(replies.filter((r) => r.errorCode === 'ITEM.OUT_OF_STOCK')).toHaveLength(17);
    expect(await core.models.Order.countDocuments({ communityId: community, itemId: 'hoodie', status: 'placed' })).toBe(
      3,
    );
    expect((await core.models.Item.findOne({ communityId: community, itemId: 'hoodie' }).lean())?.stock).toBe(0);
    expect(await core.services.loyalty.stock.current(community, 'hoodie')).toBe(0);
    const balances = await Promise.all(racers.map((r) => balance(r.id)));
    expect(balances.filter((b) => b === 20)).toHaveLength(3);
    expect(balances.filter((b) => b === 50)).toHaveLength(17);
    expect((await verifyLedger(core.models, community)).problems).toEqual([]);
  });
});

describe('orders', () => {
  it('cancels an order and refunds its points exactly once', async () => {
    const buyer = member('nora');
    await joinAll(core, community, [buyer]);
    await admin('grant-points', { user: 'nora', amount: 100, reason: 'gift' });
    await admin('catalog', { action: 'add', item: 'sticker', title: 'Sticker pack', cost: 40, stock: '5' });
    const redeemed = await core.dispatcher.dispatch(inv.command(buyer, 'redeem', { reward: 'sticker' }));
    const orderId = /Order ([0-9A-Z]{20})/.exec(redeemed.text ?? '')?.[1] ?? '';
    expect(orderId).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect(await balance('nora')).toBe(60);

    const cancelled = await core.dispatcher.dispatch(
      inv.command(buyer, 'orders', { action: 'cancel', order: orderId }),
    );
    expect(cancelled.text).toContain('40 points were refunded');
    const again = await core.dispatcher.dispatch(inv.command(buyer, 'orders', { action: 'cancel', order: orderId }));
    expect(again.errorCode).toBe('ORDER.NOT_CANCELLABLE');
    expect(await balance('nora')).toBe(100);
    expect(await core.services.loyalty.stock.current(community, 'sticker')).toBe(5);
    expect(
      await core.models.PointsEntry.countDocuments({
        communityId: community,
        idempotencyKey: `order:${orderId}:refund`,
      }),
    ).toBe(1);
  });

  it('lets a member cancel only within the window, an admin at any time, audited', async () => {
    const buyer = member('quincy');
    await joinAll(core, community, [buyer]);
    await admin('grant-points', { user: 'quincy', amount: 40, reason: 'gift' });
    const redeemed = await core.dispatcher.dispatch(inv.command(buyer, 'redeem', { reward: 'sticker' }));
    const orderId = /Order ([0-9A-Z]{20})/.exec(redeemed.text ?? '')?.[1] ?? '';
    const dayAndAHourAgo = new Date(Date.now() - 25 * 3600 * 1000);
    await core.models.Order.updateOne({ _id: `${community}|${orderId}` }, { $set: { createdAt: dayAndAHourAgo } });
    const late = await core.dispatcher.dispatch(inv.command(buyer, 'orders', { action: 'cancel', order: orderId }));
    expect(late).toMatchObject({ errorCode: 'ORDER.CANCEL_WINDOW_PASSED' });
    expect(late.text).toContain('within 24 hours');
    expect(await balance('quincy')).toBe(0);
    // Typed in lower case with an O for a 0, as people do, it is the same order.
    const typed = orderId.toLowerCase().replace(/0/g, 'o');
    expect((await admin('orders', { action: 'cancel', order: typed })).tone).toBe('success');
    expect(await balance('quincy')).toBe(40);
    const audit = await core.models.Audit.findOne({ communityId: community, action: 'order.cancel' }).lean();
    expect(audit).toMatchObject({ actorId: 'admin', targetId: 'quincy', details: { orderId } });
  });

  it("refuses to cancel someone else's order, and lets only admins fulfil", async () => {
    const [owner, other] = [member('omar'), member('pia')];
    await joinAll(core, community, [owner, other]);
    await admin('grant-points', { user: 'omar', amount: 40, reason: 'gift' });
    const redeemed = await core.dispatcher.dispatch(inv.command(owner, 'redeem', { reward: 'sticker' }));
    const orderId = /Order ([0-9A-Z]{20})/.exec(redeemed.text ?? '')?.[1] ?? '';
    expect(
      (await core.dispatcher.dispatch(inv.command(other, 'orders', { action: 'cancel', order: orderId }))).errorCode,
    ).toBe('ORDER.NOT_FOUND');
    expect(
      (await core.dispatcher.dispatch(inv.command(other, 'orders', { action: 'fulfil', order: orderId }))).errorCode,
    ).toBe('AUTH.FORBIDDEN');
    expect((await core.models.Order.findOne({ communityId: community, orderId }).lean())?.status).toBe('placed');
    expect((await admin('orders', { action: 'fulfil', order: orderId })).tone).toBe('success');
    expect(
      (await core.dispatcher.dispatch(inv.command(owner, 'orders', { action: 'cancel', order: orderId }))).errorCode,
    ).toBe('ORDER.NOT_CANCELLABLE');
    const list = await core.dispatcher.dispatch(inv.command(owner, 'orders'));
    expect(list.fields?.[0]).toMatchObject({
      name: `${orderId} — Sticker pack`,
      value: expect.stringContaining('fulfilled'),
    });
  });

  it('keeps tier-locked rewards away and changes nothing', async () => {
    const buyer = member('quin');
    await joinAll(core, community, [buyer]);
    await admin('grant-points', { user: 'quin', amount: 100, reason: 'gift' });
    await admin('catalog', { action: 'add', item: 'lounge', title: 'Lounge pass', cost: 10, tiers: 'gold,platinum' });
    const listed = await core.dispatcher.dispatch(inv.command(buyer, 'rewards'));
    expect(listed.fields?.map((f) => f.name)).not.toContain('Lounge pass (lounge)');
    const reply = await core.dispatcher.dispatch(inv.command(buyer, 'redeem', { reward: 'lounge' }));
    expect(reply.errorCode).toBe('ITEM.TIER_LOCKED');
    expect(await balance('quin')).toBe(100);
    expect(await core.models.Order.countDocuments({ communityId: community, userId: 'quin' })).toBe(0);
  });

  it('repairs an order a crash left pending: refund and stock release, once', async () => {
    const { orders, ledger, stock } = core.services.loyalty;
    await joinAll(core, community, [member('rex')]);
    await admin('grant-points', { user: 'rex', amount: 70, reason: 'gift' });
    await admin('catalog', { action: 'add', item: 'cap', title: 'Cap', cost: 70, stock: '2' });
    const started = new Date('2026-01-01T00:00:00Z');
    // What a crash after the spend and the claim, before "placed", leaves behind:
    await core.models.Order.create({
      _id: `${community}|ABCDEF0123`,
      communityId: community,
      orderId: 'ABCDEF0123',
      platform: 'console',
      userId: 'rex',
      itemId: 'cap',
      itemTitle: 'Cap',
      cost: 70,
      limitedStock: true,
      status: 'pending',
      createdAt: started,
      updatedAt: started,
    });
    await ledger.apply({
      member: { communityId: community, platform: 'console', userId: 'rex' },
      delta: -70,
      kind: 'spend',
      reason: 'redeem',
      source: 'order',
      idempotencyKey: 'order:ABCDEF0123:spend',
    });
    await stock.apply({
      communityId: community,
      itemId: 'cap',
      change: { delta: -1 },
      idempotencyKey: 'order:ABCDEF0123:claim',
      at: started,
    });
    expect(await balance('rex')).toBe(0);

    const now = new Date();
    expect(await orders.repair(new Date(now.getTime() - 60_000), now)).toEqual({ failed: 1, compensated: 1 });
    expect(await orders.repair(new Date(now.getTime() - 60_000), now)).toEqual({ failed: 0, compensated: 0 });
    expect(await balance('rex')).toBe(70);
    expect(await stock.current(community, 'cap')).toBe(2);
    expect(await core.models.Order.findOne({ communityId: community, orderId: 'ABCDEF0123' }).lean()).toMatchObject({
      status: 'failed',
      failure: 'interrupted',
      compensated: true,
    });
  });

  it('validates catalog input and refuses non-admins', async () => {
    const bad = await admin('catalog', { action: 'add', item: 'Bad Id!', title: 'x', cost: 5 });
    expect(bad.errorCode).toBe('ITEM.INVALID');
    const noStock = await admin('catalog', { action: 'add', item: 'pen', title: 'Pen', cost: 5, stock: 'lots' });
    expect(noStock.errorCode).toBe('ARGS.INVALID');
    const dup = await admin('catalog', { action: 'add', item: 'cap', title: 'Cap again', cost: 5 });
    expect(dup.errorCode).toBe('ITEM.EXISTS');
    const byMember = await core.dispatcher.dispatch(
      inv.command(member('rex'), 'catalog', { action: 'remove', item: 'cap' }),
    );
    expect(byMember.errorCode).toBe('AUTH.FORBIDDEN');
    expect((await core.models.Item.findOne({ communityId: community, itemId: 'cap' }).lean())?.active).toBe(true);
    expect(await core.models.Item.countDocuments({ communityId: community, itemId: 'pen' })).toBe(0);
  });
});
