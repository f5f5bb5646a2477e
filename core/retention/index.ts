import type { Models } from '../db/models.ts';
import type { LoyaltyServices } from '../loyalty/index.ts';
import { SaveFlow } from './save-flow.ts';

/** Keeping members: the save flow when they leave, churn nudges before they do. */
export interface RetentionServices {
  saveFlow: SaveFlow;
}

export interface RetentionDeps {
  models: Models;
  loyalty: LoyaltyServices;
}

export function createRetention(deps: RetentionDeps): RetentionServices {
  return {
    saveFlow: new SaveFlow(deps.models, deps.loyalty),
  };
}
