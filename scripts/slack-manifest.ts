// `npm run slack:manifest -- https://bot.example.com`: prints the Slack app manifest (JSON)
// for the bot's public URL, generated from the command registry.
import { slackManifest } from '../bots/slack/manifest.ts';
import { createTranslator, loadCommandRegistry } from '../core/index.ts';

const url = process.argv[2];
if (!url || !/^https:\/\//.test(url)) {
  console.error('usage: npm run slack:manifest -- https://your-bot.example.com');
  process.exit(2);
}
console.log(
  JSON.stringify(slackManifest((await loadCommandRegistry()).all(), await createTranslator('en'), url), null, 2),
);
