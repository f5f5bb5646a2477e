import { z } from 'zod';
import { ITEM_ID_PATTERN } from '../../loyalty/catalog.ts';
import { loyaltySettings } from '../../loyalty/settings.ts';
import { definePage } from '../page.ts';

/** Catalog (admins): every item, retired ones last; one item's stock ledger; the tiers an item may be limited to. */
export default definePage({
  name: 'catalog',
  role: 'admin',
  query: z.object({ item: z.string().regex(ITEM_ID_PATTERN).optional().catch(undefined) }),
  async load(ctx, query) {
    const { catalog, stock } = ctx.services.loyalty;
    const [items, community] = await Promise.all([
      catalog.all(ctx.communityId),
      ctx.services.communities.ensure(ctx.session.platform, ctx.communityId),
    ]);
    const chosen = query.item ? items.find((item) => item.itemId === query.item) : undefined;
    const entries = chosen ? await stock.recent(ctx.communityId, chosen.itemId, 20) : [];
    return {
      tiers: loyaltySettings(community).tiers.map((tier) => tier.name),
      items: items.map((item) => ({
        itemId: item.itemId,
        title: item.title,
        description: item.description,
        cost: item.cost,
        stock: item.stock ?? null,
        tags: item.tags,
        tiers: item.allowedTiers,
        active: item.active,
      })),
      chosen: chosen
        ? {
            itemId: chosen.itemId,
            title: chosen.title,
            stockLedger: entries.map((entry) => ({
              seq: entry.seq,
              delta: entry.delta,
              stock: entry.stock,
              at: entry.at.toISOString(),
            })),
          }
        : null,
    };
  },
});
