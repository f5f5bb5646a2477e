import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandSpecSchema, loadCommandRegistry } from '../../core/dispatch/registry.ts';
import { loadFolderModules } from '../../core/module-folder.ts';

function folderWith(files: Record<string, string>): URL {
  const dir = mkdtempSync(join(tmpdir(), 'loyalbot-modules-'));
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  return pathToFileURL(`${dir}/`);
}

const handle = 'handle: async () => ({ ephemeral: true })';

describe('one definition per file, checked when loaded', () => {
  it('loads every command of core/commands, each named like its file', async () => {
    const names = (await loadCommandRegistry()).all().map((spec) => spec.name);
    expect(names).toContain('cancel-membership');
    expect(names.length).toBeGreaterThan(20);
  });

  it('refuses a file whose definition carries another name', async () => {
    const folder = folderWith({
      'points.mjs': `export default { name: 'balance', role: 'member', options: [], ${handle} };`,
    });
    await expect(loadFolderModules(folder, commandSpecSchema, 'command')).rejects.toThrow(
      'command points.mjs is named "balance", not "points"',
    );
  });

  it('names the field at fault in a malformed command spec', async () => {
    const folder = folderWith({
      'grant.mjs': `export default { name: 'grant', role: 'owner', options: [{ name: 'x', type: 'date' }], ${handle} }`,
    });
    const error = await loadFolderModules(folder, commandSpecSchema, 'command').catch((e: Error) => e);
    expect(String(error)).toContain('role:');
    expect(String(error)).toContain('options.0.type:');
  });
});
