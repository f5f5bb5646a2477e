import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  MessageFlags,
} from 'discord.js';
import type { Reply, ReplyField, ReplyImage } from '../../core/index.ts';

const COLORS = { info: 0x5865f2, success: 0x57f287, warning: 0xfee75c, error: 0xed4245 } as const;
const STYLES = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  danger: ButtonStyle.Danger,
  success: ButtonStyle.Success,
} as const;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export interface DiscordMessage {
  embeds: EmbedBuilder[];
  components: Array<ActionRowBuilder<ButtonBuilder>>;
  flags?: MessageFlags.Ephemeral;
  allowedMentions: { parse: [] };
  /** A chart, attached and shown in the embed. */
  files: AttachmentBuilder[];
}

/**
 * A core Reply as one embed with fields and up to five rows of five buttons. The custom id
 * of a button is core's versioned action id, validated again by core when pressed.
 */
const MAX_FIELDS = 25;

export function renderForDiscord(reply: Reply, options: { ephemeral?: boolean } = {}): DiscordMessage {
  const embed = new EmbedBuilder().setColor(COLORS[reply.tone ?? 'info']);
  if (reply.title) embed.setTitle(clip(reply.title, 256));
  if (reply.text) embed.setDescription(clip(reply.text, 4096));
  if (reply.fields?.length)
    embed.addFields(
      withinFieldLimit(reply.fields).map((f) => ({
        name: clip(f.name, 256),
        value: clip(f.value || '—', 1024),
        inline: f.inline ?? false,
      })),
    );
  const buttons = (reply.buttons ?? [])
    .slice(0, 25)
    .map((button) =>
      new ButtonBuilder().setCustomId(button.action).setLabel(clip(button.label, 80)).setStyle(STYLES[button.style]),
    );
  const components: Array<ActionRowBuilder<ButtonBuilder>> = [];
  for (let i = 0; i < buttons.length; i += 5)
    components.push(new ActionRowBuilder<ButtonBuilder>().addComponents(buttons.slice(i, i + 5)));
  const ephemeral = options.ephemeral ?? reply.ephemeral;
  // Nothing the bot says pings anyone, whatever a member wrote (@everyone, role mentions).
  const allowedMentions = { parse: [] as [] };
  const files = reply.image ? [attachImage(embed, reply.image)] : [];
  return {
    embeds: [embed],
    components,
    allowedMentions,
    files,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/** The picture as a message attachment, shown inside the embed. */
function attachImage(embed: EmbedBuilder, image: ReplyImage): AttachmentBuilder {
  embed.setImage(`attachment://${image.name}`);
  return new AttachmentBuilder(Buffer.from(image.png, 'base64'), {
    name: image.name,
    description: image.alt.slice(0, 1024),
  });
}

/** An embed holds 25 fields: past that, the rest are folded into the last one as lines, so none is lost. */
function withinFieldLimit(fields: ReplyField[]): ReplyField[] {
  if (fields.length <= MAX_FIELDS) return fields;
  const rest = fields.slice(MAX_FIELDS - 1);
  return [
    ...fields.slice(0, MAX_FIELDS - 1),
    { name: '…', value: rest.map((field) => `**${field.name}** — ${field.value}`).join('\n') },
  ];
}
