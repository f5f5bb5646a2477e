import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackManifest } from '../../bots/slack/manifest.ts';
import { SlackBot } from '../../bots/slack/slack-bot.ts';
import { slackRoutes } from '../../bots/http/slack-routes.ts';
import { createTranslator } from '../../core/i18n.ts';
import { waitFor } from '../helpers/discord-api.ts';
import { SlackApiRecorder, slackHeaders } from '../../scripts/lib/slack-api.ts';
import type { HttpServer } from '../../bots/http/server.ts';
import { createTestCore, startTestServer, type TestCore } from '../helpers/test-core.ts';

const SECRET = 'slack-signing-secret';
const TEAM = 'T1';
let core: TestCore;
let slack: SlackApiRecorder;
let server: HttpServer;
let base: string;
let trigger = 0;

async function post(body: string, contentType: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...slackHeaders(SECRET, body), ...headers },
    body,
  });
}

/** A slash command as Slack posts it; returns the trigger id (our invocation id). */
async function slash(
  user: string,
  command: string,
  text = '',
  options: { trigger?: string; headers?: Record<string, string> } = {},
) {
  const triggerId = options.trigger ?? `trig-${++trigger}`;
  const body = new URLSearchParams({
    token: 'x',
    team_id: TEAM,
    team_domain: 't',
    channel_id: 'C1',
    channel_name: 'general',
    user_id: user,
    user_name: user,
    command: `/${command}`,
    text,
    api_app_id: 'A1',
    response_url: `${slack.url}/response/${triggerId}`,
    trigger_id: triggerId,
  }).toString();
  const response = await post(body, 'application/x-www-form-urlencoded', options.headers);
  return { status: response.status, triggerId };
}

async function interactive(payload: Record<string, unknown>) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return post(body, 'application/x-www-form-urlencoded');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Blocks = Array<Record<string, any>>;
const responseTo = (triggerId: string) =>
  waitFor(
    () =>
      slack.find(`response/${triggerId}`)[0]?.body as
        { response_type: string; text: string; blocks: Blocks } | undefined,
  );
const blocksText = (blocks: Blocks) => JSON.stringify(blocks);

beforeAll(async () => {
  slack = new SlackApiRecorder();
  await slack.start();
  slack.people.set('UADMIN', { name: 'Ada', admin: true });
  slack.people.set('UBO', { name: 'Bo' });
  slack.people.set('UCY', { name: 'Cy' });
  core = await createTestCore('slack');
  const bot = new SlackBot(core, { signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: `${slack.url}/api/` });
  server = await startTestServer(core, [slackRoutes(bot.requestListener()!)]);
  base = server.url;
  await core.services.communities.ensure('slack', TEAM);
  await core.services.loyalty.catalog.add(
    TEAM,
    { itemId: 'beans', title: 'Coffee beans', cost: 10, tags: 'coffee' },
    'seed-beans',
    new Date(),
  );
});
afterAll(async () => {
  await server.close();
  await slack?.stop();
  await core?.cleanup();
});

