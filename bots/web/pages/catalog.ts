import { formatDateTime, formatNumber, type DashboardViews } from '../../../core/index.ts';
import { commandForm, table, type FieldSpec, type RenderContext } from '../components.ts';
import { html, type Html } from '../html.ts';

type View = DashboardViews['catalog'];
type Item = View['items'][number];

/** The item form's fields: the same options /catalog takes, each labelled, prefilled when editing. */
function itemFields(ctx: RenderContext, view: View, item?: Item): FieldSpec[] {
  const { t } = ctx;
  const label = (option: string) => t(`commands.catalog.options.${option}`);
  return [
    ...(item
      ? []
      : [{ name: 'item', label: label('item'), required: true, maxLength: 40, hint: t('dashboard.catalog.itemHint') }]),
    { name: 'title', label: label('title'), required: !item, maxLength: 80, value: item?.title },
    { name: 'cost', label: label('cost'), type: 'number' as const, required: !item, min: 0, value: item?.cost },
    {
      name: 'stock',
      label: label('stock'),
      value: item ? (item.stock === null ? 'unlimited' : item.stock) : '',
      hint: t('dashboard.catalog.stockHint'),
    },
    { name: 'tags', label: label('tags'), value: item?.tags.join(','), hint: t('dashboard.catalog.listHint') },
    {
      name: 'tiers',
      label: label('tiers'),
      value: item?.tiers.join(','),
      hint: t('dashboard.catalog.tiersHint', { tiers: view.tiers.join(', ') }),
    },
    {
      name: 'description',
      label: label('description'),
      type: 'textarea' as const,
      maxLength: 300,
      value: item?.description,
    },
  ];
}

const addForm = (submit: string) => ({ id: 'catalog-add', command: 'catalog', fixed: { action: 'add' }, submit });
const updateForm = (item: Item, submit: string) => ({
  id: `catalog-update-${item.itemId}`,
  command: 'catalog',
  fixed: { action: 'update', item: item.itemId },
  submit,
});

export function renderCatalog(ctx: RenderContext, view: View): Html {
  const { t, locale } = ctx;
  return html` ${table(
      t('dashboard.catalog.caption'),
      [
        t('dashboard.catalog.item'),
        t('dashboard.catalog.title'),
        t('dashboard.catalog.cost'),
        t('dashboard.catalog.stock'),
        t('dashboard.catalog.tiers'),
        t('dashboard.catalog.state'),
      ],
      view.items.map((item) => [
        html`<a href="/dashboard/catalog?item=${item.itemId}#item-h">${item.itemId}</a>`,
        item.title,
        formatNumber(item.cost, locale),
        item.stock === null ? '∞' : formatNumber(item.stock, locale),
        item.tiers.join(', ') || t('dashboard.catalog.allTiers'),
        item.active ? t('dashboard.catalog.active') : t('dashboard.catalog.retired'),
      ]),
      t('dashboard.catalog.empty'),
    )}
    ${view.chosen ? chosen(ctx, view) : ''}
    <section aria-labelledby="add-h">
      <h2 id="add-h">${t('dashboard.catalog.add')}</h2>
      ${commandForm(ctx, addForm(t('dashboard.add')), itemFields(ctx, view))}
    </section>`;
}

function chosen(ctx: RenderContext, view: View): Html {
  const { t, locale } = ctx;
  const item = view.items.find((candidate) => candidate.itemId === view.chosen?.itemId) as Item;
  const ledger = view.chosen?.stockLedger ?? [];
  return html`<section aria-labelledby="item-h">
    <h2 id="item-h">${t('dashboard.catalog.edit', { item: item.title })}</h2>
    ${commandForm(ctx, updateForm(item, t('dashboard.save')), itemFields(ctx, view, item))}
    ${
      item.active
        ? commandForm(ctx, {
            id: `catalog-remove-${item.itemId}`,
            command: 'catalog',
            fixed: { action: 'remove', item: item.itemId },
            submit: t('dashboard.catalog.retire'),
            danger: true,
            inline: true,
          })
        : ''
    }
    <h3>${t('dashboard.catalog.stockLedger')}</h3>
    ${table(
      t('dashboard.catalog.stockLedger'),
      ['#', t('dashboard.catalog.when'), t('dashboard.catalog.change'), t('dashboard.catalog.stock')],
      ledger.map((entry) => [
        String(entry.seq),
        formatDateTime(new Date(entry.at), locale),
        `${entry.delta > 0 ? '+' : ''}${formatNumber(entry.delta, locale)}`,
        formatNumber(entry.stock, locale),
      ]),
      t('dashboard.catalog.noStockLedger'),
    )}
  </section>`;
}
