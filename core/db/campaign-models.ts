import { Schema, type Connection, type Model } from 'mongoose';
import { PLATFORMS } from '../types.ts';

/** Who a campaign is for (see core/campaigns/audience.ts). */
export type CampaignAudience =
  | { kind: 'all' }
  | { kind: 'tiers'; tiers: string[] }
  | { kind: 'personas'; personas: number[]; snapshotId: string }
  | { kind: 'churn' }
  | { kind: 'inactive'; days: number };

/** What a campaign does: multiply chosen earnings, or pay a bonus once or on the anniversary. */
export type CampaignEffect =
  | { kind: 'multiplier'; multiplier: number; earnings: string[] }
  | { kind: 'join-bonus'; points: number }
  | { kind: 'anniversary'; points: number };

export interface CampaignDoc {
  /** `<community>|<campaign id>`. */
  _id: string;
  communityId: string;
  /** The name admins and members see and type; unique in its community, forever (ledger keys use it). */
  campaignId: string;
  startsAt: Date;
  endsAt: Date;
  /** The community's time zone when it was created: its window and anniversaries are read in it. */
  timeZone: string;
  audience: CampaignAudience;
  effect: CampaignEffect;
  /** Also announce it by DM to its audience (paced; members who turned campaign DMs off are skipped). */
  dm: boolean;
  createdBy: string;
  createdAt: Date;
  /** Set when an admin ended it before its planned end (endsAt is then that moment). */
  endedBy: string | null;
}

/** A member of a persona campaign's audience, fixed when it was created (personas are renumbered nightly). */
export interface CampaignAudienceDoc {
  /** `<campaign _id>|<platform>|<user>`. */
  _id: string;
  communityId: string;
  campaignId: string;
}

/** One thing a campaign did for a member: points (one per ledger entry) or its DM. */
export interface CampaignActivityDoc {
  /** The ledger entry's `_id` for points; `<campaign _id>|<platform>|<user>|dm` for the DM. */
  _id: string;
  communityId: string;
  campaignId: string;
  platform: string;
  userId: string;
  kind: 'points' | 'dm';
  points: number;
  at: Date;
}

const campaignSchema = new Schema<CampaignDoc>(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    campaignId: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    timeZone: { type: String, required: true },
    audience: { type: Schema.Types.Mixed, required: true },
    effect: { type: Schema.Types.Mixed, required: true },
    dm: { type: Boolean, default: false },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    endedBy: { type: String, default: null },
  },
  { collection: 'campaigns', versionKey: false },
);
campaignSchema.index({ communityId: 1, campaignId: 1 }, { unique: true });
campaignSchema.index({ endsAt: 1 });
campaignSchema.index({ communityId: 1, startsAt: -1 });

const campaignAudienceSchema = new Schema<CampaignAudienceDoc>(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    campaignId: { type: String, required: true },
  },
  { collection: 'campaign_audiences', versionKey: false },
);

const campaignActivitySchema = new Schema<CampaignActivityDoc>(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    campaignId: { type: String, required: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    userId: { type: String, required: true },
    kind: { type: String, required: true, enum: ['points', 'dm'] },
    points: { type: Number, default: 0 },
    at: { type: Date, required: true },
  },
  { collection: 'campaign_activity', versionKey: false },
);
campaignActivitySchema.index({ communityId: 1, campaignId: 1 });

export interface CampaignModels {
  Campaign: Model<CampaignDoc>;
  CampaignAudienceMember: Model<CampaignAudienceDoc>;
  CampaignActivity: Model<CampaignActivityDoc>;
}

export function createCampaignModels(connection: Connection): CampaignModels {
  return {
    Campaign: connection.model<CampaignDoc>('Campaign', campaignSchema),
    CampaignAudienceMember: connection.model<CampaignAudienceDoc>('CampaignAudienceMember', campaignAudienceSchema),
    CampaignActivity: connection.model<CampaignActivityDoc>('CampaignActivity', campaignActivitySchema),
  };
}
