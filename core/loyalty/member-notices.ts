import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import { isDuplicateKeyError } from '../errors.ts';
import { firstSupportedLocale, type Translator } from '../i18n.ts';
import type { Logger } from '../logger.ts';
import type { Notifier } from '../ports.ts';
import type { Platform, Reply } from '../types.ts';

type Compose = (t: (key: string, params?: Record<string, unknown>) => string) => Omit<Reply, 'ephemeral'>;

/** DMs to members in their own language; keyed ones are sent at most once. */
export class MemberNotices {
  constructor(
    private readonly models: Models,
    private readonly notifier: Notifier,
    private readonly translator: Translator,
    private readonly logger: Logger,
  ) {}

  /** Sends now; a failure is logged and swallowed (the action that caused it stands). */
  async tell(member: MemberDoc, community: CommunityDoc, compose: Compose): Promise<void> {
    try {
      await this.deliver(member, community, compose);
    } catch (error) {
      this.logger.warn({ err: error, userId: member.userId }, 'member notice not delivered');
    }
  }

  /**
   * Sends once per key: claims the key, sends, and gives the key back if sending failed
   * so a retried job tries again. Returns false when it was already sent.
   */
  async tellOnce(key: string, member: MemberDoc, community: CommunityDoc, at: Date, compose: Compose): Promise<boolean> {
    try {
      await this.models.Notice.create({ communityId: member.communityId, key, at });
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    try {
      await this.deliver(member, community, compose);
      return true;
    } catch (error) {
      await this.models.Notice.deleteOne({ communityId: member.communityId, key });
      throw error;
    }
  }

  private async deliver(member: MemberDoc, community: CommunityDoc, compose: Compose): Promise<void> {
    const locale = firstSupportedLocale(member.language, community.defaultLocale) ?? 'en';
    const message = { ...compose(this.translator.forLocale(locale)), ephemeral: false };
    const target = { kind: 'member' as const, platform: member.platform as Platform, communityId: member.communityId, userId: member.userId };
    await this.notifier.send(target, message);
  }
}
