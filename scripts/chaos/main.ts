// `npm run chaos [-- --json] [-- --quick] [-- --only <name>]`: the fault suite. Starts its own
// MongoDB-compatible server, Redis, bot and worker, breaks them one way per scenario, and
// checks the invariants afterwards. Exits non-zero when a scenario fails.
import { SlackClient } from '../lib/slack-client.ts';
import { ServiceStack } from '../lib/stack.ts';
import { TEAM, type Scenario } from './scenario.ts';
import { commerceEvents } from './scenarios/commerce-events.ts';
import { hugeBodies } from './scenarios/huge-bodies.ts';
import { mongoDownLong } from './scenarios/mongo-down-long.ts';
import { mongoRestartDuringRedeem } from './scenarios/mongo-restart-during-redeem.ts';
import { redisFlushall } from './scenarios/redis-flushall.ts';
import { workerKilledMidJob } from './scenarios/worker-killed-mid-job.ts';

const SCENARIOS: Scenario[] = [
  hugeBodies,
  commerceEvents,
  workerKilledMidJob,
  mongoRestartDuringRedeem,
  mongoDownLong,
  redisFlushall,
];

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;

// Faults heal in seconds instead of minutes.
const FAULT_TIMINGS = {
  JOB_LOCK_MS: '2000',
  JOB_STORE_RETRY_MS: '200',
  JOB_SCHEDULES_REASSERT_SECONDS: '2',
  ORDER_REPAIR_AFTER_SECONDS: '2',
};

const stack = new ServiceStack({ name: 'chaos', bots: 1, workers: 1, env: FAULT_TIMINGS });
const results: Array<{ name: string; passed: boolean; detail: string; seconds: number }> = [];
let exitCode = 0;
try {
  await stack.start();
  const slack = new SlackClient(stack.botUrl, stack.slack, TEAM);
  for (const scenario of SCENARIOS.filter((s) => !only || s.name === only)) {
    const started = performance.now();
    const log = (line: string) => !json && console.log(line);
    log(`… ${scenario.name}`);
    try {
      const detail = await scenario.run({ stack, slack, quick });
      results.push({ name: scenario.name, passed: true, detail, seconds: elapsed(started) });
    } catch (error) {
      results.push({ name: scenario.name, passed: false, detail: String(error), seconds: elapsed(started) });
      exitCode = 1;
    }
    const last = results.at(-1);
    log(`${last?.passed ? '✔' : '✖'} ${scenario.name} (${last?.seconds} s): ${last?.detail}`);
  }
} catch (error) {
  results.push({ name: 'setup', passed: false, detail: `${String(error)} (logs in ${stack.dir})`, seconds: 0 });
  exitCode = 1;
} finally {
  const keepLogs = exitCode !== 0;
  if (keepLogs && !json) console.log(`process logs kept in ${stack.dir}`);
  await stack.stop(keepLogs);
}
if (json) console.log(JSON.stringify({ scenarios: results }));
process.exit(exitCode);

function elapsed(started: number): number {
  return Math.round((performance.now() - started) / 100) / 10;
}
