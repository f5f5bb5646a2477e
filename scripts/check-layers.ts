// Fails when core/ imports a chat platform or queue library, or when imports form a cycle.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import madge from 'madge';

const FORBIDDEN_IN_CORE = [/^discord\.js$/, /^@discordjs\//, /^@slack\//, /^bullmq$/, /\/bots\//, /\/jobs\//];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function forbiddenCoreImports(): string[] {
  const problems: string[] = [];
  for (const file of tsFiles('core')) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)) {
      const target = match[1] as string;
      if (FORBIDDEN_IN_CORE.some((pattern) => pattern.test(target))) problems.push(`${file} imports ${target}`);
    }
  }
  return problems;
}

async function importCycles(): Promise<string[][]> {
  const graph = await madge(['bots', 'core', 'jobs', 'scripts'], {
    fileExtensions: ['ts'],
    tsConfig: 'tsconfig.json',
    detectiveOptions: { ts: { skipTypeImports: false } },
  });
  return graph.circular();
}

const forbidden = forbiddenCoreImports();
const cycles = await importCycles();
for (const problem of forbidden) console.error(`layering: ${problem}`);
for (const cycle of cycles) console.error(`cycle: ${cycle.join(' -> ')}`);
if (forbidden.length > 0 || cycles.length > 0) process.exit(1);
console.log(`layers ok: core/ imports no platform or queue library; no import cycles`);
