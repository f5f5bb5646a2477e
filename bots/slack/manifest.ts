import type { AnyCommandSpec, Translator } from '../../core/index.ts';

export const SLACK_BOT_SCOPES = [
  'files:write',
  'commands',
  'chat:write',
  'im:write',
  'users:read',
  'channels:history',
  'groups:history',
  // The community's "helpful" reaction earns a message's author a bonus.
  'reactions:read',
];

/**
 * The Slack app manifest, from the command registry: creating the app is pasting this.
 * Every route points at the bot's own HTTP server under `publicUrl`.
 */
export function slackManifest(specs: readonly AnyCommandSpec[], translator: Translator, publicUrl: string) {
  const base = publicUrl.replace(/\/$/, '');
  return {
    display_information: {
      name: 'loyalbot',
      description: 'Membership, points, rewards and support for your community',
      background_color: '#2f3542',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'loyalbot', always_online: true },
      slash_commands: specs.map((spec) => ({
        command: `/${spec.name}`,
        url: `${base}/slack/events`,
        description: translator.t('en', `commands.${spec.name}.description`).slice(0, 100),
        usage_hint:
          spec.options
            .map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`))
            .join(' ')
            .slice(0, 100) || undefined,
        // Escaped: mentions arrive as <@U123|name>, the id core needs; &, < and > as entities.
        should_escape: true,
      })),
    },
    oauth_config: { redirect_urls: [`${base}/slack/oauth_redirect`], scopes: { bot: SLACK_BOT_SCOPES } },
    settings: {
      event_subscriptions: {
        request_url: `${base}/slack/events`,
        bot_events: [
          'app_home_opened',
          'app_uninstalled',
          'message.channels',
          'message.groups',
          'reaction_added',
          'tokens_revoked',
        ],
      },
      interactivity: { is_enabled: true, request_url: `${base}/slack/events` },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
