import type { DashboardPageName, DashboardViews } from '../../../core/index.ts';
import type { RenderContext } from '../components.ts';
import type { Html } from '../html.ts';
import { renderAudit } from './audit.ts';
import { renderCampaigns } from './campaigns.ts';
import { renderCatalog } from './catalog.ts';
import { renderMembers } from './members.ts';
import { renderOverview } from './overview.ts';
import { renderPersonas } from './personas.ts';
import { renderRecommendations } from './recommendations.ts';
import { renderSentiment } from './sentiment.ts';
import { renderSettings } from './settings.ts';
import { renderSupport } from './support.ts';
import { renderWebhooks } from './webhooks.ts';

type Renderers = { [P in Exclude<DashboardPageName, 'jobs'>]: (ctx: RenderContext, view: DashboardViews[P]) => Html };

/** How each page's data becomes markup (jobs is Bull Board's own UI). */
export const PAGE_RENDERERS: Renderers = {
  overview: renderOverview,
  sentiment: renderSentiment,
  support: renderSupport,
  personas: renderPersonas,
  recommendations: renderRecommendations,
  catalog: renderCatalog,
  campaigns: renderCampaigns,
  members: renderMembers,
  settings: renderSettings,
  webhooks: renderWebhooks,
  audit: renderAudit,
};
