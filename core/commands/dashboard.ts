import { signInLink } from '../dashboard/sign-in.ts';
import { defineCommand } from '../dispatch/spec.ts';

export default defineCommand({
  name: 'dashboard',
  role: 'manager',
  guildOnly: true,
  options: [{ name: 'action', type: 'string', choices: ['open', 'signout'] }],
  async handle(ctx, args) {
    const sessions = ctx.services.dashboardSessions;
    const who = { platform: ctx.platform, communityId: ctx.communityId, userId: ctx.userId };
    if (args.action === 'signout') {
      const ended = await sessions.signOutEverywhere(who);
      return { ephemeral: true, tone: 'success', text: ctx.t('dashboard.signedOut', { count: ended }) };
    }
    const url = await signInLink(ctx.services, {
      ...who,
      displayName: ctx.displayName,
      role: ctx.role,
      locale: ctx.locale,
    });
    return {
      ephemeral: true,
      tone: 'info',
      title: ctx.t('dashboard.linkTitle'),
      text: ctx.t('dashboard.linkText', { url }),
      // A link that signs someone in: never kept for re-deliveries, never logged.
      sensitive: true,
    };
  },
});
