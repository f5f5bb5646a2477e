import type { CommunityDoc, MemberDoc } from '../db/models.ts';
import type { ExperimentDoc } from '../db/retention-models.ts';
import { retentionSettings } from '../retention/settings.ts';
import { assignVariant, type Experiments } from './experiments.ts';
import type { Pick, Recommender } from './recommender.ts';
import { parseStrategy, type Strategy } from './strategies.ts';

/** What a member is served, and under which experiment variant if one runs. */
export interface Served {
  picks: Pick[];
  /** The strategy's name: the member's variant in a running experiment, else the community's. */
  strategy: string;
  experiment: ExperimentDoc | null;
}

const DEFAULT: Strategy = parseStrategy('blend') as Strategy;

/**
 * The one way picks reach a member (`/recommend`, the weekly push, nudges): the member's
 * variant while an experiment runs, the community's served strategy otherwise. Whatever is
 * then shown is recorded against the experiment, so outcomes are counted per variant.
 */
export class PickServing {
  constructor(
    private readonly recommender: Recommender,
    private readonly experiments: Experiments,
  ) {}

  async picks(member: MemberDoc, community: CommunityDoc, now: Date, limit?: number): Promise<Served> {
    const experiment = await this.experiments.running(community.communityId);
    const name = experiment ? assignVariant(experiment, member) : retentionSettings(community).recommender;
    const strategy = parseStrategy(name) ?? DEFAULT;
    const { picks } = await this.recommender.picksFor(member, community, now, limit, strategy);
    return { picks, strategy: name, experiment };
  }

  /** The member saw these picks (none, for a control member who asked). */
  async shown(served: Served, member: MemberDoc, items: string[], now: Date): Promise<void> {
    if (served.experiment) await this.experiments.recordShown(served.experiment, member, served.strategy, items, now);
  }
}
