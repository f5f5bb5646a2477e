import type { WebhookEndpointDoc } from '../db/webhook-models.ts';
import { firstSupportedLocale, type Translate, type Translator } from '../i18n.ts';
import type { Communities } from '../identity/communities.ts';
import type { Logger } from '../logger.ts';
import type { MemberNotices } from '../loyalty/member-notices.ts';
import type { Notifier } from '../ports.ts';
import { supportSettings } from '../support/settings.ts';
import type { Platform, Reply } from '../types.ts';

/**
 * Tells a community's admins that an endpoint was disabled: in the staff channel, else the
 * digest channel, else by DM to the admins it lists.
 */
export class EndpointAlerts {
  constructor(
    private readonly communities: Communities,
    private readonly notices: MemberNotices,
    private readonly notifier: Notifier,
    private readonly translator: Translator,
    private readonly logger: Logger,
  ) {}

  async disabled(endpoint: WebhookEndpointDoc, failingSince: Date, at: Date): Promise<void> {
    const community = await this.communities.withEventsSecret(endpoint.communityId);
    if (!community) return;
    const compose = (t: Translate): Omit<Reply, 'ephemeral'> => ({
      tone: 'error',
      title: t('webhooks.disabledTitle', { id: endpoint.endpointId }),
      text: t('webhooks.disabledText', {
        id: endpoint.endpointId,
        url: endpoint.url,
        since: failingSince.toISOString().slice(0, 16).replace('T', ' '),
      }),
    });
    const { staffChannelId, digestChannelId } = supportSettings(community);
    const channelId = staffChannelId ?? digestChannelId;
    try {
      if (channelId) {
        const key = `webhook-disabled:${endpoint.endpointId}:${at.toISOString()}`;
        await this.notices.postOnce(key, community, channelId, at, compose);
        return;
      }
      const t = this.translator.forLocale(firstSupportedLocale(community.defaultLocale) ?? 'en');
      for (const userId of community.adminUserIds) {
        const target = {
          kind: 'member' as const,
          platform: community.platform as Platform,
          communityId: community.communityId,
          userId,
        };
        await this.notifier.send(target, { ...compose(t), ephemeral: false });
      }
      if (community.adminUserIds.length === 0)
        this.logger.warn({ endpointId: endpoint.endpointId }, 'webhook endpoint disabled; no channel or admin to tell');
    } catch (error) {
      this.logger.warn({ err: error, endpointId: endpoint.endpointId }, 'webhook disable alert not delivered');
    }
  }
}
