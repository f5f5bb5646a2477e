import type { Connection } from 'mongoose';

/**
 * The store's own operations, the baseline the ledger is judged by: `insertOne` of documents
 * shaped like ledger entries into a scratch collection, then `findOne` and `updateOne` by
 * `_id` over the documents inserted so far.
 */
export class RawStore {
  private inserted = 0;

  constructor(private readonly connection: Connection) {}

  private get collection() {
    return this.connection.db!.collection<{ _id: string }>('bench_raw');
  }

  readonly insert = async (): Promise<void> => {
    const n = (this.inserted += 1);
    await this.collection.insertOne({ _id: this.id(n), ...entryShape(n) });
  };

  readonly findById = async (): Promise<void> => {
    await this.collection.findOne({ _id: this.someId() });
  };

  readonly updateById = async (): Promise<void> => {
    await this.collection.updateOne({ _id: this.someId() }, { $set: { balance: Math.random() } });
  };

  async drop(): Promise<void> {
    await this.collection.drop();
  }

  private id(n: number): string {
    return `raw|console|m${n}#1`;
  }

  private someId(): string {
    return this.id(1 + Math.floor(Math.random() * Math.max(1, this.inserted)));
  }
}

function entryShape(n: number): Record<string, unknown> {
  return {
    communityId: 'raw',
    platform: 'console',
    userId: `m${n}`,
    seq: 1,
    delta: 2,
    balance: 2,
    credited: 2,
    debited: 0,
    earned: 2,
    kind: 'earn',
    reason: 'bench',
    source: 'import',
    idempotencyKey: `raw-${n}`,
    at: new Date(),
    occurredAt: null,
    meta: {},
  };
}
