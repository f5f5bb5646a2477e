import { Counter, Histogram, type Registry } from 'prom-client';
import { UserError, type ErrorCode } from '../errors.ts';
import { firstSupportedLocale, toSupportedLocale, type Locale } from '../i18n.ts';
import type { Logger } from '../logger.ts';
import type { CommunityDoc, MemberDoc } from '../db/models.ts';
import type { CoreServices } from '../services.ts';
import { isStoreUnavailable } from '../db/connection.ts';
import {
  roleAtLeast,
  type ButtonInvocation,
  type CommandInvocation,
  type Reply,
  type Role,
  type SuggestionRequest,
} from '../types.ts';
import { parseArguments } from './args.ts';
import { buttonAction, CONFIRM_VERB, errorReply, KEEP_VERB, parseButtonAction } from './replies.ts';
import type { CommandRegistry } from './registry.ts';
import type { AnyCommandSpec, CommandContext } from './spec.ts';
import { suggestionsFrom, type Suggestion } from './suggestions.ts';

export interface DispatcherDeps {
  services: CoreServices;
  commands: CommandRegistry;
  logger: Logger;
  defaultLocale: Locale;
  metrics: Registry;
}

type Invocation = CommandInvocation | ButtonInvocation;
type Work = (ctx: CommandContext) => Promise<Reply>;

/**
 * The one entry from every adapter into commands: resolves community, member, locale and
 * role, validates input, runs the handler once per invocation id, and turns expected
 * failures into localized replies with a stable code.
 */
export class Dispatcher {
  private readonly counter: Counter<'command' | 'outcome'>;
  private readonly duration: Histogram<'command'>;

