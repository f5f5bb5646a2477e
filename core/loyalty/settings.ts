import { z } from 'zod';
import type { CommunityDoc } from '../db/models.ts';
import { canonicalTimeZone } from '../time-zone.ts';

const localizedText = z.object({ en: z.string().max(300).default(''), 'zh-CN': z.string().max(300).default('') });

const tierSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,23}$/),
  threshold: z.number().int().min(0),
  multiplier: z.number().min(1).max(5).default(1),
  benefits: localizedText.default({ en: '', 'zh-CN': '' }),
});
export type Tier = z.infer<typeof tierSchema>;

const DEFAULT_TIERS: Tier[] = [
  {
    name: 'free',
    threshold: 0,
    multiplier: 1,
    benefits: { en: 'Earn points and redeem rewards', 'zh-CN': '赚取积分并兑换奖励' },
  },
  {
    name: 'silver',
    threshold: 500,
    multiplier: 1.1,
    benefits: { en: '10% more points on everything', 'zh-CN': '所有积分多得 10%' },
  },
  {
    name: 'gold',
    threshold: 2000,
    multiplier: 1.25,
    benefits: { en: '25% more points, early access to rewards', 'zh-CN': '积分多得 25%，优先兑换奖励' },
  },
  {
    name: 'platinum',
    threshold: 5000,
    multiplier: 1.5,
    benefits: { en: '50% more points, exclusive rewards', 'zh-CN': '积分多得 50%，专属奖励' },
  },
];

const DEFAULT_CHAT = {
  points: 1,
  cooldownSeconds: 60,
  dailyCap: 30,
  quality: true,
  helpBonus: 3,
  helpDailyCap: 15,
  helpfulReaction: '✅',
};

/** Per-community earning rules, tiers and expiry; every field has a sensible default. */
export const loyaltySettingsSchema = z.object({
  chat: z
    .object({
      /** Points for a message of ordinary effort; quality scales it (core/loyalty/chat-quality.ts). */
      points: z.number().int().min(0).max(100).default(1),
      cooldownSeconds: z.number().int().min(0).max(86_400).default(60),
      dailyCap: z.number().int().min(0).max(10_000).default(30),
      /** Off: every message past the cooldown earns `points`, as before quality scoring. */
      quality: z.boolean().default(true),
      /** Bonus for a message others thank or mark with the helpful reaction; 0 turns it off. */
      helpBonus: z.number().int().min(0).max(1000).default(3),
      helpDailyCap: z.number().int().min(0).max(10_000).default(15),
      /** The reaction that marks a message helpful (an emoji, or its Slack name). */
      helpfulReaction: z.string().min(1).max(64).default('✅'),
    })
    .default(DEFAULT_CHAT),
  feedbackPoints: z.number().int().min(0).max(1000).default(5),
  referral: z
    .object({ referrer: z.number().int().min(0).default(50), referee: z.number().int().min(0).default(20) })
    .default({ referrer: 50, referee: 20 }),
  purchasePointsPerUnit: z.number().min(0).max(1000).default(1),
  streak: z
    .object({ days: z.number().int().min(2).max(365).default(7), bonus: z.number().int().min(0).default(25) })
    .default({ days: 7, bonus: 25 }),
  expiry: z
    .object({
      /** 0 disables expiry. */
      days: z.number().int().min(0).max(3650).default(365),
      warnDays: z.number().int().min(0).max(365).default(14),
    })
    .default({ days: 365, warnDays: 14 }),
  tierBasis: z.enum(['lifetime', 'rolling12m']).default('lifetime'),
  /** Hours a member may cancel their own order after placing it (admins may always). */
  orderCancelHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 90)
    .default(24),
  tiers: z
    .array(tierSchema)
    .min(1)
    .refine((tiers) => tiers.some((t) => t.threshold === 0), 'one tier must start at 0')
    .default(DEFAULT_TIERS),
  /** IANA time zone the community reads campaign windows and anniversaries in (`Europe/Berlin`). */
  timeZone: z
    .string()
    .refine((name) => canonicalTimeZone(name) !== null, 'an IANA time zone')
    .transform((name) => canonicalTimeZone(name) ?? 'UTC')
    .default('UTC'),
  membership: z
    .object({
      reminderDays: z.number().int().min(0).max(60).default(7),
      graceDays: z.number().int().min(0).max(60).default(3),
    })
    .default({ reminderDays: 7, graceDays: 3 }),
});

export type LoyaltySettings = z.infer<typeof loyaltySettingsSchema>;

/** The community's settings over the defaults; a stored value that no longer validates falls back whole. */
export function loyaltySettings(community: Pick<CommunityDoc, 'loyalty'> | null | undefined): LoyaltySettings {
  const parsed = loyaltySettingsSchema.safeParse(community?.loyalty ?? {});
  return parsed.success ? sortTiers(parsed.data) : sortTiers(loyaltySettingsSchema.parse({}));
}

function sortTiers(settings: LoyaltySettings): LoyaltySettings {
  return { ...settings, tiers: [...settings.tiers].sort((a, b) => a.threshold - b.threshold) };
}