describe('Slack adapter (real Bolt app, signed requests, recorded Web API)', () => {
  it('answers slash commands through response_url with Block Kit', async () => {
    const join = await slash('UBO', 'join');
    expect(join.status).toBe(200);
    expect((await responseTo(join.triggerId)).text).toContain('Welcome aboard, Bo');
    const card = await responseTo((await slash('UBO', 'membership')).triggerId);
    expect(card.response_type).toBe('ephemeral');
    expect(card.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Membership card — Bo' } });
  });

  it('renders /recommend with buttons and handles a block action', async () => {
    const picks = await responseTo((await slash('UBO', 'recommend')).triggerId);
    const actions = picks.blocks.find((b) => b.type === 'actions');
    expect(actions?.elements.map((e: { action_id: string }) => e.action_id)).toEqual([
      'v1:recommend:like:beans',
      'v1:recommend:dismiss:beans',
    ]);
    const response = await interactive({
      type: 'block_actions',
      user: { id: 'UBO' },
      team: { id: TEAM },
      api_app_id: 'A1',
      trigger_id: 'trig-action-1',
      response_url: `${slack.url}/response/action-1`,
      channel: { id: 'C1' },
      container: { type: 'message' },
      actions: [
        {
          type: 'button',
          action_id: 'v1:recommend:dismiss:beans',
          block_id: 'b',
          value: 'v1:recommend:dismiss:beans',
          action_ts: '1',
        },
      ],
    });
    expect(response.status).toBe(200);
    expect((await responseTo('action-1')).text).toContain("won't suggest Coffee beans again");
  });

  it('cancels a membership for an admin through the confirm modal, and refuses a non-admin', async () => {
    await responseTo((await slash('UCY', 'join')).triggerId);
    const refused = await responseTo((await slash('UBO', 'cancel-membership', '<@UCY> spam')).triggerId);
    expect(refused.text).toContain("don't have permission");
    expect(slack.find('views.open')).toHaveLength(0);
    await slash('UADMIN', 'cancel-membership', '<@UCY|cy> left the workspace');
    const opened = await waitFor(() => slack.find('views.open')[0]);
    const view = opened.body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('modal:v1:confirm');
    expect((await core.models.Member.findById(`${TEAM}|slack|UCY`).lean())?.status).toBe('active');
    const submitted = await interactive({
      type: 'view_submission',
      user: { id: 'UADMIN' },
      team: { id: TEAM },
      api_app_id: 'A1',
      trigger_id: 'trig-view-1',
      view: { id: 'V9', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values: {} } },
    });
    expect(submitted.status).toBe(200);
    const update = (await submitted.json()) as { response_action: string; view: { blocks: unknown[] } };
    expect(update.response_action).toBe('update');
    expect(JSON.stringify(update.view.blocks)).toContain('The membership of Cy is cancelled');
    expect((await core.models.Member.findById(`${TEAM}|slack|UCY`).lean())?.status).toBe('cancelled');
    const dm = await waitFor(() => slack.find('chat.postMessage').find((c) => c.body.channel === 'DUCY'));
    expect(blocksText(dm.body.blocks as Array<Record<string, unknown>>)).toContain('Your membership was cancelled');
  });

  it('opens a modal for long feedback and shows validation errors in it', async () => {
    await slash('UBO', 'feedback');
    const modal = await waitFor(() =>
      slack
        .find('views.open')
        .find((c) => (c.body.view as { callback_id: string }).callback_id === 'modal:v1:feedback:text'),
    );
    expect(modal).toBeDefined();
    const bad = await interactive({
      type: 'view_submission',
      user: { id: 'UBO' },
      team: { id: TEAM },
      api_app_id: 'A1',
      view: {
        id: 'V2',
        callback_id: 'modal:v1:feedback:text',
        private_metadata: '',
        state: { values: { text: { value: { type: 'plain_text_input', value: 'ok' } } } },
      },
    });
    expect(await bad.json()).toEqual({
      response_action: 'errors',
      errors: { text: 'Please write at least 3 characters.' },
    });
    expect(await core.models.Feedback.countDocuments({ communityId: TEAM })).toBe(0);
    const good = await interactive({
      type: 'view_submission',
      user: { id: 'UBO' },
      team: { id: TEAM },
      api_app_id: 'A1',
      view: {
        id: 'V3',
        callback_id: 'modal:v1:feedback:text',
        private_metadata: '',
        state: {
          values: { text: { value: { type: 'plain_text_input', value: 'The coffee club is wonderful, thanks!' } } },
        },
      },
    });
    expect(JSON.stringify(await good.json())).toContain('glad to hear it');
    expect(await core.models.Feedback.countDocuments({ communityId: TEAM })).toBe(1);
  });

  it("asks for a reply's text in a modal (the save flow's own reason) and presses its action with it", async () => {
    const ask = await responseTo((await slash('UBO', 'cancel-membership')).triggerId);
    const other = ask.blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as Array<{ action_id: string; text: { text: string } }>)
      .find((e) => e.text.text === 'Another reason…');
    expect(other?.action_id).toMatch(/^v1:cancel-membership:other:/);
    const opensBefore = slack.find('views.open').length;
    await interactive({
      type: 'block_actions',
      user: { id: 'UBO' },
      team: { id: TEAM },
      api_app_id: 'A1',
      trigger_id: 'trig-other',
      response_url: `${slack.url}/response/other`,
      channel: { id: 'C1' },
      container: { type: 'message' },
      actions: [
        { type: 'button', action_id: other!.action_id, block_id: 'b', value: other!.action_id, action_ts: '1' },
      ],
    });
    const opened = await waitFor(() => slack.find('views.open')[opensBefore]);
    const view = opened.body.view as { callback_id: string; private_metadata: string };
    expect(view).toMatchObject({ callback_id: 'modal:v1:form', private_metadata: other!.action_id });
    const submitted = await interactive({
      type: 'view_submission',
      user: { id: 'UBO' },
      team: { id: TEAM },
      api_app_id: 'A1',
      view: {
        id: 'V7',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: { value: { value: { type: 'plain_text_input', value: 'Too many notifications' } } } },
      },
    });
    expect(JSON.stringify(await submitted.json())).toContain('Sorry to see you go');
    const attempt = await core.models.SaveAttempt.findOne({ communityId: TEAM, userId: 'UBO' }).lean();
    expect(attempt).toMatchObject({ reason: 'other', note: 'Too many notifications', outcome: 'open' });
    expect((await core.models.Member.findById(`${TEAM}|slack|UBO`).lean())?.status).toBe('active');
  });

  it('shows what members wrote as text, never as Slack markup, in staff alerts', async () => {
    await core.services.communities.setSupport(TEAM, { staffChannelId: 'CSTAFF' });
    await responseTo((await slash('UBO', 'join')).triggerId).catch(() => undefined);
    // As Slack sends it with should_escape: special mentions in their <!…> form, & as an entity.
    const asked = await slash('UBO', 'ask', '<!channel> Tom &amp; Jerry says reset it at <https://evil.example|Reset>');
    await responseTo(asked.triggerId);
    const alert = await waitFor(() => slack.find('chat.postMessage').find((c) => c.body.channel === 'CSTAFF'));
    const shown = `${alert.body.text} ${blocksText(alert.body.blocks as Blocks)}`;
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).toContain('Tom &amp; Jerry');
    expect(shown).toContain('&lt;https://evil.example|Reset&gt;');
    expect(shown).not.toMatch(/<!channel>|<https:/);
    const ticket = await core.models.Ticket.findOne({ communityId: TEAM, userId: 'UBO', source: 'ask' }).lean();
    expect(ticket?.text).toBe('<!channel> Tom & Jerry says reset it at <https://evil.example|Reset>');
  });

  it('posts the digest with its chart to the digest channel, and a private chart to whoever asked', async () => {
    await core.services.communities.setSupport(TEAM, { digestChannelId: 'CDIGEST', digestHour: 9 });
    await core.services.support.digestSchedule.run(new Date('2026-11-30T09:00:00Z'));
    const completed = () => slack.find('files.completeUploadExternal');
    const toDigest = await waitFor(() => completed().find((c) => c.body.channel_id === 'CDIGEST'));
    expect(blocksText(toDigest.body.blocks as Blocks)).toContain('Daily sentiment digest');
    const [uploaded] = (toDigest.body.files as Array<{ id: string }>).map(({ id }) =>
      slack.calls.find((c) => c.method === `upload/${id}`),
    );
    const png = PNG.sync.read(uploaded!.raw!);
    expect([png.width, png.height]).toEqual([1800, 800]);
    // /sentiment answers privately through response_url; the chart goes to the asker's DMs.
    const asked = await slash('UADMIN', 'sentiment', '7');
    expect((await responseTo(asked.triggerId)).response_type).toBe('ephemeral');
    await waitFor(() => completed().find((c) => c.body.channel_id === 'DUADMIN'));
  });

  it('opens a form for /catalog typed bare, shows a bad field in place, and saves the corrected item', async () => {
    await slash('UADMIN', 'catalog');
    const opened = await waitFor(() =>
      slack
        .find('views.open')
        .find((c) => (c.body.view as { callback_id: string }).callback_id === 'modal:v1:form:catalog'),
    );
    const view = opened.body.view as {
      blocks: Array<{ block_id: string; optional: boolean; element: { type: string } }>;
    };
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'action',
      'item',
      'cost',
      'stock',
      'tags',
      'tiers',
      'title',
      'description',
    ]);
    expect(view.blocks[0]).toMatchObject({ optional: false, element: { type: 'static_select' } });
    expect(view.blocks[2]?.element.type).toBe('number_input');
    const submit = (values: Record<string, unknown>) =>
      interactive({
        type: 'view_submission',
        user: { id: 'UADMIN' },
        team: { id: TEAM },
        api_app_id: 'A1',
        view: { id: 'VFORM', callback_id: 'modal:v1:form:catalog', private_metadata: '', state: { values } },
      });
    const filled = {
      action: { value: { type: 'static_select', selected_option: { value: 'add' } } },
      item: { value: { type: 'plain_text_input', value: 'lamp' } },
      cost: { value: { type: 'number_input', value: '15' } },
    };
    const bad = await (await submit(filled)).json();
    expect(bad).toMatchObject({ response_action: 'errors', errors: { title: expect.stringContaining('title') } });
    expect(await core.models.Item.countDocuments({ communityId: TEAM, itemId: 'lamp' })).toBe(0);
    const good = await submit({ ...filled, title: { value: { type: 'plain_text_input', value: 'Desk lamp' } } });
    expect(JSON.stringify(await good.json())).toContain('Desk lamp');
    expect(await core.models.Item.countDocuments({ communityId: TEAM, itemId: 'lamp', title: 'Desk lamp' })).toBe(1);
  });

  it('rejects a bad signature and a stale timestamp with 401', async () => {
    const body = new URLSearchParams({
      team_id: TEAM,
      user_id: 'UBO',
      command: '/join',
      text: '',
      trigger_id: 'forged',
      response_url: `${slack.url}/response/forged`,
    }).toString();
    const forged = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackHeaders('wrong-secret', body) },
      body,
    });
    expect(forged.status).toBe(401);
    const stale = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...slackHeaders(SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60),
      },
      body,
    });
    expect(stale.status).toBe(401);
    expect(slack.find('response/forged')).toHaveLength(0);
  });

  it('processes a retried delivery once', async () => {
    await slash('UDEE', 'join', '', { trigger: 'retry-1' });
    await responseTo('retry-1');
    await slash('UDEE', 'join', '', {
      trigger: 'retry-1',
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    await waitFor(() => slack.find('response/retry-1').length >= 2 || undefined);
    const [first, second] = slack.find('response/retry-1');
    expect(second?.body.text).toBe(first?.body.text);
    expect(await core.models.Member.countDocuments({ communityId: TEAM, userId: 'UDEE' })).toBe(1);
  });

  it('publishes the member card on App Home', async () => {
    const body = JSON.stringify({
      token: 'x',
      team_id: TEAM,
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'Ev1',
      event_time: 1,
      event: { type: 'app_home_opened', user: 'UBO', channel: 'D1', tab: 'home', event_ts: '1.0' },
    });
    expect((await post(body, 'application/json')).status).toBe(200);
    const publish = await waitFor(() => slack.find('views.publish')[0]);
    expect(JSON.stringify(publish.body.view)).toContain('Membership card — Bo');
  });

  it('credits a thread answer that is thanked in the thread or gets the helpful reaction', async () => {
    let n = 0;
    const event = async (inner: Record<string, unknown>) => {
      n += 1;
      const body = JSON.stringify({
        token: 'x',
        team_id: TEAM,
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: `EvQ${n}`,
        event_time: 1,
        event: inner,
      });
      expect((await post(body, 'application/json')).status).toBe(200);
    };
    const message = (user: string, ts: string, text: string, thread?: Record<string, string>) =>
      event({ type: 'message', channel: 'C1', channel_type: 'channel', user, ts, text, event_ts: ts, ...thread });
    await message('UADMIN', '1700000000.000100', 'Coffee beans ship on Tuesdays from the main warehouse');
    await message('UADMIN', '1700000000.000200', 'Points from purchases arrive within a minute of the receipt');
    // Bolt answers before it has handled an event: wait until both answers are remembered.
    const remembered = (ts: string) => core.redis.get(`${core.redisPrefix}:chat:{${TEAM}}:msg:${ts}`);
    await waitFor(async () => (await remembered('1700000000.000100')) && (await remembered('1700000000.000200')));
    const thread = { thread_ts: '1700000000.000100', parent_user_id: 'UADMIN' };
    await message('UBO', '1700000000.000300', 'thank you!', thread);
    await event({
      type: 'reaction_added',
      user: 'UCY',
      reaction: 'white_check_mark',
      item_user: 'UADMIN',
      item: { type: 'message', channel: 'C1', ts: '1700000000.000200' },
      event_ts: '1700000001.000000',
    });
    const pending = `${core.redisPrefix}:chat:{${TEAM}}:pending`;
    const bonus = await waitFor(async () => {
      const value = Number(await core.redis.hget(pending, 'h|slack|UADMIN'));
      return value >= 6 ? value : undefined;
    });
    expect(bonus).toBe(6);
    expect(
      slackManifest(core.commands.all(), await createTranslator('en'), 'https://x').settings.event_subscriptions
        .bot_events,
    ).toContain('reaction_added');
  });

  it('builds the app manifest from the registry', async () => {
    const manifest = slackManifest(core.commands.all(), await createTranslator('en'), 'https://bot.example.com/');
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(
      core.commands.all().map((c) => `/${c.name}`),
    );
    expect(manifest.settings.interactivity.request_url).toBe('https://bot.example.com/slack/events');
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://bot.example.com/slack/oauth_redirect']);
    // Escaped text carries mentions as <@U123|name>, which core reads as the user's id.
    expect(manifest.features.slash_commands.every((c) => c.should_escape)).toBe(true);
  });
});

