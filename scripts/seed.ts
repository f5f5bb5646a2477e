// `npm run seed -- --community <id> --members N --weeks W [--platform console] [--seed S] [--json]`:
// gives a community a generated past (members, chat, shop events, feedback, tickets, orders,
// referrals), refreshes its personas and trains its recommender, and tells what it wrote.
import { parseArgs } from 'node:util';
import {
  createCore,
  createLogger,
  DEMO_HISTORY,
  exitOnStartupError,
  HistoryConflictError,
  loadConfig,
  PLATFORMS,
  type Platform,
  seedHistory,
  type SeedReport,
} from '../core/index.ts';

const USAGE =
  'usage: npm run seed -- --community <id> [--members N] [--weeks W] [--platform console|discord|slack] ' +
  '[--seed S] [--concurrency C] [--json]';

function options() {
  const { values } = parseArgs({
    options: {
      community: { type: 'string' },
      members: { type: 'string', default: String(DEMO_HISTORY.members) },
      weeks: { type: 'string', default: String(DEMO_HISTORY.weeks) },
      platform: { type: 'string', default: 'console' },
      seed: { type: 'string', default: DEMO_HISTORY.seed },
      concurrency: { type: 'string', default: '6' },
      json: { type: 'boolean', default: false },
    },
  });
  const members = Number(values.members);
  const weeks = Number(values.weeks);
  const concurrency = Number(values.concurrency);
  const problems = [
    !values.community && '--community is required',
    !(Number.isInteger(members) && members >= 1 && members <= 1_000_000) && '--members must be 1…1000000',
    !(Number.isInteger(weeks) && weeks >= 1 && weeks <= 104) && '--weeks must be 1…104',
    !PLATFORMS.includes(values.platform as Platform) && `--platform must be one of ${PLATFORMS.join(', ')}`,
    !/^[\w.-]{1,40}$/.test(values.seed) && '--seed: letters, digits, dot, dash or underscore',
    !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64) && '--concurrency must be 1…64',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) {
    console.error(`${problems.join('\n')}\n${USAGE}`);
    process.exit(2);
  }
  return {
    communityId: values.community as string,
    members,
    weeks,
    seed: values.seed,
    platform: values.platform as Platform,
    concurrency,
    json: values.json,
  };
}

function print(report: SeedReport): void {
  const { seconds: s } = report;
  const verb = report.status === 'seeded' ? 'Seeded' : 'Already seeded:';
  console.log(`${verb} history ${report.tag} in community "${report.communityId}", ending ${report.end}`);
  console.log(
    `Took ${s.total} s` +
      (report.status === 'seeded' ? ` (writing ${s.write} s, personas ${s.personas} s, training ${s.train} s)` : ''),
  );
  const written = Object.entries(report.written).map(([name, count]) => `${name} ${count}`);
  console.log(`Written: ${written.length > 0 ? written.join(', ') : 'nothing'}`);
  if (report.personas) {
    const { k, silhouette, members } = report.personas;
    console.log(`Personas: ${k} over ${members} members (silhouette ${silhouette})`);
  }
  console.log('| planted group | members | persona | share | persona traits | e.g. |\n|---|---|---|---|---|---|');
  for (const g of report.groups) {
    const traits = g.traits.map((t) => `${t.feature} ${t.direction} (${t.z})`).join(', ') || '—';
    const share = `${Math.round(g.share * 100)}%`;
    console.log(`| ${g.description} | ${g.members} | ${g.persona ?? '—'} | ${share} | ${traits} | ${g.example} |`);
  }
}

async function main(): Promise<void> {
  const { json, communityId, ...size } = options();
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const core = await createCore(config, { logger: createLogger(config.LOG_LEVEL, 'seed') });
  try {
    const report = await seedHistory(core, communityId, size);
    if (json) console.log(JSON.stringify(report));
    else print(report);
  } finally {
    await core.close();
  }
}

main().catch((error: unknown) => {
  if (!(error instanceof HistoryConflictError)) exitOnStartupError(error);
  console.error(error.message);
  process.exit(1);
});
