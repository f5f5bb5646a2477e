import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';

/**
 * Loads one definition per file from a folder (commands, jobs): each file's default export
 * must pass the schema and be named like the file, so a name is spelled one way only.
 */
export async function loadFolderModules<T extends { name: string }>(
  folder: URL,
  schema: z.ZodType<T>,
  label: string,
): Promise<T[]> {
  const files = (await readdir(fileURLToPath(folder))).filter((f) => /\.(ts|js|mjs)$/.test(f) && !/\.d\.ts$/.test(f));
  const definitions: T[] = [];
  for (const file of files.sort()) {
    const module = (await import(new URL(file, folder).href)) as { default?: unknown };
    const parsed = schema.safeParse(module.default);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(export)'}: ${issue.message}`);
      throw new Error(`${label} ${file} must export a valid definition as default:\n  ${problems.join('\n  ')}`);
    }
    const expected = basename(file).replace(/\.(ts|js|mjs)$/, '');
    if (parsed.data.name !== expected)
      throw new Error(`${label} ${file} is named "${parsed.data.name}", not "${expected}"`);
    definitions.push(module.default as T);
  }
  return definitions;
}
