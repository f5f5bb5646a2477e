import { UserError } from '../errors.ts';
import type { RateLimit } from '../stores/rate-limiter.ts';
import { parseRateLimit, rateLimitsSchema } from './rate-limits.ts';
import type { CommunityDoc } from '../db/models.ts';
import { loyaltySettings, loyaltySettingsSchema } from '../loyalty/settings.ts';
import { retentionSettings, retentionSettingsSchema, SAVE_REASONS } from '../retention/settings.ts';
import { supportSettings, supportSettingsSchema } from '../support/settings.ts';

/** Settings an admin may change from chat: `<group>.<path>` into the loyalty or support settings. */
export const SETTABLE_KEYS = [
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
  'orderCancelHours',
  'membership.reminderDays',
  'membership.graceDays',
  'timeZone',
  'support.ticketThreshold',
  'support.faqThreshold',
  'support.digestHour',
  'support.storePassiveText',
  'support.csatPoints',
  'chat.quality',
  'chat.helpBonus',
  'chat.helpDailyCap',
  'chat.helpfulReaction',
  'retention.saveFlow',
  ...SAVE_REASONS.map((reason) => `retention.offers.${reason}` as const),
  'retention.bonusPoints',
  'retention.pauseMonths',
  'retention.nudges',
  'retention.nudgeThreshold',
  'retention.nudgeControl',
  'retention.nudgeBonus',
  'retention.recommender',
] as const;

const TEXT_VALUES = new Set<string>([
  'tierBasis',
  'timeZone',
  'chat.helpfulReaction',
  'retention.recommender',
  ...SAVE_REASONS.map((reason) => `retention.offers.${reason}`),
]);
const BOOLEAN_VALUES = new Set(['support.storePassiveText', 'chat.quality', 'retention.saveFlow', 'retention.nudges']);

function withPath(settings: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head = '', ...rest] = path;
  if (rest.length === 0) return { ...settings, [head]: value };
  return { ...settings, [head]: withPath((settings[head] as Record<string, unknown>) ?? {}, rest, value) };
}

function parseValue(key: string, raw: string): unknown {
  if (TEXT_VALUES.has(key)) return raw;
  if (BOOLEAN_VALUES.has(key))
    return ['on', 'true', 'yes', '1'].includes(raw.toLowerCase())
      ? true
      : ['off', 'false', 'no', '0'].includes(raw.toLowerCase())
        ? false
        : raw;
  return raw.trim() === '' ? raw : Number(raw);
}

/** Which settings groups of a community one edit replaces (each validated whole). */
export interface SettingsChange {
  loyalty?: Record<string, unknown>;
  support?: Record<string, unknown>;
  retention?: Record<string, unknown>;
  limits?: Record<string, RateLimit>;
}

/** `/config set limits.<command> <count>/<seconds>`: how often each user may run a command. */
function editRateLimit(community: CommunityDoc, command: string, raw: string): Record<string, RateLimit> {
  const limit = parseRateLimit(raw);
  const next = rateLimitsSchema.safeParse({ ...(community.limits as object), [command]: limit });
  if (!limit || !next.success) throw new UserError('CONFIG.INVALID', { key: `limits.${command}`, value: raw });
  return next.data;
}

/** Validates one change against the whole settings schema; nothing is saved when it fails. */
export function editSetting(community: CommunityDoc, key: string, raw: string): SettingsChange {
  if (key.startsWith('limits.')) return { limits: editRateLimit(community, key.slice('limits.'.length), raw) };
  if (!(SETTABLE_KEYS as readonly string[]).includes(key)) throw new UserError('CONFIG.INVALID', { key, value: raw });
  const value = parseValue(key, raw);
  if (key.startsWith('support.')) {
    const next = supportSettingsSchema.safeParse(
      withPath(supportSettings(community) as unknown as Record<string, unknown>, key.split('.').slice(1), value),
    );
    if (!next.success) throw new UserError('CONFIG.INVALID', { key, value: raw });
    return { support: next.data };
  }
  if (key.startsWith('retention.')) {
    const next = retentionSettingsSchema.safeParse(
      withPath(retentionSettings(community) as unknown as Record<string, unknown>, key.split('.').slice(1), value),
    );
    if (!next.success) throw new UserError('CONFIG.INVALID', { key, value: raw });
    return { retention: next.data };
  }
  const next = loyaltySettingsSchema.safeParse(
    withPath(loyaltySettings(community) as unknown as Record<string, unknown>, key.split('.'), value),
  );
  if (!next.success) throw new UserError('CONFIG.INVALID', { key, value: raw });
  return { loyalty: next.data };
}

