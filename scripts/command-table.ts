// Prints the command table for README.md from the registry (`npx tsx scripts/command-table.ts`).
import { commandTable, createTranslator, loadCommandRegistry } from '../core/index.ts';

console.log(commandTable((await loadCommandRegistry()).all(), await createTranslator('en')));
