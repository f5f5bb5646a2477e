import { UserError } from '../errors.ts';
import type { Locale } from '../i18n.ts';
import type { CoreServices } from '../services.ts';
import { roleAtLeast, type ArgumentValue, type CommandInvocation, type Reply } from '../types.ts';
import { errorReply } from './replies.ts';
import type { AnyCommandSpec } from './spec.ts';

/**
 * The database is down: a command that can defer its work (feedback) still answers, with the
 * platform's locale and role, since community settings cannot be read.
 */
export async function answerDegraded(
  services: CoreServices,
  invocation: CommandInvocation,
  spec: AnyCommandSpec,
  args: Record<string, ArgumentValue | undefined>,
  locale: Locale,
): Promise<Reply> {
  const t = services.translator.forLocale(locale);
  if (!spec.whenStoreDown) return errorReply(t, 'STORE.UNAVAILABLE');
  if (!roleAtLeast(invocation.user.role, spec.role)) return errorReply(t, 'AUTH.FORBIDDEN', { command: spec.name });
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
  try {
    return await spec.whenStoreDown(ctx, args as never);
  } catch (error) {
    if (error instanceof UserError) return errorReply(t, error.code, error.params);
    throw error;
  }
}
