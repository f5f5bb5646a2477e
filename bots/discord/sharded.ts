// `npm run bot:sharded`: one bot process per group of Discord shards (large bots).
// Each child runs bots/main.ts; discord.js tells it which shards are its own.
import { ShardingManager } from 'discord.js';
import { exitOnStartupError, loadConfig } from '../../core/index.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is required for sharding');
  // Shard processes (they inherit this environment) hold Discord's gateway only: several of
  // them cannot share one HTTP port, and Slack, /events and the dashboard run in `npm run bot`.
  // eslint-disable-next-line no-restricted-syntax -- written for the children to read, not read here
  Object.assign(process.env, { BOT_ADAPTERS: 'discord', BOT_HTTP_SERVER: 'off' });
  const manager = new ShardingManager(new URL('../main.ts', import.meta.url).pathname, {
    token: config.DISCORD_TOKEN,
    execArgv: ['--import', 'tsx'],
    totalShards: 'auto',
  });
  manager.on('shardCreate', (shard) => console.error(`shard ${shard.id} started`));
  await manager.spawn();
}

main().catch(exitOnStartupError);
