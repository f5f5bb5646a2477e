import { BoundedCache } from '../bounded-cache.ts';
import type { CampaignAudienceDoc, CampaignDoc } from '../db/campaign-models.ts';
import { createOnce } from '../db/create-once.ts';
import type { MemberDoc, Models } from '../db/models.ts';
import { UserError } from '../errors.ts';
import type { Personas } from '../personas/personas.ts';
import type { AudienceCheck } from './audience.ts';
import { CAMPAIGN_NAME_PATTERN, type CampaignDraft } from './campaign-input.ts';

/** Other processes see a new or ended campaign within this long (the writer's own process at once). */
const CACHE_MS = 15_000;

export type CampaignStatus = 'scheduled' | 'running' | 'ended';

export function campaignStatus(campaign: CampaignDoc, now: Date): CampaignStatus {
  if (now.getTime() < campaign.startsAt.getTime()) return 'scheduled';
  return now.getTime() < campaign.endsAt.getTime() ? 'running' : 'ended';
}

/** Campaigns of a community: created from chat, ended early by an admin, read on every earning. */
export class Campaigns {
  // Earnings ask on every credit: a community's few campaigns are kept in memory for a moment.
  private readonly cache = new BoundedCache<string, CampaignDoc[]>(2000, CACHE_MS);

  constructor(
    private readonly models: Models,
    private readonly personas: Personas,
    private readonly audience: AudienceCheck,
  ) {}

  /** Stores a checked draft; a persona audience is fixed now, from the latest persona refresh. */
  async create(communityId: string, draft: CampaignDraft, by: string, now: Date): Promise<CampaignDoc> {
    const campaign: CampaignDoc = {
      _id: `${communityId}|${draft.campaignId}`,
      communityId,
      campaignId: draft.campaignId,
      startsAt: draft.startsAt,
      endsAt: draft.endsAt,
      timeZone: draft.timeZone,
      audience:
        draft.audience.kind === 'personas'
          ? await this.personaAudience(communityId, draft.audience.personas)
          : draft.audience,
      effect: draft.effect,
      dm: draft.dm,
      createdBy: by,
      createdAt: now,
      endedBy: null,
    };
    // Names are never reused: ledger keys of the earlier campaign carry it.
    if (await this.find(communityId, draft.campaignId))
      throw new UserError('CAMPAIGN.EXISTS', { name: draft.campaignId });
    if (campaign.audience.kind === 'personas') await this.freezeAudience(campaign, campaign.audience.personas);
    if (!(await createOnce(this.models.Campaign, campaign)))
      throw new UserError('CAMPAIGN.EXISTS', { name: draft.campaignId });
    this.cache.set(communityId, await this.read(communityId));
    return campaign;
  }

  /** Ends a running or scheduled campaign now. */
  async end(communityId: string, name: string, by: string, now: Date): Promise<CampaignDoc> {
    const campaign = await this.require(communityId, name);
    if (campaign.endsAt.getTime() <= now.getTime()) throw new UserError('CAMPAIGN.OVER', { name: campaign.campaignId });
    const result = await this.models.Campaign.updateOne(
      { _id: campaign._id, endsAt: campaign.endsAt },
      { $set: { endsAt: now, endedBy: by } },
    );
    if (result.modifiedCount !== 1) throw new UserError('CAMPAIGN.OVER', { name: campaign.campaignId });
    this.cache.set(communityId, await this.read(communityId));
    return { ...campaign, endsAt: now, endedBy: by };
  }

  async find(communityId: string, name: string): Promise<CampaignDoc | null> {
    const id = name.trim().toLowerCase();
    if (!CAMPAIGN_NAME_PATTERN.test(id)) return null;
    return this.models.Campaign.findById(`${communityId}|${id}`).lean<CampaignDoc>();
  }

  async require(communityId: string, name: string): Promise<CampaignDoc> {
    const campaign = await this.find(communityId, name);
    if (!campaign) throw new UserError('CAMPAIGN.NOT_FOUND', { name });
    return campaign;
  }

  /** Every campaign of the community, latest start first. */
  async all(communityId: string): Promise<CampaignDoc[]> {
    const cached = this.cache.get(communityId);
    if (cached) return cached;
    const campaigns = await this.read(communityId);
    this.cache.set(communityId, campaigns);
    return campaigns;
  }

  /** Campaigns running at a moment whose audience includes the member. */
  async runningFor(member: MemberDoc, at: Date): Promise<CampaignDoc[]> {
    const running = (await this.all(member.communityId)).filter((c) => campaignStatus(c, at) === 'running');
    const included: CampaignDoc[] = [];
    for (const campaign of running) if (await this.audience.includes(campaign, member, at)) included.push(campaign);
    return included;
  }

  private read(communityId: string): Promise<CampaignDoc[]> {
    return this.models.Campaign.find({ communityId }).sort({ startsAt: -1 }).lean<CampaignDoc[]>().exec();
  }

  private async personaAudience(communityId: string, personas: number[]): Promise<CampaignDoc['audience']> {
    const snapshot = await this.personas.latest(communityId);
    const unknown = personas.find((persona) => !snapshot || persona >= snapshot.k);
    if (!snapshot || unknown !== undefined)
      throw new UserError('CAMPAIGN.INVALID', { field: 'audience', value: `persona:${personas.join(',')}` });
    return { kind: 'personas', personas, snapshotId: String(snapshot._id) };
  }

  /** Personas are renumbered by each refresh, so the audience is the members of those personas now. */
  private async freezeAudience(campaign: CampaignDoc, personas: number[]): Promise<void> {
    const snapshotId = campaign.audience.kind === 'personas' ? campaign.audience.snapshotId : '';
    const docs: CampaignAudienceDoc[] = [];
    for (const [member, assignment] of await this.personas.assignments(campaign.communityId)) {
      if (assignment.snapshotId === snapshotId && personas.includes(assignment.persona))
        docs.push({
          _id: `${campaign._id}|${member}`,
          communityId: campaign.communityId,
          campaignId: campaign.campaignId,
        });
    }
    for (let start = 0; start < docs.length; start += 1000) {
      await this.models.CampaignAudienceMember.insertMany(docs.slice(start, start + 1000), { ordered: false }).catch(
        (error: unknown) => {
          // A retried create finds some already written: that is what it wanted.
          if ((error as { code?: number }).code !== 11000) throw error;
        },
      );
    }
  }
}
