import { formatDateTime, formatDecimal, type DashboardViews } from '../../../core/index.ts';
import { commandForm, filterField, filterForm, table, type RenderContext, pager } from '../components.ts';
import { html, type Html } from '../html.ts';

type View = DashboardViews['support'];

export function renderSupport(ctx: RenderContext, view: View): Html {
  const { t } = ctx;
  return html` <nav class="ranges" aria-label="${t('dashboard.support.which')}">
      <a href="/dashboard/support" ${view.status === 'unresolved' ? html`aria-current="true"` : ''}
        >${t('dashboard.support.unresolved')}</a
      >
      <a href="/dashboard/support?status=closed" ${view.status === 'closed' ? html`aria-current="true"` : ''}
        >${t('dashboard.support.closed')}</a
      >
    </nav>
    <section aria-labelledby="tickets-h">
      <h2 id="tickets-h">${t('dashboard.support.tickets', { count: view.total })}</h2>
      ${
        view.tickets.length === 0
          ? html`<p class="empty">${t('tickets.none')}</p>`
          : html`<ul class="tickets">
              ${view.tickets.map((ticket) => ticketCard(ctx, ticket))}
            </ul>`
      }
    </section>
    ${pagerOf(ctx, view)}
    <section aria-labelledby="faq-h">
      <h2 id="faq-h">${t('dashboard.support.faq')}</h2>
      ${table(
        t('dashboard.support.faqCaption'),
        [t('dashboard.support.question'), t('dashboard.support.answer'), ''],
        view.faq.map((entry) => [
          entry.question,
          entry.answer,
          ctx.session.role === 'admin'
            ? commandForm(ctx, {
                id: `faq-remove-${entry.faqId}`,
                command: 'config',
                fixed: { action: 'faq-remove', key: entry.faqId },
                submit: t('dashboard.remove'),
                danger: true,
                inline: true,
              })
            : '',
        ]),
        t('config.faqEmpty'),
      )}
      ${
        ctx.session.role === 'admin'
          ? html`<h3>${t('dashboard.support.addFaq')}</h3>
              ${commandForm(
                ctx,
                { id: 'faq-add', command: 'config', fixed: { action: 'faq-add' }, submit: t('dashboard.add') },
                [
                  { name: 'question', label: t('dashboard.support.question'), required: true, maxLength: 300 },
                  {
                    name: 'answer',
                    label: t('dashboard.support.answer'),
                    type: 'textarea',
                    required: true,
                    maxLength: 1000,
                  },
                ],
              )}`
          : ''
      }
      <h3 id="try-h">${t('dashboard.support.try')}</h3>
      ${filterForm(
        '/dashboard/support#try-h',
        filterField({
          name: 'question',
          label: t('dashboard.support.tryQuestion'),
          type: 'search',
          value: view.trial?.question ?? '',
          maxLength: 300,
        }),
        t('dashboard.support.tryButton'),
      )}
      ${view.trial ? trial(ctx, view.trial) : ''}
    </section>`;
}

function ticketCard(ctx: RenderContext, ticket: View['tickets'][number]): Html {
  const { t, locale } = ctx;
  const open = ticket.status !== 'closed';
  const fixed = (action: string) => ({ action, ticket: ticket.ticketId });
  // A reply form stays open when it was just sent with a problem (its error shows inside).
  const replying = ctx.outcome?.formId === `reply-${ticket.ticketId}` && Boolean(ctx.outcome.reply.errorCode);
  const action = (name: string, submit: string) => ({
    id: `${name}-${ticket.ticketId}`,
    command: 'tickets',
    fixed: fixed(name),
    submit,
    inline: true,
  });
  const replyLine = (reply: { by: string; at: string; text: string }) =>
    html`<p class="ticket-reply">
      <strong>${reply.by}</strong> (${formatDateTime(new Date(reply.at), locale)}): ${reply.text}
    </p>`;
  return html`<li class="ticket" data-ticket="${ticket.ticketId}">
    <p class="ticket-head">
      <strong>${ticket.ticketId}</strong> · ${t(`tickets.statuses.${ticket.status}`)} · ${ticket.user} ·
      ${formatDateTime(new Date(ticket.createdAt), locale)}
      ${ticket.claimedBy ? html` · ${t('dashboard.support.claimedBy', { user: ticket.claimedBy })}` : ''}
    </p>
    <blockquote>${ticket.text}</blockquote>
    ${ticket.replies.map(replyLine)}
    ${
      open
        ? html`<div class="actions">
              ${ticket.status === 'open' ? commandForm(ctx, action('claim', t('dashboard.support.claim'))) : ''}
              ${commandForm(ctx, action('close', t('dashboard.support.close')))}
            </div>
            <details ${replying ? html`open` : ''}>
              <summary>${t('dashboard.support.reply')}</summary>
              ${commandForm(
                ctx,
                {
                  id: `reply-${ticket.ticketId}`,
                  command: 'tickets',
                  fixed: fixed('reply'),
                  submit: t('dashboard.support.send'),
                },
                [
                  {
                    name: 'text',
                    label: t('dashboard.support.reply'),
                    type: 'textarea',
                    required: true,
                    maxLength: 1500,
                  },
                ],
              )}
            </details>`
        : ''
    }
  </li>`;
}

function trial(ctx: RenderContext, result: NonNullable<View['trial']>): Html {
  const { t, locale } = ctx;
  if (!result.match) return html`<p class="empty" role="status">${t('dashboard.support.noMatch')}</p>`;
  const { match } = result;
  return html`<div class="trial" role="status">
    <p>
      ${t(match.answers ? 'dashboard.support.wouldAnswer' : 'dashboard.support.wouldNotAnswer', {
        score: formatDecimal(match.score, locale, 3),
        threshold: formatDecimal(result.threshold, locale, 2),
      })}
    </p>
    <p><strong>${match.question}</strong></p>
    <p>${match.answer}</p>
  </div>`;
}

function pagerOf(ctx: RenderContext, view: View): Html {
  return pager(ctx, view, (page) => `/dashboard/support?page=${page}`);
}
