import { UserError } from '../errors.ts';
import type { MemberDoc } from '../db/models.ts';
import { pausedError, type MemberKey } from '../identity/members.ts';
import type { CommandContext } from './spec.ts';

export function callerKey(ctx: CommandContext): MemberKey {
  return { communityId: ctx.communityId, platform: ctx.platform, userId: ctx.userId };
}

/** The caller's membership (any status); a non-member is told how to join. */
export function caller(ctx: CommandContext): MemberDoc {
  if (!ctx.member) throw new UserError('MEMBER.NOT_FOUND', { user: ctx.userId });
  return ctx.member;
}

/** The caller's membership, which must be active for anything involving points. */
export function activeCaller(ctx: CommandContext): MemberDoc {
  const member = caller(ctx);
  if (member.status === 'paused') throw pausedError(member);
  if (member.status !== 'active') throw new UserError('MEMBER.NOT_ACTIVE');
  return member;
}

/** Another member of the caller's community, named in a command option. */
export async function targetMember(ctx: CommandContext, userId: string): Promise<MemberDoc> {
  return ctx.services.members.require(
    { communityId: ctx.communityId, platform: ctx.platform, userId },
    'MEMBER.TARGET_NOT_FOUND',
  );
}

/** Managers and admins may run some actions of a member command; this checks it server-side. */
export function requireRole(ctx: CommandContext, role: 'manager' | 'admin', command: string): void {
  const ok = role === 'admin' ? ctx.role === 'admin' : ctx.role === 'admin' || ctx.role === 'manager';
  if (!ok) throw new UserError('AUTH.FORBIDDEN', { command });
}
