import { defineCommand } from '../dispatch/spec.ts';
import { formatNumber } from '../format.ts';
import { LEADERBOARD_PERIODS, type LeaderboardPeriod } from '../loyalty/leaderboard.ts';

export default defineCommand({
  name: 'leaderboard',
  role: 'member',
  guildOnly: true,
  options: [{ name: 'period', type: 'string', choices: LEADERBOARD_PERIODS }],
  async handle(ctx, args) {
    const period = (args.period ?? 'week') as LeaderboardPeriod;
    const board = await ctx.services.loyalty.leaderboards.standings(
      ctx.communityId,
      period,
      { platform: ctx.platform, userId: ctx.userId },
      ctx.now,
    );
    const title = ctx.t('leaderboard.title', { period: ctx.t(`leaderboard.periods.${period}`) });
    if (board.top.length === 0) return { ephemeral: false, tone: 'info', title, text: ctx.t('leaderboard.empty') };
    const lines = board.top.map((s) => `${s.rank}. ${s.displayName} — ${formatNumber(s.points, ctx.locale)}`);
    const mine = board.me
      ? ctx.t('leaderboard.you', { rank: board.me.rank, points: formatNumber(board.me.points, ctx.locale) })
      : ctx.t('leaderboard.youUnranked');
    return { ephemeral: false, tone: 'info', title, text: `${lines.join('\n')}\n\n${mine}` };
  },
});
