import type { CommandContext, OptionSpec } from '../dispatch/spec.ts';
import { defineCommand, type AnyCommandSpec } from '../dispatch/spec.ts';
import { loyaltySettings } from '../loyalty/settings.ts';
import { roleAtLeast, type Reply } from '../types.ts';

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

const usage = (spec: AnyCommandSpec) =>
  `/${spec.name}${spec.options.map((o) => (o.required ? ` <${o.name}>` : ` [${o.name}]`)).join('')}`;

/** An example value for an option: from the command's examples, else one by type (none for free text). */
function exampleValue(option: OptionSpec, examples: string): string | undefined {
  const fromExamples = new RegExp(`(?:^|\\s)${option.name}:("[^"]*"|\\S+)`).exec(examples)?.[1];
  if (fromExamples) return fromExamples;
  if (option.choices) return option.choices[0];
  if (option.type === 'integer') return String(Math.min(Math.max(10, option.min ?? 10), option.max ?? 10));
  if (option.type === 'boolean') return 'on';
  if (option.type === 'user') return '@alice';
  return undefined;
}

function optionField(ctx: CommandContext, spec: AnyCommandSpec, option: OptionSpec, examples: string) {
  const kind = [
    ctx.t(`help.types.${option.type}`),
    ctx.t(option.required ? 'help.required' : 'help.optional'),
    ...(option.choices ? [ctx.t('help.choices', { choices: option.choices.join(', ') })] : []),
  ].join(' · ');
  const description = ctx.t(`commands.${spec.name}.options.${option.name}`);
  const value = exampleValue(option, examples);
  const sample = value === undefined ? '' : `\n${ctx.t('help.example', { example: `${option.name}:${value}` })}`;
  return { name: `${option.name} — ${kind}`, value: `${description}${sample}` };
}

/** One command in detail: what it does, how to type it, each option with its type and an example. */
function explain(ctx: CommandContext, spec: AnyCommandSpec): Reply {
  const example = ctx.t(`commands.${spec.name}.example`, { defaultValue: '' });
  // More option values than the one example line shows, for the options it leaves out.
  const examples = `${example} ${ctx.t(`commands.${spec.name}.moreExamples`, { defaultValue: '' })}`;
  const lines = [ctx.t(`commands.${spec.name}.description`), ctx.t('help.usage', { usage: usage(spec) })];
  if (spec.options.length > 0 && example) lines.push(ctx.t('help.named', { example }));
  return {
    ephemeral: true,
    tone: 'info',
    title: ctx.t('help.commandTitle', { command: spec.name }),
    text: lines.join('\n'),
    fields: spec.options.map((option) => optionField(ctx, spec, option, examples)),
  };
}

export default defineCommand({
  name: 'help',
  role: 'member',
  options: [{ name: 'command', type: 'string', maxLength: 40, suggest: 'commands' }],
  async handle(ctx, args) {
    const runnable = ctx.commands.filter((spec) => roleAtLeast(ctx.role, spec.role));
    if (args.command) {
      const wanted = args.command.replace(/^\//, '').toLowerCase();
      const spec = runnable.find((candidate) => candidate.name === wanted);
      if (!spec) return { ephemeral: true, tone: 'error', text: ctx.t('help.unknown', { command: wanted }) };
      return explain(ctx, spec);
    }
    return {
      ephemeral: true,
      tone: 'info',
      title: ctx.t('help.title'),
      text: ctx.t('help.intro'),
      fields: [
        ...runnable.map((spec) => ({ name: usage(spec), value: ctx.t(`commands.${spec.name}.description`) })),
        // Chat earns points without a command: how, in this community.
        { name: ctx.t('help.chatTitle'), value: chatLine(ctx) },
      ],
    };
  },
});
