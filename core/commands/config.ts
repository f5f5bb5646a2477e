import { randomBytes } from 'node:crypto';
import { need } from '../dispatch/args.ts';
import { defineCommand, type CommandContext } from '../dispatch/spec.ts';
import { loyaltySettings } from '../loyalty/settings.ts';
import {
  SETTABLE_KEYS,
  editChannel,
  editLexicon,
  editTier,
  editSetting,
  parseChannel,
  settingValue,
} from '../admin/settings-edit.ts';
import { supportSettings } from '../support/settings.ts';
import type { Reply } from '../types.ts';
import { WEBHOOK_ACTIONS, webhookAction, type WebhookAction } from './config/webhooks.ts';

const ACTIONS = [
  'show',
  'set',
  'events-secret',
  'channel',
  'lexicon-add',
  'lexicon-remove',
  'tier-set',
  'tier-remove',
  'faq-add',
  'faq-remove',
  'faq-list',
  'experiment-start',
  'experiment-stop',
  'experiment-promote',
  ...WEBHOOK_ACTIONS,
] as const;

async function audit(ctx: CommandContext, action: string, details: Record<string, unknown>): Promise<void> {
  await ctx.audit({ key: `config.${action}:${ctx.invocationId}`, action: `config.${action}`, details });
}

function show(ctx: CommandContext): Reply {
  const loyalty = loyaltySettings(ctx.community);
  const support = supportSettings(ctx.community);
  const lines = SETTABLE_KEYS.map((key) => `${key} = ${settingValue(ctx.community, key)}`);
  lines.push(
    `tiers: ${loyalty.tiers.map((tier) => `${tier.name} ≥ ${tier.threshold} (×${tier.multiplier})`).join(', ')}`,
  );
  lines.push(
    [
      `channels: staff #${support.staffChannelId ?? '—'}`,
      `digest #${support.digestChannelId ?? '—'} at ${support.digestHour}:00 UTC`,
      `announce #${support.announceChannelId ?? '—'}`,
      `sentiment ${support.sentimentChannels.map((c) => `#${c}`).join(' ') || '—'}`,
    ].join(', '),
  );
  lines.push(
    `lexicon: ${
      Object.entries(support.lexicon)
        .map(([w, v]) => `${w}=${v}`)
        .join(', ') || '—'
    }`,
  );
  return { ephemeral: true, tone: 'info', title: ctx.t('config.title'), text: lines.join('\n') };
}

async function faqAction(
  ctx: CommandContext,
  action: string,
  args: { key?: string; question?: string; answer?: string },
): Promise<Reply> {
  const { faq } = ctx.services.support;
  if (action === 'faq-list') {
    const entries = await faq.list(ctx.communityId);
    return {
      ephemeral: true,
      tone: 'info',
      title: ctx.t('config.faqTitle'),
      text: entries.length === 0 ? ctx.t('config.faqEmpty') : undefined,
      fields: entries.slice(0, 25).map((e) => ({ name: `${e.faqId} · ${e.question}`, value: e.answer.slice(0, 300) })),
    };
  }
  if (action === 'faq-remove') {
    await faq.remove(ctx.communityId, need(args.key, 'key'));
    await audit(ctx, 'faq-remove', { faqId: args.key });
    return { ephemeral: true, tone: 'success', text: ctx.t('config.faqRemoved', { faq: args.key }) };
  }
  const entry = await faq.add(ctx.communityId, need(args.question, 'question'), need(args.answer, 'answer'), ctx.now);
  await audit(ctx, 'faq-add', { faqId: entry.faqId });
  return { ephemeral: true, tone: 'success', text: ctx.t('config.faqAdded', { faq: entry.faqId }) };
}

/**
 * `experiment-start <id> <variants>` (two or three of blend, blend-<w>, popularity, none; the
 * first is the baseline), `experiment-stop`, `experiment-promote <variant>` (served from now on).
 */
