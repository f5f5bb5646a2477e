import { DiscordAPIError, RESTJSONErrorCodes, type Client } from 'discord.js';
import { renderForDiscord } from './render.ts';
import type { DeliveryResult, Logger, NotificationTarget, Notifier, Reply } from '../../core/index.ts';

/**
 * DMs and channel posts through discord.js (its REST queue handles rate limits). A member
 * whose DMs are closed (error 50007) is reported unreachable, not retried.
 */
export class DiscordNotifier implements Notifier {
  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
  ) {}

  async send(target: NotificationTarget, message: Reply): Promise<DeliveryResult> {
    // Sent messages are never ephemeral: flags belong to interaction replies only.
    const { flags, ...body } = renderForDiscord(message, { ephemeral: false });
    try {
      if (target.kind === 'member') {
        const dm = await this.client.users.createDM(target.userId);
        await dm.send(body);
      } else {
        const channel = await this.client.channels.fetch(target.channelId);
        if (!channel?.isSendable()) throw new Error(`channel ${target.channelId} cannot receive messages`);
        await channel.send(body);
      }
      return 'sent';
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
        this.logger.info({ userId: target.kind === 'member' ? target.userId : null }, 'member has closed DMs; skipped');
        return 'unreachable';
      }
      throw error;
    }
  }
}
