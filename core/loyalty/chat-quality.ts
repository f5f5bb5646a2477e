import { createHash } from 'node:crypto';

/** How a message was judged; `repeat` is decided in Redis against the member's recent messages. */
export type ChatVerdict = 'ok' | 'low' | 'spam' | 'toxic' | 'repeat';
export const CHAT_VERDICTS: readonly ChatVerdict[] = ['ok', 'low', 'spam', 'toxic', 'repeat'];

export interface ChatAssessment {
  /** Points before cooldown, daily cap and the repeat check: chat.points scaled by effort; 0 earns nothing. */
  points: number;
  verdict: Exclude<ChatVerdict, 'repeat'>;
  /** MinHash of the message's shingles: `SIGNATURE_SIZE` values of four hex digits (near-repeats). */
  signature: string;
  /** The normalized text's hash (exact repeats). */
  fingerprint: string;
  /** A thank-you: as a reply, it earns the replied-to author the help bonus. */
  thanks: boolean;
}

/** Values in a signature, and how many must agree for a near-repeat (an estimated Jaccard ≥ 0.5). */
export const SIGNATURE_SIZE = 12;
export const REPEAT_MATCHES = 6;

// Said to anyone, these are abuse whatever the sentiment score says.
const ABUSE_EN = [
  /\bstfu\b/,
  /\bshut up\b/,
  /\bkys\b/,
  /\bkill yourself\b/,
  /\bf+u+c+k+ (you|u|off)\b/,
  /\bscrew you\b/,
  /\bretard(ed)?s?\b/,
  /\bcunts?\b/,
  /\bnobody (likes|wants) you\b/,
  /\bgo die\b/,
];
const words = (list: string[]) => `\\b(${list.join('|')})\\b`;
// Insults: toxic when aimed at someone ("you idiot", "@sam is a moron"), not at a thing ("a stupid bug").
const INSULTS_EN = new RegExp(
  words([
    'idiots?',
    'stupid',
    'morons?',
    'losers?',
    'dumbass',
    'bitch(es)?',
    'bastards?',
    'assholes?',
    'dickheads?',
    'wankers?',
    'clowns?',
    'trash',
    'garbage',
    'worthless',
    'pathetic',
    'useless',
  ]),
);
const ABUSE_ZH = ['傻逼', '傻b', '白痴', '脑残', '滚蛋', '去死', '操你', '草泥马', '贱人', '蠢货', '智障', '你妈的'];
/** Speaking to someone directly: "you are…", "you idiot", 你是… (not "if you are…", which speaks of anyone). */
const KEEPS_DIRECT = words(['and', 'but', 'so', 'because', 'cause', 'lol', 'omg', 'man', 'dude', 'seriously']);
const AIMED = new RegExp(
  [
    // "you are" opening a sentence or after a word that keeps it direct ("and you are", "lol u r").
    `(^|[^\\w\\s]\\s*|${KEEPS_DIRECT}\\s+)(you|u)\\s+(are|r|were|suck)\\b`,
    `(^|[^\\w\\s]\\s*)you'?re\\b`,
    '\\bur\\b',
    `\\byou\\s+${words(['idiots?', 'morons?', 'losers?', 'clowns?', 'fools?'])}`,
    '你(们)?(是|真是|就是|这个|这种|太)',
  ].join('|'),
);
const THANKS = /\b(thanks|thank you|thank u|thx|tysm|ty|much appreciated|appreciate it)\b|谢谢|多谢|感谢|谢啦|谢了/;
const MENTION = /<@!?[\w]+>|(^|\s)@[\w.-]+/g;
const LINK = /https?:\/\/\S+|www\.\S+/gi;
const EMOJI = /\p{Extended_Pictographic}/gu;
const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}']+/gu;
/** Very negative sentiment aimed at someone counts as toxic. */
const TOXIC_SENTIMENT = -0.8;

/** Lower case, no links or mentions, letters held for emphasis cut to two, punctuation gone. */
function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(LINK, ' ')
    .replace(MENTION, ' ')
    .replace(/(.)\1{2,}/gu, '$1$1')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words, with each Han character a word of its own (no segmentation on the hot path). */
