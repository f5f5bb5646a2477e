import { PLATFORMS } from '../types.ts';
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** What members said, with its sentiment; `_id` derives from the invocation, so a retried write is one row. */
const feedbackSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    userId: { type: String, required: true },
    displayName: { type: String, default: '' },
    channelId: { type: String, default: null },
    /** `csat`: the comment left with a ticket's rating. */
    source: { type: String, enum: ['command', 'modal', 'passive', 'csat'], required: true },
    text: { type: String, required: true },
    language: { type: String, enum: ['en', 'zh'], required: true },
    score: { type: Number, required: true },
    label: { type: String, enum: ['negative', 'neutral', 'positive'], required: true },
    confidence: { type: Number, required: true },
    ticketId: { type: String, default: null },
    at: { type: Date, required: true },
    /** A manager's own label, for training a model on the community's words (the model's stays in `label`). */
    managerLabel: { type: String, enum: ['negative', 'neutral', 'positive', null], default: null },
    relabelledBy: { type: String, default: null },
  },
  { collection: 'feedback', versionKey: false },
);
feedbackSchema.index({ communityId: 1, at: -1 });
feedbackSchema.index({ communityId: 1, platform: 1, userId: 1, at: -1 });

const ticketSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    ticketId: { type: String, required: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    userId: { type: String, required: true },
    displayName: { type: String, default: '' },
    /** `csat`: a follow-up of a rating of 1–2. */
    source: { type: String, enum: ['feedback', 'ask', 'csat'], required: true },
    text: { type: String, required: true },
    status: { type: String, enum: ['open', 'claimed', 'closed'], required: true },
    claimedBy: { type: String, default: null },
    closedBy: { type: String, default: null },
    /** The closer's name as the platform showed it: CSAT per staff member reads it. */
    closedByName: { type: String, default: null },
    createdAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
    /** Staff answers sent to the member, oldest first. */
    replies: { type: [Schema.Types.Mixed], default: undefined },
  },
  { collection: 'tickets', versionKey: false },
);
ticketSchema.index({ communityId: 1, status: 1, createdAt: 1 });
ticketSchema.index({ communityId: 1, ticketId: 1 }, { unique: true });
// One member's tickets: /privacy export and erasure.
ticketSchema.index({ communityId: 1, platform: 1, userId: 1, createdAt: 1 });

const faqSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    faqId: { type: String, required: true },
    question: { type: String, required: true },
    answer: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'faq', versionKey: false },
);
faqSchema.index({ communityId: 1, faqId: 1 }, { unique: true });
// /ask reads the community's FAQ in this order.
faqSchema.index({ communityId: 1, createdAt: 1 });

/** Passive sentiment per channel and day, added batch by batch from Redis counters. */
const channelSentimentSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    channelId: { type: String, required: true },
    day: { type: String, required: true },
    count: { type: Number, required: true },
    scoreSum: { type: Number, required: true },
    positive: { type: Number, required: true },
    neutral: { type: Number, required: true },
    negative: { type: Number, required: true },
    /** The last Redis batch added (ids sort by time): a replayed batch is not added again. */
    lastBatch: { type: String, default: null },
  },
  { collection: 'channel_sentiment', versionKey: false },
);
channelSentimentSchema.index({ communityId: 1, day: 1 });

/** A member erased what they wrote at this time: queued writes from before it are dropped. */
const erasureSchema = new Schema(
  {
    /** memberDocId(). */
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    erasedAt: { type: Date, required: true },
  },
  { collection: 'erasures', versionKey: false },
);

export type FeedbackDoc = InferSchemaType<typeof feedbackSchema>;
export type ErasureDoc = InferSchemaType<typeof erasureSchema>;
export type TicketDoc = InferSchemaType<typeof ticketSchema>;
export type FaqDoc = InferSchemaType<typeof faqSchema>;
export type ChannelSentimentDoc = InferSchemaType<typeof channelSentimentSchema>;

export interface SupportModels {
  Feedback: Model<FeedbackDoc>;
  Ticket: Model<TicketDoc>;
  Faq: Model<FaqDoc>;
  ChannelSentiment: Model<ChannelSentimentDoc>;
  Erasure: Model<ErasureDoc>;
}

export function createSupportModels(connection: Connection): SupportModels {
  return {
    Feedback: connection.model('Feedback', feedbackSchema),
    Ticket: connection.model('Ticket', ticketSchema),
    Faq: connection.model('Faq', faqSchema),
    ChannelSentiment: connection.model('ChannelSentiment', channelSentimentSchema),
    Erasure: connection.model('Erasure', erasureSchema),
  };
}
