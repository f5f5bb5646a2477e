import { UserError } from '../errors.ts';
import type { ArgumentValue } from '../types.ts';
import type { OptionSpec } from './spec.ts';
import { closestOption, EXTRA_WORDS } from './typed-words.ts';

const DEFAULT_MAX_LENGTH = 500;
// Discord and Slack user mentions, and plain ids/names typed in the console.
const USER_PATTERN = /^(?:<@!?(\d+)>|<@([A-Z0-9]+)(?:\|[^>]*)?>|@?([\w.-]{1,64}))$/;

function parseUser(option: OptionSpec, raw: string): string {
  const match = USER_PATTERN.exec(raw.trim());
  const id = match?.[1] ?? match?.[2] ?? match?.[3];
  if (!id) throw new UserError('ARGS.INVALID', { option: option.name, value: raw });
  return id;
}

function parseInteger(option: OptionSpec, raw: ArgumentValue): number {
  const value = typeof raw === 'number' ? raw : /^-?\d+$/.test(String(raw).trim()) ? Number(String(raw).trim()) : NaN;
  if (!Number.isSafeInteger(value)) throw new UserError('ARGS.INVALID', { option: option.name, value: String(raw) });
  if ((option.min !== undefined && value < option.min) || (option.max !== undefined && value > option.max)) {
    throw new UserError('ARGS.INVALID', { option: option.name, value: String(raw) });
  }
  return value;
}

function parseBoolean(option: OptionSpec, raw: ArgumentValue): boolean {
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(text)) return true;
  if (['false', 'no', 'off', '0'].includes(text)) return false;
  throw new UserError('ARGS.INVALID', { option: option.name, value: String(raw) });
}

function parseString(option: OptionSpec, raw: ArgumentValue): string {
  const text = String(raw).trim();
  const maxLength = option.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) throw new UserError('ARGS.TOO_LONG', { option: option.name, max: maxLength });
  if (option.minLength && text.length < option.minLength) {
    throw new UserError('ARGS.TOO_SHORT', { option: option.name, min: option.minLength });
  }
  if (option.choices && !option.choices.includes(text)) {
    throw new UserError('ARGS.NOT_A_CHOICE', { option: option.name, value: text, choices: option.choices.join(', ') });
  }
  return text;
}

function parseOne(option: OptionSpec, raw: ArgumentValue): ArgumentValue {
  switch (option.type) {
    case 'integer':
      return parseInteger(option, raw);
    case 'boolean':
      return parseBoolean(option, raw);
    case 'user':
      return parseUser(option, String(raw));
    case 'string':
      return parseString(option, raw);
  }
}

/** An option a handler needs for the action asked (optional in the spec, required for this action). */
export function need(value: string | undefined, option: string): string {
  if (value === undefined || value.trim() === '') throw new UserError('ARGS.MISSING', { option });
  return value;
}

/**
 * Checks raw arguments against a command's options: only primitives, only known names,
 * required ones present, each of its declared type. Nothing else reaches a handler.
 */
export function parseArguments(
  options: readonly OptionSpec[],
  raw: Record<string, unknown>,
): Record<string, ArgumentValue | undefined> {
  const known = new Set(options.map((o) => o.name));
  const unexpected = Object.keys(raw).find((name) => !known.has(name) && raw[name] !== undefined);
  if (unexpected) {
    if (unexpected === EXTRA_WORDS) throw new UserError('ARGS.EXTRA', { words: String(raw[unexpected]) });
    const meant = closestOption(options, unexpected);
    if (meant) throw new UserError('ARGS.DID_YOU_MEAN', { option: unexpected, suggestion: meant });
    throw new UserError('ARGS.UNEXPECTED', { option: unexpected });
  }

  const parsed: Record<string, ArgumentValue | undefined> = {};
  for (const option of options) {
    const value = raw[option.name];
    const blank = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    if (blank) {
      if (option.required) throw new UserError('ARGS.MISSING', { option: option.name });
      parsed[option.name] = undefined;
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new UserError('ARGS.INVALID', { option: option.name, value: typeof value });
    }
    parsed[option.name] = parseOne(option, value);
  }
  return parsed;
}
