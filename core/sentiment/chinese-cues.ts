import { segmentChinese } from './chinese.ts';

/**
 * Words that say someone likes or dislikes something, written for chat (not taken from any
 * data set). They feed only the neutral calibration: a short line with none of them is more
 * likely logistics than praise or complaint. The polarity model never sees this list.
 * 推荐 is left out on purpose: in a loyalty community it is mostly 推荐码, the referral code.
 */
const PHRASES = [
  // positive
  ...'很好 真好 太好 挺好 非常好 特别好 好评 好用 好吃 好玩 好看 不错 满意 喜欢 开心 高兴'.split(' '),
  ...'感谢 谢谢 舒服 方便 干净 热情 值得 划算 惊喜 厉害 给力 漂亮 精彩 贴心 周到 靠谱 实用'.split(' '),
  ...'优秀 完美 点赞 辛苦了 五星 太棒 期待'.split(' '),
  // negative
  ...'不好 差劲 糟糕 失望 生气 气死 愤怒 讨厌 垃圾 投诉 退款 后悔 难用 难吃 故障 闪退 崩溃'.split(' '),
  ...'卡顿 不满 不行 不爽 恶心 郁闷 无语 可惜 遗憾 敷衍 被骗 被坑 没人理 不值 太慢 太贵'.split(' '),
  ...'烦死 坑人 骗人 坏了'.split(' '),
];
/** Single characters count only as a word of their own, so 差 in 出差 or 坏 in 坏账 do not. */
const CHARACTERS = new Set(['棒', '赞', '爱', '差', '烂', '坑', '脏', '吵', '贵', '烦', '坏', '慢', '骗']);

/** How many liking or disliking words a Chinese text has. */
export function chineseCueCount(text: string, words: string[] = segmentChinese(text)): number {
  let hits = 0;
  for (const phrase of PHRASES) if (text.includes(phrase)) hits += 1;
  for (const word of words) if (CHARACTERS.has(word)) hits += 1;
  return hits;
}
