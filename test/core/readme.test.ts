import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandTable } from '../../core/dispatch/command-table.ts';
import { loadCommandRegistry } from '../../core/dispatch/registry.ts';
import { createTranslator } from '../../core/i18n.ts';

describe('README', () => {
  it('lists exactly the registered commands', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = /<!-- commands:start[^>]*-->\n([\s\S]*?)\n<!-- commands:end -->/.exec(readme)?.[1];
    expect(table).toBe(commandTable((await loadCommandRegistry()).all(), await createTranslator('en')));
  });
});
