import { ACTION_CHANNELS, PLATFORMS } from '../types.ts';
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { SUPPORTED_LOCALES } from '../i18n.ts';
import { createLoyaltyModels, type LoyaltyModels } from './loyalty-models.ts';
import { createSupportModels, type SupportModels } from './support-models.ts';
import { createInstallationModels, type InstallationModels } from './installation-models.ts';
import { createRetentionModels, type RetentionModels } from './retention-models.ts';
import { createDashboardModels, type DashboardModels } from './dashboard-models.ts';
import { createCampaignModels, type CampaignModels } from './campaign-models.ts';
import { createWebhookModels, type WebhookModels } from './webhook-models.ts';

export const MEMBER_STATUSES = ['active', 'paused', 'cancelled'] as const;

const communitySchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    name: { type: String, default: '' },
    defaultLocale: { type: String, enum: SUPPORTED_LOCALES, default: 'en' },
    adminUserIds: { type: [String], default: [] },
    managerUserIds: { type: [String], default: [] },
    defaultTier: { type: String, default: 'free' },
    /** Earning rules, tiers and expiry; parsed with defaults by core/loyalty/settings.ts. */
    loyalty: { type: Schema.Types.Mixed, default: {} },
    /** Support and sentiment settings; parsed with defaults by core/support/settings.ts. */
    support: { type: Schema.Types.Mixed, default: {} },
    /** Per-command rate limits; parsed with defaults by core/dispatch/rate-limits.ts. */
    limits: { type: Schema.Types.Mixed, default: {} },
    /** Save flow, churn nudges and the served recommender; parsed with defaults by core/retention/settings.ts. */
    retention: { type: Schema.Types.Mixed, default: {} },
    /** HMAC secret the community's shop signs POST /events with. */
    eventsSecret: { type: String, default: null },
  },
  { timestamps: true, collection: 'communities' },
);
communitySchema.index({ communityId: 1 }, { unique: true });

const memberSchema = new Schema(
  {
    /** memberDocId(): community|platform|user. */
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    userId: { type: String, required: true },
    displayName: { type: String, default: '' },
    /** `paused`: on hold until pausedUntil (see core/loyalty/pauses.ts); earns nothing, keeps its points. */
    status: { type: String, required: true, enum: MEMBER_STATUSES, default: 'active' },
    tier: { type: String, required: true, default: 'free' },
    joinedAt: { type: Date, required: true },
    cancelledAt: { type: Date, default: null },
    cancelReason: { type: String, default: null },
    referralCode: { type: String, required: true },
    referredBy: { type: String, default: null },
    language: { type: String, enum: [...SUPPORTED_LOCALES, null], default: null },
    /** Caches of the ledger's last entry (never the truth): balance, its seq, lifetime earned. */
    pointsBalance: { type: Number, default: 0 },
    ledgerSeq: { type: Number, default: 0 },
    earnedTotal: { type: Number, default: 0 },
    /** A paid tier overrides the points tier until paidUntil (plus the grace period). */
    paidTier: { type: String, default: null },
    paidUntil: { type: Date, default: null },
    referralCredited: { type: Boolean, default: false },
    /** Weekly recommendation DMs: off until the member turns them on. */
    recommendDms: { type: Boolean, default: false },
    /** DMs with offers (churn nudges): on until the member turns them off. */
    offerDms: { type: Boolean, default: true },
    /** A pause: since when, until when, and what was left of the paid period when it began. */
    pausedAt: { type: Date, default: null },
    pausedUntil: { type: Date, default: null },
    pausePaidRemainingMs: { type: Number, default: null },
    /** Time spent paused in all: points expire that much later. */
    pausedMsTotal: { type: Number, default: 0 },
    /** Campaign announcements by DM: on until the member turns them off (`/campaign dms-off`). */
    campaignDms: { type: Boolean, default: true },
  },
  { timestamps: true, collection: 'members' },
);
memberSchema.index({ communityId: 1, platform: 1, userId: 1 }, { unique: true });
memberSchema.index({ communityId: 1, referralCode: 1 }, { unique: true });
memberSchema.index({ communityId: 1, referredBy: 1 });
// The repair job's sweep for referrals a crash left uncredited, across communities: the index skips
// the null referredBy of members nobody referred.
memberSchema.index({ referredBy: 1, referralCredited: 1, joinedAt: 1 });
memberSchema.index({ communityId: 1, earnedTotal: -1 });
memberSchema.index({ communityId: 1, pointsBalance: -1 });

