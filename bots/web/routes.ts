import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DashboardSessions,
  isDashboardPage,
  publicUrl,
  toSupportedLocale,
  type ArgumentValue,
  type Core,
  type DashboardPageName,
  type DashboardSession,
  type Locale,
} from '../../core/index.ts';
import type { HttpRoutes } from '../http/server.ts';
import { registerAssets } from './assets.ts';
import type { FormOutcome, RenderContext } from './components.ts';
import { html, type Html } from './html.ts';
import { mountJobsBoard } from './jobs-board.ts';
import { layout, plainPage } from './layout.ts';
import { PAGE_RENDERERS } from './pages/index.ts';
import { addSecurityHeaders } from './security-headers.ts';
import { clearedCookie, sessionCookie, sessionIdFrom } from './session-cookie.ts';

export interface DashboardRouteOptions {
  /** The job queues Bull Board shows (the bot passes its scheduler's); none: no jobs page. */
  queues?: Queue[];
}

const NONCE = /^[\w-]{8,64}$/;
const COMMAND = /^[a-z][a-z-]{0,31}$/;

/**
 * The web dashboard on the bot's HTTP server. It translates: requests become page loads and
 * dispatcher invocations through core.dashboard, answers become server-rendered pages.
 */
export function dashboardRoutes(core: Core, options: DashboardRouteOptions = {}): HttpRoutes {
  const api = core.dashboard;
  const secure = publicUrl(core.config).startsWith('https:');
  const localeOf = (request: FastifyRequest): Locale =>
    /^zh/i.test(String(request.headers['accept-language'] ?? ''))
      ? 'zh-CN'
      : (toSupportedLocale(core.config.DEFAULT_LOCALE) ?? 'en');
  const sendHtml = (reply: FastifyReply, status: number, page: Html) =>
    reply.code(status).type('text/html; charset=utf-8').send(page.value);
  const refuse = (reply: FastifyReply, locale: Locale, status: number, key: string) => {
    const t = api.translate(locale);
    return sendHtml(
      reply,
      status,
      plainPage(locale, t(`dashboard.refusals.${key}.title`), t(`dashboard.refusals.${key}.text`)),
    );
  };

  /** The signed-in session, or a page saying how to get one (and null). */
  const sessionOf = async (request: FastifyRequest, reply: FastifyReply): Promise<DashboardSession | null> => {
    const session = await api.session(sessionIdFrom(request.headers.cookie));
    if (!session) await refuse(reply, localeOf(request), 401, 'signedOut');
    return session;
  };

  /** A POST's form, with the session and a matching CSRF token; otherwise the refusal is sent and null returned. */
  const formOf = async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await sessionOf(request, reply);
    if (!session) return null;
    const type = String(request.headers['content-type'] ?? '');
    const form = type.startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '')
      : null;
    if (!form || !DashboardSessions.csrfMatches(session, form.get('csrf'))) {
      await refuse(reply, session.locale, 403, 'csrf');
      return null;
    }
    return { session, form };
  };

  const renderPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    session: DashboardSession,
    page: Exclude<DashboardPageName, 'jobs'>,
    outcome: FormOutcome | null,
  ) => {
    const pages = api.pagesFor(session);
    if (!pages.includes(page)) return refuse(reply, session.locale, 403, 'forbidden');
    const view = await api.load(session, page, request.query);
    const ctx: RenderContext = {
      t: api.translate(session.locale),
      locale: session.locale,
      session,
      path: request.url.split('#')[0] as string,
      outcome,
      nonce: () => api.nonce(),
    };
    const body = PAGE_RENDERERS[page](ctx, view as never);
    const status = outcome?.reply.errorCode === 'AUTH.FORBIDDEN' ? 403 : outcome?.reply.errorCode ? 400 : 200;
    return sendHtml(reply, status, layout(ctx, page, pages, body));
  };

  return async (app: FastifyInstance) => {
    addSecurityHeaders(app);
    registerAssets(app);

    app.get('/dashboard', async (_request, reply) => reply.redirect('/dashboard/overview', 303));

    // Looking at a link uses nothing (chat apps fetch links to preview them); the button signs in.
    app.get<{ Params: { token: string } }>('/dashboard/login/:token', async (request, reply) => {
      const locale = localeOf(request);
      const t = api.translate(locale);
      if (!(await api.linkUsable(request.params.token))) return refuse(reply, locale, 401, 'linkUsed');
      return sendHtml(
        reply,
        200,
        plainPage(
          locale,
          t('dashboard.signIn.title'),
          t('dashboard.signIn.text'),
          html`<form method="post" action="/dashboard/login">
            <input type="hidden" name="token" value="${request.params.token}" />
            <button type="submit" class="primary">${t('dashboard.signIn.button')}</button>
          </form>`,
        ),
      );
    });

    app.post('/dashboard/login', async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
      const session = await api.openWithLink(new URLSearchParams(body).get('token') ?? '');
      if (!session) return refuse(reply, localeOf(request), 401, 'linkUsed');
      return reply.header('set-cookie', sessionCookie(session.id, secure)).redirect('/dashboard/overview', 303);
    });

    app.post('/dashboard/logout', async (request, reply) => {
      const posted = await formOf(request, reply);
      if (!posted) return reply;
      await api.signOut(posted.session);
      void reply.header('set-cookie', clearedCookie(secure));
      return refuse(reply, posted.session.locale, 200, 'signedOutNow');
    });

    app.post('/dashboard/language', async (request, reply) => {
      const posted = await formOf(request, reply);
      if (!posted) return reply;
      const locale = toSupportedLocale(posted.form.get('locale') ?? '');
      if (locale) await api.switchLocale(posted.session, locale);
      return reply.redirect(backTo(posted.form.get('back')), 303);
    });

    app.post('/dashboard/figures/refresh', async (request, reply) => {
      const posted = await formOf(request, reply);
      if (!posted) return reply;
      await api.refreshFigures(posted.session);
      return reply.redirect(backTo(posted.form.get('back')), 303);
    });

    app.get('/dashboard/sentiment.csv', async (request, reply) => {
      const session = await sessionOf(request, reply);
      if (!session) return reply;
      if (!api.pagesFor(session).includes('sentiment')) return refuse(reply, session.locale, 403, 'forbidden');
      const csv = await api.feedbackCsv(session, request.query);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="feedback-${day}.csv"`)
        .send(`\uFEFF${csv}`);
    });

    app.get('/dashboard/sentiment-training.tsv', async (request, reply) => {
      const session = await sessionOf(request, reply);
      if (!session) return reply;
      if (!api.pagesFor(session).includes('sentiment')) return refuse(reply, session.locale, 403, 'forbidden');
      const file = await api.trainingFile(session);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/tab-separated-values; charset=utf-8')
        .header('content-disposition', `attachment; filename="feedback-labels-${day}.tsv"`)
        .send(file);
    });

    if (options.queues?.length) {
      await mountJobsBoard(app, options.queues, async (request, reply) => {
        const session = await sessionOf(request, reply);
        if (!session) return false;
        if (api.pagesFor(session).includes('jobs')) return true;
        await refuse(reply, session.locale, 403, 'forbidden');
        return false;
      });
    }

    app.get<{ Params: { page: string } }>('/dashboard/:page', async (request, reply) => {
      const { page } = request.params;
      if (!isDashboardPage(page) || page === 'jobs') return refuse(reply, localeOf(request), 404, 'notFound');
      const session = await sessionOf(request, reply);
      if (!session) return reply;
      return renderPage(request, reply, session, page, null);
    });

    app.post<{ Params: { page: string } }>('/dashboard/:page', async (request, reply) => {
      const { page } = request.params;
      if (!isDashboardPage(page) || page === 'jobs') return refuse(reply, localeOf(request), 404, 'notFound');
      const posted = await formOf(request, reply);
      if (!posted) return reply;
      const { session, form } = posted;
      const nonce = form.get('nonce') ?? '';
      const command = form.get('command') ?? '';
      const button = form.get('button');
      if (!NONCE.test(nonce) || (!button && !COMMAND.test(command)))
        return refuse(reply, session.locale, 400, 'badForm');
      const result = button
        ? await api.press(session, button, nonce)
        : await api.act(session, { command, args: argsOf(form), nonce });
      const outcome = { formId: form.get('form') ?? '', values: Object.fromEntries(form), reply: result };
      return renderPage(request, reply, session, page, outcome);
    });
  };
}

/** A form's `arg:<option>` fields, empty ones left out (as an option not typed). */
function argsOf(form: URLSearchParams): Record<string, ArgumentValue> {
  const args: Record<string, ArgumentValue> = {};
  for (const [key, value] of form) {
    if (key.startsWith('arg:') && value.trim() !== '') args[key.slice(4)] = value;
  }
  return args;
}

/** Where to go after a small POST: back to a dashboard page, never anywhere else. */
function backTo(path: string | null): string {
  return path && /^\/dashboard\/[\w./?=&%#-]*$/.test(path) && !path.startsWith('//') ? path : '/dashboard/overview';
}
