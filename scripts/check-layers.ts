// `npm run check` (last step): the layering rules, each failure printed with its rule and the
// offending import. See README.md, Architecture.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import madge from 'madge';

interface Import {
  file: string;
  target: string;
  /** The imported file, repo-relative, for relative imports; null for packages. */
  resolved: string | null;
}

const PUBLIC_SURFACE = 'core/index.ts';
const FORBIDDEN_PACKAGES_IN_CORE = [
  /^discord\.js$/,
  /^@discordjs\//,
  /^@slack\//,
  /^bullmq$/,
  /^fastify$/,
  /^@fastify\//,
];
/** Inside core, a file may import files of its own rank or lower: arrows never run back up. */
const CORE_RANKS: Array<[RegExp, number, string]> = [
  [/^core\/(app|index)\.ts$|^core\/demo\//, 7, 'composition root'],
  [/^core\/(dispatch|commands|dashboard)\//, 6, 'dispatch, commands and dashboard pages'],
  [/^core\/(services|chat-events|adapter-api)\.ts$/, 5, 'service wiring'],
  [/^core\/admin\//, 4, 'admin'],
  [
    /^core\/(sentiment|loyalty|support|personas|recommend|insights|retention|charts|campaigns|webhooks|figures)\//,
    3,
    'domain',
  ],
  [/^core\/(stores|identity)\//, 2, 'stores and identity'],
  [/^core\/db\//, 1, 'models'],
  [/^core\/[^/]+\.ts$/, 0, 'base (types, ports, i18n, format, config)'],
];
/** Adapters use the dispatcher and the AdapterApi, never core's insides. */
const ADAPTER_REACH = /\bcore\.(services|models|redis|connection)\b/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:from\s+|import\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((match) => {
    const target = match[1] as string;
    const resolved = target.startsWith('.') ? relative('.', normalize(join(dirname(file), target))) : null;
    return { file, target, resolved };
  });
}

function rankOf(file: string): [number, string] {
  const found = CORE_RANKS.find(([pattern]) => pattern.test(file));
  return found ? [found[1], found[2]] : [Number.POSITIVE_INFINITY, 'unranked'];
}

function coreProblems(imp: Import): string[] {
  const problems: string[] = [];
  if (FORBIDDEN_PACKAGES_IN_CORE.some((pattern) => pattern.test(imp.target))) {
    problems.push(`core/ knows no chat platform, queue library or web framework: ${imp.file} imports ${imp.target}`);
  }
  if (imp.resolved && !imp.resolved.startsWith('core/')) {
    problems.push(`core/ depends on nothing outside it: ${imp.file} imports ${imp.target}`);
  } else if (imp.resolved) {
    const [from, fromName] = rankOf(imp.file);
    const [to, toName] = rankOf(imp.resolved);
    if (to > from) problems.push(`${fromName} must not import ${toName}: ${imp.file} imports ${imp.target}`);
  }
  return problems;
}

function outsideProblems(imp: Import): string[] {
  if (!imp.resolved?.startsWith('core/') || imp.resolved === PUBLIC_SURFACE) return [];
  return [`outside core/, import core only through ${PUBLIC_SURFACE}: ${imp.file} imports ${imp.target}`];
}

function adapterReach(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) =>
      ADAPTER_REACH.test(line)
        ? [`adapters use the dispatcher and AdapterApi, not core's insides: ${file}:${i + 1} ${line.trim()}`]
        : [],
    );
}

async function importCycles(): Promise<string[]> {
  const graph = await madge(['bots', 'core', 'jobs', 'scripts'], {
    fileExtensions: ['ts'],
    tsConfig: 'tsconfig.json',
    detectiveOptions: { ts: { skipTypeImports: false } },
  });
  return graph.circular().map((cycle) => `no import cycles: ${cycle.join(' -> ')}`);
}

// Tests are exempt from the public-surface rule: unit tests exercise core's internal modules.
const problems = [
  ...tsFiles('core').flatMap((file) => importsOf(file).flatMap(coreProblems)),
  ...['bots', 'jobs', 'scripts'].flatMap((dir) =>
    tsFiles(dir).flatMap((file) => importsOf(file).flatMap(outsideProblems)),
  ),
  ...tsFiles('bots').flatMap(adapterReach),
  ...(await importCycles()),
];
for (const problem of problems) console.error(`layering: ${problem}`);
if (problems.length > 0) process.exit(1);
console.log('layers ok: core ranks hold, outside code uses core/index.ts, adapters stay thin, no cycles');