/** Current value of a settable key, for /config show. */
export function settingValue(community: CommunityDoc, key: string): string {
  const group = key.split('.')[0];
  const source =
    group === 'support'
      ? supportSettings(community)
      : group === 'retention'
        ? retentionSettings(community)
        : loyaltySettings(community);
  const path = group === 'support' || group === 'retention' ? key.split('.').slice(1) : key.split('.');
  return String(path.reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], source));
}

const CHANNEL_PATTERN = /^(?:<#(\d+)(?:\|[^>]*)?>|#?([\w.-]{1,64}))$/;

export function parseChannel(raw: string): string {
  const match = CHANNEL_PATTERN.exec(raw.trim());
  const id = match?.[1] ?? match?.[2];
  if (!id) throw new UserError('ARGS.INVALID', { option: 'value', value: raw });
  return id;
}

/** Which channel setting a `/config channel <key> <channel>` changes. */
export function editChannel(community: CommunityDoc, which: string, channelId: string): Record<string, unknown> {
  const settings = supportSettings(community);
  const channels = new Set(settings.sentimentChannels);
  switch (which) {
    case 'staff':
      return { ...settings, staffChannelId: channelId };
    case 'digest':
      return { ...settings, digestChannelId: channelId };
    case 'announce':
      return { ...settings, announceChannelId: channelId };
    case 'sentiment-add':
      return { ...settings, sentimentChannels: [...channels.add(channelId)] };
    case 'sentiment-remove':
      channels.delete(channelId);
      return { ...settings, sentimentChannels: [...channels] };
    default:
      throw new UserError('ARGS.NOT_A_CHOICE', {
        option: 'key',
        value: which,
        choices: 'staff, digest, announce, sentiment-add, sentiment-remove',
      });
  }
}

/**
 * Adds, changes (`<threshold> <multiplier>`, e.g. `1000 1.2`) or removes a tier; the tier list
 * is validated whole (one tier must start at 0), and stays sorted by threshold.
 */
export function editTier(community: CommunityDoc, name: string, raw: string | null): Record<string, unknown> {
  const settings = loyaltySettings(community);
  const tierName = name.trim().toLowerCase();
  const others = settings.tiers.filter((tier) => tier.name !== tierName);
  let tiers: unknown[] = others;
  if (raw !== null) {
    const [threshold = '', multiplier = '1'] = raw.trim().split(/\s+/);
    const previous = settings.tiers.find((tier) => tier.name === tierName);
    const tier = { ...previous, name: tierName, threshold: Number(threshold), multiplier: Number(multiplier) };
    tiers = [...others, tier].sort((a, b) => a.threshold - b.threshold);
  } else if (others.length === settings.tiers.length) {
    throw new UserError('CONFIG.INVALID', { key: `tier ${name}`, value: '—' });
  }
  const next = loyaltySettingsSchema.safeParse({ ...settings, tiers });
  if (!next.success) throw new UserError('CONFIG.INVALID', { key: `tier ${name}`, value: raw ?? '—' });
  return next.data;
}

/** Adds or removes a community lexicon word (value −4…4), validated by the schema. */
export function editLexicon(community: CommunityDoc, word: string, value: number | null): Record<string, unknown> {
  const settings = supportSettings(community);
  const lexicon = { ...settings.lexicon };
  const term = word.trim().toLowerCase();
  // Words are keys of a stored object: MongoDB refuses a key with a dot or starting with "$".
  if (term === '' || /[.$]/.test(term)) throw new UserError('CONFIG.INVALID', { key: 'lexicon', value: word });
  if (value === null) delete lexicon[term];
  else lexicon[term] = value;
  const next = supportSettingsSchema.safeParse({ ...settings, lexicon });
  if (!next.success) throw new UserError('CONFIG.INVALID', { key: word, value: String(value) });
  return next.data;
}
