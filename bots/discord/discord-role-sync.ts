import type { Client } from 'discord.js';
import type { Logger, Platform, RoleSync } from '../../core/index.ts';

/**
 * Mirrors tiers as guild roles named after them ("gold", "silver"…): adds the member's
 * tier role, removes the other tier roles, removes all on cancellation. Roles the bot may
 * not manage (permissions, hierarchy) throw, and core reports that to whoever acted.
 */
export class DiscordRoleSync implements RoleSync {
  constructor(
    private readonly client: Client,
    private readonly tierNames: (communityId: string) => Promise<string[]>,
    private readonly logger: Logger,
  ) {}

  async setTier(
    target: { platform: Platform; communityId: string; userId: string },
    tier: string | null,
  ): Promise<void> {
    if (target.platform !== 'discord') return;
    const guild = await this.client.guilds.fetch(target.communityId);
    const tiers = new Set((await this.tierNames(target.communityId)).map((name) => name.toLowerCase()));
    const roles = await guild.roles.fetch();
    const tierRoles = roles.filter((role) => tiers.has(role.name.toLowerCase()));
    if (tierRoles.size === 0) return;
    const member = await guild.members.fetch(target.userId);
    for (const role of tierRoles.values()) {
      const wanted = tier !== null && role.name.toLowerCase() === tier.toLowerCase();
      if (wanted && !member.roles.cache.has(role.id)) await member.roles.add(role, 'loyalbot tier');
      if (!wanted && member.roles.cache.has(role.id)) await member.roles.remove(role, 'loyalbot tier');
    }
    this.logger.debug({ userId: target.userId, tier }, 'tier roles synced');
  }
}
