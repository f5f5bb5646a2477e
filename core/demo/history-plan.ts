import { loyaltySettings } from '../loyalty/settings.ts';
import { BEHAVIOURS, GROUPS, type Behaviour, type GroupName, type Tone } from './history-groups.ts';
import { HISTORY_ITEMS, tagOf } from './history-catalog.ts';
import { displayName, sentence, type Language } from './history-text.ts';
import { SeededRandom } from './random.ts';
import { planSpending } from './history-spending.ts';
import type {
  ChannelDay,
  CommerceStep,
  HistoryOptions,
  HistoryPlan,
  PlannedMember,
  PlannedStep,
} from './history-types.ts';

const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

/** Referrals resolve a code by scanning members on FerretDB, so a large history keeps to a few. */
const MAX_REFERRALS = 150;

interface Sketch {
  index: number;
  group: GroupName;
  language: Language;
  joinDay: number;
  lastDay: number;
}

/** The same options (seed, size, end) always give the same plan: a seeded random source drives all of it. */
export function planHistory(options: HistoryOptions): HistoryPlan {
  const random = new SeededRandom(`${options.seed}|${options.members}|${options.weeks}`);
  const days = options.weeks * 7;
  const start = new Date(options.now.getTime() - days * DAY_MS);
  const tag = `${options.seed}.${options.members}x${options.weeks}`;
  const width = Math.max(3, String(options.members).length);
  const userId = (index: number) => `m${String(index + 1).padStart(width, '0')}`;
  const sketches = sketchMembers(random, options.members, days);
  const referrers = pickReferrers(random, sketches);
  const channelDays = new Map<string, ChannelDay>();
  const members = sketches.map((sketch): PlannedMember => {
    const id = userId(sketch.index);
    const referrer = referrers.get(sketch.index);
    const planner = new MemberPlanner(random, sketch, { tag, userId: id, start, now: options.now, channelDays });
    return {
      userId: id,
      displayName: displayName(random, sketch.language),
      language: sketch.language,
      group: sketch.group,
      joinAt: new Date(start.getTime() + sketch.joinDay * DAY_MS + random.int(5, 55) * 60_000),
      referrer: referrer === undefined ? null : userId(referrer),
      steps: planner.steps(referrer !== undefined),
    };
  });
  return {
    tag,
    options,
    start,
    days,
    members,
    channelDays: [...channelDays.values()].sort((a, b) => (a.day + a.channelId).localeCompare(b.day + b.channelId)),
  };
}

function sketchMembers(random: SeededRandom, count: number, days: number): Sketch[] {
  const shares = Object.fromEntries(GROUPS.map((g) => [g, BEHAVIOURS[g].share])) as Record<GroupName, number>;
  const dayIn = ([from, to]: readonly [number, number]) =>
    Math.min(days - 1, Math.max(0, Math.floor((from + (to - from) * random.next()) * days)));
  return Array.from({ length: count }, (_, index) => {
    const group = random.weighted(shares);
    const behaviour = BEHAVIOURS[group];
    const joinDay = dayIn(behaviour.joinAt);
    const quiet = behaviour.quietFrom[0] >= 1 ? days : dayIn(behaviour.quietFrom);
    return {
      index,
      group,
      language: random.chance(0.25) ? 'zh' : 'en',
      joinDay,
      lastDay: Math.min(days - 1, Math.max(joinDay + 7, quiet - 1)),
    };
  });
}

/** Newcomers often came through a referral; a few others did too. Referrers are members who stay. */
function pickReferrers(random: SeededRandom, sketches: Sketch[]): Map<number, number> {
  const referrers = new Map<number, number>();
  const byJoin = [...sketches].sort((a, b) => a.joinDay - b.joinDay || a.index - b.index);
  for (const sketch of byJoin) {
    if (referrers.size >= MAX_REFERRALS) break;
    if (!random.chance(sketch.group === 'newcomer' ? 0.35 : 0.06)) continue;
    const candidates = byJoin.filter(
      (other) => other.joinDay < sketch.joinDay && (other.group === 'chatter' || other.group === 'buyer'),
    );
    if (candidates.length > 0) referrers.set(sketch.index, random.pick(candidates).index);
  }
  return referrers;
}

interface PlanContext {
  tag: string;
  userId: string;
  start: Date;
  now: Date;
  channelDays: Map<string, ChannelDay>;
}

const DEFAULTS = loyaltySettings(null);
const PRODUCTS = HISTORY_ITEMS.filter((item) => item.kind === 'product');

class MemberPlanner {
  private readonly behaviour: Behaviour;
  private readonly list: PlannedStep[] = [];
  private counter = 0;

  constructor(
    private readonly random: SeededRandom,
    private readonly sketch: Sketch,
    private readonly context: PlanContext,
  ) {
    this.behaviour = BEHAVIOURS[sketch.group];
  }

