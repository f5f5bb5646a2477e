import {
  Client,
  Events,
  GatewayIntentBits,
  Partials,
  type Interaction,
  type Message,
  type MessageReaction,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from 'discord.js';
import { DiscordInteractions } from './interactions.ts';
import { DiscordNotifier } from './discord-notifier.ts';
import { DiscordRoleSync } from './discord-role-sync.ts';
import { chatEventOf, reactionEventOf } from './translate.ts';
import type { Core } from '../../core/index.ts';

export interface DiscordBotOptions {
  token?: string;
  /** Base URL of Discord's REST API (a local recording server in tests). */
  apiBaseUrl?: string;
  /** Message content is privileged: only when passive sentiment or chat points need it. */
  readMessages?: boolean;
}

/**
 * The Discord adapter: slash commands, buttons, modals and autocomplete become core
 * invocations; messages become chat events; core's Replies become embeds and buttons.
 * No business rule lives here.
 */
export class DiscordBot {
  readonly client: Client;
  private readonly interactions: DiscordInteractions;

  constructor(
    private readonly core: Core,
    private readonly options: DiscordBotOptions = {},
  ) {
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
    // Reactions (the "helpful" one earns a bonus) only matter where chat earns points.
    if (options.readMessages) intents.push(GatewayIntentBits.MessageContent, GatewayIntentBits.GuildMessageReactions);
    this.client = new Client({
      intents,
      partials: [Partials.Channel, Partials.Message, Partials.Reaction],
      rest: options.apiBaseUrl ? { api: options.apiBaseUrl } : {},
    });
    this.interactions = new DiscordInteractions(core);
    core.notifiers.register('discord', new DiscordNotifier(this.client, core.logger));
    this.client.on(Events.InteractionCreate, (interaction) => void this.onInteraction(interaction));
    this.client.on(Events.MessageCreate, (message) => void this.onMessage(message));
    this.client.on(Events.MessageReactionAdd, (reaction, user) => void this.onReaction(reaction, user));
    this.client.on(Events.Error, (error) => core.logger.error({ err: error }, 'discord client error'));
  }

  /** Tier roles for core's RoleSync port (mapped by role name). */
  roleSync(): DiscordRoleSync {
    const tierNames = (communityId: string) => this.core.tierNames('discord', communityId);
    return new DiscordRoleSync(this.client, tierNames, this.core.logger);
  }

  async start(): Promise<void> {
    if (!this.options.token) throw new Error('DISCORD_TOKEN is required to connect to Discord');
    await this.client.login(this.options.token);
  }

  /** For processes that only send (the worker): REST with the token, no gateway connection. */
  sendOnly(): this {
    if (!this.options.token) throw new Error('DISCORD_TOKEN is required to send to Discord');
    this.client.token = this.options.token;
    this.client.rest.setToken(this.options.token);
    return this;
  }

  async stop(): Promise<void> {
    await this.client.destroy();
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isChatInputCommand()) await this.interactions.command(interaction);
      else if (interaction.isButton()) await this.interactions.button(interaction);
      else if (interaction.isModalSubmit()) await this.interactions.modalSubmit(interaction);
      else if (interaction.isAutocomplete()) await this.interactions.autocomplete(interaction);
    } catch (error) {
      // One global handler: the user already got core's apology, or nothing can be sent.
      this.core.logger.error({ err: error, interactionId: interaction.id }, 'discord interaction failed');
    }
  }

  private async onReaction(reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) {
    if (user.bot || !reaction.message.guildId) return;
    try {
      await this.core.reaction(reactionEventOf(reaction, user));
    } catch (error) {
      this.core.logger.warn({ err: error, messageId: reaction.message.id }, 'reaction not recorded');
    }
  }

  private async onMessage(message: Message): Promise<void> {
    if (message.author.bot || message.webhookId || !message.inGuild() || message.content.trim() === '') return;
    try {
      await this.core.chat(chatEventOf(message));
    } catch (error) {
      this.core.logger.warn({ err: error, messageId: message.id }, 'chat event not recorded');
    }
  }
}
