import type { z } from 'zod';
import type { CommunityDoc, MemberDoc } from '../db/models.ts';
import type { Locale, Translate } from '../i18n.ts';
import type { CoreServices } from '../services.ts';
import type { Platform, Reply, ReplyButton, Role } from '../types.ts';

export const OPTION_TYPES = ['string', 'integer', 'boolean', 'user'] as const;
export type OptionType = (typeof OPTION_TYPES)[number];

/** Where typed-ahead suggestions for an option come from (see dispatch/suggestions.ts). */
export const SUGGESTION_SOURCES = ['rewards', 'commands'] as const;
export type SuggestionSource = (typeof SUGGESTION_SOURCES)[number];

/**
 * One typed argument of a command; its description lives at `commands.<name>.options.<option>`.
 * The platform hints (`longText`, `suggest`) are read by every adapter, so a command stays a
 * one-file change.
 */
export interface OptionSpec {
  readonly name: string;
  readonly type: OptionType;
  readonly required?: boolean;
  readonly choices?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
  /** Free text that may run long: left out, adapters ask for it in a form (a modal) instead of refusing. */
  readonly longText?: boolean;
  /** Suggested as the user types (Discord autocomplete), from this source. */
  readonly suggest?: SuggestionSource;
}

type ValueOf<T extends OptionType> = T extends 'integer' ? number : T extends 'boolean' ? boolean : string;

export type ArgsOf<O extends readonly OptionSpec[]> = {
  [K in O[number] as K['name']]: K['required'] extends true ? ValueOf<K['type']> : ValueOf<K['type']> | undefined;
};

/** What a handler may use while MongoDB is unreachable: no community or member documents. */
export interface DegradedContext {
  invocationId: string;
  platform: Platform;
  communityId: string;
  channelId?: string;
  userId: string;
  displayName: string;
  locale: Locale;
  t: Translate;
  services: CoreServices;
  now: Date;
}

/** What a handler knows about the invocation, already validated and localized. */
export interface CommandContext extends DegradedContext {
  /** Effective role: the platform's claim raised by community settings, checked by the dispatcher. */
  role: Role;
  community: CommunityDoc;
  /** The caller's membership as it stood when the invocation arrived (read once per invocation). */
  member: MemberDoc | null;
  /** Every registered command, for listings such as /help. */
  commands: readonly AnyCommandSpec[];
  /** Records an admin action in the audit log, as done by this caller, now, from chat or the web. */
  audit(entry: {
    key: string;
    action: string;
    targetId?: string;
    reason?: string | null;
    details?: object;
  }): Promise<void>;
  /** A reply with confirm / keep buttons; pressing confirm calls the command's `confirm`. */
  askConfirmation(request: {
    payload: unknown;
    title: string;
    text: string;
    confirmLabel: string;
    danger?: boolean;
  }): Promise<Reply>;
}

export interface CommandSpec<O extends readonly OptionSpec[] = readonly OptionSpec[], P = unknown> {
  readonly name: string;
  /** Least role allowed to run the command; handlers may demand more for some targets. */
  readonly role: Role;
  readonly options: O;
  /** Needs a guild/workspace; Discord hides it in DMs. */
  readonly guildOnly?: boolean;
  /** Many options: run with none, adapters that can show a form (a Slack modal) ask for them in one. */
  readonly formWhenEmpty?: boolean;
  handle(ctx: CommandContext, args: ArgsOf<O>): Promise<Reply>;
  /** Validates what a confirmation button carries back before `confirm` runs. */
  readonly confirmPayload?: z.ZodType<P>;
  /**
   * Handles a press on one of the command's own buttons (`v1:<command>:<verb>:<argument>`);
   * `input` is the text of a form the command asked for (Reply.form), trimmed, when there is one.
   */
  onButton?(ctx: CommandContext, verb: string, argument: string, input?: string): Promise<Reply>;
  /** Answers while the database is down (e.g. queue the work); without it the user gets an apology. */
  whenStoreDown?(ctx: DegradedContext, args: ArgsOf<O>): Promise<Reply>;
  confirm?(ctx: CommandContext, payload: P): Promise<Reply>;
}

/** The option an adapter asks for in a form when the invocation leaves it out (e.g. /feedback's text). */
export function formOption(spec: Pick<AnyCommandSpec, 'options'>): OptionSpec | undefined {
  return spec.options.find((option) => option.longText && option.type === 'string');
}

/** Keeps the option tuple's literal types so handlers get typed arguments. */
export function defineCommand<const O extends readonly OptionSpec[], P = unknown>(
  spec: CommandSpec<O, P>,
): CommandSpec<O, P> {
  return spec;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommandSpec = CommandSpec<readonly OptionSpec[], any>;

export type { ReplyButton };
