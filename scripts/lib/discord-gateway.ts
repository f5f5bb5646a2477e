// What Discord's gateway and REST API say about a guild and a channel message, shaped as
// discord.js reads them: for the recording API server of the tests and the chat bench.

export interface GuildSpec {
  id: string;
  name: string;
  memberCount: number;
  /** Roles besides @everyone, in position order. */
  roles?: Array<{ id: string; name: string }>;
  channels: Array<{ id: string; name: string }>;
}

/** A guild as GUILD_CREATE and GET /guilds/:id carry it. */
export function guildPayload(spec: GuildSpec) {
  const role = (id: string, name: string, position: number) => ({
    id,
    name,
    permissions: '0',
    position,
    color: 0,
    hoist: false,
    managed: false,
    mentionable: false,
    flags: 0,
  });
  return {
    id: spec.id,
    name: spec.name,
    icon: null,
    owner_id: '1',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    emojis: [],
    stickers: [],
    member_count: spec.memberCount,
    large: spec.memberCount > 250,
    unavailable: false,
    joined_at: new Date().toISOString(),
    voice_states: [],
    members: [],
    presences: [],
    threads: [],
    stage_instances: [],
    guild_scheduled_events: [],
    roles: [role(spec.id, '@everyone', 0), ...(spec.roles ?? []).map((r, i) => role(r.id, r.name, i + 1))],
    channels: spec.channels.map((channel, position) => ({
      id: channel.id,
      type: 0,
      name: channel.name,
      guild_id: spec.id,
      position,
      permission_overwrites: [],
      nsfw: false,
      parent_id: null,
    })),
  };
}

export interface MessageSpec {
  id: string;
  channelId: string;
  guildId: string;
  author: { id: string; username: string; global_name?: string | null; bot?: boolean };
  content: string;
  timestamp: string;
  /** Further fields as Discord sends them (a reply's `message_reference`, …). */
  extra?: Record<string, unknown>;
}

/** A channel message as MESSAGE_CREATE carries it. */
export function messagePayload(spec: MessageSpec) {
  return {
    id: spec.id,
    channel_id: spec.channelId,
    guild_id: spec.guildId,
    author: { discriminator: '0', avatar: null, global_name: null, bot: false, ...spec.author },
    member: { roles: [], joined_at: spec.timestamp, deaf: false, mute: false, flags: 0 },
    content: spec.content,
    timestamp: spec.timestamp,
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    ...spec.extra,
  };
}

/** The bot's own user (id 900). */
const BOT_USER = {
  id: '900',
  username: 'loyalbot',
  discriminator: '0',
  avatar: null,
  bot: true,
  global_name: 'loyalbot',
};

/**
 * A message the bot itself sent, outside any guild member's context: what the REST API answers
 * to a send, and the message a pressed button sits on.
 */
export function botMessagePayload(id: string, channelId: string, body: Record<string, unknown> = {}) {
  return {
    id,
    channel_id: channelId,
    author: BOT_USER,
    content: body.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    pinned: false,
    type: 0,
  };
}

/** The gateway's READY for the bot user 900, so discord.js takes itself as logged in. */
export function readyPayload(sessionId: string) {
  return {
    v: 10,
    user: BOT_USER,
    guilds: [],
    session_id: sessionId,
    resume_gateway_url: 'ws://127.0.0.1',
    application: { id: '900', flags: 0 },
  };
}
