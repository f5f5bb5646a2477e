import { SUPPORTED_LOCALES, type DashboardPageName } from '../../core/index.ts';
import { postButton, replyBox, type RenderContext } from './components.ts';
import { html, type Html } from './html.ts';

export const ASSETS = '/dashboard/assets';

/** The frame of every page: skip link, header with who is signed in, the menu, language and sign-out. */
export function layout(ctx: RenderContext, page: DashboardPageName, pages: DashboardPageName[], body: Html): Html {
  const { t } = ctx;
  const title = t(`dashboard.pages.${page}`);
  const { session } = ctx;
  const role = t(`dashboard.roles.${session.role}`);
  const who = t('dashboard.signedInAs', {
    name: session.displayName || session.userId,
    role,
    community: session.communityId,
  });
  return html`<!doctype html>
    <html lang="${ctx.locale}">
      ${head(`${title} · ${t('dashboard.product')}`, true)}
      <body>
        <a class="skip" href="#main">${t('dashboard.skip')}</a>
        <header class="top">
          <span class="brand">${t('dashboard.product')}</span>
          <span class="who">${who}</span>
          <div class="top-actions">
            ${SUPPORTED_LOCALES.filter((locale) => locale !== ctx.locale).map((locale) =>
              postButton(ctx, '/dashboard/language', t(`dashboard.languages.${locale}`), { locale, back: ctx.path }),
            )}
            ${postButton(ctx, '/dashboard/logout', t('dashboard.signOut'))}
          </div>
        </header>
        <nav class="menu" aria-label="${t('dashboard.menu')}">
          <ul>
            ${pages.map(
              (name) =>
                html`<li>
                  <a href="/dashboard/${name}" ${name === page ? html`aria-current="page"` : ''}
                    >${t(`dashboard.pages.${name}`)}</a
                  >
                </li>`,
            )}
          </ul>
        </nav>
        <main id="main" tabindex="-1">
          <h1>${title}</h1>
          ${ctx.outcome ? replyBox(ctx, ctx.outcome.reply) : ''} ${body}
        </main>
      </body>
    </html>`;
}

/** A page outside the signed-in frame: a refused link, a missing session, a refusal. */
export function plainPage(locale: string, title: string, text: string, extra?: Html): Html {
  return html`<!doctype html>
    <html lang="${locale}">
      ${head(title, false)}
      <body class="plain">
        <main id="main">
          <h1>${title}</h1>
          <p>${text}</p>
          ${extra ?? ''}
        </main>
      </body>
    </html>`;
}

/** The document head: no referrer (sign-in links carry tokens), the styles, the chart scripts where charts are. */
function head(title: string, charts: boolean): Html {
  return html`<head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>${title}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${ASSETS}/dashboard.css" />
    ${
      charts
        ? html`<script src="${ASSETS}/echarts.min.js" defer></script>
            <script src="${ASSETS}/dashboard.js" defer></script>`
        : ''
    }
  </head>`;
}
