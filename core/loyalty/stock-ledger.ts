import { UserError } from '../errors.ts';
import type { Models } from '../db/models.ts';
import type { StockEntry } from '../db/loyalty-models.ts';
import { appendSequenced, hasEntry, type AppendResult } from './sequenced-append.ts';

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
  constructor(private readonly models: Models) {}

  async apply(change: StockChange): Promise<AppendResult<StockEntry>> {
    const stream = { communityId: change.communityId, itemId: change.itemId };
    const result = await appendSequenced<StockEntry>({
      model: this.models.StockEntry,
      stream,
      communityId: change.communityId,
      idempotencyKey: change.idempotencyKey,
      next: (last) => {
        const current = last?.stock ?? 0;
        const stock = 'setTo' in change.change ? change.change.setTo : current + change.change.delta;
        if (stock < 0) throw new UserError('ITEM.OUT_OF_STOCK', { item: change.itemId });
        return { ...stream, delta: stock - current, stock, at: change.at };
      },
    });
    if (!result.replayed) await this.refreshCache(change.communityId, change.itemId);
    return result;
  }

  async current(communityId: string, itemId: string): Promise<number> {
    const last = await this.models.StockEntry.findOne({ communityId, itemId }).sort({ seq: -1 }).lean<StockEntry>();
    return last?.stock ?? 0;
  }

  async has(communityId: string, idempotencyKey: string): Promise<boolean> {
    return hasEntry(this.models.StockEntry, communityId, idempotencyKey);
  }

  private async refreshCache(communityId: string, itemId: string): Promise<void> {
    for (let round = 0; round < 10; round += 1) {
      const last = await this.models.StockEntry.findOne({ communityId, itemId }).sort({ seq: -1 }).lean<StockEntry>();
      if (!last) return;
      await this.models.Item.updateOne(
        { communityId, itemId, stock: { $ne: null }, stockSeq: { $lt: last.seq } },
        { $set: { stock: last.stock, stockSeq: last.seq } },
      );
      const item = await this.models.Item.findOne({ communityId, itemId }, { stockSeq: 1, stock: 1 }).lean<{ stockSeq?: number; stock: number | null }>();
      const newest = await this.models.StockEntry.findOne({ communityId, itemId }).sort({ seq: -1 }).lean<StockEntry>();
      if (!item || item.stock === null || (item.stockSeq ?? 0) >= (newest?.seq ?? 0)) return;
    }
  }
}
