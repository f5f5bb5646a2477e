import {
  ActionRowBuilder,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  Partials,
  TextInputBuilder,
  TextInputStyle,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { Core } from '../../core/app.ts';
import { handleChatEvent } from '../../core/chat-events.ts';
import { loyaltySettings } from '../../core/loyalty/settings.ts';
import type { Reply } from '../../core/types.ts';
import { AUTOCOMPLETE_OPTIONS, MODAL_OPTIONS } from './command-definitions.ts';
import { DiscordNotifier } from './discord-notifier.ts';
import { DiscordRoleSync } from './discord-role-sync.ts';
import { renderForDiscord } from './render.ts';
import { argsOf, baseOf, chatEventOf } from './translate.ts';

const MODAL_PREFIX = 'modal:v1:';
/** Discord wants an answer within 3 s; past this, defer and edit the reply when core is done. */
const DEFER_AFTER_MS = 2000;

export interface DiscordBotOptions {
  token?: string;
  /** Base URL of Discord's REST API (a local recording server in tests). */
  apiBaseUrl?: string;
  /** Message content is privileged: only when passive sentiment or chat points need it. */
  readMessages?: boolean;
}

/** Answers with core's Reply, deferring first when core takes longer than Discord allows. */
async function answer(interaction: RepliableInteraction, work: Promise<Reply>): Promise<void> {
  const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), DEFER_AFTER_MS).unref());
  const first = await Promise.race([work, timer]);
  if (first !== 'late') {
    await interaction.reply(renderForDiscord(first));
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const reply = renderForDiscord(await work);
  await interaction.editReply({ embeds: reply.embeds, components: reply.components });
}

/**
 * The Discord adapter: slash commands, buttons, modals and autocomplete become core
 * invocations; messages become chat events; core's Replies become embeds and buttons.
 * No business rule lives here.
 */
export class DiscordBot {
  readonly client: Client;

  constructor(
    private readonly core: Core,
    private readonly options: DiscordBotOptions = {},
  ) {
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
    if (options.readMessages) intents.push(GatewayIntentBits.MessageContent);
    this.client = new Client({
      intents,
      partials: [Partials.Channel],
      rest: options.apiBaseUrl ? { api: options.apiBaseUrl } : {},
    });
    core.notifiers.register('discord', new DiscordNotifier(this.client, core.logger));
    this.client.on(Events.InteractionCreate, (interaction) => void this.onInteraction(interaction));
    this.client.on(Events.MessageCreate, (message) => void this.onMessage(message));
    this.client.on(Events.Error, (error) => core.logger.error({ err: error }, 'discord client error'));
  }

  /** Tier roles for core's RoleSync port (mapped by role name). */
  roleSync(): DiscordRoleSync {
    return new DiscordRoleSync(
      this.client,
      async (communityId) => {
        const community = await this.core.services.communities.ensure('discord', communityId);
        return loyaltySettings(community).tiers.map((tier) => tier.name);
      },
      this.core.logger,
    );
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
      if (interaction.isChatInputCommand()) await this.onCommand(interaction);
      else if (interaction.isButton()) await this.onButton(interaction);
      else if (interaction.isModalSubmit()) await this.onModal(interaction);
      else if (interaction.isAutocomplete()) await this.onAutocomplete(interaction);
    } catch (error) {
      // One global handler: log with the interaction id; the user already got core's apology or nothing can be sent.
      this.core.logger.error({ err: error, interactionId: interaction.id }, 'discord interaction failed');
    }
  }

  private async onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const modalOption = MODAL_OPTIONS[interaction.commandName];
    if (modalOption && interaction.options.get(modalOption) === null) {
      await interaction.showModal(this.modal(interaction, modalOption));
      return;
    }
    await answer(
      interaction,
      this.core.dispatcher.dispatch({
        ...baseOf(interaction),
        command: interaction.commandName,
        args: argsOf(interaction),
      }),
    );
  }

  private modal(interaction: ChatInputCommandInteraction, option: string): ModalBuilder {
    const t = this.core.translator.forLocale(interaction.locale.startsWith('zh') ? 'zh-CN' : 'en');
    const input = new TextInputBuilder()
      .setCustomId(option)
      .setLabel(t(`commands.${interaction.commandName}.options.${option}`))
      .setStyle(TextInputStyle.Paragraph)
      .setMinLength(3)
      .setMaxLength(2000)
      .setRequired(true);
    return new ModalBuilder()
      .setCustomId(`${MODAL_PREFIX}${interaction.commandName}:${option}`)
      .setTitle(t(`commands.${interaction.commandName}.description`).slice(0, 45))
      .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
  }

  private async onModal(interaction: ModalSubmitInteraction): Promise<void> {
    const match = /^modal:v1:([a-z-]{1,32}):([a-z-]{1,32})$/.exec(interaction.customId);
    const command = match?.[1];
    const option = match?.[2];
    if (!command || !option || MODAL_OPTIONS[command] !== option) {
      await answer(interaction, this.core.dispatcher.press({ ...baseOf(interaction), action: interaction.customId }));
      return;
    }
    const value = interaction.fields.getTextInputValue(option);
    await answer(
      interaction,
      this.core.dispatcher.dispatch({ ...baseOf(interaction), command, args: { [option]: value } }),
    );
  }

  private async onButton(interaction: ButtonInteraction): Promise<void> {
    await answer(interaction, this.core.dispatcher.press({ ...baseOf(interaction), action: interaction.customId }));
  }

  private async onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    if (AUTOCOMPLETE_OPTIONS[interaction.commandName] !== 'reward' || !interaction.guildId) {
      await interaction.respond([]);
      return;
    }
    const typed = String(interaction.options.getFocused()).toLowerCase();
    const items = await this.core.services.loyalty.catalog.active(interaction.guildId);
    const matches = items
      .filter((item) => item.itemId.includes(typed) || item.title.toLowerCase().includes(typed))
      .slice(0, 25);
    await interaction.respond(
      matches.map((item) => ({ name: `${item.title} (${item.cost})`.slice(0, 100), value: item.itemId })),
    );
  }

  private async onMessage(message: Message): Promise<void> {
    if (message.author.bot || message.webhookId || !message.inGuild() || message.content.trim() === '') return;
    try {
      await handleChatEvent(this.core.services, chatEventOf(message));
    } catch (error) {
      this.core.logger.warn({ err: error, messageId: message.id }, 'chat event not recorded');
    }
  }
}
