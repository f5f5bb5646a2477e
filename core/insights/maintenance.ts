import type { Communities } from '../identity/communities.ts';
import type { Personas } from '../personas/personas.ts';
import { jobIdFor, type JobScheduler } from '../ports.ts';
import type { Recommender } from '../recommend/recommender.ts';
import type { Experiments } from '../recommend/experiments.ts';
import { blendWeights } from '../recommend/strategies.ts';
import { retentionSettings } from '../retention/settings.ts';

/** What the scheduled insight jobs do: persona refreshes and recommender training, per community. */
export class InsightMaintenance {
  constructor(
    private readonly communities: Communities,
    private readonly personas: Personas,
    private readonly recommender: Recommender,
    private readonly experiments: Experiments,
    private readonly jobs: JobScheduler | null,
  ) {}

  /**
   * Rebuilds persona snapshots. Picks for members without their own follow the persona and
   * a refresh renumbers personas, so each new snapshot queues one training run (the job id
   * is the snapshot's, so a retried refresh queues it once).
   */
  async refreshPersonas(communityId: string | undefined, now: Date) {
    const refreshed: Array<{ communityId: string; k: number; members: number }> = [];
    for (const id of await this.communities.ids(communityId)) {
      const snapshot = await this.personas.refresh(id, now);
      if (!snapshot) continue;
      refreshed.push({ communityId: id, k: snapshot.k, members: snapshot.members });
      const jobId = jobIdFor('recommend-train', String(snapshot._id));
      await this.jobs?.enqueue('recommend-train', { communityId: id }, { jobId });
    }
    return { refreshed };
  }

  /**
   * Precomputes every active member's picks into Redis with a model version, for the default
   * blend and any other the community serves or a running experiment tries.
   */
  async train(communityId: string | undefined, now: Date) {
    const trained = [];
    for (const community of await this.communities.all()) {
      if (communityId && community.communityId !== communityId) continue;
      const id = community.communityId;
      const experiment = await this.experiments.running(id, { fresh: true });
      const weights = blendWeights([retentionSettings(community).recommender, ...(experiment?.variants ?? [])]);
      trained.push({ communityId: id, ...(await this.recommender.train(id, now, weights)) });
    }
    return { trained };
  }
}
