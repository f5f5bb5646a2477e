import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import subsetFont from 'subset-font';
import { loadLocaleFile, SUPPORTED_LOCALES } from '../i18n.ts';
import { collectionFamilies, faceOfCollection } from './font-collection.ts';

const FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts', '/Library/Fonts', '/System/Library/Fonts'];
const CJK_FONT = /NotoSansCJK-Regular\.tt[cf]$|NotoSansSC-Regular\.[ot]tf$/;
const LATIN_FONT = /DejaVuSans\.ttf$/;

function walk(dir: string, depth = 0): string[] {
  if (depth > 4 || !existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, depth + 1) : [path];
  });
}

/** Every character chart labels can hold: the locales' strings, and printable ASCII for numbers and names. */
function chartCharacters(): string {
  const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
  const strings = SUPPORTED_LOCALES.map((locale) => JSON.stringify(loadLocaleFile(locale))).join('');
  return [...new Set(ascii + strings + '−…—·•％（）：，。、')].join('');
}

/**
 * Shaping text with a full CJK collection (20 MB) costs several milliseconds per label, so
 * charts use a subset of its Simplified Chinese face holding the characters labels can hold,
 * built once and kept in the temp folder; the full font stays behind it for anything else.
 */
async function cjkSubset(cjkFile: string): Promise<string | null> {
  const text = chartCharacters();
  const stamp = statSync(cjkFile);
  const key = createHash('sha256').update(`${cjkFile}|${stamp.size}|${stamp.mtimeMs}|${text}`).digest('hex');
  const dir = join(tmpdir(), 'loyalbot-fonts');
  const path = join(dir, `chart-cjk-${key.slice(0, 16)}.otf`);
  if (existsSync(path)) return path;
  const collection = readFileSync(cjkFile);
  const families = collectionFamilies(collection);
  const face =
    families.length > 0 ? faceOfCollection(collection, Math.max(0, families.indexOf('Noto Sans CJK SC'))) : collection;
  const subset = await subsetFont(face, text, { targetFormat: 'sfnt' });
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${path}.tmp`, subset);
  renameSync(`${path}.tmp`, path);
  return path;
}

let fonts: Promise<string[]> | undefined;

/** The font files charts are drawn with: the CJK subset, a Latin font, the full CJK font behind them. */
export function chartFontFiles(): Promise<string[]> {
  fonts ??= (async () => {
    const files = FONT_DIRS.flatMap((dir) => walk(dir));
    const cjk = files.find((file) => CJK_FONT.test(file));
    const latin = files.find((file) => LATIN_FONT.test(file));
    const subset = cjk ? await cjkSubset(cjk).catch(() => null) : null;
    return [subset, latin, cjk].filter((file): file is string => Boolean(file));
  })();
  return fonts;
}

/** Whether Chinese labels can be drawn: a CJK font is installed (Debian's fonts-noto-cjk). */
export async function hasCjkFont(): Promise<boolean> {
  return (await chartFontFiles()).some((file) => /CJK|SC-/.test(file));
}
