import {
  ActionRowBuilder,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import { renderForDiscord } from './render.ts';
import { argsOf, baseOf, userOf } from './translate.ts';
import { type Core, type OptionSpec, type Reply, type ReplyForm, formOption } from '../../core/index.ts';

/** Discord wants an answer within 3 s; past this, defer and edit the reply when core is done. */
const DEFER_AFTER_MS = 2000;
const MODAL_ID = /^modal:v1:([a-z-]{1,32}):([a-z-]{1,32})$/;
/** Discord's longest text input. */
const MAX_INPUT = 4000;

/** The text input of a modal opened for a Reply's form (see ReplyForm). */
const FORM_INPUT = 'input';

/** A Reply that asks for text, as a Discord modal whose submission presses the form's action. */
function formModal(form: ReplyForm): ModalBuilder {
  const input = new TextInputBuilder()
    .setCustomId(FORM_INPUT)
    .setLabel(form.label.slice(0, 45))
    .setStyle(TextInputStyle.Paragraph)
    .setMinLength(form.minLength ?? 1)
    .setMaxLength(Math.min(form.maxLength, MAX_INPUT))
    .setRequired(true);
  return new ModalBuilder()
    .setCustomId(form.action)
    .setTitle(form.title.slice(0, 45))
    .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
}

/**
 * Answers with core's Reply, deferring first when core takes longer than Discord allows. A
 * Reply with a form opens it as a modal when the interaction still may (a late one shows its text).
 */
async function answer(interaction: RepliableInteraction, work: Promise<Reply>): Promise<void> {
  const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), DEFER_AFTER_MS).unref());
  const first = await Promise.race([work, timer]);
  if (first !== 'late') {
    if (first.form && (interaction.isButton() || interaction.isChatInputCommand())) {
      await interaction.showModal(formModal(first.form));
      return;
    }
    await interaction.reply(renderForDiscord(first));
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const reply = renderForDiscord(await work);
  await interaction.editReply({
    embeds: reply.embeds,
    components: reply.components,
    allowedMentions: reply.allowedMentions,
    files: reply.files,
  });
}

/** Slash commands, buttons, modal submissions and autocomplete, each turned into one core call. */
export class DiscordInteractions {
  constructor(private readonly core: Core) {}

  async command(interaction: ChatInputCommandInteraction): Promise<void> {
    const spec = this.core.commands.get(interaction.commandName);
    const asked = spec && formOption(spec);
    if (asked && interaction.options.get(asked.name) === null) {
      await interaction.showModal(this.modal(interaction, asked));
      return;
    }
    const invocation = { ...baseOf(interaction), command: interaction.commandName, args: argsOf(interaction) };
    await answer(interaction, this.core.dispatcher.dispatch(invocation));
  }

  async button(interaction: ButtonInteraction): Promise<void> {
    await answer(interaction, this.core.dispatcher.press({ ...baseOf(interaction), action: interaction.customId }));
  }

  /** A modal this adapter opened for a long-text option, or for a Reply's form (its id is the form's action). */
  async modalSubmit(interaction: ModalSubmitInteraction): Promise<void> {
    const [, command = '', option = ''] = MODAL_ID.exec(interaction.customId) ?? [];
    const spec = this.core.commands.get(command);
    if (!spec || formOption(spec)?.name !== option) {
      const fields = interaction.fields.fields;
      const input = fields.has(FORM_INPUT) ? interaction.fields.getTextInputValue(FORM_INPUT) : undefined;
      const press = { ...baseOf(interaction), action: interaction.customId, input };
      await answer(interaction, this.core.dispatcher.press(press));
      return;
    }
    const args = { [option]: interaction.fields.getTextInputValue(option) };
    await answer(interaction, this.core.dispatcher.dispatch({ ...baseOf(interaction), command, args }));
  }

  async autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const suggestions = interaction.guildId
      ? await this.core.dispatcher.suggest({
          platform: 'discord',
          communityId: interaction.guildId,
          user: userOf(interaction),
          command: interaction.commandName,
          option: focused.name,
          typed: String(focused.value),
        })
      : [];
    await interaction.respond(suggestions);
  }

  private modal(interaction: ChatInputCommandInteraction, option: OptionSpec): ModalBuilder {
    const t = this.core.translator.forPlatformLocale(interaction.locale);
    const input = new TextInputBuilder()
      .setCustomId(option.name)
      .setLabel(t(`commands.${interaction.commandName}.options.${option.name}`).slice(0, 45))
      .setStyle(TextInputStyle.Paragraph)
      .setMinLength(option.minLength ?? 1)
      .setMaxLength(Math.min(option.maxLength ?? MAX_INPUT, MAX_INPUT))
      .setRequired(true);
    return new ModalBuilder()
      .setCustomId(`modal:v1:${interaction.commandName}:${option.name}`)
      .setTitle(t(`commands.${interaction.commandName}.description`).slice(0, 45))
      .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
  }
}
