// `npm run discord:register [-- --guild <id>] [-- --print]`: registers the slash commands
// built from the command registry, globally or in one guild. The bot never does this on start.
import { REST, Routes } from 'discord.js';
import { discordCommandDefinitions } from '../bots/discord/command-definitions.ts';
import { createTranslator, loadCommandRegistry, loadConfig } from '../core/index.ts';

const config = loadConfig();
const definitions = discordCommandDefinitions((await loadCommandRegistry()).all(), await createTranslator('en'));
if (process.argv.includes('--print')) {
  console.log(JSON.stringify(definitions, null, 2));
  process.exit(0);
}
if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
  console.error('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see README, Discord section).');
  process.exit(1);
}
const guildIndex = process.argv.indexOf('--guild');
const guildId = guildIndex > 0 ? process.argv[guildIndex + 1] : config.DISCORD_GUILD_ID;
const rest = new REST(config.DISCORD_API_BASE_URL ? { api: config.DISCORD_API_BASE_URL } : {}).setToken(
  config.DISCORD_TOKEN,
);
const route = guildId
  ? Routes.applicationGuildCommands(config.DISCORD_APPLICATION_ID, guildId)
  : Routes.applicationCommands(config.DISCORD_APPLICATION_ID);
await rest.put(route, { body: definitions });
console.log(
  `registered ${definitions.length} commands ` +
    (guildId ? `in guild ${guildId}` : 'globally (may take up to an hour to appear)'),
);
// Scopes and permissions the bot needs: manage roles (tier roles), send messages, embed links.
const permissions = (0x10000000n | 0x800n | 0x4000n | 0x400n).toString();
console.log(
  `invite: https://discord.com/oauth2/authorize?client_id=${config.DISCORD_APPLICATION_ID}` +
    `&scope=bot%20applications.commands&permissions=${permissions}`,
);
