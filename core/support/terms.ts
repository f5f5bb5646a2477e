import { createRequire } from 'node:module';
import { detectLanguage, segmentChinese } from '../sentiment/chinese.ts';
import { tokenizeEnglish } from '../sentiment/english-tokens.ts';

// natural's Porter stemmer, loaded by path: natural's index would also patch Math.sign
// (through sylvester) and print dotenv banners.
const porter = createRequire(import.meta.url)('natural/lib/natural/stemmers/porter_stemmer.js') as {
  stem(word: string): string;
};

const EN_STOPWORDS = new Set(
  [
    'a an the and or but if of to in on at by for with from as is are was were be been being am do does',
    'did have has had i me my we our you your he she it its they them their this that these those there',
    'here what which who whom how when where why can could would should will shall may might must not no',
    'so too very just than then also about into over under again more most some any all each both few',
    'other such only own same s t don now get got im ive dont',
  ]
    .join(' ')
    .split(' '),
);
const ZH_STOPWORDS = new Set(
  [
    '的 了 是 在 我 你 他 她 它 们 我们 你们 也 都 就 和 与 及 还 很 这 那 这个 那个 有',
    '一个 吗 吧 呢 啊 着 被 把 给 对 又 并 而 但 但是 就是 不过 还是 会 要 能 可以 没 没有 不',
  ]
    .join(' ')
    .split(' '),
);

/**
 * Content words of a text for retrieval and theme extraction: English stemmed without stop
 * words, Chinese segmented by jieba without function words.
 */
export function contentTerms(text: string): string[] {
  if (detectLanguage(text) === 'zh') {
    return segmentChinese(text).filter((word) => /\p{L}/u.test(word) && !ZH_STOPWORDS.has(word));
  }
  return tokenizeEnglish(text)
    .map((token) => token.text.replace(/'s$/, ''))
    .filter((word) => /^[a-z][a-z'-]+$/.test(word) && !EN_STOPWORDS.has(word))
    .map((word) => porter.stem(word));
}

/** English content words unstemmed (for showing themes to people). */
export function displayTerms(text: string): Array<{ term: string; shown: string }> {
  if (detectLanguage(text) === 'zh') return contentTerms(text).map((term) => ({ term, shown: term }));
  return tokenizeEnglish(text)
    .map((token) => token.text.replace(/'s$/, ''))
    .filter((word) => /^[a-z][a-z'-]+$/.test(word) && !EN_STOPWORDS.has(word))
    .map((word) => ({ term: porter.stem(word), shown: word }));
}
