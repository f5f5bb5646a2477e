// Prints the command table for README.md from the registry (`npx tsx scripts/command-table.ts`).
import { commandTable } from '../core/dispatch/command-table.ts';
import { loadCommandRegistry } from '../core/dispatch/registry.ts';
import { createTranslator } from '../core/i18n.ts';

console.log(commandTable((await loadCommandRegistry()).all(), await createTranslator('en')));
