import { z } from 'zod';
import { loadFolderModules } from '../module-folder.ts';
import { ROLES } from '../types.ts';
import { OPTION_TYPES, SUGGESTION_SOURCES, type AnyCommandSpec } from './spec.ts';

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

const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'must be a function');
const name = z.string().regex(/^[a-z][a-z-]{0,31}$/, 'lower-case words joined by dashes, at most 32');

const optionSchema = z
  .object({
    name,
    type: z.enum(OPTION_TYPES),
    required: z.boolean().optional(),
    choices: z.array(z.string().min(1)).min(1).optional(),
    minLength: z.number().int().min(1).optional(),
    maxLength: z.number().int().min(1).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    longText: z.boolean().optional(),
    suggest: z.enum(SUGGESTION_SOURCES).optional(),
  })
  .strict();

/** What every command module must export; checked when the registry loads. */
export const commandSpecSchema = z
  .looseObject({
    name,
    role: z.enum(ROLES),
    options: z.array(optionSchema).max(25),
    guildOnly: z.boolean().optional(),
    formWhenEmpty: z.boolean().optional(),
    handle: fn,
    onButton: fn.optional(),
    whenStoreDown: fn.optional(),
    confirm: fn.optional(),
    confirmPayload: z.custom<z.ZodType>((value) => value instanceof z.ZodType, 'must be a zod schema').optional(),
  })
  .refine((spec) => !spec.confirm || spec.confirmPayload, 'a command with confirm needs a confirmPayload')
  .refine((spec) => spec.options.filter((option) => option.longText).length <= 1, 'at most one longText option');

export async function loadCommandRegistry(): Promise<CommandRegistry> {
  const specs = await loadFolderModules(COMMANDS_DIR, commandSpecSchema, 'command');
  return new CommandRegistry(specs as unknown as AnyCommandSpec[]);
}
