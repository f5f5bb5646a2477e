import type { ArgumentValue } from '../types.ts';
import type { OptionSpec } from './spec.ts';

/** The key under which words left over after the last option are handed on (refused as unexpected). */
export const EXTRA_WORDS = '(extra)';

interface Token {
  text: string;
  /** `name:value` with a name that looks like an option's: the name, lower case. */
  name?: string;
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };
const NAMED = /^([A-Za-z][A-Za-z-]{0,31}):(.*)$/s;

/** Splits typed text into words; quotes ("…", '…', “…”) keep spaces, also after `name:`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i += 1;
    if (i >= text.length) break;
    let word = '';
    let quotedAt = -1;
    while (i < text.length && !/\s/.test(text[i] as string)) {
      const close = QUOTES[text[i] as string];
      const end = close ? text.indexOf(close, i + 1) : -1;
      if (close && end > i) {
        quotedAt = word.length;
        word += text.slice(i + 1, end);
        i = end + 1;
      } else {
        word += text[i];
        i += 1;
      }
    }
    const named = NAMED.exec(word);
    // A colon inside quotes is text ("10:30"), one before them names an option (title:"…").
    const nameEnds = named ? (named[1] as string).length : -1;
    tokens.push(
      named && (quotedAt < 0 || quotedAt > nameEnds)
        ? { text: named[2] as string, name: (named[1] as string).toLowerCase() }
        : { text: word },
    );
  }
  return tokens;
}

/** How many single-letter edits (a swap of neighbours counting as one) turn one word into the other. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The option a misspelt name most likely meant, if one is close. */
export function closestOption(options: readonly OptionSpec[], name: string): string | undefined {
  const ranked = options
    .map((option) => ({ name: option.name, distance: editDistance(option.name, name.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  return best && best.distance <= (best.name.length <= 4 ? 1 : 2) ? best.name : undefined;
}

/**
 * Maps text typed after a command (console, Slack) onto its options: `name:value` in any
 * order, the other words in the order of the options left, the last of which, when it is
 * text, takes the rest so reasons need no quotes. A misspelt `name:` is handed on as given,
 * for the dispatcher to answer with "did you mean"; a colon in anything else is just text.
 */
export function argsFromText(options: readonly OptionSpec[], text: string): Record<string, ArgumentValue> {
  const args: Record<string, ArgumentValue> = {};
  const positional: string[] = [];
  const known = new Set(options.map((option) => option.name));
  for (const token of tokenize(text)) {
    if (token.name && (known.has(token.name) || closestOption(options, token.name))) args[token.name] = token.text;
    else positional.push(token.name ? `${token.name}:${token.text}` : token.text);
  }
  const open = options.filter((option) => !(option.name in args));
  open.forEach((option, index) => {
    const isLast = index === open.length - 1;
    const value = isLast && option.type === 'string' ? positional.slice(index).join(' ') : positional[index];
    if (value !== undefined && value !== '') args[option.name] = value;
  });
  const lastTakesRest = open.at(-1)?.type === 'string';
  if (positional.length > open.length && !lastTakesRest) args[EXTRA_WORDS] = positional.slice(open.length).join(' ');
  return args;
}
