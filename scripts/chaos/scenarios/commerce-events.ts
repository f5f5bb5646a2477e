import { signPayload } from '../../../core/index.ts';
import { check, ledgerClean, memberKey, seedMembers, TEAM, type Scenario } from '../scenario.ts';

const SECRET = 'chaos-events-secret';
const DAY = 24 * 3600 * 1000;

/**
 * A shop that resends, reorders and backdates: duplicates credit once, an older subscription
 * arriving late never rolls the tier back, a backdated purchase is entered now (its own time
 * kept), and one older than the horizon is refused naming the field.
 */
export const commerceEvents: Scenario = {
  name: 'commerce-events-duplicated-and-out-of-order',
  async run({ stack }) {
    await seedMembers(stack, ['USHOP'], 0, 'shop');
    await stack.core.services.communities.setEventsSecret(TEAM, SECRET);
    const post = async (body: unknown) => {
      const raw = JSON.stringify(body);
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await fetch(`${stack.botUrl}/events`, {
        method: 'POST',
        headers: {
          'x-loyalbot-community': TEAM,
          'x-loyalbot-timestamp': String(timestamp),
          'x-loyalbot-signature': signPayload(SECRET, timestamp, raw),
        },
        body: raw,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const iso = (offset: number) => new Date(Date.now() + offset).toISOString();
    const purchase = { type: 'purchase', id: 'chaos-order-1', userId: 'USHOP', amount: 50, currency: 'EUR' };
    const newer = { type: 'subscription', id: 'chaos-sub-2', userId: 'USHOP', tier: 'gold', paidUntil: iso(60 * DAY) };
    const older = {
      type: 'subscription',
      id: 'chaos-sub-1',
      userId: 'USHOP',
      tier: 'silver',
      paidUntil: iso(30 * DAY),
    };
    const backdated = { ...purchase, id: 'chaos-order-2', amount: 20, at: iso(-10 * DAY) };
    const ancient = { ...purchase, id: 'chaos-order-3', at: iso(-400 * DAY) };
    const results = [
      await post({ events: [purchase, purchase, newer] }),
      await post({ events: [older, backdated] }),
      await post({ events: [purchase, newer] }),
      await post(ancient),
    ];
    check(results[0]?.status === 202 && results[0].body.duplicates === 1, `first batch ${JSON.stringify(results[0])}`);
    check(results[2]?.body.accepted === 0, `resent batch accepted again: ${JSON.stringify(results[2])}`);
    check(results[3]?.status === 400 && results[3].body.field === 'at', `ancient event: ${JSON.stringify(results[3])}`);
    const { balance } = await stack.core.services.loyalty.ledger.totals(memberKey('USHOP'));
    // 50 once on the free tier; the backdated 20 after the gold subscription, × 1.25.
    check(balance === 75, `balance ${balance}, expected 75 (50 once, then 20 × 1.25 on gold)`);
    const member = await stack.core.services.members.find(memberKey('USHOP'));
    check(
      member?.paidTier === 'gold' && member.tier === 'gold',
      `tier ${member?.tier}/${member?.paidTier} rolled back`,
    );
    const entry = await stack.core.models.PointsEntry.findOne({ idempotencyKey: 'event:chaos-order-2' }).lean();
    check(Date.now() - (entry?.at.getTime() ?? 0) < 60_000, 'the backdated purchase was entered at its own time');
    check(entry?.occurredAt?.toISOString() === backdated.at, 'the backdated purchase lost its own time');
    return [
      'duplicate in a batch and a resent batch credited once',
      'older subscription after newer: tier stays gold',
      'backdated purchase entered now with occurredAt kept; 400-day-old one refused (field at)',
      await ledgerClean(stack),
    ].join('; ');
  },
};
