import type { FeatureName } from '../personas/features.ts';

export const GROUPS = ['chatter', 'buyer', 'newcomer', 'fading'] as const;
export type GroupName = (typeof GROUPS)[number];

export type Tone = 'positive' | 'neutral' | 'negative';
type Range = readonly [number, number];

/**
 * One planted behaviour of the generated history. Day ranges are fractions of the whole
 * period (0 = its first day, 1 = today), so a shorter or longer history keeps its shape.
 */
export interface Behaviour {
  /** What a manager should recognise in /personas. */
  description: string;
  share: number;
  joinAt: Range;
  /** When the member goes quiet for good (1: still active today). */
  quietFrom: Range;
  /** Chance of chatting on a given active day, and messages on such a day. */
  chatDays: number;
  messages: Range;
  chatTone: Record<Tone, number>;
  /** Tone once the member starts drifting away (the last part of the active period). */
  lateChatTone?: Record<Tone, number>;
  /** Days between shop purchases, or how many purchases in all when `purchaseCount` is set. */
  purchaseEvery: Range | null;
  purchaseCount?: Range;
  views: Range;
  likes: Range;
  /** Weights of catalog tags in what the member looks at, likes and buys. */
  tastes: Record<string, number>;
  /** Rewards the member redeems points for, and how many redemptions at most. */
  redeems: readonly string[];
  maxRedemptions: number;
  feedback: Range;
  feedbackTone: Record<Tone, number>;
  /** Persona traits (feature and direction) that describe this behaviour; tests check them. */
  traits: ReadonlyArray<readonly [FeatureName, 'high' | 'low']>;
}

export const BEHAVIOURS: Record<GroupName, Behaviour> = {
  chatter: {
    description: 'active chatters who rarely buy',
    share: 0.26,
    joinAt: [0.05, 0.45],
    quietFrom: [1, 1],
    chatDays: 0.25,
    messages: [16, 30],
    chatTone: { positive: 0.5, neutral: 0.42, negative: 0.08 },
    purchaseEvery: null,
    views: [3, 6],
    likes: [2, 3],
    tastes: { merch: 3, events: 3, drinks: 2, beans: 0.5 },
    redeems: ['coffee', 'oat-milk', 'syrup', 'tote', 'mug', 'cupping', 'tasting'],
    maxRedemptions: 2,
    feedback: [1, 1],
    feedbackTone: { positive: 0.78, neutral: 0.2, negative: 0.02 },
    traits: [
      ['activity', 'high'],
      ['points', 'high'],
      ['frequency', 'low'],
      ['monetary', 'low'],
    ],
  },
  buyer: {
    description: 'steady buyers',
    share: 0.27,
    joinAt: [0, 0.45],
    quietFrom: [1, 1],
    chatDays: 0.02,
    messages: [2, 5],
    chatTone: { positive: 0.45, neutral: 0.45, negative: 0.1 },
    purchaseEvery: [8, 12],
    views: [2, 5],
    likes: [1, 2],
    tastes: { beans: 4, gear: 2, drinks: 0.5 },
    redeems: ['coffee', 'house-blend', 'dripper', 'decaf'],
    maxRedemptions: 2,
    feedback: [1, 1],
    feedbackTone: { positive: 0.78, neutral: 0.2, negative: 0.02 },
    traits: [
      ['frequency', 'high'],
      ['monetary', 'high'],
      ['recencyDays', 'low'],
    ],
  },
  newcomer: {
    description: 'newcomers',
    share: 0.2,
    joinAt: [0.85, 0.99],
    quietFrom: [1, 1],
    chatDays: 0.2,
    messages: [1, 4],
    chatTone: { positive: 0.35, neutral: 0.55, negative: 0.1 },
    purchaseEvery: null,
    purchaseCount: [1, 1],
    views: [1, 3],
    likes: [0, 1],
    tastes: { drinks: 2, beans: 2, merch: 1 },
    redeems: [],
    maxRedemptions: 0,
    feedback: [1, 1],
    feedbackTone: { positive: 0.55, neutral: 0.3, negative: 0.15 },
    traits: [
      ['tenureDays', 'low'],
      ['activity', 'low'],
      ['points', 'low'],
    ],
  },
  fading: {
    description: 'fading members: unhappy, complaining, gone quiet',
    share: 0.27,
    joinAt: [0, 0.25],
    quietFrom: [0.45, 0.65],
    chatDays: 0.1,
    messages: [2, 6],
    chatTone: { positive: 0.3, neutral: 0.5, negative: 0.2 },
    lateChatTone: { positive: 0.1, neutral: 0.3, negative: 0.6 },
    purchaseEvery: null,
    purchaseCount: [2, 2],
    views: [2, 4],
    likes: [0, 1],
    tastes: { gear: 2, beans: 2, merch: 1 },
    redeems: [],
    maxRedemptions: 0,
    feedback: [2, 2],
    feedbackTone: { positive: 0, neutral: 0.05, negative: 0.95 },
    traits: [
      ['complaintShare', 'high'],
      ['sentiment', 'low'],
      ['recencyDays', 'high'],
    ],
  },
};

/** Chat channels of the generated history; all of them are scored for passive sentiment. */
export const HISTORY_CHANNELS = ['general', 'brewing', 'help', 'lounge-zh'] as const;
