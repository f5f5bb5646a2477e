import { z } from 'zod';
import type { CommunityDoc } from '../db/models.ts';

const channelId = z.string().regex(/^[\w.-]{1,64}$/);

/** Per-community support and sentiment settings, with defaults. */
export const supportSettingsSchema = z.object({
  /** Feedback scoring at or below this opens a ticket. */
  ticketThreshold: z.number().min(-1).max(0).default(-0.4),
  /** /ask answers only when the best FAQ match is at least this similar (0…1). */
  faqThreshold: z.number().min(0).max(1).default(0.3),
  staffChannelId: channelId.nullable().default(null),
  digestChannelId: channelId.nullable().default(null),
  /** Where campaigns are announced to members when they start. */
  announceChannelId: channelId.nullable().default(null),
  /** Hour of the day (UTC) the daily digest is posted. */
  digestHour: z.number().int().min(0).max(23).default(9),
  /** Channels whose messages are scored passively (aggregates only). */
  sentimentChannels: z.array(channelId).max(50).default([]),
  /** Keep passive message text for digests' themes and quotes (off: only counts are kept). */
  storePassiveText: z.boolean().default(false),
  /** Points for rating a closed ticket (once per ticket); 0 turns them off. */
  csatPoints: z.number().int().min(0).max(1000).default(10),
  /** The community's own words and their sentiment (−4…4), added to the lexicon. */
  lexicon: z.record(z.string().min(1).max(40), z.number().min(-4).max(4)).default({}),
});

export type SupportSettings = z.infer<typeof supportSettingsSchema>;

export function supportSettings(community: Pick<CommunityDoc, 'support'> | null | undefined): SupportSettings {
  const parsed = supportSettingsSchema.safeParse(community?.support ?? {});
  return parsed.success ? parsed.data : supportSettingsSchema.parse({});
}
