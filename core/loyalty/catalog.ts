import { z } from 'zod';
import { UserError, isDuplicateKeyError } from '../errors.ts';
import type { Models } from '../db/models.ts';
import type { ItemDoc } from '../db/loyalty-models.ts';
import type { StockLedger } from './stock-ledger.ts';
import { itemDocId } from '../db/ids.ts';

export const ITEM_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

const listSchema = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,23}$/u)).max(10));

/** Validated catalog input; `null` stock means unlimited. */
export const itemInputSchema = z.object({
  itemId: z.string().regex(ITEM_ID_PATTERN),
  title: z.string().min(1).max(80).optional(),
  description: z.string().max(500).optional(),
  cost: z.number().int().min(0).max(10_000_000).optional(),
  stock: z.number().int().min(0).max(1_000_000).nullable().optional(),
  tags: listSchema.optional(),
  allowedTiers: listSchema.optional(),
  kind: z.enum(['reward', 'product']).optional(),
});
export type ItemInput = z.input<typeof itemInputSchema>;

export type CatalogItem = ItemDoc;

/** Rewards and products of a community. Stock changes go through the stock ledger. */
export class Catalog {
  constructor(
    private readonly models: Models,
    private readonly stock: StockLedger,
  ) {}

  async add(communityId: string, input: ItemInput, idempotencyKey: string, at: Date): Promise<CatalogItem> {
    const item = parseItem(input);
    if (item.title === undefined || item.cost === undefined)
      throw new UserError('ITEM.INVALID', { field: item.title === undefined ? 'title' : 'cost' });
    try {
      await this.models.Item.create({
        ...item,
        _id: itemDocId(communityId, item.itemId),
        communityId,
        stock: item.stock === undefined || item.stock === null ? null : 0,
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new UserError('ITEM.EXISTS', { item: item.itemId });
      throw error;
    }
    if (typeof item.stock === 'number')
      await this.stock.apply({ communityId, itemId: item.itemId, change: { setTo: item.stock }, idempotencyKey, at });
    return this.require(communityId, item.itemId);
  }

  async update(communityId: string, input: ItemInput, idempotencyKey: string, at: Date): Promise<CatalogItem> {
    const { stock, itemId, ...fields } = parseItem(input);
    const existing = await this.require(communityId, itemId);
    const id = itemDocId(communityId, itemId);
    if (Object.keys(fields).length > 0) await this.models.Item.updateOne({ _id: id }, { $set: fields });
    if (stock === null && existing.stock !== null)
      await this.models.Item.updateOne({ _id: id }, { $set: { stock: null } });
    if (typeof stock === 'number') {
      if (existing.stock === null)
        await this.models.Item.updateOne(
          { _id: id },
          { $set: { stock: await this.stock.current(communityId, itemId) } },
        );
      await this.stock.apply({ communityId, itemId, change: { setTo: stock }, idempotencyKey, at });
    }
    return this.require(communityId, itemId);
  }

  /** Retires an item; orders keep referring to it, so it is deactivated rather than deleted. */
  async remove(communityId: string, itemId: string): Promise<CatalogItem> {
    const item = await this.require(communityId, itemId);
    await this.models.Item.updateOne({ _id: itemDocId(communityId, itemId) }, { $set: { active: false } });
    return { ...item, active: false };
  }

  async find(communityId: string, itemId: string): Promise<CatalogItem | null> {
    if (!ITEM_ID_PATTERN.test(itemId)) return null;
    return this.models.Item.findById(itemDocId(communityId, itemId)).lean<CatalogItem>();
  }

  async require(communityId: string, itemId: string): Promise<CatalogItem> {
    const item = await this.find(communityId, itemId);
    if (!item) throw new UserError('ITEM.NOT_FOUND', { item: itemId });
    return item;
  }

  /** Finds an active item by id or, failing that, by its exact title (any case). */
  async lookup(communityId: string, reference: string): Promise<CatalogItem | null> {
    const byId = await this.find(communityId, reference.trim().toLowerCase());
    if (byId) return byId;
    const wanted = reference.trim().toLowerCase();
    const active = await this.models.Item.find({ communityId, active: true }).lean<CatalogItem[]>();
    return active.find((item) => item.title.toLowerCase() === wanted) ?? null;
  }

  /** Every item, retired ones included (the dashboard's catalog). */
  async all(communityId: string): Promise<CatalogItem[]> {
    return this.models.Item.find({ communityId }).sort({ active: -1, cost: 1, itemId: 1 }).lean<CatalogItem[]>();
  }

  async active(communityId: string): Promise<CatalogItem[]> {
    return this.models.Item.find({ communityId, active: true }).sort({ cost: 1, itemId: 1 }).lean<CatalogItem[]>();
  }

  /** What a member on this tier could redeem now: active, in stock, allowed for the tier. */
  async redeemableFor(communityId: string, tier: string): Promise<CatalogItem[]> {
    return (await this.active(communityId)).filter(
      (item) => isAllowed(item, tier) && (item.stock == null || item.stock > 0),
    );
  }
}

export function isAllowed(item: Pick<CatalogItem, 'allowedTiers'>, tier: string): boolean {
  return item.allowedTiers.length === 0 || item.allowedTiers.includes(tier);
}

function parseItem(input: ItemInput) {
  const parsed = itemInputSchema.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'item');
    throw new UserError('ITEM.INVALID', { field });
  }
  return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined)) as z.output<
    typeof itemInputSchema
  >;
}
