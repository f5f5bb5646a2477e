import { defineCommand } from '../dispatch/spec.ts';
import { SUPPORTED_LOCALES } from '../i18n.ts';

export default defineCommand({
  name: 'language',
  role: 'member',
  guildOnly: true,
  options: [{ name: 'language', type: 'string', required: true, choices: SUPPORTED_LOCALES }],
  async handle(ctx, args) {
    const key = { communityId: ctx.communityId, platform: ctx.platform, userId: ctx.userId };
    await ctx.services.members.require(key);
    const language = args.language as (typeof SUPPORTED_LOCALES)[number];
    await ctx.services.members.setLanguage(key, language);
    const t = ctx.services.translator.forLocale(language);
    return {
      ephemeral: true,
      tone: 'success',
      text: t('language.changed', { language: t(`language.names.${language}`) }),
    };
  },
});
