import type { Chart, DashboardSession, Locale, Reply, Translate } from '../../core/index.ts';
import { html, jsonBlock, type Html } from './html.ts';

/** What a submitted form left behind: its id, the values sent, and the reply the dispatcher gave. */
export interface FormOutcome {
  formId: string;
  values: Record<string, string>;
  reply: Reply;
}

/** Everything a page renderer needs besides its data: language, who is signed in, forms. */
export interface RenderContext {
  t: Translate;
  locale: Locale;
  session: DashboardSession;
  /** The page's own path and query, where its forms post to. */
  path: string;
  outcome: FormOutcome | null;
  nonce(): string;
}

export interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'number' | 'textarea' | 'select' | 'search' | 'date';
  value?: string | number | null;
  required?: boolean;
  options?: Array<{ value: string; label: string }>;
  hint?: string;
  min?: number;
  max?: number;
  maxLength?: number;
  /** The label is read by screen readers only (a form in a table row, whose row names it). */
  hideLabel?: boolean;
}

let chartCount = 0;

/** A chart box: the option travels as JSON, the page's script draws it; the alt text is its accessible name. */
export function chartBox(chart: Chart | null, name: string, emptyText: string): Html {
  if (!chart) return html`<p class="empty">${emptyText}</p>`;
  chartCount = (chartCount + 1) % 1_000_000;
  const id = `chart-${name}-${chartCount}`;
  return html`<figure class="chart-figure">
    <div
      class="chart"
      data-chart="${id}"
      data-name="${name}"
      role="img"
      aria-label="${chart.alt}"
      data-height="${chart.height}"
    ></div>
    <figcaption class="visually-hidden">${chart.alt}</figcaption>
    ${jsonBlock(id, chart.option)}
  </figure>`;
}

export function statCard(label: string, value: string, note?: string): Html {
  return html`<div class="stat${value.length > 12 ? ' stat-long' : ''}">
    <span class="stat-label">${label}</span><strong class="stat-value">${value}</strong>${
      note ? html`<span class="stat-note">${note}</span>` : ''
    }
  </div>`;
}

