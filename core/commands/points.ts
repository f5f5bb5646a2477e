import { defineCommand } from '../dispatch/spec.ts';
import { formatDate, formatNumber } from '../format.ts';
import { activeCaller, callerKey } from '../dispatch/members-of.ts';

export default defineCommand({
  name: 'points',
  role: 'member',
  guildOnly: true,
  options: [],
  async handle(ctx) {
    await activeCaller(ctx);
    const { ledger } = ctx.services.loyalty;
    const [totals, recent] = await Promise.all([ledger.totals(callerKey(ctx)), ledger.recent(callerKey(ctx), 5)]);
    const lines = recent.map((entry) =>
      ctx.t('points.entry', {
        date: formatDate(entry.at, ctx.locale),
        delta: `${entry.delta > 0 ? '+' : ''}${formatNumber(entry.delta, ctx.locale)}`,
        reason: ctx.t(`ledger.reasons.${entry.reason}`, { defaultValue: entry.reason }),
      }),
    );
    return {
      ephemeral: true,
      tone: 'info',
      title: ctx.t('points.title', { balance: formatNumber(totals.balance, ctx.locale) }),
      text: lines.length > 0 ? `${ctx.t('points.recent')}\n${lines.join('\n')}` : ctx.t('points.none'),
      fields: [{ name: ctx.t('points.earnedTotal'), value: formatNumber(totals.earned, ctx.locale), inline: true }],
    };
  },
});