  steps(referred: boolean): PlannedStep[] {
    this.chat();
    this.purchases();
    this.browsing();
    this.feedback();
    const sorted = this.list.sort((a, b) => a.at.getTime() - b.at.getTime());
    const spending = planSpending(this.random, sorted, {
      behaviour: this.behaviour,
      key: (kind) => this.id(kind),
      startBalance: referred ? DEFAULTS.referral.referee : 0,
      settings: DEFAULTS,
      end: this.context.now,
    });
    return [...sorted, ...spending].sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  private chat(): void {
    const { behaviour, random, sketch } = this;
    const lateFrom = sketch.joinDay + 0.6 * (sketch.lastDay - sketch.joinDay);
    for (let day = sketch.joinDay; day <= sketch.lastDay; day += 1) {
      if (!random.chance(behaviour.chatDays)) continue;
      const messages = random.int(behaviour.messages[0], behaviour.messages[1]);
      const tones = behaviour.lateChatTone && day >= lateFrom ? behaviour.lateChatTone : behaviour.chatTone;
      let at = this.at(day, 1 + random.next());
      for (let i = 0; i < messages; i += 1) {
        const tone = random.weighted(tones);
        this.said(at, this.channel(tone), sentence(random, 'chat', sketch.language, tone, this.tasteItem()));
        at = new Date(at.getTime() + random.int(2, 50) * 60_000);
      }
      // Chat points are credited once a day, as the day's flush would.
      this.list.push({ kind: 'chat-day', at: this.at(day, 24, -1000), day, messages });
    }
  }

  private purchases(): void {
    const { behaviour, random, sketch } = this;
    const purchaseDays: number[] = [];
    if (behaviour.purchaseEvery) {
      const [min, max] = behaviour.purchaseEvery;
      for (let day = sketch.joinDay + random.int(0, 3); day <= sketch.lastDay; day += random.int(min, max))
        purchaseDays.push(day);
    } else if (behaviour.purchaseCount) {
      // One-off buyers buy early on: a first order after joining, or before drifting away.
      const count = random.int(behaviour.purchaseCount[0], behaviour.purchaseCount[1]);
      const until = sketch.joinDay + Math.floor((sketch.lastDay - sketch.joinDay) / 2);
      for (let i = 0; i < count; i += 1) purchaseDays.push(random.int(sketch.joinDay, until));
    }
    for (const day of purchaseDays) {
      const item = this.tasteItem(PRODUCTS.map((p) => p.itemId));
      const at = this.at(day, 8 + random.next() * 12);
      if (random.chance(0.6)) this.commerce(new Date(at.getTime() - random.int(10, 60) * 60_000), 'view', item);
      const cost = PRODUCTS.find((p) => p.itemId === item)?.cost ?? 200;
      this.commerce(at, 'purchase', item, Math.round(cost * (0.08 + 0.04 * random.next()) * 2) / 2);
    }
  }

  private browsing(): void {
    const { behaviour, random, sketch } = this;
    for (const [type, range] of [
      ['view', behaviour.views],
      ['like', behaviour.likes],
    ] as const) {
      const count = random.int(range[0], range[1]);
      for (let i = 0; i < count; i += 1)
        this.commerce(
          this.at(random.int(sketch.joinDay, sketch.lastDay), 1 + random.next() * 22),
          type,
          this.tasteItem(),
        );
    }
  }

  private feedback(): void {
    const { behaviour, random, sketch } = this;
    const count = random.int(behaviour.feedback[0], behaviour.feedback[1]);
    const span = sketch.lastDay - sketch.joinDay;
    // Fading members complain near the end of their active time; the others at any time.
    const from = sketch.group === 'fading' ? sketch.joinDay + Math.floor(0.6 * span) : sketch.joinDay;
    for (let i = 0; i < count; i += 1) {
      const tone = random.weighted(behaviour.feedbackTone);
      const at = this.at(random.int(from, sketch.lastDay), 1 + random.next() * 22);
      const requestId = this.id('fb');
      const text = sentence(random, 'feedback', sketch.language, tone, this.tasteItem());
      this.list.push({
        kind: 'feedback',
        at,
        requestId,
        channelId: tone === 'negative' ? 'help' : 'general',
        text,
        tone,
      });
      const closeAt = new Date(at.getTime() + random.int(20, 96) * HOUR_MS);
      if (tone === 'negative' && random.chance(0.85) && closeAt < this.context.now)
        this.list.push({ kind: 'close-ticket', at: closeAt, requestId });
    }
  }

  private commerce(at: Date, type: CommerceStep['type'], itemId: string, amount?: number): void {
    const id = `${this.context.tag}:${this.context.userId}:${this.id(type[0] as string)}`;
    this.list.push({ kind: 'commerce', at, event: { type, id, itemId, ...(amount ? { amount } : {}) } });
  }

  private said(at: Date, channelId: string, text: string): void {
    const day = at.toISOString().slice(0, 10);
    const key = `${day}|${channelId}`;
    const entry = this.context.channelDays.get(key) ?? { day, channelId, texts: {} };
    entry.texts[text] = (entry.texts[text] ?? 0) + 1;
    this.context.channelDays.set(key, entry);
  }

  private channel(tone: Tone): string {
    if (this.sketch.language === 'zh')
      return this.random.weighted({
        'lounge-zh': 0.6,
        general: 0.2,
        brewing: 0.1,
        help: tone === 'negative' ? 0.3 : 0,
      });
    return tone === 'negative'
      ? this.random.weighted({ help: 0.5, general: 0.4, brewing: 0.1 })
      : this.random.weighted({ general: 0.5, brewing: 0.45, help: 0.05 });
  }

  /** An item the member cares about: a tag by the member's tastes, then an item with that tag. */
  private tasteItem(among: string[] = HISTORY_ITEMS.map((item) => item.itemId)): string {
    const tags = Object.fromEntries(
      Object.entries(this.behaviour.tastes).filter(([tag]) => among.some((id) => tagOf(id) === tag)),
    );
    if (Object.keys(tags).length === 0) return this.random.pick(among);
    const tag = this.random.weighted(tags);
    return this.random.pick(among.filter((id) => tagOf(id) === tag));
  }

  /** A time on a day of the history: `hours` after the day began, never after its end. */
  private at(day: number, hours: number, offsetMs = 0): Date {
    const end = Math.min(this.context.start.getTime() + (day + 1) * DAY_MS, this.context.now.getTime()) - 1000;
    return new Date(Math.min(end, this.context.start.getTime() + day * DAY_MS + hours * HOUR_MS + offsetMs));
  }

  private id(kind: string): string {
    this.counter += 1;
    return `${kind}${this.counter}`;
  }
}
