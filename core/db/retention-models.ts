import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { PLATFORMS } from '../types.ts';

/** Why a member wants to leave, what they were offered, and how it ended: one self-cancellation. */
const saveAttemptSchema = new Schema(
  {
    /** `<community>|<attemptId>`; the attempt id is random, carried by the flow's buttons. */
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    attemptId: { type: String, required: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    userId: { type: String, required: true },
    startedAt: { type: Date, required: true },
    reason: { type: String, enum: ['expensive', 'unused', 'features', 'experience', 'other', null], default: null },
    /** The member's own words (the command's reason, or "other"): erased by /privacy delete. */
    note: { type: String, default: null },
    offer: { type: String, enum: ['pause', 'downgrade', 'bonus', null], default: null },
    outcome: { type: String, required: true, enum: ['open', 'accepted', 'kept', 'cancelled'] },
    decidedAt: { type: Date, default: null },
    /** What the accepted offer did: months paused, tier moved to, points given. */
    taken: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'save_attempts', versionKey: false },
);
saveAttemptSchema.index({ communityId: 1, startedAt: -1 });

/** A member's 1–5 rating of how staff handled their ticket; one per ticket. */
const csatRatingSchema = new Schema(
  {
    /** `<community>|<ticketId>`. */
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    ticketId: { type: String, required: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    userId: { type: String, required: true },
    /** Who closed the ticket (else who claimed it): CSAT per staff member. */
    staffId: { type: String, default: null },
    staffName: { type: String, default: null },
    closedAt: { type: Date, required: true },
    rating: { type: Number, required: true, min: 1, max: 5 },
    ratedAt: { type: Date, required: true },
    changedAt: { type: Date, required: true },
    comment: { type: String, default: null },
    commentScore: { type: Number, default: null },
    commentLabel: { type: String, enum: ['negative', 'neutral', 'positive', null], default: null },
    followUpTicketId: { type: String, default: null },
  },
  { collection: 'csat_ratings', versionKey: false },
);
csatRatingSchema.index({ communityId: 1, ratedAt: -1 });

/** A recommendation experiment: its variants, fixed at the start, and its life. */
const experimentSchema = new Schema(
  {
    /** `<community>|<experimentId>`. */
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    experimentId: { type: String, required: true },
    /** Strategies in order; the first is the baseline every other is compared with. */
    variants: { type: [String], required: true },
    status: { type: String, required: true, enum: ['running', 'stopped'] },
    startedAt: { type: Date, required: true },
    stoppedAt: { type: Date, default: null },
    winner: { type: String, default: null },
  },
  { collection: 'experiments', versionKey: false },
);
experimentSchema.index({ communityId: 1, status: 1 });
experimentSchema.index({ communityId: 1, startedAt: -1 });

/** One member in one experiment: their variant, what they were shown and what they did. */
const exposureSchema = new Schema(
  {
    /** `<community>|<experimentId>|<platform>|<user>`: one per member and experiment. */
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    experimentId: { type: String, required: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    userId: { type: String, required: true },
    variant: { type: String, required: true },
    firstShownAt: { type: Date, required: true },
    lastShownAt: { type: Date, required: true },
    shownItems: { type: [String], default: [] },
    interested: { type: Boolean, default: false },
    dismissed: { type: Boolean, default: false },
    /** Redeemed or bought anything within 7 days of being shown picks (or, for the control, of asking). */
    converted: { type: Boolean, default: false },
    /** …and it was one of the picks shown. */
    pickConverted: { type: Boolean, default: false },
  },
  { collection: 'experiment_exposures', versionKey: false },
);
exposureSchema.index({ communityId: 1, experimentId: 1 });

/** A member at churn risk who was nudged, or kept as control; judged 30 days later. */
const churnNudgeSchema = new Schema(
  {
    /** `<community>|<platform>|<user>|<day>`: a retried job decides and sends once. */
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    userId: { type: String, required: true },
    at: { type: Date, required: true },
    group: { type: String, required: true, enum: ['nudged', 'control'] },
    risk: { type: Number, required: true },
    /** What the nudge offered: a reward they can afford, or a bonus to claim. */
    kind: { type: String, enum: ['reward', 'bonus', null], default: null },
    itemId: { type: String, default: null },
    delivery: { type: String, enum: ['pending', 'sent', 'unreachable', 'none'], default: 'pending' },
    /** The member's ledger sequence when nudged: later entries are what they did since. */
    seqAtNudge: { type: Number, required: true },
    claimed: { type: Boolean, default: false },
    retained: { type: Boolean, default: null },
    evaluatedAt: { type: Date, default: null },
  },
  { collection: 'churn_nudges', versionKey: false },
);
churnNudgeSchema.index({ communityId: 1, at: -1 });

/** Chat-quality counters of one flushed batch and day; never updated, so a replayed batch adds nothing. */
const chatQualitySchema = new Schema(
  {
    /** `<community>|<day>|<batch>`. */
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    day: { type: String, required: true },
    counts: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'chat_quality', versionKey: false },
);
chatQualitySchema.index({ communityId: 1, day: 1 });

export type SaveAttemptDoc = InferSchemaType<typeof saveAttemptSchema>;
export type CsatRatingDoc = InferSchemaType<typeof csatRatingSchema>;
export type ExperimentDoc = InferSchemaType<typeof experimentSchema>;
export type ExposureDoc = InferSchemaType<typeof exposureSchema>;
export type ChurnNudgeDoc = InferSchemaType<typeof churnNudgeSchema>;
export type ChatQualityDoc = InferSchemaType<typeof chatQualitySchema>;

export interface RetentionModels {
  SaveAttempt: Model<SaveAttemptDoc>;
  CsatRating: Model<CsatRatingDoc>;
  Experiment: Model<ExperimentDoc>;
  Exposure: Model<ExposureDoc>;
  ChurnNudge: Model<ChurnNudgeDoc>;
  ChatQuality: Model<ChatQualityDoc>;
}

export function createRetentionModels(connection: Connection): RetentionModels {
  return {
    SaveAttempt: connection.model('SaveAttempt', saveAttemptSchema),
    CsatRating: connection.model('CsatRating', csatRatingSchema),
    Experiment: connection.model('Experiment', experimentSchema),
    Exposure: connection.model('Exposure', exposureSchema),
    ChurnNudge: connection.model('ChurnNudge', churnNudgeSchema),
    ChatQuality: connection.model('ChatQuality', chatQualitySchema),
  };
}
