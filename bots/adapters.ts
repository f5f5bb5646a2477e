import type { Config, Core } from '../core/index.ts';
import { DiscordBot } from './discord/discord-bot.ts';
import { SlackBot, type SlackBotOptions } from './slack/slack-bot.ts';

export function slackOptions(config: Config): SlackBotOptions {
  if (!config.SLACK_SIGNING_SECRET) throw new Error('SLACK_SIGNING_SECRET is required for the Slack adapter');
  return {
    signingSecret: config.SLACK_SIGNING_SECRET,
    botToken: config.SLACK_CLIENT_ID ? undefined : config.SLACK_BOT_TOKEN,
    clientId: config.SLACK_CLIENT_ID,
    clientSecret: config.SLACK_CLIENT_SECRET,
    stateSecret: config.SLACK_STATE_SECRET,
    apiUrl: config.SLACK_API_URL,
    appToken: config.SLACK_APP_TOKEN,
  };
}

export function discordBot(core: Core, config: Config): DiscordBot {
  const bot = new DiscordBot(core, {
    token: config.DISCORD_TOKEN,
    apiBaseUrl: config.DISCORD_API_BASE_URL,
    readMessages: config.DISCORD_MESSAGE_CONTENT,
  });
  core.roleSyncs.register('discord', bot.roleSync());
  return bot;
}

/**
 * What a worker needs of the chat platforms: sending DMs and channel posts (and tier
 * roles), without receiving anything — no gateway, no HTTP routes.
 */
export function registerSenders(core: Core, config: Config): void {
  if (config.DISCORD_TOKEN) discordBot(core, config).sendOnly();
  if (config.SLACK_SIGNING_SECRET && (config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID))
    new SlackBot(core, { ...slackOptions(config), appToken: undefined });
}