export function table(
  caption: string,
  headers: string[],
  rows: Array<Array<Html | string | number>>,
  empty: string,
): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<div class="table-wrap">
    <table>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${headers.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>
              ${row.map((cell) => html`<td>${cell}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** A reply of the dispatcher: its text, fields, and its buttons as forms (a confirmation is a dialog). */
export function replyBox(ctx: RenderContext, reply: Reply): Html {
  const tone = reply.tone ?? 'info';
  const isDialog = (reply.buttons?.length ?? 0) > 0;
  const heading = reply.title
    ? html`<h2 id="reply-title">${reply.title}</h2>`
    : html`<h2 id="reply-title" class="visually-hidden">${ctx.t(`dashboard.tones.${tone}`)}</h2>`;
  const image = reply.image
    ? html`<img src="data:image/png;base64,${reply.image.png}" alt="${reply.image.alt}" width="${reply.image.width}" />`
    : '';
  const buttons = (reply.buttons ?? []).map((button) => buttonForm(ctx, button.action, button.label, button.style));
  return html`<section
    class="reply reply-${tone}"
    role="${isDialog ? 'alertdialog' : tone === 'error' ? 'alert' : 'status'}"
    aria-labelledby="reply-title"
  >
    ${heading} ${reply.text ? html`<p class="reply-text">${reply.text}</p>` : ''}
    ${
      reply.fields?.length
        ? html`<dl>
            ${reply.fields.map(
              (f) =>
                html`<dt>${f.name}</dt>
                  <dd>${f.value}</dd>`,
            )}
          </dl>`
        : ''
    }
    ${image} ${isDialog ? html`<div class="actions">${buttons}</div>` : ''}
  </section>`;
}

function hidden(name: string, value: string): Html {
  return html`<input type="hidden" name="${name}" value="${value}" />`;
}

/** A form that runs a command through the dispatcher: its fixed options travel hidden, the rest are fields. */
export function commandForm(
  ctx: RenderContext,
  spec: {
    id: string;
    command: string;
    fixed?: Record<string, string>;
    submit: string;
    danger?: boolean;
    inline?: boolean;
  },
  fields: FieldSpec[] = [],
): Html {
  return html`<form
    method="post"
    action="${ctx.path}"
    class="${spec.inline ? 'inline-form' : 'form'}"
    data-form="${spec.id}"
  >
    ${hidden('csrf', ctx.session.csrf)}${hidden('nonce', ctx.nonce())}
    ${hidden('form', spec.id)}${hidden('command', spec.command)}
    ${Object.entries(spec.fixed ?? {}).map(([name, value]) => hidden(`arg:${name}`, value))}
    ${fields.map((field) => fieldHtml(ctx, spec.id, field))}
    <button type="submit" class="${spec.danger ? 'danger' : 'primary'}">${spec.submit}</button>
  </form>`;
}

/** A press on a reply's button (confirm / keep), posted like any other form. */
function buttonForm(ctx: RenderContext, action: string, label: string, style: string): Html {
  return html`<form method="post" action="${ctx.path}" class="inline-form">
    ${hidden('csrf', ctx.session.csrf)}${hidden('nonce', ctx.nonce())}
    ${hidden('form', 'button')}${hidden('button', action)}
    <button type="submit" class="${style === 'danger' ? 'danger' : style === 'secondary' ? 'secondary' : 'primary'}">
      ${label}
    </button>
  </form>`;
}

/** A plain POST with no command (sign out, language, refresh figures). */
export function postButton(
  ctx: RenderContext,
  action: string,
  label: string,
  extra: Record<string, string> = {},
): Html {
  return html`<form method="post" action="${action}" class="inline-form">
    ${hidden('csrf', ctx.session.csrf)}${Object.entries(extra).map(([name, value]) => hidden(name, value))}
    <button type="submit" class="secondary">${label}</button>
  </form>`;
}

function fieldHtml(ctx: RenderContext, formId: string, field: FieldSpec): Html {
  const mine = ctx.outcome?.formId === formId && ctx.outcome.reply.errorCode ? ctx.outcome : null;
  const value = mine ? (mine.values[`arg:${field.name}`] ?? '') : (field.value ?? '');
  const error = mine?.reply.errorField === field.name ? mine.reply.text : undefined;
  const id = `${formId}-${field.name}`;
  const described = [field.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = html`id="${id}" name="arg:${field.name}" ${field.required ? html`required` : ''}
  ${described ? html`aria-describedby="${described}"` : ''} ${error ? html`aria-invalid="true"` : ''}`;
  let control: Html;
  if (field.type === 'textarea') {
    control = html`<textarea ${common} rows="3" ${field.maxLength ? html`maxlength="${field.maxLength}"` : ''}>
${value}</textarea>`;
  } else if (field.type === 'select') {
    control = html`<select ${common}>
      ${(field.options ?? []).map(
        (option) =>
          html`<option value="${option.value}" ${String(value) === option.value ? html`selected` : ''}>
            ${option.label}
          </option>`,
      )}
    </select>`;
  } else {
    control = html`<input
      ${common}
      type="${field.type ?? 'text'}"
      value="${value}"
      ${field.min !== undefined ? html`min="${field.min}"` : ''}
      ${field.max !== undefined ? html`max="${field.max}"` : ''}
      ${field.maxLength ? html`maxlength="${field.maxLength}"` : ''}
    />`;
  }
  return html`<div class="field${error ? ' field-error' : ''}">
    <label for="${id}" ${field.hideLabel ? html`class="visually-hidden"` : ''}>${field.label}</label>
    ${control} ${field.hint ? html`<small id="${id}-hint">${field.hint}</small>` : ''}
    ${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}
  </div>`;
}

/** A GET form for a page's filters (nothing changes, so no CSRF token). */
export function filterForm(path: string, fields: Html, submit: string): Html {
  return html`<form method="get" action="${path}" class="filters">
    ${fields}<button type="submit" class="secondary">${submit}</button>
  </form>`;
}

export function filterField(field: FieldSpec): Html {
  const id = `filter-${field.name}`;
  const value = field.value ?? '';
  const control =
    field.type === 'select'
      ? html`<select id="${id}" name="${field.name}">
          ${(field.options ?? []).map(
            (option) =>
              html`<option value="${option.value}" ${String(value) === option.value ? html`selected` : ''}>
                ${option.label}
              </option>`,
          )}
        </select>`
      : html`<input
          id="${id}"
          name="${field.name}"
          type="${field.type ?? 'text'}"
          value="${value}"
          ${field.maxLength ? html`maxlength="${field.maxLength}"` : ''}
        />`;
  return html`<div class="field"><label for="${id}">${field.label}</label>${control}</div>`;
}

/** Previous / "page n of m" / next links for a long list. */
export function pager(ctx: RenderContext, at: { page: number; pages: number }, link: (page: number) => string): Html {
  if (at.pages <= 1) return html``;
  return html`<nav class="pager" aria-label="${ctx.t('dashboard.pager')}">
    ${at.page > 1 ? html`<a href="${link(at.page - 1)}" rel="prev">${ctx.t('dashboard.previous')}</a>` : ''}
    <span>${ctx.t('dashboard.pageOf', at)}</span>
    ${at.page < at.pages ? html`<a href="${link(at.page + 1)}" rel="next">${ctx.t('dashboard.next')}</a>` : ''}
  </nav>`;
}
