import { isDuplicateKeyError } from '../errors.ts';
import type { Locale } from '../i18n.ts';
import type { CommunityDoc, Models } from '../db/models.ts';
import type { DocumentCache } from './document-cache.ts';
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

  async ensure(platform: Platform, communityId: string, name = ''): Promise<CommunityDoc> {
    const found = await this.cache.get(communityId, () => this.models.Community.findById(communityId, { eventsSecret: 0 }).lean<CommunityDoc>());
    if (found) return found;
    try {
      await this.models.Community.create({ _id: communityId, communityId, platform, name, defaultLocale: this.defaults.defaultLocale });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const created = await this.models.Community.findById(communityId, { eventsSecret: 0 }).lean<CommunityDoc>();
    if (!created) throw new Error(`community ${communityId} vanished after creation`);
    return created;
  }

  async setLoyalty(communityId: string, loyalty: Record<string, unknown>): Promise<void> {
    await this.models.Community.updateOne({ _id: communityId }, { $set: { loyalty } });
  }

  async setSupport(communityId: string, support: Record<string, unknown>): Promise<void> {
    await this.models.Community.updateOne({ _id: communityId }, { $set: { support } });
  }

  async setEventsSecret(communityId: string, secret: string): Promise<void> {
    await this.models.Community.updateOne({ _id: communityId }, { $set: { eventsSecret: secret } });
  }

  async all(): Promise<CommunityDoc[]> {
    return this.models.Community.find({}).sort({ communityId: 1 }).lean<CommunityDoc[]>();
  }

  async update(
    communityId: string,
    changes: Partial<Pick<CommunityDoc, 'name' | 'defaultLocale' | 'adminUserIds' | 'managerUserIds'>>,
  ): Promise<void> {
    await this.models.Community.updateOne({ _id: communityId }, { $set: changes });
  }
}
