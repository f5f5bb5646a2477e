import { Counter, Histogram, type Registry } from 'prom-client';
import { rateLimitFor } from '../admin/rate-limits.ts';
import { isStoreUnavailable } from '../db/connection.ts';
import { memberField } from '../db/ids.ts';
import { UserError } from '../errors.ts';
import { toSupportedLocale, type Locale, type Translate } from '../i18n.ts';
import type { Logger } from '../logger.ts';
import type { CoreServices } from '../services.ts';
import {
  roleAtLeast,
  type ArgumentValue,
  type ButtonInvocation,
  type CommandInvocation,
  type Reply,
  type SuggestionRequest,
} from '../types.ts';
import { parseArguments } from './args.ts';
import { resolveConfirmation } from './confirmation.ts';
import { buildContext, scopeOf, type Invocation } from './context.ts';
import { answerDegraded } from './degraded.ts';
import type { CommandRegistry } from './registry.ts';
import { CONFIRM_VERB, errorReply, KEEP_VERB, parseButtonAction, type ButtonAction } from './replies.ts';
import type { RouteLookup } from '../stores/button-routes.ts';
import type { AnyCommandSpec, CommandContext } from './spec.ts';
import { suggestionsFrom, type Suggestion } from './suggestions.ts';

export interface DispatcherDeps {
  services: CoreServices;
  commands: CommandRegistry;
  logger: Logger;
  defaultLocale: Locale;
  metrics: Registry;
}

type Work = (ctx: CommandContext) => Promise<Reply>;

interface Job {
  /** The command (or `<command>:button`), for metrics and rate limits. */
  label: string;
  spec: AnyCommandSpec | undefined;
  work: Work;
  /** What to answer while the database is down (only commands that can defer their work). */
  degraded?: () => Promise<Reply>;
}

