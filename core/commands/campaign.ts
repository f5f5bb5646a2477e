import { CAMPAIGN_EFFECTS, campaignName, parseCampaign } from '../campaigns/campaign-input.ts';
import { campaignLine, runningLines } from '../campaigns/campaign-text.ts';
import { campaignStatus } from '../campaigns/campaigns.ts';
import { caller, callerKey, requireRole } from '../dispatch/members-of.ts';
import { defineCommand, type CommandContext } from '../dispatch/spec.ts';
import { loyaltySettings } from '../loyalty/settings.ts';
import { supportSettings } from '../support/settings.ts';
import type { Reply } from '../types.ts';

const ACTIONS = ['list', 'show', 'create', 'end', 'dms-on', 'dms-off'] as const;
const LISTED = 15;

async function audit(ctx: CommandContext, action: string, campaignId: string, details: Record<string, unknown>) {
  await ctx.audit({
    key: `campaign.${action}:${campaignId}:${ctx.invocationId}`,
    action: `campaign.${action}`,
    details: { campaignId, ...details },
  });
}

/** Managers see every campaign with its status; members the running ones that apply to them. */
async function list(ctx: CommandContext): Promise<Reply> {
  const { campaigns } = ctx.services.campaigns;
  if (ctx.role === 'member') {
    const running = await campaigns.runningFor(caller(ctx), ctx.now);
    const text = running.length > 0 ? runningLines(ctx.t, ctx.locale, running) : ctx.t('campaigns.noneForYou');
    return { ephemeral: true, tone: 'info', title: ctx.t('campaigns.title'), text };
  }
  const all = (await campaigns.all(ctx.communityId)).slice(0, LISTED);
  if (all.length === 0)
    return { ephemeral: true, tone: 'info', title: ctx.t('campaigns.title'), text: ctx.t('campaigns.none') };
  return {
    ephemeral: true,
    tone: 'info',
    title: ctx.t('campaigns.title'),
    fields: all.map((campaign) => ({
      name: `${campaign.campaignId} · ${ctx.t(`campaigns.statuses.${campaignStatus(campaign, ctx.now)}`)}`,
      value: campaignLine(ctx.t, ctx.locale, campaign),
    })),
  };
}

export default defineCommand({
  name: 'campaign',
  role: 'member',
  guildOnly: true,
  options: [
    { name: 'action', type: 'string', required: true, choices: ACTIONS },
    { name: 'name', type: 'string', maxLength: 40 },
    { name: 'start', type: 'string', maxLength: 20 },
    { name: 'end', type: 'string', maxLength: 20 },
    { name: 'audience', type: 'string', maxLength: 200 },
    { name: 'effect', type: 'string', choices: CAMPAIGN_EFFECTS },
    { name: 'value', type: 'string', maxLength: 12 },
    { name: 'earnings', type: 'string', maxLength: 60 },
    { name: 'dm', type: 'boolean' },
  ],
  async handle(ctx, args) {
    const { campaigns } = ctx.services.campaigns;
    switch (args.action) {
      case 'list':
        return list(ctx);
      case 'dms-on':
      case 'dms-off': {
        caller(ctx);
        await ctx.services.members.setCampaignDms(callerKey(ctx), args.action === 'dms-on');
        return {
          ephemeral: true,
          tone: 'success',
          text: ctx.t(`campaigns.${args.action === 'dms-on' ? 'dmsOn' : 'dmsOff'}`),
        };
      }
      case 'show': {
        requireRole(ctx, 'manager', 'campaign show');
        const campaign = await campaigns.require(ctx.communityId, campaignName(args.name));
        const status = ctx.t(`campaigns.statuses.${campaignStatus(campaign, ctx.now)}`);
        return {
          ephemeral: true,
          tone: 'info',
          title: `${campaign.campaignId} · ${status}`,
          text: campaignLine(ctx.t, ctx.locale, campaign),
        };
      }
      case 'end': {
        requireRole(ctx, 'admin', 'campaign end');
        const ended = await campaigns.end(ctx.communityId, campaignName(args.name), ctx.userId, ctx.now);
        await audit(ctx, 'end', ended.campaignId, {});
        return { ephemeral: true, tone: 'success', text: ctx.t('campaigns.ended', { name: ended.campaignId }) };
      }
      default: {
        requireRole(ctx, 'admin', 'campaign create');
        const settings = loyaltySettings(ctx.community);
        const draft = parseCampaign(args, {
          now: ctx.now,
          timeZone: settings.timeZone,
          tierNames: settings.tiers.map((tier) => tier.name),
        });
        const campaign = await campaigns.create(ctx.communityId, draft, ctx.userId, ctx.now);
        await audit(ctx, 'create', campaign.campaignId, { effect: campaign.effect, audience: campaign.audience });
        const lines = [
          ctx.t('campaigns.created', { name: campaign.campaignId }),
          campaignLine(ctx.t, ctx.locale, campaign),
        ];
        if (!supportSettings(ctx.community).announceChannelId) lines.push(ctx.t('campaigns.noAnnounceChannel'));
        return { ephemeral: true, tone: 'success', text: lines.join('\n') };
      }
    }
  },
});
