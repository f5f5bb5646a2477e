import { Status } from 'discord.js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordCommandDefinitions } from '../../bots/discord/command-definitions.ts';
import { DiscordBot } from '../../bots/discord/discord-bot.ts';
import { createTranslator } from '../../core/i18n.ts';
import { DiscordApiRecorder, waitFor, type RecordedFile } from '../helpers/discord-api.ts';
import { createTestCore, type TestCore } from '../helpers/test-core.ts';
import { botMessagePayload, messagePayload, readyPayload } from '../../scripts/lib/discord-gateway.ts';

const GUILD = '4242';
const ROLES = { free: '501', gold: '502' };
let core: TestCore;
let api: DiscordApiRecorder;
let bot: DiscordBot;
let sequence = 1000;

const users = {
  ada: { id: '11', username: 'ada', global_name: 'Ada', discriminator: '0', avatar: null },
  bo: { id: '12', username: 'bo', global_name: 'Bo', discriminator: '0', avatar: null },
  cy: { id: '13', username: 'cy', global_name: 'Cy', discriminator: '0', avatar: null },
};
type User = (typeof users)[keyof typeof users];
const ADMINISTRATOR = '8';

/** Feeds a gateway dispatch through discord.js's own packet handling. */
function dispatch(t: string, d: unknown) {
  // handlePacket is how discord.js itself routes gateway dispatches (private in its types).
  const ws = bot.client.ws as unknown as { handlePacket(packet: unknown, shard: unknown): boolean };
  ws.handlePacket({ t, d, op: 0, s: sequence++ }, { id: 0, checkReady: () => undefined });
}

function interactionBase(user: User, permissions = '0') {
  const id = String(++sequence * 1000);
  return {
    id,
    application_id: '900',
    token: `token-${id}`,
    version: 1,
    guild_id: GUILD,
    channel_id: 'c-general',
    locale: 'en-US',
    guild_locale: 'en-US',
    app_permissions: '8',
    entitlements: [],
    authorizing_integration_owners: {},
    context: 0,
    // Every member starts with the "free" tier role, as the bot would have given it.
    member: {
      user,
      roles: [ROLES.free],
      permissions,
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    },
    channel: { id: 'c-general', type: 0, name: 'general', guild_id: GUILD },
  };
}

function command(
  user: User,
  name: string,
  options: Array<{ name: string; type: number; value: unknown }> = [],
  permissions = '0',
) {
  const base = interactionBase(user, permissions);
  dispatch('INTERACTION_CREATE', {
    ...base,
    type: 2,
    data: { id: `cmd-${name}`, name, type: 1, options, guild_id: GUILD },
  });
  return base.id;
}

