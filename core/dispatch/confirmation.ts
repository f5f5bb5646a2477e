import { UserError } from '../errors.ts';
import { roleAtLeast, type Reply } from '../types.ts';
import { KEEP_VERB } from './replies.ts';
import type { AnyCommandSpec, CommandContext } from './spec.ts';

/**
 * A press on a confirmation's confirm or keep button. The confirmation is taken atomically
 * and only by whoever asked for it, so a double press acts once and a stranger's press
 * neither acts nor spoils it.
 */
export async function resolveConfirmation(
  ctx: CommandContext,
  spec: AnyCommandSpec,
  verb: string,
  token: string,
): Promise<Reply> {
  if (!spec.confirm || !spec.confirmPayload) throw new UserError('BUTTON.INVALID');
  if (!roleAtLeast(ctx.role, spec.role)) throw new UserError('AUTH.FORBIDDEN', { command: spec.name });
  const taken = await ctx.services.confirmations.take(token, { communityId: ctx.communityId, userId: ctx.userId });
  if (taken.kind === 'not-yours') throw new UserError('BUTTON.NOT_YOURS');
  if (taken.kind === 'expired' || taken.pending.command !== spec.name) throw new UserError('BUTTON.EXPIRED');
  if (verb === KEEP_VERB) return { ephemeral: true, tone: 'info', text: ctx.t('common.nothingChanged') };
  const payload = spec.confirmPayload.safeParse(taken.pending.payload);
  if (!payload.success) throw new UserError('BUTTON.INVALID');
  return spec.confirm(ctx, payload.data);
}
