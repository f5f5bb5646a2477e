import { UserError } from '../errors.ts';
import { defineCommand, type CommandContext } from '../dispatch/spec.ts';
import { formatNumber } from '../format.ts';
import type { ItemInput } from '../loyalty/catalog.ts';

function parseStock(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value.toLowerCase() === 'unlimited') return null;
  if (/^\d{1,7}$/.test(value)) return Number(value);
  throw new UserError('ARGS.INVALID', { option: 'stock', value });
}

export default defineCommand({
  name: 'catalog',
  role: 'admin',
  guildOnly: true,
  formWhenEmpty: true,
  options: [
    { name: 'action', type: 'string', required: true, choices: ['list', 'add', 'update', 'remove'] },
    { name: 'item', type: 'string', maxLength: 40 },
    { name: 'cost', type: 'integer', min: 0, max: 10_000_000 },
    { name: 'stock', type: 'string', maxLength: 9 },
    { name: 'tags', type: 'string', maxLength: 200 },
    { name: 'tiers', type: 'string', maxLength: 200 },
    { name: 'title', type: 'string', maxLength: 80 },
    { name: 'description', type: 'string', maxLength: 500 },
  ],
  async handle(ctx, args) {
    const { catalog } = ctx.services.loyalty;
    if (args.action === 'list') {
      const items = await catalog.active(ctx.communityId);
      return {
        ephemeral: true,
        tone: 'info',
        title: ctx.t('catalog.title'),
        text: items.length === 0 ? ctx.t('catalog.empty') : undefined,
        fields: items.slice(0, 25).map((item) => ({
          name: `${item.itemId} — ${item.title}`,
          value: ctx.t('catalog.line', {
            cost: formatNumber(item.cost, ctx.locale),
            stock: item.stock ?? '∞',
            tags: item.tags.join(', ') || '—',
            tiers: item.allowedTiers.join(', ') || ctx.t('catalog.allTiers'),
          }),
        })),
      };
    }
    if (!args.item) throw new UserError('ARGS.MISSING', { option: 'item' });
    const itemId = args.item.toLowerCase();
    if (args.action === 'remove') {
      const removed = await catalog.remove(ctx.communityId, itemId);
      await audit(ctx, 'catalog.remove', itemId, {});
      return { ephemeral: true, tone: 'success', text: ctx.t('catalog.removed', { item: removed.title }) };
    }
    const input: ItemInput = {
      itemId,
      title: args.title,
      cost: args.cost,
      stock: parseStock(args.stock),
      tags: args.tags,
      allowedTiers: args.tiers,
      description: args.description,
    };
    const key = `catalog:${ctx.invocationId}`;
    const item = await (
      args.action === 'add'
        ? catalog.add(ctx.communityId, input, key, ctx.now)
        : catalog.update(ctx.communityId, input, key, ctx.now)
    ).catch(namingTheOption);
    await audit(ctx, `catalog.${args.action}`, itemId, { ...input });
    return {
      ephemeral: true,
      tone: 'success',
      text: ctx.t(args.action === 'add' ? 'catalog.added' : 'catalog.updated', {
        item: item.title,
        cost: item.cost,
        stock: item.stock ?? '∞',
      }),
    };
  },
});

async function audit(ctx: CommandContext, action: string, itemId: string, details: Record<string, unknown>) {
  await ctx.audit({ key: `${action}:${ctx.invocationId}`, action, targetId: itemId, details });
}

/** The catalog names its fields (`itemId`, `allowedTiers`); the user typed options (`item`, `tiers`). */
const OPTION_OF_FIELD: Record<string, string> = { itemId: 'item', allowedTiers: 'tiers' };

function namingTheOption(error: unknown): never {
  if (error instanceof UserError && typeof error.params.field === 'string') {
    throw new UserError(error.code, {
      ...error.params,
      field: OPTION_OF_FIELD[error.params.field] ?? error.params.field,
    });
  }
  throw error;
}
