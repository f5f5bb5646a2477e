import { randomUUID } from 'node:crypto';
import { PLATFORMS } from '../types.ts';
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * Points ledger: append-only. The unique (member, seq) index is where concurrent writers
 * are serialized; running totals make balance, tier points and expiry O(1) reads.
 */
const pointsEntrySchema = new Schema(
  {
    /** entryDocId(memberDocId, seq): a duplicate means another writer took this seq. */
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    userId: { type: String, required: true },
    seq: { type: Number, required: true },
    delta: { type: Number, required: true },
    balance: { type: Number, required: true },
    /** Running sums of all positive and all negative deltas (FIFO expiry reads them). */
    credited: { type: Number, required: true },
    debited: { type: Number, required: true },
    /** Running sum of points that count toward tiers (earnings, not refunds). */
    earned: { type: Number, required: true },
    kind: { type: String, required: true, enum: ['earn', 'spend', 'refund', 'expire', 'adjust'] },
    reason: { type: String, required: true },
    source: {
      type: String,
      required: true,
      enum: ['command', 'rule', 'admin', 'order', 'referral', 'import', 'event', 'job'],
    },
    idempotencyKey: { type: String, required: true },
    /** Time of writing: entries of a stream are in time order (expiry and rolling tiers read it). */
    at: { type: Date, required: true },
    /** When the event behind it happened, if it came with its own time (analytics only). */
    occurredAt: { type: Date, default: null },
    meta: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'ledger', versionKey: false },
);
pointsEntrySchema.index({ communityId: 1, platform: 1, userId: 1, seq: 1 }, { unique: true });
pointsEntrySchema.index({ communityId: 1, idempotencyKey: 1 }, { unique: true });
// seq after at: totals as they stood at a moment read the last entry by (at, seq) from the index.
pointsEntrySchema.index({ communityId: 1, platform: 1, userId: 1, at: 1, seq: 1 });

/** Stock ledger: the same technique per item, so a limited reward cannot be oversold. */
const stockEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    itemId: { type: String, required: true },
    seq: { type: Number, required: true },
    delta: { type: Number, required: true },
    stock: { type: Number, required: true },
    idempotencyKey: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'stock_ledger', versionKey: false },
);
stockEntrySchema.index({ communityId: 1, itemId: 1, seq: 1 }, { unique: true });
stockEntrySchema.index({ communityId: 1, idempotencyKey: 1 }, { unique: true });

const itemSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    itemId: { type: String, required: true },
    kind: { type: String, enum: ['reward', 'product'], default: 'reward' },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    tags: { type: [String], default: [] },
    cost: { type: Number, required: true },
    /** null: unlimited. Otherwise a cache of the stock ledger's last entry. */
    stock: { type: Number, default: null },
    stockSeq: { type: Number, default: 0 },
    allowedTiers: { type: [String], default: [] },
    active: { type: Boolean, default: true },
  },
  { collection: 'items', timestamps: true },
);
itemSchema.index({ communityId: 1, itemId: 1 }, { unique: true });
// The catalog as listed: active items first, by cost (and the active ones alone, in the same order).
itemSchema.index({ communityId: 1, active: -1, cost: 1, itemId: 1 });

const orderSchema = new Schema(
  {
    _id: { type: String, required: true },
    communityId: { type: String, required: true },
    orderId: { type: String, required: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    userId: { type: String, required: true },
    itemId: { type: String, required: true },
    itemTitle: { type: String, required: true },
    cost: { type: Number, required: true },
    limitedStock: { type: Boolean, required: true },
    status: { type: String, required: true, enum: ['pending', 'placed', 'fulfilled', 'cancelled', 'failed'] },
    failure: { type: String, default: null },
    /** Set once refunds and stock releases of a cancelled or failed order are all applied. */
    compensated: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'orders', versionKey: false },
);
orderSchema.index({ communityId: 1, orderId: 1 }, { unique: true });
orderSchema.index({ communityId: 1, platform: 1, userId: 1, createdAt: -1 });
orderSchema.index({ status: 1, updatedAt: 1 });

/** Member–item signals for recommendations; eventId makes a replayed event a no-op. */
const interactionSchema = new Schema(
  {
    /** interactionDocId(community, eventId) (see db/interactions.ts); older documents keep an ObjectId. */
    _id: { type: String, default: () => randomUUID() },
    communityId: { type: String, required: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    userId: { type: String, required: true },
    itemId: { type: String, default: null },
    type: { type: String, required: true, enum: ['view', 'click', 'like', 'search', 'purchase', 'redeem', 'dismiss'] },
    weight: { type: Number, required: true },
    query: { type: String, default: null },
    eventId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'interactions', versionKey: false },
);
interactionSchema.index({ communityId: 1, eventId: 1 }, { unique: true });
interactionSchema.index({ communityId: 1, platform: 1, userId: 1, at: -1 });

/**
 * Marks an idempotency key as applied to a ledger, findable by `_id` (appliedKeyDocId):
 * written for debits, whose repeat may be refused before any insert (see AppliedKeys).
 */
const appliedKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    entryId: { type: String, required: true },
  },
  { collection: 'applied_keys', versionKey: false },
);

/** Notices sent once per key (expiry warnings, renewal reminders, promotions). */
const noticeSchema = new Schema(
  {
    communityId: { type: String, required: true },
    key: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'notices', versionKey: false },
);
noticeSchema.index({ communityId: 1, key: 1 }, { unique: true });

export type PointsEntry = InferSchemaType<typeof pointsEntrySchema>;
export type StockEntry = InferSchemaType<typeof stockEntrySchema>;
export type ItemDoc = InferSchemaType<typeof itemSchema>;
export type OrderDoc = InferSchemaType<typeof orderSchema>;
export type InteractionDoc = InferSchemaType<typeof interactionSchema>;

export interface LoyaltyModels {
  PointsEntry: Model<PointsEntry>;
  StockEntry: Model<StockEntry>;
  Item: Model<ItemDoc>;
  Order: Model<OrderDoc>;
  Interaction: Model<InteractionDoc>;
  Notice: Model<InferSchemaType<typeof noticeSchema>>;
  AppliedKey: Model<InferSchemaType<typeof appliedKeySchema>>;
}

export function createLoyaltyModels(connection: Connection): LoyaltyModels {
  return {
    PointsEntry: connection.model('PointsEntry', pointsEntrySchema),
    StockEntry: connection.model('StockEntry', stockEntrySchema),
    Item: connection.model('Item', itemSchema),
    Order: connection.model('Order', orderSchema),
    Interaction: connection.model('Interaction', interactionSchema),
    Notice: connection.model('Notice', noticeSchema),
    AppliedKey: connection.model('AppliedKey', appliedKeySchema),
  };
}
