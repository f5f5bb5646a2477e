import { readFileSync } from 'node:fs';
import type { Core } from '../app.ts';
import { UserError } from '../errors.ts';

/** A reward or product of the demo's catalog, with how members call it in chat. */
export interface HistoryItem {
  itemId: string;
  title: string;
  cost: number;
  stock?: number;
  tags?: string;
  tiers?: string;
  kind?: 'reward' | 'product';
  description?: string;
  names: { en: string; zh: string };
}

const read = <T>(file: string): T => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as T;

/** The demo's rewards as the console tour knows them; the generated history adds its shop. */
export const DEMO_REWARDS = read<{ rewards: Array<Omit<HistoryItem, 'names'>> }>('./demo-seed.json').rewards;

const extra = read<{ items: Array<Partial<HistoryItem> & Pick<HistoryItem, 'itemId' | 'names'>> }>(
  './history-catalog.json',
).items;

/** Every item the history refers to: the demo rewards (defined in demo-seed.json) and the shop's products. */
export const HISTORY_ITEMS: HistoryItem[] = extra.map((item) => {
  const reward = DEMO_REWARDS.find((candidate) => candidate.itemId === item.itemId);
  return { ...reward, ...item } as HistoryItem;
});

export function tagOf(itemId: string): string | undefined {
  return HISTORY_ITEMS.find((item) => item.itemId === itemId)?.tags?.split(',')[0];
}

/** Adds each item once: one that exists (added before, or by an admin) is left as it is. */
export async function ensureCatalog(
  core: Core,
  communityId: string,
  items: Array<Omit<HistoryItem, 'names'>>,
): Promise<void> {
  const now = core.services.clock.now();
  for (const { itemId, title, cost, stock, tags, tiers, kind, description } of items) {
    const input = { itemId, title, cost, stock, tags, kind, description, allowedTiers: tiers };
    await core.services.loyalty.catalog.add(communityId, input, `demo-seed:${itemId}`, now).catch((error: unknown) => {
      if (!(error instanceof UserError && error.code === 'ITEM.EXISTS')) throw error;
    });
  }
}
