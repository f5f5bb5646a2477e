import { routedButtonAction } from '../button-action.ts';
import { createOnce } from '../db/create-once.ts';
import { entryDocId, memberDocId, memberField } from '../db/ids.ts';
import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import type { ChurnNudgeDoc } from '../db/retention-models.ts';
import type { PointsEntry } from '../db/loyalty-models.ts';
import type { Communities } from '../identity/communities.ts';
import type { Translate } from '../i18n.ts';
import type { Catalog, CatalogItem } from '../loyalty/catalog.ts';
import type { Earnings } from '../loyalty/earnings.ts';
import type { MemberNotices } from '../loyalty/member-notices.ts';
import { UserError } from '../errors.ts';
import type { Personas } from '../personas/personas.ts';
import type { PickServing } from '../recommend/serving.ts';
import { unitHash } from '../stats.ts';
import type { ButtonRoutes } from '../stores/button-routes.ts';
import type { Platform, ReplyButton } from '../types.ts';
import { retentionSettings } from './settings.ts';

const DAY_MS = 24 * 3600 * 1000;
/** A member is nudged (or held as control) at most once in this long; the outcome is read after it. */
export const NUDGE_EVERY_MS = 30 * DAY_MS;
/** A nudge's buttons (claim the bonus, redeem the reward) work this long. */
export const NUDGE_VALID_MS = 14 * DAY_MS;
export const NUDGE_BONUS_REASON = 'churn-nudge-bonus';
/** Ledger entries read after a nudge to find something the member did themselves. */
const ENTRIES_LOOKED_AT = 5;

export const nudgeDocId = (member: { communityId: string; platform: string; userId: string }, day: string) =>
  `${member.communityId}|${member.platform}|${member.userId}|${day}`;

type Offer = { kind: 'reward'; item: CatalogItem } | { kind: 'bonus'; points: number };

/**
 * Churn nudges: members whose churn risk (the latest persona refresh) passes the community's
 * threshold get one personalised DM — a reward they can already afford, else a bonus to
 * claim — at most once per 30 days, unless they turned offers off. A random share of them
 * (stable per member and day, so a retried run decides the same) is kept as a control and
 * gets nothing; 30 days later each is judged retained or not, so the nudge's effect is
 * measured against the control rather than assumed.
 */
export class ChurnNudges {
  constructor(
    private readonly models: Models,
    private readonly deps: {
      communities: Communities;
      personas: Personas;
      serving: PickServing;
      catalog: Catalog;
      notices: MemberNotices;
      routes: ButtonRoutes;
      earnings: Earnings;
    },
    /** Pause between DMs (platform rate limits); tests set 0. */
    private readonly pauseMs = 250,
  ) {}

