import type { Models } from '../db/models.ts';
import type { Communities } from '../identity/communities.ts';
import type { Logger } from '../logger.ts';
import type { LoyaltyServices } from '../loyalty/index.ts';
import type { Personas } from '../personas/personas.ts';
import { AudienceCheck } from './audience.ts';
import { CampaignBoosts } from './campaign-boosts.ts';
import { CampaignReports } from './campaign-report.ts';
import { CampaignRunner } from './campaign-runner.ts';
import { Campaigns } from './campaigns.ts';

/** Time-limited campaigns: multipliers on earnings, bonuses, announcements, their figures. */
export interface CampaignServices {
  campaigns: Campaigns;
  audience: AudienceCheck;
  runner: CampaignRunner;
  reports: CampaignReports;
}

/** Builds the campaign services and hooks them into earning (multipliers) and the ledger (figures). */
export function createCampaigns(deps: {
  models: Models;
  communities: Communities;
  loyalty: LoyaltyServices;
  personas: Personas;
  logger: Logger;
  pushPauseMs?: number;
}): CampaignServices {
  const audience = new AudienceCheck(deps.models, deps.personas);
  const campaigns = new Campaigns(deps.models, deps.personas, audience);
  const reports = new CampaignReports(deps.models);
  deps.loyalty.earnings.boostWith(new CampaignBoosts(campaigns, audience));
  deps.loyalty.ledger.observe((entry) => reports.recordEntry(entry));
  const runner = new CampaignRunner(
    deps.models,
    deps.communities,
    audience,
    deps.loyalty.earnings,
    deps.loyalty.notices,
    deps.logger,
    deps.pushPauseMs,
  );
  return { campaigns, audience, runner, reports };
}
