import type { App, webApi } from '@slack/bolt';
import type { DeliveryResult, Logger, NotificationTarget, Notifier, Reply } from '../../core/index.ts';
import { fallbackText, renderBlocks } from './render.ts';

/**
 * Posts a reply to a Slack channel: with its picture, one message of blocks and the uploaded
 * PNG (files.uploadV2, `files:write`); as blocks alone when there is none, or when the upload
 * is refused (a workspace that did not grant the scope still gets its digest).
 */
export async function postToChannel(
  client: webApi.WebClient,
  token: string | undefined,
  channel: string,
  message: Reply,
  logger: Logger,
): Promise<void> {
  const blocks = renderBlocks({ ...message, image: undefined });
  if (message.image) {
    try {
      await client.files.uploadV2({
        token,
        channel_id: channel,
        file: Buffer.from(message.image.png, 'base64'),
        filename: message.image.name,
        title: message.title ?? message.image.name,
        alt_text: message.image.alt.slice(0, 1000),
        blocks,
      });
      return;
    } catch (error) {
      logger.warn({ err: error, channel }, 'chart not uploaded; posting the text alone');
    }
  }
  await client.chat.postMessage({ token, channel, text: fallbackText(message), blocks });
}

/** DMs (conversations.open) and channel posts; the Web API client retries rate limits. */
export class SlackNotifier implements Notifier {
  constructor(
    private readonly app: App,
    private readonly tokenFor: (teamId: string) => Promise<string | undefined>,
    private readonly logger: Logger,
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
    await postToChannel(this.app.client, token, channel, message, this.logger);
    return 'sent';
  }
}
