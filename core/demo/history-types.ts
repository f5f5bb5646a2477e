import type { GroupName, Tone } from './history-groups.ts';
import type { Language } from './history-text.ts';

export interface HistoryOptions {
  members: number;
  weeks: number;
  /** Letters, digits, dot, dash or underscore: it becomes part of ids and keys. */
  seed: string;
  /** The history ends here: its last day is the 24 hours before. */
  now: Date;
}

export type CommerceStep = { type: 'purchase' | 'view' | 'like'; id: string; itemId: string; amount?: number };

/** One thing a member did, in time order; every write it leads to is keyed by its ids. */
export type PlannedStep =
  | { kind: 'chat-day'; at: Date; day: number; messages: number }
  | { kind: 'commerce'; at: Date; event: CommerceStep }
  | { kind: 'feedback'; at: Date; requestId: string; channelId: string; text: string; tone: Tone }
  | { kind: 'close-ticket'; at: Date; requestId: string }
  | { kind: 'redeem'; at: Date; itemId: string; requestKey: string }
  | { kind: 'fulfil' | 'cancel'; at: Date; requestKey: string };

export interface PlannedMember {
  userId: string;
  displayName: string;
  language: Language;
  group: GroupName;
  joinAt: Date;
  referrer: string | null;
  steps: PlannedStep[];
}

/** What was said in one channel on one (UTC) day: each text with how often it was said. */
export interface ChannelDay {
  day: string;
  channelId: string;
  texts: Record<string, number>;
}

export interface HistoryPlan {
  /** Identifies this history (seed and size) in ids and idempotency keys. */
  tag: string;
  options: HistoryOptions;
  start: Date;
  days: number;
  members: PlannedMember[];
  channelDays: ChannelDay[];
}
