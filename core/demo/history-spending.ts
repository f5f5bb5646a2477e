import type { LoyaltySettings } from '../loyalty/settings.ts';
import { tierForPoints } from '../loyalty/tiers.ts';
import { HISTORY_ITEMS } from './history-catalog.ts';
import type { Behaviour } from './history-groups.ts';
import type { PlannedStep } from './history-types.ts';
import type { SeededRandom } from './random.ts';

const HOUR_MS = 3600 * 1000;

export interface SpendingContext {
  behaviour: Behaviour;
  key(kind: string): string;
  /** Points the member starts with (a referral bonus). */
  startBalance: number;
  /** The default earning rules: what the plan expects points to be (tier multipliers only add). */
  settings: LoyaltySettings;
  end: Date;
}

/**
 * Redemptions a member can afford: walks the member's earning in time order with a lower
 * bound of the balance (base points, no tier multipliers) and redeems now and then when a
 * wanted reward is within reach, so the real /redeem rarely refuses. Then most orders are
 * fulfilled by staff a few days later, and a few cancelled by the member.
 */
export function planSpending(random: SeededRandom, steps: PlannedStep[], context: SpendingContext): PlannedStep[] {
  const { behaviour, settings } = context;
  const planned: PlannedStep[] = [];
  let balance = context.startBalance;
  let earned = context.startBalance;
  const feedbackDays = new Set<string>();
  for (const step of steps) {
    const credit = creditOf(step, settings, feedbackDays);
    balance += credit;
    earned += credit;
    if (credit <= 0 || planned.filter((s) => s.kind === 'redeem').length >= behaviour.maxRedemptions) continue;
    if (!random.chance(0.35)) continue;
    const tier = tierForPoints(settings, earned).name;
    const affordable = HISTORY_ITEMS.filter(
      (item) =>
        behaviour.redeems.includes(item.itemId) &&
        item.cost <= balance &&
        (!item.tiers || item.tiers.split(',').includes(tier)),
    );
    if (affordable.length === 0) continue;
    const item = random.pick(affordable);
    const at = new Date(step.at.getTime() + random.int(61, 180) * 60_000);
    if (at >= context.end) continue;
    const requestKey = context.key('order');
    balance -= item.cost;
    planned.push({ kind: 'redeem', at, itemId: item.itemId, requestKey });
    const after = random.chance(0.06)
      ? { kind: 'cancel' as const, at: new Date(at.getTime() + random.int(2, 20) * HOUR_MS) }
      : random.chance(0.85)
        ? { kind: 'fulfil' as const, at: new Date(at.getTime() + random.int(48, 120) * HOUR_MS) }
        : null;
    if (after && after.at < context.end) planned.push({ ...after, requestKey });
  }
  return planned;
}

function creditOf(step: PlannedStep, settings: LoyaltySettings, feedbackDays: Set<string>): number {
  if (step.kind === 'chat-day') return Math.min(step.messages * settings.chat.points, settings.chat.dailyCap);
  if (step.kind === 'commerce' && step.event.type === 'purchase')
    return Math.floor((step.event.amount ?? 0) * settings.purchasePointsPerUnit);
  if (step.kind === 'feedback') {
    const day = step.at.toISOString().slice(0, 10);
    if (feedbackDays.has(day)) return 0;
    feedbackDays.add(day);
    return settings.feedbackPoints;
  }
  return 0;
}
