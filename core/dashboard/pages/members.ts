import { z } from 'zod';
import type { MemberDoc } from '../../db/models.ts';
import { personaLabel } from '../../personas/label.ts';
import type { Persona } from '../../personas/personas.ts';
import type { Platform } from '../../types.ts';
import { definePage, pageLink, type PageContext } from '../page.ts';

const MEMBER_REF = /^([a-z]+)\|([\w.:@-]{1,64})$/;

/** Members (admins): find one by the start of their name or by id; their card, ledger, orders, persona, risk. */
export default definePage({
  name: 'members',
  role: 'admin',
  query: z.object({
    q: z.string().trim().max(64).optional().catch(undefined),
    member: z.string().regex(MEMBER_REF).optional().catch(undefined),
  }),
  async load(ctx, query) {
    const found = query.q ? await search(ctx, query.q) : [];
    const [, platform, userId] = query.member ? (MEMBER_REF.exec(query.member) ?? []) : [];
    const member =
      platform && userId
        ? await ctx.services.members.find({ communityId: ctx.communityId, platform: platform as Platform, userId })
        : null;
    return {
      q: query.q ?? '',
      results: found.map(summary),
      card: member ? await card(ctx, member) : null,
      asked: Boolean(query.member),
    };
  },
});

async function search(ctx: PageContext, typed: string): Promise<MemberDoc[]> {
  const { members } = ctx.services;
  const byName = await ctx.memberSearch.byNameStart(ctx.communityId, typed, 20);
  const refs = [{ platform: ctx.session.platform, userId: typed }, ...byName];
  const docs = await Promise.all(
    refs.map((ref) =>
      members.find({ communityId: ctx.communityId, platform: ref.platform as Platform, userId: ref.userId }),
    ),
  );
  const seen = new Set<string>();
  return docs.filter((doc): doc is MemberDoc => {
    if (!doc || seen.has(doc._id)) return false;
    seen.add(doc._id);
    return true;
  });
}

function summary(member: MemberDoc) {
  return {
    name: member.displayName || member.userId,
    userId: member.userId,
    platform: member.platform,
    tier: member.tier,
    status: member.status,
    balance: member.pointsBalance ?? 0,
    link: pageLink('members', { member: `${member.platform}|${member.userId}` }),
  };
}

async function card(ctx: PageContext, member: MemberDoc) {
  const { loyalty, insights } = ctx.services;
  const key = { communityId: member.communityId, platform: member.platform as Platform, userId: member.userId };
  const [totals, ledger, orders, assigned, snapshot] = await Promise.all([
    loyalty.ledger.totals(key),
    loyalty.ledger.recent(key, 20),
    loyalty.orders.listFor(member, 10),
    insights.personas.ofMember(member.communityId, member.platform, member.userId),
    insights.personas.latest(member.communityId),
  ]);
  const persona = assigned ? (snapshot?.personas as Persona[] | undefined)?.[assigned.persona] : undefined;
  return {
    ...summary(member),
    joinedAt: member.joinedAt.toISOString(),
    balance: totals.balance,
    earned: totals.earned,
    language: member.language ?? null,
    persona: persona ? personaLabel(ctx.t, persona) : null,
    churn: assigned
      ? {
          risk: assigned.churnRisk,
          factors: assigned.churnFactors.map((factor) => ctx.t(`personas.churnFactors.${factor}`)),
        }
      : null,
    ledger: ledger.map((entry) => ({
      seq: entry.seq,
      at: entry.at.toISOString(),
      delta: entry.delta,
      balance: entry.balance,
      kind: entry.kind,
      reason: entry.reason,
    })),
    orders: orders.map((order) => ({
      orderId: order.orderId,
      item: order.itemTitle,
      cost: order.cost,
      status: order.status,
      at: order.createdAt.toISOString(),
    })),
  };
}
