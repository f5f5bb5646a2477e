import type { App } from '@slack/bolt';
import { renderBlocks } from '../render.ts';
import type { SlackContext } from '../slack-context.ts';

/** App Home, installs going away, and channel messages (chat points and passive sentiment). */
export function registerEvents(app: App, slack: SlackContext): void {
  const { core } = slack;
  app.event('app_home_opened', async ({ event, body, client, context }) => {
    const base = await slack.base(body.team_id, event.user, `home-${event.user}-${Date.now()}`, client);
    const reply = await core.dispatcher.dispatch({ ...base, command: 'membership', args: {} });
    const view = { type: 'home' as const, blocks: renderBlocks(reply) };
    await client.views.publish({ token: context.botToken, user_id: event.user, view });
  });
  app.event('app_uninstalled', async ({ body }) => core.installations.remove('slack', `T:${body.team_id}`));
  app.event('tokens_revoked', async ({ body }) => core.installations.remove('slack', `T:${body.team_id}`));
  app.message(async ({ message, body }) => {
    if (message.subtype !== undefined || !('user' in message) || !message.user) return;
    if (('bot_id' in message && message.bot_id) || !('text' in message) || !message.text) return;
    const displayName = slack.users.knownName(body.team_id, message.user);
    await core.chat({
      platform: 'slack',
      communityId: body.team_id,
      channelId: message.channel,
      messageId: message.ts,
      user: { id: message.user, displayName, role: 'member' },
      text: message.text,
      at: new Date(Number(message.ts) * 1000),
    });
  });
}
