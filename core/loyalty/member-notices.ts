import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import { createOnce } from '../db/create-once.ts';
import { firstSupportedLocale, type Translate, type Translator } from '../i18n.ts';
import type { Logger } from '../logger.ts';
import type { Notifier } from '../ports.ts';
import type { Platform, Reply } from '../types.ts';

/** Writes a message in one language; may take a moment (a chart to draw). */
/** Whom a DM goes to: a member, or anyone who wrote to staff (a ticket's author). */
export type NoticeRecipient = Pick<MemberDoc, 'communityId' | 'platform' | 'userId'> & { language?: string | null };

type Compose = (t: Translate) => Omit<Reply, 'ephemeral'> | Promise<Omit<Reply, 'ephemeral'>>;

/** DMs to members in their own language and posts to community channels; keyed ones are sent at most once. */
export class MemberNotices {
  constructor(
    private readonly models: Models,
    private readonly notifier: Notifier,
    private readonly translator: Translator,
    private readonly logger: Logger,
  ) {}

  /** Sends now; a failure is logged and swallowed (the action that caused it stands). */
  /** Sends a DM now; a failure is logged, not thrown. Returns whether it went out. */
  async tell(member: NoticeRecipient, community: CommunityDoc, compose: Compose): Promise<boolean> {
    try {
      await this.deliver(member, community, compose);
      return true;
    } catch (error) {
      this.logger.warn({ err: error, userId: member.userId }, 'member notice not delivered');
      return false;
    }
  }

  /** Sends a member a DM once per key (see sendOnce). */
  async tellOnce(
    key: string,
    member: MemberDoc,
    community: CommunityDoc,
    at: Date,
    compose: Compose,
  ): Promise<boolean> {
    return this.sendOnce(key, member.communityId, at, () => this.deliver(member, community, compose));
  }

  /** Posts to a community channel once per key, in the community's language. */
  async postOnce(
    key: string,
    community: CommunityDoc,
    channelId: string,
    at: Date,
    compose: Compose,
  ): Promise<boolean> {
    return this.sendOnce(key, community.communityId, at, () => this.post(community, channelId, compose));
  }

  /** Posts to a channel now; failures are logged, not thrown. */
  async post(community: CommunityDoc, channelId: string, compose: Compose): Promise<void> {
    const t = this.translator.forLocale(firstSupportedLocale(community.defaultLocale) ?? 'en');
    const target = {
      kind: 'channel' as const,
      platform: community.platform as Platform,
      communityId: community.communityId,
      channelId,
    };
    await this.notifier.send(target, { ...(await compose(t)), ephemeral: false });
  }

  /**
   * Claims the key, sends, and gives the key back if sending failed so a retried job tries
   * again. Returns false when it was already sent.
   */
  private async sendOnce(key: string, communityId: string, at: Date, send: () => Promise<void>): Promise<boolean> {
    if (!(await createOnce(this.models.Notice, { communityId, key, at }))) return false;
    try {
      await send();
      return true;
    } catch (error) {
      await this.models.Notice.deleteOne({ communityId, key });
      throw error;
    }
  }

  private async deliver(member: NoticeRecipient, community: CommunityDoc, compose: Compose): Promise<void> {
    const locale = firstSupportedLocale(member.language, community.defaultLocale) ?? 'en';
    const message = { ...(await compose(this.translator.forLocale(locale))), ephemeral: false };
    const target = {
      kind: 'member' as const,
      platform: member.platform as Platform,
      communityId: member.communityId,
      userId: member.userId,
    };
    await this.notifier.send(target, message);
  }
}
