import { randomBytes } from 'node:crypto';
import { type Core, createCore, createLogger, loadConfig } from '../../core/index.ts';

/** Runs a benchmark on a core with its own scratch database and Redis prefix, dropped afterwards. */
export async function withScratchCore<T>(run: (core: Core) => Promise<T>): Promise<T> {
  const suffix = randomBytes(3).toString('hex');
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', REDIS_PREFIX: `bench-${suffix}` });
  const core = await createCore(config, { dbName: `loyalbot_bench_${suffix}`, logger: createLogger('silent') });
  try {
    return await run(core);
  } finally {
    await core.connection.dropDatabase();
    await core.close();
  }
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Prints `--json` output as one object, or a titled two-column table. */
export function report(result: Record<string, number>, title: string, rows: Array<[string, string]>): void {
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log(title);
  console.log('| measure | value |\n|---|---|');
  for (const [measure, value] of rows) console.log(`| ${measure} | ${value} |`);
}

export function exitOnError(error: unknown): never {
  console.error(error);
  process.exit(1);
}
