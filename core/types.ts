/** Chat platforms loyalbot speaks on; `console` is the local terminal adapter. */
export const PLATFORMS = ['console', 'discord', 'slack'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Roles in ascending order of power; a role may run every command of the roles before it. */
export const ROLES = ['member', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** Who acts, as the platform adapter saw them. */
export interface InvokingUser {
  id: string;
  displayName: string;
  /** Platform locale such as `en-US` or `zh-CN`, when the platform tells it. */
  locale?: string;
  /** Role derived from platform permissions; core may raise it from community settings. */
  role: Role;
}

interface InvocationBase {
  /** Unique per delivery from the platform; a repeated delivery carries the same id. */
  invocationId: string;
  platform: Platform;
  /** The Discord guild or Slack workspace; empty in a direct message. */
  communityId: string;
  channelId?: string;
  user: InvokingUser;
  /** Sent in a direct message with the bot, outside any community: guild commands refuse it. */
  directMessage?: boolean;
  /** Where the action was taken: in chat (the default) or on the web dashboard; audit entries say which. */
  via?: ActionChannel;
}

export const ACTION_CHANNELS = ['chat', 'web'] as const;
export type ActionChannel = (typeof ACTION_CHANNELS)[number];

export type ArgumentValue = string | number | boolean;

/** A slash command as typed by a user, before validation against the command's spec. */
export interface CommandInvocation extends InvocationBase {
  command: string;
  args: Record<string, ArgumentValue | undefined>;
}

/** A press on a button that an earlier Reply carried. */
export interface ButtonInvocation extends InvocationBase {
  action: string;
  /** What the user typed into the form a Reply asked for (see ReplyForm), submitted as this press. */
  input?: string;
}

/** What a user has typed so far into one option of a command (Discord autocomplete). */
export interface SuggestionRequest {
  platform: Platform;
  communityId: string;
  user: InvokingUser;
  command: string;
  option: string;
  typed: string;
}

export interface ReplyField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface ReplyButton {
  label: string;
  style: 'primary' | 'secondary' | 'danger' | 'success';
  /** Opaque action id, handed back in a ButtonInvocation when pressed. */
  action: string;
}

/**
 * Asks the user for one piece of text (a modal on Discord and Slack, the next line in the
 * console); submitting it presses `action` with the text as the press's `input`.
 */
export interface ReplyForm {
  action: string;
  title: string;
  label: string;
  maxLength: number;
  minLength?: number;
}

/** A picture a reply carries (a chart): adapters that cannot show it fall back to the text. */
export interface ReplyImage {
  /** File name, e.g. `sentiment.png`. */
  name: string;
  /** The PNG, base64 (replies travel as JSON). */
  png: string;
  width: number;
  height: number;
  /** What the picture shows, for screen readers and as a caption. */
  alt: string;
}

/** What a command answers, independent of any platform's rendering. */
export interface Reply {
  title?: string;
  text?: string;
  fields?: ReplyField[];
  buttons?: ReplyButton[];
  /** Shown to the invoking user only. */
  ephemeral: boolean;
  tone?: 'info' | 'success' | 'warning' | 'error';
  /** Stable error code when the reply reports an expected failure. */
  errorCode?: string;
  /** The option an input error is about, so a form can show the message next to its field. */
  errorField?: string;
  /** Shows a secret: never stored for re-deliveries, never logged. */
  sensitive?: boolean;
  /** Asks for text instead of showing a message; adapters that cannot ask show `text`. */
  form?: ReplyForm;
  /** A chart shown with the message. */
  image?: ReplyImage;
}

/** A message someone wrote in a community channel (not a command). */
export interface ChatEvent {
  platform: Platform;
  communityId: string;
  channelId: string;
  messageId: string;
  user: InvokingUser;
  text: string;
  at: Date;
  /** The message this one answers (a Discord reply, a Slack thread's parent), and its author when known. */
  replyTo?: { messageId: string; userId?: string };
}

/** Someone reacted to a message in a community channel with an emoji (a unicode emoji, or Slack's name). */
export interface ReactionEvent {
  platform: Platform;
  communityId: string;
  channelId: string;
  messageId: string;
  /** Who reacted. */
  user: InvokingUser;
  emoji: string;
  at: Date;
}
