import type { Models } from '../db/models.ts';
import type { Communities } from '../identity/communities.ts';
import type { LoyaltyServices } from '../loyalty/index.ts';
import type { Personas } from '../personas/personas.ts';
import type { PickServing } from '../recommend/serving.ts';
import type { ButtonRoutes } from '../stores/button-routes.ts';
import { ChurnNudges } from './churn-nudges.ts';
import { SaveFlow } from './save-flow.ts';

/** Keeping members: the save flow when they leave, churn nudges before they do. */
export interface RetentionServices {
  saveFlow: SaveFlow;
  nudges: ChurnNudges;
}

export interface RetentionDeps {
  models: Models;
  loyalty: LoyaltyServices;
  communities: Communities;
  personas: Personas;
  serving: PickServing;
  buttonRoutes: ButtonRoutes;
  /** Pause between DMs (platform rate limits); tests set 0. */
  pushPauseMs?: number;
}

export function createRetention(deps: RetentionDeps): RetentionServices {
  const { loyalty } = deps;
  return {
    saveFlow: new SaveFlow(deps.models, loyalty),
    nudges: new ChurnNudges(
      deps.models,
      {
        communities: deps.communities,
        personas: deps.personas,
        serving: deps.serving,
        catalog: loyalty.catalog,
        notices: loyalty.notices,
        routes: deps.buttonRoutes,
        earnings: loyalty.earnings,
      },
      deps.pushPauseMs,
    ),
  };
}