const auditSchema = new Schema(
  {
    communityId: { type: String, required: true },
    /** Makes a repeated write of the same admin action a no-op. */
    key: { type: String, required: true },
    action: { type: String, required: true },
    actorId: { type: String, required: true },
    targetId: { type: String, default: null },
    reason: { type: String, default: null },
    details: { type: Schema.Types.Mixed, default: {} },
    at: { type: Date, required: true },
    /** Where it was done: in chat or on the web dashboard. */
    via: { type: String, enum: ACTION_CHANNELS, default: 'chat' },
  },
  { collection: 'audit' },
);
auditSchema.index({ communityId: 1, key: 1 }, { unique: true });
auditSchema.index({ communityId: 1, at: -1 });

/** A persona clustering of one community at one time, with its quality figures. */
const personaSnapshotSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    at: { type: Date, required: true },
    members: { type: Number, required: true },
    k: { type: Number, required: true },
    silhouette: { type: Number, required: true },
    inertia: { type: Number, required: true },
    features: { type: [String], required: true },
    personas: { type: Schema.Types.Mixed, required: true },
    /** Members at high churn risk: how many, and the most at risk (see core/personas/personas.ts). */
    churn: { type: Schema.Types.Mixed, default: null },
    /** A sample of members on the two principal axes, coloured by persona (PersonaMap). */
    map: { type: Schema.Types.Mixed, default: null },
    /** Where the refresh spent its time: reading, clustering, storing assignments. */
    timings: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'persona_snapshots', versionKey: false },
);
personaSnapshotSchema.index({ communityId: 1, at: -1 });

export type PersonaSnapshotDoc = InferSchemaType<typeof personaSnapshotSchema>;

/** Top-level Date paths (timestamps included): what a JSON copy of a document must turn back into Dates. */
function dateFieldsOf(schema: Schema): string[] {
  return Object.entries(schema.paths)
    .filter(([name, path]) => path.instance === 'Date' && !name.includes('.'))
    .map(([name]) => name);
}
export const MEMBER_DATE_FIELDS = dateFieldsOf(memberSchema);
export const COMMUNITY_DATE_FIELDS = dateFieldsOf(communitySchema);

export type CommunityDoc = InferSchemaType<typeof communitySchema>;
export type MemberDoc = InferSchemaType<typeof memberSchema>;
export type AuditDoc = InferSchemaType<typeof auditSchema>;

export interface Models
  extends
    LoyaltyModels,
    SupportModels,
    InstallationModels,
    RetentionModels,
    DashboardModels,
    CampaignModels,
    WebhookModels {
  Community: Model<InferSchemaType<typeof communitySchema>>;
  Member: Model<InferSchemaType<typeof memberSchema>>;
  Audit: Model<InferSchemaType<typeof auditSchema>>;
  PersonaSnapshot: Model<PersonaSnapshotDoc>;
}

/** Told after every write to a cached collection: the id written, or null for collection-wide writes. */
export type WriteListener = (id: string | null) => Promise<void>;

const ID_WRITES = /^(updateOne|findOneAndUpdate|deleteOne|replaceOne)$/;
const BULK_WRITES = /^(updateMany|deleteMany)$/;

/** A copy of a schema with write hooks for this connection's cache (schemas are shared by connections). */
function withWriteHooks<S extends Schema>(base: S, onWrite: WriteListener | undefined): S {
  if (!onWrite) return base;
  const schema = base.clone() as S;
  schema.post(ID_WRITES, async function (this: { getFilter(): Record<string, unknown> }) {
    const id = this.getFilter()._id;
    await onWrite(typeof id === 'string' ? id : null);
  });
  schema.post(BULK_WRITES, async () => onWrite(null));
  schema.post('save', async (doc: { _id: unknown }) => onWrite(String(doc._id)));
  schema.post('insertMany', async () => onWrite(null));
  return schema;
}

/** Binds the schemas to one connection, so each test can own a database. */
export function createModels(
  connection: Connection,
  options: { onMemberWrite?: WriteListener; onCommunityWrite?: WriteListener } = {},
): Models {
  return {
    Community: connection.model('Community', withWriteHooks(communitySchema, options.onCommunityWrite)),
    Member: connection.model('Member', withWriteHooks(memberSchema, options.onMemberWrite)),
    Audit: connection.model('Audit', auditSchema),
    PersonaSnapshot: connection.model('PersonaSnapshot', personaSnapshotSchema),
    ...createLoyaltyModels(connection),
    ...createSupportModels(connection),
    ...createInstallationModels(connection),
    ...createRetentionModels(connection),
    ...createDashboardModels(connection),
    ...createCampaignModels(connection),
    ...createWebhookModels(connection),
  };
}

/** Builds the indexes; run at start-up (idempotent) since autoIndex is off. */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) await model.createIndexes();
}
