import type { ItemDoc } from '../db/loyalty-models.ts';
import type { Models } from '../db/models.ts';
import type { Recommender } from '../recommend/recommender.ts';

export interface RecommendationFigures {
  version: string | null;
  trainedAt: string | null;
  /** Items most often among members' picks. */
  topPicks: Array<{ itemId: string; title: string; members: number }>;
  /** "Interested" and "not for me" presses on picks, per item, and the share interested. */
  outcomes: Array<{ itemId: string; title: string; interested: number; notForMe: number; rate: number }>;
  pushesSent: number;
}

/** How recommendations land: what the model picks, what members say of the picks, the weekly DMs sent. */
export async function recommendationFigures(
  models: Models,
  recommender: Recommender,
  communityId: string,
): Promise<RecommendationFigures> {
  const [summary, items, presses, notices] = await Promise.all([
    recommender.trainingSummary(communityId),
    models.Item.find({ communityId }, { itemId: 1, title: 1 }).lean<ItemDoc[]>(),
    models.Interaction.find(
      { communityId, type: { $in: ['like', 'dismiss'] } },
      { itemId: 1, type: 1, eventId: 1 },
    ).lean(),
    models.Notice.find({ communityId }, { key: 1 }).lean(),
  ]);
  const titles = new Map(items.map((item) => [item.itemId, item.title]));
  const titled = (itemId: string) => ({ itemId, title: titles.get(itemId) ?? itemId });
  const byItem = new Map<string, { interested: number; notForMe: number }>();
  for (const press of presses) {
    // Only presses on the bot's own picks (commerce events can send likes too).
    if (!press.itemId || !press.eventId.startsWith('rec:')) continue;
    const counts = byItem.get(press.itemId) ?? { interested: 0, notForMe: 0 };
    if (press.type === 'like') counts.interested += 1;
    else counts.notForMe += 1;
    byItem.set(press.itemId, counts);
  }
  return {
    version: summary.version,
    trainedAt: summary.at,
    topPicks: [...summary.picks]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([itemId, members]) => ({ ...titled(itemId), members })),
    outcomes: [...byItem]
      .map(([itemId, c]) => ({ ...titled(itemId), ...c, rate: c.interested / Math.max(c.interested + c.notForMe, 1) }))
      .sort((a, b) => b.interested + b.notForMe - (a.interested + a.notForMe)),
    pushesSent: notices.filter((notice) => notice.key.startsWith('rec-push:')).length,
  };
}
