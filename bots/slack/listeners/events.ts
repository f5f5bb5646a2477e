import type { App } from '@slack/bolt';
import { renderBlocks } from '../render.ts';
import type { SlackContext } from '../slack-context.ts';

/** App Home, installs going away, channel messages (chat points, passive sentiment) and reactions. */
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
    // A reply in a thread answers the thread's first message.
    const thread = 'thread_ts' in message && message.thread_ts !== message.ts ? message.thread_ts : undefined;
    const parent = 'parent_user_id' in message ? message.parent_user_id : undefined;
    await core.chat({
      platform: 'slack',
      communityId: body.team_id,
      channelId: message.channel,
      messageId: message.ts,
      user: { id: message.user, displayName, role: 'member' },
      text: message.text,
      at: new Date(Number(message.ts) * 1000),
      ...(thread ? { replyTo: { messageId: thread, userId: parent } } : {}),
    });
  });
  app.event('reaction_added', async ({ event, body }) => {
    if (event.item.type !== 'message') return;
    await core.reaction({
      platform: 'slack',
      communityId: body.team_id,
      channelId: event.item.channel,
      messageId: event.item.ts,
      user: { id: event.user, displayName: slack.users.knownName(body.team_id, event.user), role: 'member' },
      emoji: event.reaction,
      at: new Date(Number(event.event_ts) * 1000),
    });
  });
}