async function experimentAction(
  ctx: CommandContext,
  action: 'experiment-start' | 'experiment-stop' | 'experiment-promote',
  args: { key?: string; value?: string },
): Promise<Reply> {
  const { experiments } = ctx.services.insights;
  if (action === 'experiment-stop') {
    const stopped = await experiments.stop(ctx.communityId, ctx.now);
    await audit(ctx, action, { experiment: stopped.experimentId });
    return { ephemeral: true, tone: 'success', text: ctx.t('config.experimentStopped', { id: stopped.experimentId }) };
  }
  if (action === 'experiment-promote') {
    const variant = need(args.value ?? args.key, 'value')
      .trim()
      .toLowerCase();
    const change = editSetting(ctx.community, 'retention.recommender', variant);
    const promoted = await experiments.promote(ctx.communityId, variant, ctx.now);
    if (change.retention) await ctx.services.communities.setRetention(ctx.communityId, change.retention);
    await retrain(ctx);
    await audit(ctx, action, { experiment: promoted.experimentId, variant });
    return { ephemeral: true, tone: 'success', text: ctx.t('config.experimentPromoted', { variant }) };
  }
  const id = need(args.key, 'key').trim().toLowerCase();
  const variants = need(args.value, 'value').split(',');
  const started = await experiments.start(ctx.communityId, id, variants, ctx.now);
  await retrain(ctx);
  await audit(ctx, action, { experiment: id, variants: started.variants });
  return {
    ephemeral: true,
    tone: 'success',
    text: ctx.t('config.experimentStarted', { id, variants: started.variants.join(', ') }),
  };
}

/** Picks of a new blend exist only once trained: train now rather than at the next schedule. */
async function retrain(ctx: CommandContext): Promise<void> {
  const dedupeId = `recommend-train-${ctx.communityId}`;
  await ctx.services.jobs?.enqueue('recommend-train', { communityId: ctx.communityId }, { dedupeId });
}

export default defineCommand({
  name: 'config',
  role: 'admin',
  guildOnly: true,
  formWhenEmpty: true,
  options: [
    { name: 'action', type: 'string', required: true, choices: ACTIONS },
    // Also a webhook URL, and the event types it receives.
    { name: 'key', type: 'string', maxLength: 500 },
    { name: 'value', type: 'string', maxLength: 300 },
    { name: 'question', type: 'string', maxLength: 300 },
    { name: 'answer', type: 'string', maxLength: 1000 },
  ],
  async handle(ctx, args) {
    const { communities } = ctx.services;
    switch (args.action) {
      case 'show':
        return show(ctx);
      case 'events-secret': {
        const secret = randomBytes(24).toString('base64url');
        await communities.setEventsSecret(ctx.communityId, secret);
        await audit(ctx, 'events-secret', {});
        return {
          ephemeral: true,
          tone: 'warning',
          title: ctx.t('config.secretTitle'),
          text: ctx.t('config.secretText', { secret, community: ctx.communityId }),
          sensitive: true,
        };
      }
      case 'set': {
        const key = need(args.key, 'key');
        const change = editSetting(ctx.community, key, need(args.value, 'value'));
        if (change.loyalty) await communities.setLoyalty(ctx.communityId, change.loyalty);
        if (change.support) await communities.setSupport(ctx.communityId, change.support);
        if (change.retention) await communities.setRetention(ctx.communityId, change.retention);
        if (change.limits) await communities.setLimits(ctx.communityId, change.limits);
        await audit(ctx, 'set', { key, value: args.value });
        return { ephemeral: true, tone: 'success', text: ctx.t('config.saved', { key, value: args.value }) };
      }
      case 'channel': {
        const channelId = parseChannel(need(args.value, 'value'));
        await communities.setSupport(ctx.communityId, editChannel(ctx.community, need(args.key, 'key'), channelId));
        await audit(ctx, 'channel', { which: args.key, channelId });
        return {
          ephemeral: true,
          tone: 'success',
          text: ctx.t('config.saved', { key: args.key, value: `#${channelId}` }),
        };
      }
      case 'tier-set':
      case 'tier-remove': {
        const name = need(args.key, 'key');
        const value = args.action === 'tier-set' ? need(args.value, 'value') : null;
        await communities.setLoyalty(ctx.communityId, editTier(ctx.community, name, value));
        await audit(ctx, args.action, { tier: name, value });
        return {
          ephemeral: true,
          tone: 'success',
          text: ctx.t('config.saved', { key: `tier ${name}`, value: value ?? '—' }),
        };
      }
      case 'lexicon-add':
      case 'lexicon-remove': {
        const word = need(args.key, 'key');
        const value = args.action === 'lexicon-add' ? Number(need(args.value, 'value')) : null;
        await communities.setSupport(ctx.communityId, editLexicon(ctx.community, word, value));
        await audit(ctx, args.action, { word, value });
        return {
          ephemeral: true,
          tone: 'success',
          text: ctx.t('config.saved', { key: `lexicon.${word.toLowerCase()}`, value: value ?? '—' }),
        };
      }
      case 'experiment-start':
      case 'experiment-stop':
      case 'experiment-promote':
        return experimentAction(ctx, args.action, args);
      default:
        if ((WEBHOOK_ACTIONS as readonly string[]).includes(args.action))
          return webhookAction(ctx, args.action as WebhookAction, args);
        return faqAction(ctx, args.action, args);
    }
  },
});
