// `npm run eval:chat-points [-- --json] [-- --days N] [-- --data <eval dir>]`: genuine members and
// point farmers chat for a few simulated days through the real chat path (Redis scripts, the
// minute flush, the ledger) in a scratch database, twice — with quality scoring (the default)
// and without it (the old rule: every message past the cooldown earns) — and prints the points
// each group earned per member. Genuine messages are real sentences from the evaluation sets
// (English tweets and reviews, Chinese hotel reviews) mixed with everyday short replies;
// farmers copy-paste one message, flood one-word messages, or cycle a few phrases as bots do.
// Seeded: every run prints the same figures.
import { loadSentimentSets } from './datasets.ts';
import { exitOnError, withScratchCore } from '../bench/scratch.ts';
import { type ChatEvent, type Core, seededRandom } from '../../core/index.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DAYS = Number(arg('--days') ?? 3);
const EVAL_DIR = arg('--data') ?? '../shared/eval';
const GENUINE = 20;
const FARMERS_PER_KIND = 5;
const FARMER_KINDS = ['copyPaste', 'oneWord', 'cycler'] as const;
const DAY_MS = 24 * 3600 * 1000;
const START = Date.UTC(2026, 0, 5);
const random = seededRandom(2026);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

const SHORT_REPLIES = [
  'lol',
  'nice',
  'thanks!',
  'same here',
  'haha true',
  'agreed',
  '+1',
  'good morning everyone',
  '哈哈',
  '好的',
];
const ONE_WORDS = ['hi', 'lol', 'ok', 'nice', 'cool', 'yes', 'wow', 'gg', 'hey', 'yo', '好', '嗯'];

function corpus(): { en: string[]; zh: string[] } {
  const sets = loadSentimentSets(EVAL_DIR);
  const clean = (text: string) => text.replace(/\s+/g, ' ').trim();
  const en = sets
    .filter((set) => set.language === 'en')
    .flatMap((set) => set.rows.map((row) => clean(row.text)))
    .filter((text) => text.length >= 12 && text.length <= 280);
  // A chat line, not a review: the first sentence or two.
  const zh = sets
    .filter((set) => set.language === 'zh')
    .flatMap((set) =>
      set.rows.map((row) =>
        clean(row.text)
          .split(/(?<=[。！？!?])/)
          .slice(0, 2)
          .join(''),
      ),
    )
    .filter((text) => text.length >= 6 && text.length <= 120);
  return { en, zh };
}

interface Speaker {
  id: string;
  group: 'genuine' | (typeof FARMER_KINDS)[number];
  messages: (day: number) => Array<{ at: number; text: string }>;
}

function speakers(lines: { en: string[]; zh: string[] }): Speaker[] {
  const genuine: Speaker[] = Array.from({ length: GENUINE }, (_, i) => ({
    id: `genuine${i}`,
    group: 'genuine',
    // About 30 messages over a waking day, a fifth of them short replies; a quarter of members write Chinese.
    messages: (day) =>
      Array.from({ length: 25 + Math.floor(random() * 10) }, () => ({
        at: START + day * DAY_MS + (9 + random() * 14) * 3600_000,
        text: random() < 0.2 ? pick(SHORT_REPLIES) : pick(i % 4 === 3 ? lines.zh : lines.en),
      })),
  }));
  const farmers = FARMER_KINDS.flatMap((kind) =>
    Array.from({ length: FARMERS_PER_KIND }, (_, i): Speaker => {
      const own = pick(lines.en);
      const phrases = Array.from({ length: 5 }, () => pick(lines.en));
      let n = 0;
      const next = () => {
        n += 1;
        return kind === 'copyPaste' ? own : kind === 'oneWord' ? pick(ONE_WORDS) : (phrases[n % 5] as string);
      };
      // Just past the cooldown, all working day long.
      const messages = (day: number) => {
        const out: Array<{ at: number; text: string }> = [];
        for (let t = START + day * DAY_MS + 9 * 3600_000; t < START + day * DAY_MS + 17 * 3600_000;)
          out.push({ at: (t += (61 + random() * 10) * 1000), text: next() });
        return out;
      };
      return { id: `${kind}${i}`, group: kind, messages };
    }),
  );
  return [...genuine, ...farmers];
}

