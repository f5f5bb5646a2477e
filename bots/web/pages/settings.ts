import { formatNumber, type DashboardViews } from '../../../core/index.ts';
import { commandForm, table, type RenderContext } from '../components.ts';
import { html, type Html } from '../html.ts';

type View = DashboardViews['settings'];

const CHANNEL_KINDS = ['staff', 'digest', 'announce', 'sentiment-add', 'sentiment-remove'];

export function renderSettings(ctx: RenderContext, view: View): Html {
  const { t, locale } = ctx;
  const config = (id: string, action: string, submit: string, fixed: Record<string, string> = {}) => ({
    id,
    command: 'config',
    fixed: { action, ...fixed },
    submit,
    inline: true,
  });
  const secretForm = { ...config('events-secret', 'events-secret', t('dashboard.settings.regenerate')), danger: true };
  return html` <section aria-labelledby="rules-h">
      <h2 id="rules-h">${t('dashboard.settings.rules')}</h2>
      ${table(
        t('dashboard.settings.rules'),
        [t('dashboard.settings.key'), t('dashboard.settings.value'), t('dashboard.settings.change')],
        view.settings.map((setting) => [
          html`<code>${setting.key}</code>`,
          setting.value,
          commandForm(ctx, config(`set-${setting.key}`, 'set', t('dashboard.save'), { key: setting.key }), [
            {
              name: 'value',
              label: t('dashboard.settings.newValue', { key: setting.key }),
              value: setting.value,
              maxLength: 64,
              hideLabel: true,
            },
          ]),
        ]),
        t('dashboard.noData'),
      )}
    </section>
    <section aria-labelledby="tiers-h">
      <h2 id="tiers-h">${t('dashboard.settings.tiers')}</h2>
      ${table(
        t('dashboard.settings.tiers'),
        [t('dashboard.settings.tier'), t('dashboard.settings.threshold'), t('dashboard.settings.multiplier'), ''],
        view.tiers.map((tier) => [
          tier.name,
          formatNumber(tier.threshold, locale),
          `×${tier.multiplier}`,
          commandForm(ctx, {
            ...config(`tier-remove-${tier.name}`, 'tier-remove', t('dashboard.remove'), { key: tier.name }),
            danger: true,
          }),
        ]),
        t('dashboard.noData'),
      )}
      ${commandForm(ctx, { ...config('tier-set', 'tier-set', t('dashboard.save')), inline: false }, [
        { name: 'key', label: t('dashboard.settings.tier'), required: true, maxLength: 24 },
        {
          name: 'value',
          label: t('dashboard.settings.tierValue'),
          required: true,
          maxLength: 64,
          hint: t('dashboard.settings.tierHint'),
        },
      ])}
    </section>
    <section aria-labelledby="channels-h">
      <h2 id="channels-h">${t('dashboard.settings.channels')}</h2>
      <dl class="facts">
        <dt>${t('dashboard.settings.staffChannel')}</dt>
        <dd>${view.channels.staff ? `#${view.channels.staff}` : '—'}</dd>
        <dt>${t('dashboard.settings.digestChannel')}</dt>
        <dd>${view.channels.digest ? `#${view.channels.digest}` : '—'}</dd>
        <dt>${t('dashboard.settings.announceChannel')}</dt>
        <dd>${view.channels.announce ? `#${view.channels.announce}` : '—'}</dd>
        <dt>${t('dashboard.settings.sentimentChannels')}</dt>
        <dd>${view.channels.sentiment.map((c) => `#${c}`).join(' ') || '—'}</dd>
      </dl>
      ${commandForm(ctx, { ...config('channel', 'channel', t('dashboard.save')), inline: false }, [
        {
          name: 'key',
          label: t('dashboard.settings.channelKind'),
          type: 'select',
          options: CHANNEL_KINDS.map((kind) => ({ value: kind, label: t(`dashboard.settings.kinds.${kind}`) })),
        },
        { name: 'value', label: t('dashboard.settings.channel'), required: true, maxLength: 64 },
      ])}
    </section>
    <section aria-labelledby="lexicon-h">
      <h2 id="lexicon-h">${t('dashboard.settings.lexicon')}</h2>
      ${table(
        t('dashboard.settings.lexicon'),
        [t('dashboard.settings.word'), t('dashboard.settings.value'), ''],
        view.lexicon.map((entry) => [
          entry.word,
          String(entry.value),
          commandForm(ctx, {
            ...config(`lexicon-remove-${entry.word}`, 'lexicon-remove', t('dashboard.remove'), { key: entry.word }),
            danger: true,
          }),
        ]),
        t('dashboard.settings.noWords'),
      )}
      ${commandForm(ctx, { ...config('lexicon-add', 'lexicon-add', t('dashboard.add')), inline: false }, [
        { name: 'key', label: t('dashboard.settings.word'), required: true, maxLength: 40 },
        { name: 'value', label: t('dashboard.settings.wordValue'), type: 'number', required: true, min: -4, max: 4 },
      ])}
    </section>
    <section aria-labelledby="limits-h">
      <h2 id="limits-h">${t('dashboard.settings.limits')}</h2>
      ${table(
        t('dashboard.settings.limits'),
        [t('dashboard.settings.command'), t('dashboard.settings.limit')],
        view.limits.map((limit) => [
          limit.command === '*' ? t('dashboard.settings.otherCommands') : `/${limit.command}`,
          t('dashboard.settings.limitValue', { count: limit.count, seconds: limit.windowSeconds }),
        ]),
        t('dashboard.noData'),
      )}
      <p class="hint">${t('dashboard.settings.limitsHint')}</p>
    </section>
    <section aria-labelledby="secret-h">
      <h2 id="secret-h">${t('dashboard.settings.secret')}</h2>
      <p>${t(view.eventsSecretSet ? 'dashboard.settings.secretSet' : 'dashboard.settings.secretUnset')}</p>
      ${commandForm(ctx, secretForm)}
    </section>`;
}