function press(user: User, customId: string, permissions = '0') {
  const base = interactionBase(user, permissions);
  const message = botMessagePayload('3000', 'c-general');
  dispatch('INTERACTION_CREATE', { ...base, type: 3, message, data: { custom_id: customId, component_type: 2 } });
  return base.id;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function callbackOf(interactionId: string): Promise<{ type: number; data: Record<string, any> }> {
  const call = await waitFor(() => api.find('POST', new RegExp(`^/interactions/${interactionId}/`))[0]);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return call.body as { type: number; data: Record<string, any> };
}

beforeAll(async () => {
  api = new DiscordApiRecorder(GUILD, [
    { id: ROLES.free, name: 'free' },
    { id: ROLES.gold, name: 'gold' },
  ]);
  await api.start();
  core = await createTestCore('discord');
  bot = new DiscordBot(core, { apiBaseUrl: api.baseUrl, readMessages: true });
  core.roleSyncs.register('discord', bot.roleSync());
  bot.client.token = 'test-token';
  bot.client.rest.setToken('test-token');
  dispatch('READY', readyPayload('s'));
  bot.client.ws.status = Status.Ready;
  dispatch('GUILD_CREATE', api.guild);
});
afterAll(async () => {
  await bot?.client.destroy();
  await api?.stop();
  await core?.cleanup();
});

describe('Discord adapter (real discord.js client, recorded REST)', () => {
  it('answers /join and /membership with ephemeral embeds', async () => {
    expect((await callbackOf(command(users.bo, 'join'))).data.embeds[0].title).toBe('Welcome!');
    const card = await callbackOf(command(users.bo, 'membership'));
    expect(card.type).toBe(4);
    expect(card.data.flags).toBe(64);
    expect(card.data.embeds[0].title).toBe('Membership card — Bo');
    expect(card.data.embeds[0].fields.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(['Status', 'Tier', 'Points']),
    );
  });

  it('renders a list reply (/help) as embed fields', async () => {
    const help = await callbackOf(command(users.bo, 'help'));
    expect(help.data.embeds[0].fields.length).toBeGreaterThan(5);
    expect(help.data.embeds[0].fields.map((f: { name: string }) => f.name)).toContain('/recommend [notify]');
    // An admin has more commands than an embed has fields: the last ones are folded, not lost.
    const admin = await callbackOf(command(users.ada, 'help', [], ADMINISTRATOR));
    const fields = admin.data.embeds[0].fields as Array<{ name: string; value: string }>;
    expect(fields).toHaveLength(25);
    const shown = fields.map((f) => `${f.name} ${f.value}`).join('\n');
    for (const name of core.commands.all().map((spec) => `/${spec.name}`)) expect(shown).toContain(name);
    expect(fields.at(-1)?.value).toContain('Chat');
  });

  it('lets an admin cancel a membership through the confirmation button: role removed, DM sent', async () => {
    await callbackOf(command(users.cy, 'join'));
    const ask = await callbackOf(
      command(
        users.ada,
        'cancel-membership',
        [
          { name: 'user', type: 6, value: users.cy.id },
          { name: 'reason', type: 3, value: 'left the server' },
        ],
        ADMINISTRATOR,
      ),
    );
    const buttons = ask.data.components[0].components as Array<{ custom_id: string; style: number; label: string }>;
    expect(buttons.map((b) => b.label)).toEqual(['Cancel membership', 'Keep it']);
    expect(buttons[0]?.custom_id).toMatch(/^v1:cancel-membership:confirm:/);
    const done = await callbackOf(press(users.ada, buttons[0]!.custom_id, ADMINISTRATOR));
    expect(done.data.embeds[0].description).toContain('The membership of Cy is cancelled');
    expect((await core.models.Member.findById(`${GUILD}|discord|13`).lean())?.status).toBe('cancelled');
    await waitFor(() => api.find('DELETE', new RegExp(`^/guilds/${GUILD}/members/13/roles/${ROLES.free}$`))[0]);
    const dm = await waitFor(() => api.find('POST', /^\/channels\/7713\/messages$/)[0]);
    expect((dm.body as { embeds: Array<{ title: string }> }).embeds[0]?.title).toBe('Your membership was cancelled');
  });

  it('refuses the same for a non-admin and changes nothing', async () => {
    await callbackOf(command(users.ada, 'join', [], ADMINISTRATOR));
    const rolesBefore = api.calls.filter((c) => c.path.includes('/roles/')).length;
    const refused = await callbackOf(
      command(users.bo, 'cancel-membership', [{ name: 'user', type: 6, value: users.ada.id }]),
    );
    expect(refused.data.embeds[0].description).toContain("don't have permission");
    expect(refused.data.components ?? []).toHaveLength(0);
    expect((await core.models.Member.findById(`${GUILD}|discord|11`).lean())?.status).toBe('active');
    expect(api.calls.filter((c) => c.path.includes('/roles/')).length).toBe(rolesBefore);
  });

  it('asks for long feedback in a modal and records the submission', async () => {
    const opened = await callbackOf(command(users.bo, 'feedback'));
    expect(opened.type).toBe(9);
    expect(opened.data.custom_id).toBe('modal:v1:feedback:text');
    const base = interactionBase(users.bo);
    dispatch('INTERACTION_CREATE', {
      ...base,
      type: 5,
      data: {
        custom_id: 'modal:v1:feedback:text',
        components: [
          { type: 1, components: [{ type: 4, custom_id: 'text', value: 'Love the new rewards, thank you all!' }] },
        ],
      },
    });
    const ack = await callbackOf(base.id);
    expect(ack.data.embeds[0].description).toContain('glad to hear it');
    expect(await core.models.Feedback.countDocuments({ communityId: GUILD, userId: '12', label: 'positive' })).toBe(1);
  });

  it('completes reward names from the catalog as a member types (autocomplete from the spec)', async () => {
    await core.services.loyalty.catalog.add(
      GUILD,
      { itemId: 'mug', title: 'Club mug', cost: 120 },
      'seed-mug',
      new Date(),
    );
    await core.services.loyalty.catalog.add(
      GUILD,
      { itemId: 'tea', title: 'Oolong tea', cost: 40 },
      'seed-tea',
      new Date(),
    );
    const base = interactionBase(users.bo);
    const options = [{ name: 'reward', type: 3, value: 'MU', focused: true }];
    dispatch('INTERACTION_CREATE', { ...base, type: 4, data: { id: 'cmd-redeem', name: 'redeem', type: 1, options } });
    const result = await callbackOf(base.id);
    expect(result.type).toBe(8);
    expect(result.data.choices).toEqual([{ name: 'Club mug (120)', value: 'mug' }]);
  });

  it('refuses guild commands in a direct message without creating a community, and still helps', async () => {
    const communitiesBefore = await core.models.Community.countDocuments({});
    const dm = (name: string, options: Array<{ name: string; type: number; value: unknown }> = []) => {
      const base: Record<string, unknown> = { ...interactionBase(users.cy) };
      for (const guildOnly of ['guild_id', 'member', 'channel']) delete base[guildOnly];
      const id = base.id as string;
      dispatch('INTERACTION_CREATE', {
        ...base,
        user: users.cy,
        context: 1,
        channel_id: 'dm-channel',
        channel: { id: 'dm-channel', type: 1, recipients: [users.cy] },
        type: 2,
        data: { id: `cmd-${name}`, name, type: 1, options },
      });
      return id;
    };
    const privacy = await callbackOf(dm('privacy', [{ name: 'action', type: 3, value: 'delete' }]));
    expect(privacy.data.embeds[0].description).toContain('works in a server');
    expect(privacy.data.components ?? []).toHaveLength(0);
    const help = await callbackOf(dm('help'));
    expect(help.data.embeds[0].title).toBe('What you can do');
    // Nothing the bot answers pings anyone.
    expect(help.data.allowed_mentions).toEqual({ parse: [] });
    expect(await core.models.Community.countDocuments({})).toBe(communitiesBefore);
  });

  it('attaches the digest chart to the reply and shows it in the embed', async () => {
    const MANAGE_GUILD = '32';
    const reply = await callbackOf(
      command(users.ada, 'sentiment', [{ name: 'days', type: 4, value: 7 }], MANAGE_GUILD),
    );
    expect(reply.data.embeds[0].image.url).toBe('attachment://sentiment.png');
    const [file] = (reply as unknown as { files: RecordedFile[] }).files;
    expect(file).toMatchObject({ name: 'sentiment.png', contentType: 'image/png' });
    const png = PNG.sync.read(file!.data);
    expect([png.width, png.height]).toEqual([1800, 800]);
  });

  it('answers a forged button with a clear message and does nothing', async () => {
    const forged = await callbackOf(press(users.bo, 'v1:cancel-membership:confirm:AAAAAAAAAAAAAAAAAAAAAA'));
    expect(forged.data.embeds[0].description).toContain('expired or was already used');
    const junk = await callbackOf(press(users.bo, 'totally-not-ours'));
    expect(junk.data.embeds[0].description).toContain("isn't one of ours");
    expect((await core.models.Member.findById(`${GUILD}|discord|12`).lean())?.status).toBe('active');
  });

  it('rates a closed ticket from its DM buttons (no server there) and asks for a comment in a modal', async () => {
    const { ticket } = await core.services.support.tickets.open({
      communityId: GUILD,
      platform: 'discord',
      userId: users.bo.id,
      displayName: 'Bo',
      source: 'ask',
      sourceId: 'discord-csat',
      text: 'How do I link my account?',
      at: new Date(),
    });
    const dmsBefore = api.find('POST', /^\/channels\/7712\/messages$/).length;
    const closeOptions = [
      { name: 'action', type: 3, value: 'close' },
      { name: 'ticket', type: 3, value: ticket.ticketId },
    ];
    await callbackOf(command(users.ada, 'tickets', closeOptions, ADMINISTRATOR));
    const dm = await waitFor(() => api.find('POST', /^\/channels\/7712\/messages$/)[dmsBefore]);
    type Row = { components: Array<{ custom_id: string; label: string }> };
    const stars = (dm.body as { components: Row[] }).components[0]!.components;
    expect(stars.map((b) => b.label)).toEqual(['1 ★', '2 ★', '3 ★', '4 ★', '5 ★']);

    const inDm = (type: number, data: Record<string, unknown>, user: User = users.bo) => {
      const base: Record<string, unknown> = { ...interactionBase(user) };
      for (const guildOnly of ['guild_id', 'member', 'channel']) delete base[guildOnly];
      const channel = { id: `77${user.id}`, type: 1, recipients: [user] };
      const message = botMessagePayload('3001', channel.id);
      dispatch('INTERACTION_CREATE', {
        ...base,
        user,
        context: 1,
        channel_id: channel.id,
        channel,
        type,
        message,
        data,
      });
      return base.id as string;
    };
    const stolen = await callbackOf(inDm(3, { custom_id: stars[0]!.custom_id, component_type: 2 }, users.ada));
    expect(stolen.data.embeds[0].description).toContain("belongs to someone else's request");
    const rated = await callbackOf(inDm(3, { custom_id: stars[3]!.custom_id, component_type: 2 }));
    expect(rated.data.embeds[0].description).toContain(`You rated ticket ${ticket.ticketId} 4/5`);
    const stored = await core.models.CsatRating.findById(`${GUILD}|${ticket.ticketId}`).lean();
    expect(stored).toMatchObject({ rating: 4, userId: users.bo.id, staffId: users.ada.id });

    const comment = (rated.data.components[0] as Row).components[0]!;
    expect(comment.label).toBe('Add a comment');
    const modal = await callbackOf(inDm(3, { custom_id: comment.custom_id, component_type: 2 }));
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toMatch(/^v1:rate:comment:~/);
    const field = { type: 4, custom_id: 'input', value: 'Clear answer, thanks!' };
    const submitted = await callbackOf(
      inDm(5, { custom_id: modal.data.custom_id, components: [{ type: 1, components: [field] }] }),
    );
    expect(submitted.data.embeds[0].description).toBe('Thanks for your comment.');
    expect((await core.models.CsatRating.findById(`${GUILD}|${ticket.ticketId}`).lean())?.comment).toBe(
      'Clear answer, thanks!',
    );
    expect(await core.models.Community.countDocuments({ communityId: '' })).toBe(0);
  });

  it('skips a member whose DMs are closed (50007) without failing the action', async () => {
    api.closedDms.add(users.bo.id);
    const result = await core.services.notifier.send(
      { kind: 'member', platform: 'discord', communityId: GUILD, userId: users.bo.id },
      { ephemeral: false, text: 'hello' },
    );
    expect(result).toBe('unreachable');
    const grant = await callbackOf(
      command(
        users.ada,
        'grant-points',
        [
          { name: 'user', type: 6, value: users.bo.id },
          { name: 'amount', type: 4, value: 10 },
          { name: 'reason', type: 3, value: 'helpful' },
        ],
        ADMINISTRATOR,
      ),
    );
    // 5 from feedback and 10 from rating a ticket earlier.
    expect(grant.data.embeds[0].description).toContain('balance is now 25');
  });

  it('counts messages from people and ignores other bots', async () => {
    const at = new Date().toISOString();
    const msg = (id: string, user: User, isBot: boolean) =>
      messagePayload({
        id,
        channelId: 'c-general',
        guildId: GUILD,
        author: { ...user, bot: isBot },
        content: 'great stream today',
        timestamp: at,
      });
    dispatch('MESSAGE_CREATE', msg('8001', { ...users.cy, id: '99' }, true));
    dispatch('MESSAGE_CREATE', msg('8002', users.ada, false));
    const pending = `${core.redisPrefix}:chat:{${GUILD}}:pending`;
    // Points per member (`c|…`); the `q|…` fields are the managers' quality counters.
    const earners = async () => Object.keys(await core.redis.hgetall(pending)).filter((f) => f.startsWith('c|'));
    const fields = await waitFor(async () => ((await earners()).length > 0 ? earners() : undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await earners()).toEqual(['c|discord|11']);
    expect(await fields).toEqual(['c|discord|11']);
  });

  it('credits the author of an answer that is thanked in a reply or marked with the helpful reaction', async () => {
    const at = new Date().toISOString();
    const msg = (id: string, user: User, content: string, extra: Record<string, unknown> = {}) =>
      messagePayload({
        id,
        channelId: 'c-general',
        guildId: GUILD,
        author: { ...user, bot: false },
        content,
        timestamp: at,
        extra,
      });
    const answer = msg('8101', users.ada, 'Link your account under settings, then connected apps, then Discord');
    dispatch('MESSAGE_CREATE', answer);
    dispatch('MESSAGE_CREATE', msg('8102', users.ada, 'Rewards refresh every Monday morning, check back then'));
    const pending = `${core.redisPrefix}:chat:{${GUILD}}:pending`;
    const remembered = (id: string) => core.redis.get(`${core.redisPrefix}:chat:{${GUILD}}:msg:${id}`);
    await waitFor(async () => (await remembered('8101')) && (await remembered('8102')));
    const reference = { message_id: '8101', channel_id: 'c-general', guild_id: GUILD };
    dispatch(
      'MESSAGE_CREATE',
      msg('8103', users.bo, 'thanks, that worked!', {
        type: 19,
        message_reference: reference,
        referenced_message: answer,
      }),
    );
    const member = { user: users.bo, roles: [], joined_at: at, deaf: false, mute: false, flags: 0 };
    const reaction = { user_id: users.bo.id, channel_id: 'c-general', message_id: '8102', guild_id: GUILD, member };
    dispatch('MESSAGE_REACTION_ADD', { ...reaction, emoji: { id: null, name: '😂' } });
    dispatch('MESSAGE_REACTION_ADD', { ...reaction, emoji: { id: null, name: '✅' } });
    // 3 points for the thanked answer and 3 for the one marked helpful (the defaults).
    const bonus = await waitFor(async () => {
      const value = Number(await core.redis.hget(pending, 'h|discord|11'));
      return value >= 6 ? value : undefined;
    });
    expect(bonus).toBe(6);
  });

  it('generates slash-command definitions for every command, in both locales, with permissions', async () => {
    const specs = core.commands.all();
    const definitions = discordCommandDefinitions(specs, await createTranslator('en'));
    expect(definitions.map((d) => d.name)).toEqual(specs.map((s) => s.name));
    for (const definition of definitions) {
      expect(definition.description_localizations?.['zh-CN'], definition.name).toBeTruthy();
      expect(definition.description.length).toBeLessThanOrEqual(100);
      for (const option of definition.options ?? [])
        expect(option.description_localizations?.['zh-CN'], `${definition.name}.${option.name}`).toBeTruthy();
    }
    const byName = Object.fromEntries(definitions.map((d) => [d.name, d]));
    expect(byName['grant-points']?.default_member_permissions).toBe('8');
    expect(byName.tickets?.default_member_permissions).toBe('32');
    expect(byName.membership?.default_member_permissions).toBeNull();
    expect(byName.membership?.contexts).toEqual([0]);
    expect(byName.feedback?.options?.[0]).toMatchObject({ name: 'text', required: false });
    expect(byName.redeem?.options?.[0]).toMatchObject({ name: 'reward', autocomplete: true });
    expect(byName['cancel-membership']?.options?.map((o) => o.type)).toEqual([6, 3]);
  });
});
