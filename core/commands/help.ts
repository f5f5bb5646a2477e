import { defineCommand } from '../dispatch/spec.ts';
import { roleAtLeast } from '../types.ts';

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
      fields: runnable.map((spec) => ({
        name: `/${spec.name}${spec.options.map((o) => (o.required ? ` <${o.name}>` : ` [${o.name}]`)).join('')}`,
        value: ctx.t(`commands.${spec.name}.description`),
      })),
    };
  },
});