  async run(now: Date): Promise<{ nudged: number; control: number; evaluated: number }> {
    const totals = { nudged: 0, control: 0, evaluated: 0 };
    for (const community of await this.deps.communities.all()) {
      totals.evaluated += await this.evaluate(community.communityId, now);
      const settings = retentionSettings(community);
      if (!settings.nudges) continue;
      const since = new Date(now.getTime() - NUDGE_EVERY_MS);
      const recent = await this.models.ChurnNudge.find({ communityId: community.communityId, at: { $gt: since } })
        .select({ platform: 1, userId: 1, delivery: 1 })
        .lean<Array<Pick<ChurnNudgeDoc, 'platform' | 'userId' | 'delivery'>>>();
      // A nudge still pending was decided but not sent (a failed run): the retry sends it.
      const lately = new Set(recent.filter((n) => n.delivery !== 'pending').map((nudge) => memberField(nudge)));
      for (const { member: field, risk } of await this.deps.personas.atRisk(
        community.communityId,
        settings.nudgeThreshold,
      )) {
        if (lately.has(field)) continue;
        const [platform, userId] = field.split('|') as [Platform, string];
        const member = await this.models.Member.findById(
          memberDocId({ communityId: community.communityId, platform, userId }),
        ).lean<MemberDoc>();
        if (!member || member.status !== 'active' || member.offerDms === false) continue;
        const group = await this.decide(member, community, risk, settings.nudgeControl, now);
        if (group) totals[group] += 1;
        if (group === 'nudged' && this.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
      }
    }
    return totals;
  }

  /** Records the member as nudged or control (once per day) and sends the nudge. */
  private async decide(member: MemberDoc, community: CommunityDoc, risk: number, controlShare: number, now: Date) {
    const day = now.toISOString().slice(0, 10);
    const control = unitHash(`nudge|${memberDocId(member)}|${day}`) < controlShare;
    const offer = control ? null : await this.offer(member, community, now);
    const doc: ChurnNudgeDoc = {
      _id: nudgeDocId(member, day),
      communityId: member.communityId,
      platform: member.platform,
      userId: member.userId,
      at: now,
      group: control ? 'control' : 'nudged',
      risk,
      kind: offer?.kind ?? null,
      itemId: offer?.kind === 'reward' ? offer.item.itemId : null,
      delivery: control ? 'none' : 'pending',
      seqAtNudge: member.ledgerSeq ?? 0,
      claimed: false,
      retained: null,
      evaluatedAt: null,
    };
    const created = await createOnce(this.models.ChurnNudge, doc);
    const stored = created ? doc : await this.models.ChurnNudge.findById(doc._id).lean<ChurnNudgeDoc>();
    if (!stored || stored.group === 'control') return created ? ('control' as const) : null;
    if (stored.delivery !== 'pending' || !offer) return null;
    const buttons = await this.buttons(member, stored, offer);
    const sent = await this.deps.notices.tellOnce(`churn-nudge:${stored._id}`, member, community, now, (t) => ({
      tone: 'info',
      title: t('nudge.title', { community: community.name || community.communityId }),
      text:
        offer.kind === 'reward'
          ? t('nudge.reward', { item: offer.item.title, points: member.pointsBalance, cost: offer.item.cost })
          : t('nudge.bonus', { points: offer.points, days: NUDGE_VALID_MS / DAY_MS }),
      buttons: buttons(t),
    }));
    await this.models.ChurnNudge.updateOne({ _id: stored._id }, { $set: { delivery: sent ? 'sent' : 'pending' } });
    return 'nudged' as const;
  }

  /** Personal first: the member's own picks they can afford, else any reward they can, else a bonus. */
  private async offer(member: MemberDoc, community: CommunityDoc, now: Date): Promise<Offer> {
    const balance = member.pointsBalance ?? 0;
    const redeemable = (await this.deps.catalog.redeemableFor(community.communityId, member.tier)).filter(
      (item) => item.kind === 'reward' && item.cost > 0 && item.cost <= balance,
    );
    const byId = new Map(redeemable.map((item) => [item.itemId, item]));
    const { picks } = await this.deps.serving.picks(member, community, now, 8);
    const personal = picks.map((pick) => byId.get(pick.itemId)).find((item) => item !== undefined);
    const dearest = redeemable.at(-1);
    const item = personal ?? dearest;
    return item ? { kind: 'reward', item } : { kind: 'bonus', points: retentionSettings(community).nudgeBonus };
  }

  /** The offer's button and "no more offers", routed: a DM has no community, and only this member may press. */
  private async buttons(member: MemberDoc, nudge: ChurnNudgeDoc, offer: Offer) {
    const route = (command: string, argument: string) =>
      this.deps.routes.create(
        { communityId: member.communityId, platform: member.platform, userId: member.userId, command, argument },
        NUDGE_VALID_MS / 1000,
      );
    const day = nudge.at.toISOString().slice(0, 10);
    const [offerToken, optOut] = [
      await route(offer.kind === 'reward' ? 'redeem' : 'membership', offer.kind === 'reward' ? offer.item.itemId : day),
      await route('membership', day),
    ];
    return (t: Translate): ReplyButton[] => [
      offer.kind === 'reward'
        ? {
            label: t('nudge.redeemButton', { item: offer.item.title }),
            style: 'success',
            action: routedButtonAction('redeem', 'item', offerToken),
          }
        : {
            label: t('nudge.claimButton', { points: offer.points }),
            style: 'success',
            action: routedButtonAction('membership', 'claim', offerToken),
          },
      {
        label: t('nudge.optOutButton'),
        style: 'secondary',
        action: routedButtonAction('membership', 'nooffers', optOut),
      },
    ];
  }

  /** The nudge's bonus, claimed from its DM within 14 days: once, by the member it was sent to. */
  async claim(member: MemberDoc, day: string, now: Date): Promise<number> {
    const nudge = await this.models.ChurnNudge.findById(nudgeDocId(member, day)).lean<ChurnNudgeDoc>();
    if (!nudge || nudge.group !== 'nudged' || nudge.kind !== 'bonus') throw new UserError('BUTTON.EXPIRED');
    if (now.getTime() > nudge.at.getTime() + NUDGE_VALID_MS) throw new UserError('BUTTON.EXPIRED');
    const community = await this.deps.communities.ensure(member.platform as Platform, member.communityId);
    const result = await this.deps.earnings.award(
      {
        member: { communityId: member.communityId, platform: member.platform as Platform, userId: member.userId },
        basePoints: retentionSettings(community).nudgeBonus,
        reason: NUDGE_BONUS_REASON,
        source: 'rule',
        idempotencyKey: `churn-nudge:${nudge._id}`,
      },
      { member, community },
    );
    await this.models.ChurnNudge.updateOne({ _id: nudge._id }, { $set: { claimed: true } });
    return result && !result.replayed ? result.points : 0;
  }

  /**
   * Judges nudges (and control members) 30 days on: retained when the membership was not
   * cancelled by then and the member did something that shows in the ledger meanwhile —
   * chatted, bought, redeemed, gave feedback — other than claiming the nudge's own bonus.
   */
  private async evaluate(communityId: string, now: Date): Promise<number> {
    const due = await this.models.ChurnNudge.find({
      communityId,
      retained: null,
      at: { $lte: new Date(now.getTime() - NUDGE_EVERY_MS) },
    }).lean<ChurnNudgeDoc[]>();
    for (const nudge of due) {
      const deadline = nudge.at.getTime() + NUDGE_EVERY_MS;
      const key = { communityId, platform: nudge.platform, userId: nudge.userId };
      const member = await this.models.Member.findById(memberDocId(key)).lean<MemberDoc>();
      const cancelled = !member || (member.status === 'cancelled' && (member.cancelledAt?.getTime() ?? 0) <= deadline);
      const retained = !cancelled && (await this.actedSince(memberDocId(key), nudge, deadline));
      await this.models.ChurnNudge.updateOne(
        { _id: nudge._id, retained: null },
        { $set: { retained, evaluatedAt: now } },
      );
    }
    return due.length;
  }

  /** The member's entries after the nudge, by `_id` (the member's cached sequence may lag: entries are dated too). */
  private async actedSince(streamId: string, nudge: ChurnNudgeDoc, deadline: number): Promise<boolean> {
    const first = nudge.seqAtNudge + 1;
    for (let next = first; next < first + ENTRIES_LOOKED_AT; next += 1) {
      const entry = await this.models.PointsEntry.findById(entryDocId(streamId, next)).lean<PointsEntry>();
      if (!entry || entry.at.getTime() > deadline) return false;
      if (entry.at.getTime() <= nudge.at.getTime()) continue;
      if ((entry.kind === 'earn' || entry.kind === 'spend') && entry.reason !== NUDGE_BONUS_REASON) return true;
    }
    return false;
  }
}
