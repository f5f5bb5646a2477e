import type { App } from '@slack/bolt';
import { fallbackText, renderBlocks } from './render.ts';
import type { DeliveryResult, NotificationTarget, Notifier, Reply } from '../../core/index.ts';

/** DMs (conversations.open + chat.postMessage) and channel posts; the Web API client retries rate limits. */
export class SlackNotifier implements Notifier {
  constructor(
    private readonly app: App,
    private readonly tokenFor: (teamId: string) => Promise<string | undefined>,
  ) {}

  async send(target: NotificationTarget, message: Reply): Promise<DeliveryResult> {
    const token = await this.tokenFor(target.communityId);
    if (!token) return 'unreachable';
    let channel = target.kind === 'channel' ? target.channelId : '';
    if (target.kind === 'member') {
      const opened = await this.app.client.conversations.open({ token, users: target.userId });
      channel = opened.channel?.id ?? '';
      if (!channel) return 'unreachable';
    }
    await this.app.client.chat.postMessage({
      token,
      channel,
      text: fallbackText(message),
      blocks: renderBlocks(message),
    });
    return 'sent';
  }
}
