import { formatDateTime, formatNumber, type DashboardViews } from '../../../core/index.ts';
import { commandForm, postButton, table, type FieldSpec, type RenderContext } from '../components.ts';
import { html, type Html } from '../html.ts';

type View = DashboardViews['campaigns'];
type Campaign = View['campaigns'][number];

/** The create form's fields: the options /campaign create takes, each labelled with its help text. */
function campaignFields(ctx: RenderContext, view: View): FieldSpec[] {
  const { t } = ctx;
  const label = (option: string) => t(`dashboard.campaigns.fields.${option}`);
  const hint = (option: string) => t(`commands.campaign.options.${option}`);
  const yesNo = [
    { value: 'false', label: t('dashboard.campaigns.no') },
    { value: 'true', label: t('dashboard.campaigns.yes') },
  ];
  return [
    { name: 'name', label: label('name'), hint: hint('name'), required: true, maxLength: 40 },
    { name: 'start', label: label('start'), hint: hint('start'), required: true, maxLength: 20, value: 'now' },
    { name: 'end', label: label('end'), hint: hint('end'), required: true, maxLength: 20, value: '+7d' },
    {
      name: 'audience',
      label: label('audience'),
      hint: hint('audience'),
      required: true,
      maxLength: 200,
      value: 'all',
    },
    {
      name: 'effect',
      label: label('effect'),
      type: 'select',
      required: true,
      options: view.effects.map((effect) => ({ value: effect, label: t(`dashboard.campaigns.effects.${effect}`) })),
    },
    { name: 'value', label: label('value'), hint: hint('value'), required: true, maxLength: 12 },
    { name: 'earnings', label: label('earnings'), hint: hint('earnings'), maxLength: 60 },
    { name: 'dm', label: label('dm'), type: 'select', value: 'false', options: yesNo },
  ];
}

function figures(ctx: RenderContext, campaign: Campaign): string {
  if (!campaign.figures) return ctx.t('dashboard.campaigns.notCounted');
  const { t, locale } = ctx;
  return t('dashboard.campaigns.figures', {
    reached: formatNumber(campaign.figures.reached, locale),
    points: formatNumber(campaign.figures.pointsIssued, locale),
    during: formatNumber(campaign.figures.redemptionsDuring, locale),
    after: formatNumber(campaign.figures.redemptionsAfter, locale),
  });
}

function endForm(ctx: RenderContext, campaign: Campaign): Html | string {
  if (campaign.status === 'ended') return '';
  return commandForm(ctx, {
    id: `campaign-end-${campaign.name}`,
    command: 'campaign',
    fixed: { action: 'end', name: campaign.name },
    submit: ctx.t('dashboard.campaigns.end'),
    danger: true,
    inline: true,
  });
}

export function renderCampaigns(ctx: RenderContext, view: View): Html {
  const { t, locale } = ctx;
  return html`<p class="as-of">
      ${t('dashboard.figuresAt', { at: formatDateTime(new Date(view.figuresAt), locale) })}
      ${postButton(ctx, '/dashboard/figures/refresh', t('dashboard.refreshFigures'), { back: ctx.path })}
    </p>
    ${table(
      t('dashboard.campaigns.caption'),
      [
        t('dashboard.campaigns.name'),
        t('dashboard.campaigns.status'),
        t('dashboard.campaigns.what'),
        t('dashboard.campaigns.when'),
        t('dashboard.campaigns.results'),
        '',
      ],
      view.campaigns.map((campaign) => [
        html`<strong>${campaign.name}</strong>`,
        t(`campaigns.statuses.${campaign.status}`),
        html`${campaign.effect}<br /><small>${campaign.audience}</small>`,
        campaign.window,
        figures(ctx, campaign),
        endForm(ctx, campaign),
      ]),
      t('dashboard.campaigns.empty'),
    )}
    <section aria-labelledby="create-h">
      <h2 id="create-h">${t('dashboard.campaigns.create')}</h2>
      <p class="hint">${t('dashboard.campaigns.createHint')}</p>
      ${commandForm(
        ctx,
        { id: 'campaign-create', command: 'campaign', fixed: { action: 'create' }, submit: t('dashboard.add') },
        campaignFields(ctx, view),
      )}
    </section>`;
}