async function simulate(
  core: Core,
  communityId: string,
  quality: boolean,
  script: Array<ChatEvent & { group: string }>,
) {
  await core.services.communities.ensure('console', communityId);
  await core.services.communities.setLoyalty(communityId, { chat: { quality } });
  const ids = [...new Set(script.map((event) => event.user.id))];
  for (const userId of ids)
    await core.services.members.join({
      communityId,
      platform: 'console',
      userId,
      displayName: userId,
      tier: 'free',
      now: new Date(START - DAY_MS),
    });
  const verdicts: Record<string, Record<string, number>> = {};
  for (const event of script) {
    const outcome = await core.chat({ ...event, communityId, messageId: `${communityId}-${event.messageId}` });
    const kind = event.group === 'genuine' ? 'genuine' : 'farmer';
    const tally = (verdicts[kind] ??= {});
    tally[outcome.verdict ?? 'unscored'] = (tally[outcome.verdict ?? 'unscored'] ?? 0) + 1;
  }
  await core.services.loyalty.maintenance.flushChatPoints();
  const points: Record<string, number> = {};
  for (const userId of ids) {
    const totals = await core.services.loyalty.ledger.totals({ communityId, platform: 'console', userId });
    points[userId] = totals.balance;
  }
  const perMember = (group: (id: string) => boolean) => {
    const chosen = ids.filter(group);
    return chosen.reduce((sum, id) => sum + (points[id] ?? 0), 0) / Math.max(1, chosen.length);
  };
  const genuinePointsPerMember = perMember((id) => id.startsWith('genuine'));
  const farmerPointsPerMember = perMember((id) => !id.startsWith('genuine'));
  return {
    genuinePointsPerMember: round(genuinePointsPerMember),
    farmerPointsPerMember: round(farmerPointsPerMember),
    ratio: round(farmerPointsPerMember / genuinePointsPerMember, 3),
    byFarmer: Object.fromEntries(FARMER_KINDS.map((kind) => [kind, round(perMember((id) => id.startsWith(kind)))])),
    verdicts,
  };
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const lines = corpus();
  const people = speakers(lines);
  let n = 0;
  const script = people
    .flatMap((speaker) =>
      Array.from({ length: DAYS }, (_, day) => speaker.messages(day)).flatMap((messages) =>
        messages.map(({ at, text }) => ({
          platform: 'console' as const,
          communityId: '',
          channelId: 'general',
          messageId: `m${(n += 1)}`,
          user: { id: speaker.id, displayName: speaker.id, role: 'member' as const },
          text,
          at: new Date(at),
          group: speaker.group,
        })),
      ),
    )
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const result = await withScratchCore(async (core) => ({
    days: DAYS,
    messages: {
      genuine: script.filter((e) => e.group === 'genuine').length,
      farmer: script.filter((e) => e.group !== 'genuine').length,
    },
    quality: await simulate(core, 'eval-quality', true, script),
    baseline: await simulate(core, 'eval-baseline', false, script),
  }));
  const { quality } = result;
  const figures = {
    genuinePointsPerMember: quality.genuinePointsPerMember,
    farmerPointsPerMember: quality.farmerPointsPerMember,
    ratio: quality.ratio,
  };
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ ...figures, ...result }));
    return;
  }
  const farmers = FARMER_KINDS.length * FARMERS_PER_KIND;
  console.log(`Chat points over ${DAYS} simulated days: ${GENUINE} genuine members, ${farmers} farmers`);
  console.log('| rule | genuine points/member | farmer points/member | ratio | copy-paste | one-word | cycling bot |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, r] of [
    ['quality (default)', result.quality],
    ['every message past the cooldown', result.baseline],
  ] as const) {
    const cells = [r.genuinePointsPerMember, r.farmerPointsPerMember, r.ratio, ...Object.values(r.byFarmer)];
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  console.log(`genuine messages by verdict: ${JSON.stringify(result.quality.verdicts.genuine)}`);
  console.log(`farmer messages by verdict: ${JSON.stringify(result.quality.verdicts.farmer)}`);
}

await main().catch(exitOnError);