/**
 * The one entry from every adapter into commands. Refuses bad input before anything is
 * recorded, resolves community, member, locale and role, keeps each user within the rate
 * limits, runs the handler once per invocation id, and turns expected failures into
 * localized replies with a stable code.
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
    const label = spec?.name ?? 'unknown';
    const t = this.platformTranslate(invocation);
    let args: Record<string, ArgumentValue | undefined>;
    try {
      if (!spec) throw new UserError('COMMAND.UNKNOWN', { command: invocation.command });
      // Input errors are answered before anything is recorded, so a corrected retry runs.
      args = parseArguments(spec.options, invocation.args);
    } catch (error) {
      if (error instanceof UserError) return this.count(label, 'rejected', errorReply(t, error.code, error.params));
      throw error;
    }
    const degraded = spec.whenStoreDown
      ? () => answerDegraded(this.deps.services, invocation, spec, args, this.platformLocale(invocation))
      : undefined;
    return this.run(invocation, {
      label,
      spec,
      degraded,
      work: async (ctx) => {
        if (!roleAtLeast(ctx.role, spec.role)) throw new UserError('AUTH.FORBIDDEN', { command: spec.name });
        return spec.handle(ctx, args as never);
      },
    });
  }

  async press(pressed: ButtonInvocation): Promise<Reply> {
    const parsed = parseButtonAction(pressed.action);
    const spec = parsed ? this.deps.commands.get(parsed.command) : undefined;
    const label = spec ? `${spec.name}:button` : 'button';
    const resolved = parsed?.routed && spec ? await this.route(pressed, parsed, label) : { invocation: pressed };
    if ('reply' in resolved) return resolved.reply;
    const { invocation } = resolved;
    const action = parsed && 'argument' in resolved ? { ...parsed, argument: resolved.argument } : parsed;
    return this.run(invocation, {
      label,
      spec,
      work: async (ctx) => {
        if (!action || !spec) throw new UserError('BUTTON.INVALID');
        const { verb, argument } = action;
        if (verb === CONFIRM_VERB || verb === KEEP_VERB) return resolveConfirmation(ctx, spec, verb, argument);
        if (!spec.onButton) throw new UserError('BUTTON.INVALID');
        if (!roleAtLeast(ctx.role, spec.role)) throw new UserError('AUTH.FORBIDDEN', { command: spec.name });
        return spec.onButton(ctx, verb, argument, formInput(invocation.input));
      },
    });
  }

  /**
   * A routed button (sent by DM, where there is no community): its token names the community,
   * the member it was sent to and the real argument. The press then runs as if made in that
   * community — its member, settings, role and rate limits — and only by that member.
   */
  private async route(
    invocation: ButtonInvocation,
    action: ButtonAction,
    label: string,
  ): Promise<{ invocation: ButtonInvocation; argument: string } | { reply: Reply }> {
    const t = this.platformTranslate(invocation);
    const who = { platform: invocation.platform, userId: invocation.user.id };
    let found: RouteLookup;
    try {
      found = await this.deps.services.buttonRoutes.resolve(action.argument, who);
    } catch (error) {
      this.deps.logger.error({ err: error, invocationId: invocation.invocationId }, 'button route unreadable');
      return { reply: this.count(label, 'failed', this.internalError(t, invocation)) };
    }
    if (found.kind !== 'found' || found.route.command !== action.command) {
      const code = found.kind === 'not-yours' ? 'BUTTON.NOT_YOURS' : 'BUTTON.EXPIRED';
      return { reply: this.count(label, 'rejected', errorReply(t, code)) };
    }
    const { communityId, argument } = found.route;
    return { invocation: { ...invocation, communityId, directMessage: false }, argument };
  }

  /** Suggestions while typing an option (Discord autocomplete); none for a caller who may not run the command. */
  async suggest(request: SuggestionRequest): Promise<Suggestion[]> {
    const spec = this.deps.commands.get(request.command);
    const source = spec?.options.find((option) => option.name === request.option)?.suggest;
    if (!spec || !source || !roleAtLeast(request.user.role, spec.role)) return [];
    const runnable = this.deps.commands.all().filter((other) => roleAtLeast(request.user.role, other.role));
    return suggestionsFrom(
      source,
      this.deps.services,
      request.communityId,
      request.typed,
      runnable.map((c) => c.name),
    );
  }

  private async run(invocation: Invocation, job: Job): Promise<Reply> {
    const stopTimer = this.duration.startTimer({ command: job.label });
    const { services } = this.deps;
    const scope = scopeOf(invocation);
    let t = this.platformTranslate(invocation);
    let claimed = false;
    try {
      if (invocation.directMessage && (!job.spec || job.spec.guildOnly)) throw new UserError('COMMAND.GUILD_ONLY');
      const ctx = await buildContext(this.deps, invocation);
      t = ctx.t;
      const member = memberField({ platform: invocation.platform, userId: invocation.user.id });
      const claim = await services.invocations.claim(scope, invocation.invocationId, member);
      if (claim.kind === 'done') return this.count(job.label, 'replayed', claim.reply);
      if (claim.kind === 'running') return this.count(job.label, 'rejected', errorReply(t, 'INVOCATION.IN_PROGRESS'));
      claimed = true;
      const reply = await this.answer(ctx, job);
      await services.invocations.complete(scope, invocation.invocationId, storable(reply, ctx.t));
      return this.count(job.label, reply.errorCode ? 'rejected' : 'ok', reply);
    } catch (error) {
      if (error instanceof UserError) return this.count(job.label, 'rejected', errorReply(t, error.code, error.params));
      if (claimed) await services.invocations.release(scope, invocation.invocationId).catch(() => undefined);
      if (job.degraded && isStoreUnavailable(error)) {
        // The caller and community may come from the Redis cache, so the outage can show only
        // after the claim: it was released, since the deferred work is keyed by the invocation
        // id itself and a later re-delivery must be free to run normally.
        const where = { err: error, invocationId: invocation.invocationId, command: job.label };
        this.deps.logger.warn(where, 'database unavailable: answering in degraded mode');
        const answer = await job.degraded().catch(() => this.internalError(t, invocation));
        return this.count(job.label, 'degraded', answer);
      }
      this.deps.logger.error(
        { err: error, invocationId: invocation.invocationId, command: job.label },
        'command failed',
      );
      return this.count(job.label, 'failed', this.internalError(t, invocation));
    } finally {
      stopTimer();
    }
  }

  /** Expected failures become the stored answer too, so a re-delivery gets the same reply. */
  private async answer(ctx: CommandContext, job: Job): Promise<Reply> {
    try {
      const command = job.label.replace(/:button$/, '');
      const limit = rateLimitFor(ctx.community, command);
      const scope = ctx.communityId || `dm:${ctx.platform}:${ctx.userId}`;
      const subject = `${memberField(ctx)}:${command}`;
      if (!(await ctx.services.rateLimiter.take(scope, subject, limit, ctx.now))) {
        throw new UserError('RATE.LIMITED', { count: limit.count, seconds: limit.windowSeconds });
      }
      return await job.work(ctx);
    } catch (error) {
      if (error instanceof UserError) return errorReply(ctx.t, error.code, error.params);
      throw error;
    }
  }

  private platformLocale(invocation: Invocation): Locale {
    return toSupportedLocale(invocation.user.locale) ?? this.deps.defaultLocale;
  }

  private platformTranslate(invocation: Invocation): Translate {
    return this.deps.services.translator.forLocale(this.platformLocale(invocation));
  }

  private internalError(t: Translate, invocation: Invocation): Reply {
    return errorReply(t, 'INTERNAL', { reference: invocation.invocationId });
  }

  private count(label: string, outcome: string, reply: Reply): Reply {
    this.counter.inc({ command: label, outcome });
    return reply;
  }
}

/** Longest text a form may hand a command; each command checks its own, shorter limit. */
const MAX_FORM_INPUT = 4000;

function formInput(input: string | undefined): string | undefined {
  if (typeof input !== 'string') return undefined;
  const text = input.trim().slice(0, MAX_FORM_INPUT);
  return text === '' ? undefined : text;
}

/** What is kept for re-deliveries: never a secret (they are told it was done), never a picture. */
function storable(reply: Reply, t: Translate): Reply {
  if (reply.sensitive) return { ephemeral: true, tone: 'info', text: t('common.alreadyAnswered') };
  // A re-delivery gets the words without the picture: images would crowd the log.
  return reply.image ? { ...reply, image: undefined } : reply;
}
