import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AnyCommandSpec } from './spec.ts';

const COMMANDS_DIR = new URL('../commands/', import.meta.url);

/** All commands by name; built from the files in core/commands, one command each. */
export class CommandRegistry {
  private readonly byName = new Map<string, AnyCommandSpec>();

  constructor(specs: AnyCommandSpec[]) {
    for (const spec of specs) {
      if (this.byName.has(spec.name)) throw new Error(`command ${spec.name} is defined twice`);
      this.byName.set(spec.name, spec);
    }
  }

  get(name: string): AnyCommandSpec | undefined {
    return this.byName.get(name);
  }

  all(): AnyCommandSpec[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

function isCommandSpec(value: unknown): value is AnyCommandSpec {
  return typeof value === 'object' && value !== null && 'name' in value && 'handle' in value && 'options' in value;
}

export async function loadCommandRegistry(): Promise<CommandRegistry> {
  const files = (await readdir(fileURLToPath(COMMANDS_DIR))).filter(
    (f) => /\.(ts|js)$/.test(f) && !/\.(test|d)\.ts$/.test(f),
  );
  const specs: AnyCommandSpec[] = [];
  for (const file of files.sort()) {
    const module = (await import(new URL(file, COMMANDS_DIR).href)) as { default?: unknown };
    if (!isCommandSpec(module.default)) throw new Error(`core/commands/${file} must export a command spec as default`);
    specs.push(module.default);
  }
  return new CommandRegistry(specs);
}
