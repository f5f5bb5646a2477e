import { UserError } from '../errors.ts';
import type { Models } from '../db/models.ts';
import type { StockEntry } from '../db/loyalty-models.ts';
import { itemDocId } from '../db/ids.ts';
import {
  AppliedKeys,
  cachedSeq,
  entriesBefore,
  lastEntry,
  SequencedStreams,
  type AppendResult,
} from './sequenced-append.ts';

export interface StockChange {
  communityId: string;
  itemId: string;
  /** Either a relative change or an absolute level to set. */
  change: { delta: number } | { setTo: number };
  idempotencyKey: string;
  at: Date;
}

/** Per-item stock as a sequenced ledger: claims are serialized, stock never goes below zero. */
export class StockLedger {
  private readonly keys: AppliedKeys<StockEntry>;
  private readonly streams: SequencedStreams<StockEntry>;

  constructor(private readonly models: Models) {
    this.keys = new AppliedKeys(models.StockEntry, models.AppliedKey, 'stock');
    this.streams = new SequencedStreams(models.StockEntry, this.keys, {
      seq: (id) => cachedSeq(models.Item, id, 'stockSeq'),
      // Unlimited items (stock null) keep no stock cache.
      write: async (id, last) => {
        await models.Item.updateOne(
          { _id: id, stock: { $ne: null } },
          { $set: { stock: last.stock, stockSeq: last.seq } },
        );
      },
    });
  }

  /** Appends one entry; the item's cached stock shows it (or a later one) before this returns. */
  async apply(change: StockChange): Promise<AppendResult<StockEntry>> {
    const stream = { communityId: change.communityId, itemId: change.itemId };
    return this.streams.append(
      { streamId: itemDocId(change.communityId, change.itemId), stream },
      {
        communityId: change.communityId,
        idempotencyKey: change.idempotencyKey,
        next: (last) => {
          const current = last?.stock ?? 0;
          const stock = 'setTo' in change.change ? change.change.setTo : current + change.change.delta;
          if (stock < 0) throw new UserError('ITEM.OUT_OF_STOCK', { item: change.itemId });
          return { ...stream, delta: stock - current, stock, at: change.at };
        },
      },
    );
  }

  async current(communityId: string, itemId: string): Promise<number> {
    return (await this.last(itemDocId(communityId, itemId), { communityId, itemId }))?.stock ?? 0;
  }

  /** An item's newest stock entries, newest first. */
  async recent(communityId: string, itemId: string, limit = 10): Promise<StockEntry[]> {
    const streamId = itemDocId(communityId, itemId);
    const last = await this.last(streamId, { communityId, itemId });
    return last ? entriesBefore(this.models.StockEntry, streamId, last.seq, limit) : [];
  }

  async has(communityId: string, idempotencyKey: string): Promise<boolean> {
    return this.keys.has(communityId, idempotencyKey);
  }

  private async last(streamId: string, stream: Record<string, string>): Promise<StockEntry | null> {
    const hint =
      (await this.models.Item.findById(streamId, { stockSeq: 1 }).lean<{ stockSeq?: number }>())?.stockSeq ?? 0;
    return lastEntry(this.models.StockEntry, streamId, stream, hint);
  }
}
