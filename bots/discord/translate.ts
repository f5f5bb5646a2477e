import {
  PermissionFlagsBits,
  type BaseInteraction,
  type ChatInputCommandInteraction,
  type Message,
  type MessageReaction,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from 'discord.js';
import type { ArgumentValue, ChatEvent, InvokingUser, Role } from '../../core/index.ts';

/** The platform's claim of a role, from the member's permissions; core raises it from settings. */
export function roleOf(interaction: BaseInteraction): Role {
  const permissions = interaction.memberPermissions;
  if (permissions?.has(PermissionFlagsBits.Administrator)) return 'admin';
  if (permissions?.has(PermissionFlagsBits.ManageGuild)) return 'manager';
  return 'member';
}

export function userOf(interaction: BaseInteraction): InvokingUser {
  const displayName =
    interaction.member && 'displayName' in interaction.member
      ? interaction.member.displayName
      : (interaction.user.globalName ?? interaction.user.username);
  return { id: interaction.user.id, displayName, locale: interaction.locale, role: roleOf(interaction) };
}

/** Invocation fields every interaction shares; the community is the guild (none in a DM). */
export function baseOf(interaction: BaseInteraction) {
  return {
    invocationId: interaction.id,
    platform: 'discord' as const,
    communityId: interaction.guildId ?? '',
    directMessage: !interaction.guildId,
    channelId: interaction.channelId ?? undefined,
    user: userOf(interaction),
  };
}

/** Slash-command options as plain values: user options become their ids. */
export function argsOf(interaction: ChatInputCommandInteraction): Record<string, ArgumentValue> {
  const args: Record<string, ArgumentValue> = {};
  for (const option of interaction.options.data) {
    if (option.value !== undefined && option.value !== null) args[option.name] = option.value as ArgumentValue;
  }
  return args;
}

export function chatEventOf(message: Message<true>): ChatEvent {
  return {
    platform: 'discord',
    communityId: message.guildId,
    channelId: message.channelId,
    messageId: message.id,
    user: {
      id: message.author.id,
      displayName: message.member?.displayName ?? message.author.username,
      role: 'member',
    },
    text: message.content,
    at: message.createdAt,
    ...(message.reference?.messageId
      ? { replyTo: { messageId: message.reference.messageId, userId: message.mentions.repliedUser?.id } }
      : {}),
  };
}

/** A reaction in a server channel; the message may be a partial (core only needs its id). */
export function reactionEventOf(reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) {
  return {
    platform: 'discord' as const,
    communityId: reaction.message.guildId ?? '',
    channelId: reaction.message.channelId,
    messageId: reaction.message.id,
    user: { id: user.id, displayName: user.username ?? user.id, role: 'member' as const },
    emoji: reaction.emoji.name ?? reaction.emoji.id ?? '',
    at: new Date(),
  };
}
