import { formatDateTime, formatDecimal, formatNumber, type DashboardViews } from '../../../core/index.ts';
import { chartBox, commandForm, type RenderContext } from '../components.ts';
import { html, type Html } from '../html.ts';
import { atRiskTable } from './overview.ts';

type View = DashboardViews['personas'];

export function renderPersonas(ctx: RenderContext, view: View): Html {
  const { t, locale } = ctx;
  const refresh = commandForm(ctx, {
    id: 'personas-refresh',
    command: 'personas',
    fixed: { action: 'refresh' },
    submit: t('dashboard.personas.refresh'),
    inline: true,
  });
  if (!view.snapshot)
    return html`<p class="empty">${t('personas.none')}</p>
      ${refresh}`;
  const { snapshot } = view;
  const seconds = (value: number) => formatDecimal(value, locale, 1);
  const traitWords = (traits: Array<{ words: string; z: number }>) =>
    traits.map((trait) => `${trait.words} (z ${formatDecimal(trait.z, locale, 2)})`).join(' · ');
  return html` <p class="as-of">
      ${t('dashboard.personas.lastRefresh', {
        at: formatDateTime(new Date(snapshot.at), locale),
        members: formatNumber(snapshot.members, locale),
        k: snapshot.k,
        silhouette: formatDecimal(snapshot.silhouette, locale, 3),
        read: seconds(snapshot.timings.readSeconds ?? 0),
        cluster: seconds(snapshot.timings.clusterSeconds ?? 0),
        store: seconds(snapshot.timings.storeSeconds ?? 0),
      })}
      ${refresh}
    </p>
    <section aria-labelledby="list-h">
      <h2 id="list-h">${t('dashboard.personas.personas')}</h2>
      <div class="grid">
        ${view.personas.map(
          (persona) =>
            html`<article class="persona" aria-labelledby="persona-${persona.index}">
              <h3 id="persona-${persona.index}">${persona.name}</h3>
              <p>
                ${t('dashboard.personas.size', {
                  size: formatNumber(persona.size, locale),
                  share: formatNumber(Math.round(persona.share * 100), locale),
                  atRisk: formatNumber(persona.atRisk, locale),
                })}
              </p>
              <p class="hint">${traitWords(persona.traits) || t('personas.typical')}</p>
              ${chartBox(persona.profile, `profile-${persona.index}`, t('dashboard.noData'))}
            </article>`,
        )}
      </div>
    </section>
    <section aria-labelledby="map-h">
      <h2 id="map-h">${t('dashboard.personas.map')}</h2>
      <p class="hint">${t('dashboard.personas.mapHint')}</p>
      ${chartBox(view.map, 'map', t('dashboard.personas.noMap'))}
    </section>
    <section aria-labelledby="risk-h">
      <h2 id="risk-h">${t('dashboard.overview.atRisk', { count: formatNumber(view.churn.atRisk, locale) })}</h2>
      ${atRiskTable(ctx, view.churn)}
    </section>`;
}
