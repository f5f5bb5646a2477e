import audit from './pages/audit.ts';
import campaigns from './pages/campaigns.ts';
import catalog from './pages/catalog.ts';
import jobs from './pages/jobs.ts';
import members from './pages/members.ts';
import overview from './pages/overview.ts';
import personas from './pages/personas.ts';
import recommendations from './pages/recommendations.ts';
import sentiment from './pages/sentiment.ts';
import settings from './pages/settings.ts';
import support from './pages/support.ts';
import webhooks from './pages/webhooks.ts';

/** The dashboard's pages in menu order: one file each under pages/, listed here once. */
export const DASHBOARD_PAGES = {
  overview,
  sentiment,
  support,
  personas,
  recommendations,
  catalog,
  campaigns,
  members,
  settings,
  webhooks,
  jobs,
  audit,
} as const;

export type DashboardPageName = keyof typeof DASHBOARD_PAGES;

/** What each page's loader returns: the web adapter renders these. */
export type DashboardViews = {
  [P in DashboardPageName]: Awaited<ReturnType<(typeof DASHBOARD_PAGES)[P]['load']>>;
};

export function isDashboardPage(name: string): name is DashboardPageName {
  return Object.hasOwn(DASHBOARD_PAGES, name);
}
