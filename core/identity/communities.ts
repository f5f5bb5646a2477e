import { createOnce } from '../db/create-once.ts';
import type { Locale } from '../i18n.ts';
import type { CommunityDoc, Models } from '../db/models.ts';
import type { DocumentCache } from '../stores/document-cache.ts';
import type { Platform } from '../types.ts';

export interface CommunityDefaults {
  defaultLocale: Locale;
}

/**
 * Community settings; a community is created on first contact with its defaults. Read on
 * every command, so through the document cache, without the events secret (it stays out
 * of Redis; the events route reads it from the database).
 */
export class Communities {
  constructor(
    private readonly models: Models,
    private readonly cache: DocumentCache<CommunityDoc>,
    private readonly defaults: CommunityDefaults,
  ) {}

  /** A community's defaults in memory, never saved: what a direct message outside any community sees. */
  defaultsFor(platform: Platform, communityId: string): CommunityDoc {
    const now = new Date(0);
    return {
      _id: communityId,
      communityId,
      platform,
      name: '',
      defaultLocale: this.defaults.defaultLocale,
      adminUserIds: [],
      managerUserIds: [],
      defaultTier: 'free',
      loyalty: {},
      support: {},
      limits: {},
      retention: {},
      eventsSecret: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  async ensure(platform: Platform, communityId: string, name = ''): Promise<CommunityDoc> {
    const found = await this.cache.get(communityId, () => this.read(communityId));
    if (found) return found;
    // A concurrent first contact may have created it: either way, read what is there.
    await createOnce(this.models.Community, {
      _id: communityId,
      communityId,
      platform,
      name,
      defaultLocale: this.defaults.defaultLocale,
    });
    const created = await this.read(communityId);
    if (!created) throw new Error(`community ${communityId} vanished after creation`);
    return created;
  }

  /** A community known to the bot, without creating it (operators' scripts); null when unknown. */
  find(communityId: string): Promise<CommunityDoc | null> {
    return this.read(communityId);
  }

  private read(communityId: string): Promise<CommunityDoc | null> {
    return this.models.Community.findById(communityId, { eventsSecret: 0 }).lean<CommunityDoc>().exec();
  }

  /** The community with its events secret, read from the database (the secret is never cached). */
  async withEventsSecret(communityId: string): Promise<CommunityDoc | null> {
    return this.models.Community.findById(communityId).lean<CommunityDoc>().exec();
  }

  async setLoyalty(communityId: string, loyalty: Record<string, unknown>): Promise<void> {
    await this.models.Community.updateOne({ _id: communityId }, { $set: { loyalty } });
  }

  async setSupport(communityId: string, support: Record<string, unknown>): Promise<void> {
    await this.models.Community.updateOne({ _id: communityId }, { $set: { support } });
  }

  async setRetention(communityId: string, retention: Record<string, unknown>): Promise<void> {
    await this.models.Community.updateOne({ _id: communityId }, { $set: { retention } });
  }

  async setLimits(communityId: string, limits: Record<string, unknown>): Promise<void> {
    await this.models.Community.updateOne({ _id: communityId }, { $set: { limits } });
  }

  async setEventsSecret(communityId: string, secret: string): Promise<void> {
    await this.models.Community.updateOne({ _id: communityId }, { $set: { eventsSecret: secret } });
  }

  async all(): Promise<CommunityDoc[]> {
    return this.models.Community.find({}).sort({ communityId: 1 }).lean<CommunityDoc[]>();
  }

  /** The one community asked for, or every community (what a nightly job runs over). */
  async ids(communityId?: string): Promise<string[]> {
    return communityId ? [communityId] : (await this.all()).map((community) => community.communityId);
  }

  async update(
    communityId: string,
    changes: Partial<Pick<CommunityDoc, 'name' | 'defaultLocale' | 'adminUserIds' | 'managerUserIds'>>,
  ): Promise<void> {
    await this.models.Community.updateOne({ _id: communityId }, { $set: changes });
  }
}
