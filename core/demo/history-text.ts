import { readFileSync } from 'node:fs';
import { HISTORY_ITEMS } from './history-catalog.ts';
import type { Tone } from './history-groups.ts';
import type { SeededRandom } from './random.ts';

export type Language = 'en' | 'zh';

type ByTone = Record<Tone, string[]>;

interface TextData {
  names: { en: { first: string[]; last: string[] }; zh: { family: string[]; given: string[] } };
  topics: Record<Language, string[]>;
  chat: Record<Language, ByTone>;
  feedback: Record<Language, ByTone>;
}

const TEXT = JSON.parse(readFileSync(new URL('./history-text.json', import.meta.url), 'utf8')) as TextData;

export function displayName(random: SeededRandom, language: Language): string {
  if (language === 'zh') return `${random.pick(TEXT.names.zh.family)}${random.pick(TEXT.names.zh.given)}`;
  return `${random.pick(TEXT.names.en.first)} ${random.pick(TEXT.names.en.last)}`;
}

/** A sentence of the given kind and tone, its `{item}` and `{topic}` filled in the member's language. */
export function sentence(
  random: SeededRandom,
  kind: 'chat' | 'feedback',
  language: Language,
  tone: Tone,
  itemId: string,
): string {
  const template = random.pick(TEXT[kind][language][tone]);
  const item = HISTORY_ITEMS.find((entry) => entry.itemId === itemId)?.names[language] ?? itemId;
  const topic = random.pick(TEXT.topics[language]);
  return template.replaceAll('{item}', item).replaceAll('{topic}', topic);
}
