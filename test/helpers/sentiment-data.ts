/**
 * A community's labelled messages, generated: invented words carry the sentiment, so a model
 * trained on them scores differently from the shipped one in a way a test can see.
 */
const TEMPLATES = [
  'the new update is {w}',
  'honestly the checkout felt {w} today',
  'this release is {w}',
  'support was {w} again',
  'my order arrived {w}',
  'the event was {w}',
  'that stream was {w}',
  'the rewards page looks {w}',
  '{w} experience with the shop',
  'the app feels {w} now',
  'delivery was {w}',
  'the new badge is {w}',
];
const NEUTRAL = [
  'what time is the raid tonight?',
  'where do I find my order number',
  'the meetup is at the north gate',
  'can someone post the schedule',
  'I will be back after lunch',
  'which channel is for trades?',
  'does the code work on mobile?',
  'the form asks for a postcode',
  'who is hosting on friday?',
  'my username changed last week',
  'we start at 8 pm server time',
  'is the shop open on sunday?',
];

/** `label<TAB>text` lines: "quibbly"/"snazzle" positive, "zorblax"/"grindle" negative, logistics neutral. */
export function communityTrainingLines(): string[] {
  const lines: string[] = [];
  for (const template of TEMPLATES) {
    for (const word of ['quibbly', 'snazzle']) lines.push(`positive\t${template.replace('{w}', word)}`);
    for (const word of ['zorblax', 'grindle']) lines.push(`0\t${template.replace('{w}', word)}`);
  }
  for (const text of NEUTRAL) lines.push(`neutral\t${text}`);
  return lines;
}
