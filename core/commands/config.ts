import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.ts';
import { defineCommand } from '../dispatch/spec.ts';
import { loyaltySettings, loyaltySettingsSchema } from '../loyalty/settings.ts';

/** Settings an admin may change from chat, as paths into the loyalty settings. */
const SETTABLE = [
  'chat.points',
  'chat.cooldownSeconds',
  'chat.dailyCap',
  'feedbackPoints',
  'referral.referrer',
  'referral.referee',
  'purchasePointsPerUnit',
  'streak.days',
  'streak.bonus',
  'expiry.days',
  'expiry.warnDays',
  'tierBasis',
  'membership.reminderDays',
  'membership.graceDays',
] as const;

function withSetting(settings: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head = '', tail] = path.split('.');
  if (!tail) return { ...settings, [head]: value };
  return { ...settings, [head]: { ...(settings[head] as Record<string, unknown>), [tail]: value } };
}

export default defineCommand({
  name: 'config',
  role: 'admin',
  guildOnly: true,
  options: [
    { name: 'action', type: 'string', required: true, choices: ['show', 'set', 'events-secret'] },
    { name: 'key', type: 'string', choices: SETTABLE },
    { name: 'value', type: 'string', maxLength: 40 },
  ],
  async handle(ctx, args) {
    const current = loyaltySettings(ctx.community);
    if (args.action === 'show') {
      const flat = SETTABLE.map((path) => `${path} = ${String(path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], current))}`);
      const tiers = current.tiers.map((tier) => `${tier.name} ≥ ${tier.threshold} (×${tier.multiplier})`).join(', ');
      return { ephemeral: true, tone: 'info', title: ctx.t('config.title'), text: `${flat.join('\n')}\ntiers: ${tiers}` };
    }
    if (args.action === 'events-secret') {
      const secret = randomBytes(24).toString('base64url');
      await ctx.services.communities.setEventsSecret(ctx.communityId, secret);
      await ctx.services.audit.record({ communityId: ctx.communityId, key: `config.events-secret:${ctx.invocationId}`, action: 'config.events-secret', actorId: ctx.userId, at: ctx.now });
      return { ephemeral: true, tone: 'warning', title: ctx.t('config.secretTitle'), text: ctx.t('config.secretText', { secret, community: ctx.communityId }) };
    }
    if (!args.key || args.value === undefined) throw new UserError('ARGS.MISSING', { option: args.key ? 'value' : 'key' });
    const value = args.key === 'tierBasis' ? args.value : Number(args.value);
    const next = loyaltySettingsSchema.safeParse(withSetting(current as unknown as Record<string, unknown>, args.key, value));
    if (!next.success) throw new UserError('CONFIG.INVALID', { key: args.key, value: args.value });
    await ctx.services.communities.setLoyalty(ctx.communityId, next.data);
    await ctx.services.audit.record({ communityId: ctx.communityId, key: `config.set:${ctx.invocationId}`, action: 'config.set', actorId: ctx.userId, details: { key: args.key, value }, at: ctx.now });
    return { ephemeral: true, tone: 'success', text: ctx.t('config.saved', { key: args.key, value: args.value }) };
  },
});
