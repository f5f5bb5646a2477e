import type { CommunityDoc } from '../db/models.ts';
import { firstSupportedLocale, type Locale } from '../i18n.ts';
import type { CoreServices } from '../services.ts';
import { roleAtLeast, type ButtonInvocation, type CommandInvocation, type Role } from '../types.ts';
import type { CommandRegistry } from './registry.ts';
import { buttonAction, CONFIRM_VERB, KEEP_VERB } from './replies.ts';
import type { CommandContext } from './spec.ts';

export type Invocation = CommandInvocation | ButtonInvocation;

export interface ContextDeps {
  services: CoreServices;
  commands: CommandRegistry;
  defaultLocale: Locale;
}

/** The scope an invocation's bookkeeping (claims, limits) lives in: its community, or the user's DMs. */
export function scopeOf(invocation: Invocation): string {
  return invocation.directMessage ? `dm:${invocation.platform}:${invocation.user.id}` : invocation.communityId;
}

/**
 * What a handler knows of its invocation. In a direct message there is no community: it gets
 * the defaults, held in memory only (a DM never creates a community), and no membership.
 */
export async function buildContext(deps: ContextDeps, invocation: Invocation): Promise<CommandContext> {
  const { services } = deps;
  const key = { communityId: invocation.communityId, platform: invocation.platform, userId: invocation.user.id };
  const community = invocation.directMessage
    ? services.communities.defaultsFor(invocation.platform, scopeOf(invocation))
    : await services.communities.ensure(invocation.platform, invocation.communityId);
  const member = invocation.directMessage ? null : await services.members.findCached(key);
  const locale =
    firstSupportedLocale(member?.language, invocation.user.locale, community.defaultLocale) ?? deps.defaultLocale;
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
    commands: deps.commands.all(),
    audit: (entry) =>
      services.audit.record({
        ...entry,
        details: { ...entry.details },
        communityId: invocation.communityId,
        actorId: invocation.user.id,
        at: services.clock.now(),
        via: invocation.via ?? 'chat',
      }),
    askConfirmation: async (request) => {
      const owner = { communityId: invocation.communityId, userId: invocation.user.id };
      const token = await services.confirmations.create({ ...owner, command, payload: request.payload });
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

/** The platform's claim, raised (never lowered) by the community's own admin and manager lists. */
function effectiveRole(claimed: Role, community: CommunityDoc, userId: string): Role {
  if (community.adminUserIds.includes(userId)) return 'admin';
  if (community.managerUserIds.includes(userId) && !roleAtLeast(claimed, 'manager')) return 'manager';
  return claimed;
}
