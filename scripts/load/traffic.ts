import { sleep } from '../lib/processes.ts';
import type { SlackClient } from '../lib/slack-client.ts';
import { ITEM } from './seed.ts';

export const COMMANDS = ['membership', 'points', 'redeem', 'recommend', 'feedback', 'leaderboard'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface SentSlash {
  name: CommandName;
  trigger: string;
  /** performance.now() just before the request left. */
  sentAt: number;
  status: number;
}

export interface SentMessage {
  /** The request's place in the run. */
  index: number;
  ts: string;
  user: string;
  status: number;
  /** Also delivered a second time (to another bot), as Slack does after a timeout. */
  redelivered: boolean;
  /** From the member of the message before it (another bot), stamped just before that one. */
  followUp: boolean;
}

export interface TrafficPlan {
  members: string[];
  rate: number;
  seconds: number;
  /** Share of channel messages among all requests; the rest are slash commands, evenly mixed. */
  messageShare: number;
  /** Share of messages delivered twice. */
  redeliveryShare: number;
  /**
   * Share of messages from the author of the message just before (sent to another bot a
   * moment earlier) but stamped earlier: one member's messages handled out of order.
   */
  followUpShare: number;
}

export interface Traffic {
  slashes: SentSlash[];
  messages: SentMessage[];
  /** Seconds from the first request to the last one leaving. */
  sendSeconds: number;
  /** How far the sender fell behind its own schedule at worst (the driver's own limit). */
  maxLagMs: number;
}

const FEEDBACK = [
  'Love the new rewards, thank you all',
  'The checkout froze again while I was paying',
  'Shipping was fine, nothing special',
];

/** Arguments each command is typed with (never empty: an empty command may open a form instead). */
function argsFor(name: CommandName, i: number): string {
  if (name === 'redeem') return ITEM;
  if (name === 'feedback') return FEEDBACK[i % FEEDBACK.length] as string;
  if (name === 'leaderboard') return i % 2 === 0 ? 'week' : 'all';
  return '';
}

/** Slack's message timestamp (`seconds.micros`, the message's id) for a time in ms. */
function slackTs(ms: number): string {
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}000`;
}

/** A small deterministic generator, so two runs send the same mix. */
function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Open loop: request i leaves at start + i / rate whether or not earlier ones were answered,
 * round-robin across the bots; members take turns, so one member's requests are far apart.
 */
export async function drive(clients: SlackClient[], plan: TrafficPlan): Promise<Traffic> {
  const random = mulberry32(16);
  const total = Math.round(plan.rate * plan.seconds);
  const slashes: SentSlash[] = [];
  const messages: SentMessage[] = [];
  const inFlight: Array<Promise<unknown>> = [];
  const started = performance.now();
  const firstMs = Date.now();
  let maxLagMs = 0;
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / plan.rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else maxLagMs = Math.max(maxLagMs, -wait);
    const client = clients[i % clients.length] as SlackClient;
    let user = plan.members[i % plan.members.length] as string;
    if (random() < plan.messageShare) {
      const previous = messages.at(-1);
      const followUp = previous !== undefined && random() < plan.followUpShare;
      if (followUp) user = previous.user;
      // A Slack ts is unique per channel: 10 ms apart in request order. A follow-up is stamped
      // 5 ms before the message it follows, as if delivered out of order.
      const ts = slackTs(firstMs + (followUp ? previous.index * 10 - 5 : i * 10));
      const sent: SentMessage = {
        index: i,
        ts,
        user,
        status: 0,
        redelivered: random() < plan.redeliveryShare,
        followUp,
      };
      messages.push(sent);
      const message = { user, ts, text: `message ${i} from ${user}` };
      const again = clients[(i + 1) % clients.length] as SlackClient;
      inFlight.push(
        client.message(message).then(async (status) => {
          sent.status = status;
          if (sent.redelivered) await again.message(message, 1);
        }),
      );
      continue;
    }
    const name = COMMANDS[Math.floor(random() * COMMANDS.length)] as CommandName;
    const sentAt = performance.now();
    inFlight.push(
      client.send(user, name, argsFor(name, i)).then(({ trigger, status }) => {
        slashes.push({ name, trigger, sentAt, status });
      }),
    );
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(inFlight);
  return { slashes, messages, sendSeconds, maxLagMs };
}
