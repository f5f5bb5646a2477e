import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;

/** Word segmentation with jieba's bundled dictionary, loaded once on first use. */
export function segmentChinese(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cut(text, false).filter((word) => word.trim() !== '');
}

const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;

/** Chinese when Han characters outnumber Latin letters; the rest is read as English. */
export function detectLanguage(text: string): 'en' | 'zh' {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  return han > 0 && han * 2 >= latin ? 'zh' : 'en';
}
