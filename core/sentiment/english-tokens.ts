/** Emoticons and emoji with their sentiment on AFINN's −5…5 scale. */
export const EMOTICONS: Record<string, number> = {
  ':)': 2,
  ':-)': 2,
  ':d': 3,
  ':-d': 3,
  ';)': 2,
  ';-)': 2,
  ':p': 1,
  ':-p': 1,
  '=)': 2,
  ':]': 2,
  '<3': 3,
  xd: 2,
  ':(': -2,
  ':-(': -2,
  ":'(": -3,
  ':/': -1,
  ':-/': -1,
  ':|': -1,
  '>:(': -3,
  'd:': -2,
  '</3': -3,
  ':@': -3,
};

export const EMOJI: Record<string, number> = {
  '😀': 2,
  '😃': 2,
  '😄': 3,
  '😁': 3,
  '😆': 2,
  '😊': 2,
  '🙂': 1,
  '😍': 3,
  '🥰': 3,
  '😘': 2,
  '🤩': 3,
  '😂': 2,
  '🤣': 2,
  '👍': 2,
  '👏': 2,
  '🙌': 2,
  '🎉': 3,
  '❤': 3,
  '❤️': 3,
  '💕': 3,
  '💯': 2,
  '🔥': 2,
  '✨': 1,
  '⭐': 1,
  '🌟': 2,
  '😎': 2,
  '😞': -2,
  '😔': -2,
  '😟': -2,
  '😕': -1,
  '🙁': -2,
  '☹': -2,
  '😢': -2,
  '😭': -3,
  '😠': -3,
  '😡': -4,
  '🤬': -4,
  '👎': -2,
  '💔': -3,
  '😤': -2,
  '😩': -2,
  '😫': -2,
  '🤮': -4,
  '🤢': -3,
  '😒': -2,
  '🙄': -2,
  '😬': -1,
  '😱': -2,
};

const EMOJI_PATTERN = /\p{Extended_Pictographic}\uFE0F?/gu;
const EDGE_PUNCTUATION = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
const TRAILING_MARKS = /([.,;:!?]+)$/;

export interface Token {
  /** Lowercased, elongations squeezed ("soooo" → "soo"). */
  text: string;
  /** Written in capitals in a text that is not all capitals: emphasis. */
  shouted: boolean;
  /** Had three or more repeated letters: emphasis. */
  elongated: boolean;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/[’‘]/g, "'");
}

const plain = (text: string): Token => ({ text, shouted: false, elongated: false });

/**
 * Splits on white space like chat is written: a word loses the punctuation around it unless
 * that would leave two characters or fewer, so emoticons (":)", "=/", "<3") survive whole.
 * Emoji become tokens of their own; closing punctuation becomes a token (clause breaks, "!").
 */
export function tokenizeEnglish(raw: string): Token[] {
  const text = decodeEntities(raw);
  const letters = text.replace(/[^A-Za-z]/g, '');
  const allCaps = letters.length > 3 && letters === letters.toUpperCase();
  const tokens: Token[] = [];
  for (const chunk of text.replace(EMOJI_PATTERN, (emoji) => ` ${emoji} `).split(/\s+/)) {
    if (chunk === '') continue;
    if (EMOJI_PATTERN.test(chunk)) {
      EMOJI_PATTERN.lastIndex = 0;
      tokens.push(plain(chunk.replace('\uFE0F', '')));
      continue;
    }
    const stripped = chunk.replace(EDGE_PUNCTUATION, '');
    // Keep emoticons whole (":)" would strip to nothing); strip words ("no!" → "no").
    const word = stripped.length > 2 || /[A-Za-z]{2}/.test(stripped) ? stripped : chunk;
    const lower = word.toLowerCase();
    const squeezed = lower.replace(/([a-z])\1{2,}/g, '$1$1');
    const shouted =
      !allCaps && /[A-Z]/.test(word) && word.length > 1 && word === word.toUpperCase() && /^[A-Za-z']+$/.test(word);
    tokens.push({ text: squeezed, shouted, elongated: squeezed !== lower });
    const marks = TRAILING_MARKS.exec(chunk)?.[1];
    if (marks && word !== chunk) tokens.push(plain(marks));
  }
  return tokens;
}