  constructor(private readonly deps: DispatcherDeps) {
    this.counter = new Counter({
      name: 'loyalbot_commands_total',
      help: 'Commands and button presses handled, by outcome',
      labelNames: ['command', 'outcome'],
      registers: [deps.metrics],
    });
    this.duration = new Histogram({
      name: 'loyalbot_command_seconds',
      help: 'Time to answer a command or button press',
      labelNames: ['command'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [deps.metrics],
    });
  }

  async dispatch(invocation: CommandInvocation): Promise<Reply> {
    const spec = this.deps.commands.get(invocation.command);
    const degraded = spec?.whenStoreDown ? () => this.degraded(invocation, spec) : undefined;
    return this.run(invocation, spec?.name ?? 'unknown', degraded, async (ctx) => {
      if (!spec) throw new UserError('COMMAND.UNKNOWN', { command: invocation.command });
      if (!roleAtLeast(ctx.role, spec.role)) throw new UserError('AUTH.FORBIDDEN', { command: spec.name });
      const args = parseArguments(spec.options, invocation.args);
      return spec.handle(ctx, args as never);
    });
  }

  async press(invocation: ButtonInvocation): Promise<Reply> {
    const action = parseButtonAction(invocation.action);
    const spec = action ? this.deps.commands.get(action.command) : undefined;
    return this.run(invocation, spec ? `${spec.name}:button` : 'button', undefined, async (ctx) => {
      if (!action || !spec) throw new UserError('BUTTON.INVALID');
      const { verb, argument } = action;
      if (verb === CONFIRM_VERB || verb === KEEP_VERB) return this.resolveConfirmation(ctx, spec, verb, argument);
      if (!spec.onButton) throw new UserError('BUTTON.INVALID');
      if (!roleAtLeast(ctx.role, spec.role)) throw new UserError('AUTH.FORBIDDEN', { command: spec.name });
      return spec.onButton(ctx, verb, argument);
    });
  }

  /** Suggestions while typing an option (Discord autocomplete); none for a caller who may not run the command. */
  async suggest(request: SuggestionRequest): Promise<Suggestion[]> {
    const spec = this.deps.commands.get(request.command);
    const source = spec?.options.find((option) => option.name === request.option)?.suggest;
    if (!spec || !source || !roleAtLeast(request.user.role, spec.role)) return [];
    return suggestionsFrom(source, this.deps.services, request.communityId, request.typed);
  }

  private async resolveConfirmation(
    ctx: CommandContext,
    spec: AnyCommandSpec,
    verb: string,
    token: string,
  ): Promise<Reply> {
    const { confirmations } = ctx.services;
    const pending = await confirmations.peek(token);
    if (!pending || pending.command !== spec.name || !spec.confirm || !spec.confirmPayload)
      throw new UserError('BUTTON.EXPIRED');
    if (pending.communityId !== ctx.communityId || pending.userId !== ctx.userId)
      throw new UserError('BUTTON.NOT_YOURS');
    if (!roleAtLeast(ctx.role, spec.role)) throw new UserError('AUTH.FORBIDDEN', { command: spec.name });
    if (verb === KEEP_VERB) {
      await confirmations.consume(token);
      return { ephemeral: true, tone: 'info', text: ctx.t('common.nothingChanged') };
    }
    const payload = spec.confirmPayload.safeParse(pending.payload);
    if (!payload.success) throw new UserError('BUTTON.INVALID');
    const reply = await spec.confirm(ctx, payload.data);
    await confirmations.consume(token);
    return reply;
  }

  /**
   * The database is down: a command that can defer its work (feedback) still answers,
   * with the platform's locale and role, since community settings cannot be read.
   */
  private async degraded(invocation: CommandInvocation, spec: AnyCommandSpec): Promise<Reply> {
    const { services } = this.deps;
    const locale = toSupportedLocale(invocation.user.locale) ?? this.deps.defaultLocale;
    const t = services.translator.forLocale(locale);
    if (!roleAtLeast(invocation.user.role, spec.role)) return errorReply(t, 'AUTH.FORBIDDEN', { command: spec.name });
    try {
      const args = parseArguments(spec.options, invocation.args);
      const ctx = {
        invocationId: invocation.invocationId,
        platform: invocation.platform,
        communityId: invocation.communityId,
        channelId: invocation.channelId,
        userId: invocation.user.id,
        displayName: invocation.user.displayName,
        locale,
        t,
        services,
        now: services.clock.now(),
      };
      return await (spec.whenStoreDown as NonNullable<AnyCommandSpec['whenStoreDown']>)(ctx, args as never);
    } catch (error) {
      if (error instanceof UserError) return errorReply(t, error.code, error.params);
      throw error;
    }
  }

  private async run(
    invocation: Invocation,
    label: string,
    degraded: (() => Promise<Reply>) | undefined,
    work: Work,
  ): Promise<Reply> {
    const stopTimer = this.duration.startTimer({ command: label });
    const { services } = this.deps;
    let t = services.translator.forLocale(toSupportedLocale(invocation.user.locale) ?? this.deps.defaultLocale);
    let claimed = false;
    try {
      const ctx = await this.context(invocation);
      t = ctx.t;
      const claim = await services.invocations.claim(invocation.communityId, invocation.invocationId);
      if (claim.kind === 'done') return this.count(label, 'replayed', claim.reply);
      if (claim.kind === 'running') return this.count(label, 'rejected', errorReply(t, 'INVOCATION.IN_PROGRESS'));
      claimed = true;
      const reply = await this.answer(ctx, work);
      await services.invocations.complete(invocation.communityId, invocation.invocationId, reply);
      return this.count(label, reply.errorCode ? 'rejected' : 'ok', reply);
    } catch (error) {
      if (error instanceof UserError) return this.count(label, 'rejected', errorReply(t, error.code, error.params));
      if (degraded && isStoreUnavailable(error)) {
        // The caller and community may come from the Redis cache, so the outage can show
        // only after the claim: release it, since the deferred work is keyed by the
        // invocation id itself and a later re-delivery must be free to run normally.
        this.deps.logger.warn(
          { err: error, invocationId: invocation.invocationId, command: label },
          'database unavailable: answering in degraded mode',
        );
        if (claimed)
          await services.invocations.release(invocation.communityId, invocation.invocationId).catch(() => undefined);
        return this.count(
          label,
          'degraded',
          await degraded().catch(() => errorReply(t, 'INTERNAL', { reference: invocation.invocationId })),
        );
      }
      this.deps.logger.error({ err: error, invocationId: invocation.invocationId, command: label }, 'command failed');
      if (claimed)
        await services.invocations.release(invocation.communityId, invocation.invocationId).catch(() => undefined);
      return this.count(label, 'failed', errorReply(t, 'INTERNAL', { reference: invocation.invocationId }));
    } finally {
      stopTimer();
    }
  }

  /** Expected failures become the stored answer too, so a re-delivery gets the same reply. */
  private async answer(ctx: CommandContext, work: Work): Promise<Reply> {
    try {
      return await work(ctx);
    } catch (error) {
      if (error instanceof UserError) return errorReply(ctx.t, error.code as ErrorCode, error.params);
      throw error;
    }
  }

  private count(label: string, outcome: string, reply: Reply): Reply {
    this.counter.inc({ command: label, outcome });
    return reply;
  }

  private async context(invocation: Invocation): Promise<CommandContext> {
    const { services } = this.deps;
    const community = await services.communities.ensure(invocation.platform, invocation.communityId);
    const member = await services.members.findCached({
      communityId: invocation.communityId,
      platform: invocation.platform,
      userId: invocation.user.id,
    });
    const locale = this.resolveLocale(member, invocation, community);
    const t = services.translator.forLocale(locale);
    const command = 'command' in invocation ? invocation.command : '';
    return {
      invocationId: invocation.invocationId,
      platform: invocation.platform,
      communityId: invocation.communityId,
      channelId: invocation.channelId,
      userId: invocation.user.id,
      displayName: invocation.user.displayName,
      role: effectiveRole(invocation.user.role, community, invocation.user.id),
      locale,
      t,
      community,
      member,
      services,
      now: services.clock.now(),
      commands: this.deps.commands.all(),
      askConfirmation: async (request) => {
        const token = await services.confirmations.create({
          communityId: invocation.communityId,
          userId: invocation.user.id,
          command,
          payload: request.payload,
        });
        return {
          ephemeral: true,
          tone: 'warning',
          title: request.title,
          text: request.text,
          buttons: [
            {
              label: request.confirmLabel,
              style: request.danger ? 'danger' : 'primary',
              action: buttonAction(command, CONFIRM_VERB, token),
            },
            { label: t('common.keep'), style: 'secondary', action: buttonAction(command, KEEP_VERB, token) },
          ],
        };
      },
    };
  }

  private resolveLocale(member: MemberDoc | null, invocation: Invocation, community: CommunityDoc): Locale {
    return (
      firstSupportedLocale(member?.language, invocation.user.locale, community.defaultLocale) ?? this.deps.defaultLocale
    );
  }
}

/** The platform's claim, raised (never lowered) by the community's own admin and manager lists. */
function effectiveRole(claimed: Role, community: CommunityDoc, userId: string): Role {
  if (community.adminUserIds.includes(userId)) return 'admin';
  if (community.managerUserIds.includes(userId) && !roleAtLeast(claimed, 'manager')) return 'manager';
  return claimed;
}
