import { sleep } from '../../lib/processes.ts';
import { check, jobCompleted, ledgerClean, memberKey, seedMembers, TEAM, type Scenario } from '../scenario.ts';

const COST = 30;

/**
 * Members redeem concurrently through Slack while the MongoDB-compatible server is killed
 * and started again mid-saga. The repair job then finishes what was cut off: no order left
 * pending, nothing spent twice, every refund once, stock matches the orders.
 */
export const mongoRestartDuringRedeem: Scenario = {
  name: 'mongo-restart-during-redeem',
  async run({ stack, slack, quick }) {
    const ids = Array.from({ length: quick ? 16 : 40 }, (_, i) => `UBUY${i}`);
    await seedMembers(stack, ids, 100, 'redeem');
    const { catalog } = stack.core.services.loyalty;
    await catalog
      .add(TEAM, { itemId: 'chaos-mug', title: 'Chaos mug', cost: COST, stock: ids.length }, 'chaos-mug', new Date())
      .catch(() => undefined);
    const redeems = ids.map((id) => slack.slash(id, 'redeem', 'chaos-mug', 60_000));
    await sleep(quick ? 150 : 300);
    await stack.mongo.stop('SIGKILL');
    await sleep(1000);
    stack.mongo.start();
    await stack.waitForStores();
    const answers = await Promise.all(redeems);
    await sleep(2500);
    const repairId = `chaos-repair-${Date.now()}`;
    await stack.scheduler.queue('loyalty-repair').add('loyalty-repair', {}, { jobId: repairId, attempts: 5 });
    await jobCompleted(stack, 'loyalty-repair', repairId);
    const orders = await stack.core.models.Order.find({ communityId: TEAM, itemId: 'chaos-mug' }).lean();
    check(!orders.some((order) => order.status === 'pending'), 'an order is still pending after repair');
    const undone = orders.filter((order) => ['failed', 'cancelled'].includes(order.status));
    check(
      undone.every((order) => order.compensated),
      'a failed order was not compensated',
    );
    const placed = orders.filter((order) => order.status === 'placed' || order.status === 'fulfilled');
    for (const id of ids) {
      const mine = placed.filter((order) => order.userId === id).length;
      const { balance } = await stack.core.services.loyalty.ledger.totals(memberKey(id));
      check(balance === 100 - COST * mine, `${id}: balance ${balance} with ${mine} orders placed`);
    }
    const stock = await stack.core.services.loyalty.stock.current(TEAM, 'chaos-mug');
    check(stock === ids.length - placed.length, `stock ${stock} with ${placed.length} placed of ${ids.length}`);
    const succeeded = answers.filter((answer) => answer.text?.includes('Order')).length;
    return [
      `${ids.length} concurrent /redeem, server killed and restarted`,
      `${placed.length} placed (${succeeded} confirmed in chat), ${undone.length} undone, none pending`,
      'balances and stock match the orders',
      await ledgerClean(stack),
    ].join('; ');
  },
};