describe('Slack OAuth install', () => {
  it('stores an installation and uses its token for the next request', async () => {
    const oauthCore = core;
    const bot = new SlackBot(oauthCore, {
      signingSecret: SECRET,
      clientId: '123.456',
      clientSecret: 'client-secret',
      stateSecret: 'state-secret',
      apiUrl: `${slack.url}/api/`,
    });
    const oauthServer = await startTestServer(core, [slackRoutes(bot.requestListener()!)]);
    const oauthBase = oauthServer.url;
    try {
      const install = await fetch(`${oauthBase}/slack/install`, { redirect: 'manual' });
      expect(install.status).toBe(302);
      const state = new URL(install.headers.get('location') ?? '').searchParams.get('state') ?? '';
      const cookie = install.headers.get('set-cookie')?.split(';')[0] ?? '';
      const redirect = await fetch(
        `${oauthBase}/slack/oauth_redirect?code=the-code&state=${encodeURIComponent(state)}`,
        { headers: { cookie } },
      );
      expect(redirect.status).toBe(200);
      expect(slack.find('oauth.v2.access')).toHaveLength(1);
      expect(await core.installations.find('slack', 'T:T2')).toMatchObject({ bot: { token: 'xoxb-installed' } });
      const body = new URLSearchParams({
        token: 'x',
        team_id: 'T2',
        team_domain: 's',
        channel_id: 'C2',
        channel_name: 'general',
        user_id: 'UNEW',
        user_name: 'new',
        command: '/join',
        text: '',
        api_app_id: 'A1',
        response_url: `${slack.url}/response/oauth-join`,
        trigger_id: 'oauth-join',
      }).toString();
      const response = await fetch(`${oauthBase}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackHeaders(SECRET, body) },
        body,
      });
      expect(response.status).toBe(200);
      expect((await responseTo('oauth-join')).text).toContain('Welcome aboard');
      const lookup = slack
        .find('users.info')
        .filter((c) => c.body.user === 'UNEW')
        .at(-1);
      expect(lookup?.body.token).toBe('xoxb-installed');
    } finally {
      await oauthServer.close();
    }
  });
});