function tokens(normalized: string): string[] {
  const out: string[] = [];
  for (const word of normalized.match(WORD) ?? []) {
    if (HAN.test(word)) for (const char of word) out.push(char);
    else out.push(word);
  }
  return out;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(h: number, seed: number): number {
  let x = (h ^ seed) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const SEEDS = Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix(0x9e3779b9, i + 1));

/** MinHash over word pairs (or, for a short message, character triples). */
function signature(normalized: string, words: string[]): string {
  const shingles =
    words.length >= 3
      ? words.slice(1).map((word, i) => `${words[i]} ${word}`)
      : Array.from({ length: Math.max(1, normalized.length - 2) }, (_, i) => normalized.slice(i, i + 3));
  const hashes = shingles.map(fnv1a);
  // 16 bits of each minimum, four hex digits: small in Redis, and a chance match is 1 in 65,536.
  return SEEDS.map((seed) => (Math.min(...hashes.map((h) => mix(h, seed))) >>> 16).toString(16).padStart(4, '0')).join(
    '',
  );
}

function spammy(text: string, words: string[]): boolean {
  const letters = text.match(/[\p{L}]/gu)?.filter((c) => !HAN.test(c)) ?? [];
  const upper = letters.filter((c) => c !== c.toLowerCase()).length;
  if (letters.length >= 10 && upper / letters.length > 0.7) return true;
  const links = text.match(LINK)?.length ?? 0;
  if (links >= 2 || (links === 1 && words.length < 3)) return true;
  const emoji = text.match(EMOJI)?.length ?? 0;
  const visible = text.replace(/\s/g, '').length;
  if (emoji >= 6 || (emoji >= 3 && emoji * 2 > visible)) return true;
  if ((text.match(MENTION)?.length ?? 0) >= 4) return true;
  if (words.length >= 4) {
    const counts = new Map<string, number>();
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    if (Math.max(...counts.values()) * 2 > words.length) return true;
  }
  return false;
}

function toxic(lower: string, sentiment: ((text: string) => number) | undefined, text: string): boolean {
  if (ABUSE_EN.some((pattern) => pattern.test(lower)) || ABUSE_ZH.some((word) => lower.includes(word))) return true;
  const addressed = AIMED.test(lower);
  // An insult with a mention or a direct "you"; hostility by sentiment only when said to someone's face.
  if (INSULTS_EN.test(lower) && (addressed || new RegExp(MENTION.source).test(text))) return true;
  return addressed && sentiment !== undefined && sentiment(text) <= TOXIC_SENTIMENT;
}

/**
 * Effort with diminishing returns: distinct words (a Han character counts half) and length,
 * 0…2 times the community's chat points. One word earns nothing; a real sentence earns the
 * points; a long, varied message up to twice that.
 */
export function effort(words: string[], length: number): number {
  const latin = new Set(words.filter((w) => !HAN.test(w))).size;
  const han = new Set(words.filter((w) => HAN.test(w))).size;
  const x = latin + han / 2 + Math.min(length, 400) / 50;
  return 2 * (1 - Math.exp(-x / 8));
}

/**
 * Judges one chat message, on the hot path and without I/O: effort, spam (shouting, link
 * floods, emoji walls, one word over and over), toxicity (abuse in a small lexicon in both
 * languages; insults or very negative sentiment aimed at someone, when a scorer is given). Repeats need the
 * member's recent messages: the signature and fingerprint let Redis decide in the same call.
 */
export function assessChat(
  text: string,
  options: { basePoints: number; sentiment?: (text: string) => number },
): ChatAssessment {
  const normalized = normalize(text);
  const words = tokens(normalized);
  const lower = text.normalize('NFKC').toLowerCase();
  const fingerprint = createHash('sha256').update(normalized).digest('base64url').slice(0, 16);
  const base = { signature: signature(normalized, words), fingerprint, thanks: THANKS.test(lower) };
  if (toxic(lower, options.sentiment, text)) return { ...base, points: 0, verdict: 'toxic' };
  if (spammy(text, words)) return { ...base, points: 0, verdict: 'spam' };
  const points = Math.round(options.basePoints * effort(words, normalized.length));
  return { ...base, points, verdict: points > 0 ? 'ok' : 'low' };
}

/** Whether a reaction is the community's "helpful" one (an emoji, or Slack's name for it). */
export function isHelpfulReaction(emoji: string, helpful: string): boolean {
  const names: Record<string, string[]> = {
    '✅': ['white_check_mark', 'heavy_check_mark', '✔️'],
    '👍': ['+1', 'thumbsup'],
    '🙏': ['pray'],
    '⭐': ['star'],
    '❤️': ['heart', '❤'],
    '💡': ['bulb'],
  };
  const wanted = helpful.trim().replace(/^:|:$/g, '');
  const given = emoji.trim().replace(/^:|:$/g, '');
  return given === wanted || (names[wanted] ?? []).includes(given) || (names[given] ?? []).includes(wanted);
}
