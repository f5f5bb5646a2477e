import { createHash, randomBytes } from 'node:crypto';
import { UserError } from '../errors.ts';
import type { Locale, Translate } from '../i18n.ts';
import type { CoreServices } from '../services.ts';
import { type DashboardIdentity, type DashboardSession } from '../stores/dashboard-sessions.ts';
import {
  roleAtLeast,
  type ArgumentValue,
  type ButtonInvocation,
  type CommandInvocation,
  type Reply,
  type Role,
} from '../types.ts';
import { feedbackCsv } from './feedback-csv.ts';
import { feedbackQuerySchema } from './feedback-filter.ts';
import { trainingTsv } from './training-tsv.ts';
import type { PageContext } from './page.ts';
import { signInLink } from './sign-in.ts';
import { DASHBOARD_PAGES, type DashboardPageName, type DashboardViews } from './registry.ts';

/** How the dashboard runs an action: the dispatcher, exactly as chat does. */
export interface ActionRunner {
  dispatch(invocation: CommandInvocation): Promise<Reply>;
  press(invocation: ButtonInvocation): Promise<Reply>;
}

/** A form the web adapter received: the command to run, its options, and the form's one-time nonce. */
export interface DashboardAction {
  command: string;
  args: Record<string, ArgumentValue | undefined>;
  nonce: string;
}

/**
 * The dashboard's one door into core. Who acts always comes from the session (never from the
 * request), pages check their role here, and actions run through the dispatcher with the same
 * role checks, rate limits, confirmations and audit entries as in chat (marked `via: web`).
 */
export interface DashboardApi {
  /** A one-time sign-in link for this user (`/dashboard` answers with one; operators print one). */
  linkFor(identity: DashboardIdentity): Promise<string>;
  /** Whether a sign-in link is still good; looking does not use it (chat apps fetch links to preview them). */
  linkUsable(token: string): Promise<boolean>;
  openWithLink(token: string): Promise<DashboardSession | null>;
  session(id: string | undefined): Promise<DashboardSession | null>;
  signOut(session: DashboardSession): Promise<void>;
  switchLocale(session: DashboardSession, locale: Locale): Promise<DashboardSession>;
  /** Pages this session may open, in menu order. */
  pagesFor(session: DashboardSession): DashboardPageName[];
  /** A page's data; AUTH.FORBIDDEN when the session's role is below the page's. */
  load<P extends DashboardPageName>(session: DashboardSession, page: P, query: unknown): Promise<DashboardViews[P]>;
  act(session: DashboardSession, action: DashboardAction): Promise<Reply>;
  press(session: DashboardSession, buttonAction: string, nonce: string): Promise<Reply>;
  /** The sentiment page's feedback, filtered as on the page, as CSV. */
  feedbackCsv(session: DashboardSession, query: unknown): Promise<string>;
  /** The feedback managers relabelled, as a file `npm run train:sentiment` reads. */
  trainingFile(session: DashboardSession): Promise<string>;
  /** Asks for the figures to be recomputed now (a queued job; inline where no queue is wired). */
  refreshFigures(session: DashboardSession): Promise<void>;
  /** A fresh nonce for a form. */
  nonce(): string;
  translate(locale: Locale): Translate;
}

export function createDashboardApi(services: CoreServices, runner: ActionRunner): DashboardApi {
  const sessions = services.dashboardSessions;
  const require = (session: DashboardSession, role: Role) => {
    if (!roleAtLeast(session.role, role)) throw new UserError('AUTH.FORBIDDEN', { command: 'dashboard' });
  };
  const pageContext = (session: DashboardSession): PageContext => ({
    session,
    communityId: session.communityId,
    locale: session.locale,
    t: services.translator.forLocale(session.locale),
    now: services.clock.now(),
    services,
    stats: services.figures.stats,
    feedbackIndex: services.figures.feedbackIndex,
    memberSearch: services.figures.memberSearch,
  });
  const invocationBase = (session: DashboardSession, id: string) => ({
    invocationId: id,
    platform: session.platform,
    communityId: session.communityId,
    user: { id: session.userId, displayName: session.displayName, role: session.role, locale: session.locale },
    via: 'web' as const,
  });
  return {
    linkFor: (identity) => signInLink(services, identity),
    linkUsable: (token) => sessions.linkUsable(token),
    openWithLink: (token) => sessions.openWithLink(token),
    session: (id) => sessions.find(id),
    signOut: (session) => sessions.signOut(session.id),
    switchLocale: async (session, locale) => {
      const next = { ...session, locale };
      await sessions.update(next);
      return next;
    },
    pagesFor: (session) =>
      (Object.keys(DASHBOARD_PAGES) as DashboardPageName[]).filter((page) =>
        roleAtLeast(session.role, DASHBOARD_PAGES[page].role),
      ),
    load: async (session, page, query) => {
      const spec = DASHBOARD_PAGES[page];
      require(session, spec.role);
      return (await spec.load(pageContext(session), spec.query.parse(query) as never)) as DashboardViews[typeof page];
    },
    act: (session, action) =>
      runner.dispatch({
        ...invocationBase(session, webInvocationId(session, action)),
        command: action.command,
        args: action.args,
      }),
    press: (session, buttonAction, nonce) =>
      runner.press({ ...invocationBase(session, `web:${nonce}:${digest(buttonAction)}`), action: buttonAction }),
    feedbackCsv: async (session, query) => {
      require(session, DASHBOARD_PAGES.sentiment.role);
      const ctx = pageContext(session);
      return feedbackCsv(ctx.feedbackIndex, session.communityId, feedbackQuerySchema.parse(query), ctx.now);
    },
    trainingFile: async (session) => {
      require(session, DASHBOARD_PAGES.sentiment.role);
      const { communityId } = session;
      const byIds = (ids: string[]) => services.support.feedback.byIds(communityId, ids);
      return trainingTsv(services.figures.feedbackIndex, byIds, communityId, services.clock.now());
    },
    refreshFigures: async (session) => {
      require(session, 'manager');
      const data = { communityId: session.communityId };
      if (services.jobs)
        await services.jobs.enqueue('dashboard-refresh', data, {
          dedupeId: `dashboard-refresh:${session.communityId}`,
        });
      else await services.figures.stats.refresh(session.communityId, services.clock.now());
    },
    nonce: () => randomBytes(12).toString('base64url'),
    translate: (locale) => services.translator.forLocale(locale),
  };
}

/**
 * A form's nonce plus what it carried: a resubmitted form is one invocation (answered once, its
 * reply repeated), while a form corrected after an error is a new one that runs.
 */
function webInvocationId(session: DashboardSession, action: DashboardAction): string {
  return `web:${action.nonce}:${digest(JSON.stringify([session.id, action.command, action.args]))}`;
}

const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);
