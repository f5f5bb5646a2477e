import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCommandRegistry } from '../../core/dispatch/registry.ts';
import { ERROR_CODES } from '../../core/errors.ts';
import { FEATURES } from '../../core/personas/features.ts';
import { MEMBER_STATUSES } from '../../core/db/models.ts';
import { SAVE_REASONS } from '../../core/retention/settings.ts';
import { SUPPORTED_LOCALES, createTranslator, loadLocaleFile } from '../../core/i18n.ts';

function flatKeys(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? flatKeys(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('locales', () => {
  it('have exactly the same keys in every language', () => {
    const [first, ...rest] = SUPPORTED_LOCALES.map((locale) => flatKeys(loadLocaleFile(locale)).sort());
    for (const keys of rest) expect(keys).toEqual(first);
  });

  it('have no empty strings', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const tree = loadLocaleFile(locale);
      for (const key of flatKeys(tree)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
        expect(String(value).trim(), `${locale}:${key}`).not.toBe('');
      }
    }
  });

  it('define every key the code uses', async () => {
    const translator = await createTranslator('en');
    const used = new Set<string>();
    for (const file of [...sourceFiles('core'), ...sourceFiles('bots'), ...sourceFiles('jobs')]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w-]*\.[\w.-]+)'/g))
        used.add(match[1] as string);
    }
    for (const code of ERROR_CODES) used.add(`errors.${code}`);
    for (const spec of (await loadCommandRegistry()).all()) {
      used.add(`commands.${spec.name}.description`);
      for (const option of spec.options) used.add(`commands.${spec.name}.options.${option.name}`);
    }
    for (const locale of SUPPORTED_LOCALES) used.add(`language.names.${locale}`);
    // Keys built at run time: persona traits and features, churn factors, statuses.
    for (const feature of FEATURES) {
      used.add(`personas.features.${feature}`);
      for (const direction of ['high', 'low']) used.add(`personas.traits.${feature}.${direction}`);
    }
    for (const factor of ['recency', 'inactivity', 'rareBuying', 'negativeSentiment', 'complaints'])
      used.add(`personas.churnFactors.${factor}`);
    for (const status of ['pending', 'placed', 'fulfilled', 'cancelled', 'failed'])
      used.add(`orders.statuses.${status}`);
    for (const reason of ['liked', 'persona', 'new', 'popular']) used.add(`recommend.reasons.${reason}`);
    for (const reason of SAVE_REASONS) used.add(`save.reasons.${reason}`);
    for (const kind of ['pause', 'downgrade', 'bonus']) used.add(`insights.saveRate.offerKinds.${kind}`);
    for (const status of MEMBER_STATUSES) used.add(`membership.statuses.${status}`);
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((key) => !translator.exists(key));
    expect(missing).toEqual([]);
  });
});
