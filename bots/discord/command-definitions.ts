import {
  ApplicationCommandOptionType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { AnyCommandSpec, OptionSpec, Translator } from '../../core/index.ts';

const OPTION_TYPES = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
  user: ApplicationCommandOptionType.User,
} as const;

const clip = (text: string) => (text.length > 100 ? `${text.slice(0, 99)}…` : text);

function option(spec: AnyCommandSpec, opt: OptionSpec, translator: Translator): APIApplicationCommandOption {
  const key = `commands.${spec.name}.options.${opt.name}`;
  return {
    name: opt.name,
    description: clip(translator.t('en', key)),
    description_localizations: { 'zh-CN': clip(translator.t('zh-CN', key)) },
    type: OPTION_TYPES[opt.type],
    // A long-text option may be left out: the bot then asks for it in a modal.
    required: Boolean(opt.required) && !opt.longText,
    ...(opt.choices && opt.choices.length <= 25 ? { choices: opt.choices.map((c) => ({ name: c, value: c })) } : {}),
    ...(opt.type === 'string' && opt.maxLength ? { max_length: Math.min(opt.maxLength, 6000) } : {}),
    ...(opt.type === 'integer' && opt.min !== undefined ? { min_value: opt.min } : {}),
    ...(opt.type === 'integer' && opt.max !== undefined ? { max_value: opt.max } : {}),
    ...(opt.suggest ? { autocomplete: true } : {}),
  } as APIApplicationCommandOption;
}

/**
 * Slash-command definitions from the core registry: localized descriptions (en-US,
 * zh-CN), typed options, manager and admin commands hidden behind Manage Server and
 * Administrator (core checks again), and guild-only commands unavailable in DMs.
 */
export function discordCommandDefinitions(
  specs: readonly AnyCommandSpec[],
  translator: Translator,
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return specs.map((spec) => {
    const options = spec.options.map((opt) => option(spec, opt, translator));
    // Discord requires required options before optional ones.
    options.sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
    const permissions =
      spec.role === 'admin'
        ? PermissionFlagsBits.Administrator
        : spec.role === 'manager'
          ? PermissionFlagsBits.ManageGuild
          : null;
    return {
      name: spec.name,
      description: clip(translator.t('en', `commands.${spec.name}.description`)),
      description_localizations: { 'zh-CN': clip(translator.t('zh-CN', `commands.${spec.name}.description`)) },
      options,
      default_member_permissions: permissions === null ? null : permissions.toString(),
      contexts: spec.guildOnly
        ? [InteractionContextType.Guild]
        : [InteractionContextType.Guild, InteractionContextType.BotDM],
    };
  });
}
