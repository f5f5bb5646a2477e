import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_PATTERN } from '../../../core/index.ts';
import type { SlackContext } from '../slack-context.ts';

/** Button presses on core's replies: their action id goes back to core unchanged. */
export function registerActions(app: App, slack: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(ACTION_PATTERN, async ({ action, body, ack, respond, client, context }) => {
    await ack();
    const base = await slack.base(body.team?.id ?? '', body.user.id, body.trigger_id, client, body.channel?.id);
    const reply = await slack.core.dispatcher.press({ ...base, action: action.action_id });
    await slack.show(reply, respond, client, context.botToken, body.trigger_id, body.user.id);
  });
}
