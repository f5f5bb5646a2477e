import { defineCommand } from '../dispatch/spec.ts';
import { roleAtLeast } from '../types.ts';
import type { CommandContext } from '../dispatch/spec.ts';
import { loyaltySettings } from '../loyalty/settings.ts';

function chatLine(ctx: CommandContext): string {
  const { chat } = loyaltySettings(ctx.community);
  if (!chat.quality) return ctx.t('help.chatPlain', { points: chat.points, cap: chat.dailyCap });
  return ctx.t('help.chatQuality', {
    points: chat.points,
    cap: chat.dailyCap,
    bonus: chat.helpBonus,
    reaction: chat.helpfulReaction,
  });
}

export default defineCommand({
  name: 'help',
  role: 'member',
  options: [],
  async handle(ctx) {
    const runnable = ctx.commands.filter((spec) => roleAtLeast(ctx.role, spec.role));
    return {
      ephemeral: true,
      tone: 'info',
      title: ctx.t('help.title'),
      text: ctx.t('help.intro'),
      fields: [
        ...runnable.map((spec) => ({
          name: `/${spec.name}${spec.options.map((o) => (o.required ? ` <${o.name}>` : ` [${o.name}]`)).join('')}`,
          value: ctx.t(`commands.${spec.name}.description`),
        })),
        // Chat earns points without a command: how, in this community.
        { name: ctx.t('help.chatTitle'), value: chatLine(ctx) },
      ],
    };
  },
});
