import { Status } from 'discord.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordBot } from '../../bots/discord/discord-bot.ts';
import { createWebhookClient } from '../../bots/http/webhook-client.ts';
import { dashboardRoutes } from '../../bots/web/routes.ts';
import type { QueueScheduler } from '../../jobs/queue-scheduler.ts';
import { createQueueScheduler } from '../../jobs/runtime.ts';
import type { CommandInvocation, InvokingUser } from '../../core/types.ts';
import {
  chartsDrawn,
  chromiumPath,
  follow,
  launchBrowser,
  screenshot,
  watchProblems,
  type TestBrowser,
} from '../helpers/browser.ts';
import { DiscordApiRecorder, waitFor } from '../helpers/discord-api.ts';
import { createTestCore, startTestServer, type TestCore } from '../helpers/test-core.ts';

const GUILD = '7070';
const admin: InvokingUser = { id: '11', displayName: 'Ada', role: 'admin', locale: 'en-US' };
const manager: InvokingUser = { id: '12', displayName: 'Maya', role: 'manager', locale: 'en-US' };
const members: InvokingUser[] = ['21', '22', '23', '24', '25'].map((id, i) => ({
  id,
  displayName: ['Lena', 'Omar', 'Priya', 'Tom', '王芳'][i] as string,
  role: 'member',
  locale: i === 4 ? 'zh-CN' : 'en-US',
}));

const complaints = [
  'The delivery was late again and nobody answered my emails.',
  'Delivery took two weeks, terrible and slow.',
  'My delivery arrived broken, awful packaging.',
  'Late delivery, rude support, very disappointed.',
];
const praise = [
  'The tasting evening was wonderful, thank you!',
  'Loved the tasting evening, great people and great coffee.',
  'Wonderful tasting evening, well organised.',
];

let core: TestCore;
let api: DiscordApiRecorder;
let base: string;
let browser: TestBrowser;
let close: () => Promise<void>;
let scheduler: QueueScheduler;
let sequence = 0;

function command(user: InvokingUser, name: string, args: CommandInvocation['args'] = {}): CommandInvocation {
  sequence += 1;
  return {
    invocationId: `seed-${sequence}`,
    platform: 'discord',
    communityId: GUILD,
    channelId: 'general',
    user,
    command: name,
    args,
  };
}

async function run(user: InvokingUser, name: string, args: CommandInvocation['args'] = {}) {
  const reply = await core.dispatcher.dispatch(command(user, name, args));
  if (reply.tone === 'error') throw new Error(`${name} failed: ${reply.text}`);
  return reply;
}

/** Signs a staff member in through a fresh one-time link, as /dashboard would give them. */
async function signIn(page: Page, user: InvokingUser, locale: 'en' | 'zh-CN' = 'en'): Promise<string> {
  const link = await core.dashboard.linkFor({
    platform: 'discord',
    communityId: GUILD,
    userId: user.id,
    displayName: user.displayName,
    role: user.role,
    locale,
  });
  const local = link.replace(/^https?:\/\/[^/]+/, base);
  await page.goto(local);
  await follow(page, page.getByRole('button', { name: locale === 'en' ? 'Sign in' : '登录' }));
  if (!page.url().endsWith('/dashboard/overview')) throw new Error(`signing in led to ${page.url()}`);
  return local;
}

async function stat(page: Page, label: string): Promise<string> {
  return (await page.locator('.stat', { hasText: label }).locator('.stat-value').innerText()).trim();
}

describe.skipIf(!chromiumPath)('the web dashboard in a real browser', () => {
  beforeAll(async () => {
    api = new DiscordApiRecorder(GUILD, [{ id: '501', name: 'free' }]);
    await api.start();
    const outbound = createWebhookClient({ timeoutMs: 2000, allowLoopback: true });
    core = await createTestCore('web', { outbound }, { WEBHOOK_ALLOW_LOOPBACK: 'true' });
    const bot = new DiscordBot(core, { apiBaseUrl: api.baseUrl, token: 'test-token' }).sendOnly();
    bot.client.ws.status = Status.Ready;
    scheduler = await createQueueScheduler(core.config);
    const server = await startTestServer(core, [dashboardRoutes(core, { queues: scheduler.allQueues() })]);
    base = server.url;
    close = () => server.close();
    await core.services.communities.setLimits(GUILD, { '*': { count: 1000, windowSeconds: 60 } });
    for (const user of [admin, manager, ...members]) await run(user, 'join');
    await run(admin, 'grant-points', { user: '21', amount: 300, reason: 'welcome' });
    await run(admin, 'grant-points', { user: '22', amount: 120, reason: 'welcome' });
    for (const [i, text] of complaints.entries())
      await run(members[i % members.length] as InvokingUser, 'feedback', { text });
    for (const [i, text] of praise.entries())
      await run(members[(i + 2) % members.length] as InvokingUser, 'feedback', { text });
    await core.services.figures.stats.refresh(GUILD, core.services.clock.now());
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
    await scheduler?.close();
    await api?.stop();
    await core?.cleanup();
  });

  it('signs in with a one-time link, and refuses the same link a second time', async () => {
    const page = await browser.newPage();
    const link = await signIn(page, admin);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Overview');
    const second = await browser.newPage();
    const response = await second.goto(link);
    expect(response?.status()).toBe(401);
    expect(await second.getByRole('heading', { level: 1 }).innerText()).toBe('This link no longer works');
    await second.close();
    await page.close();
  });

  it("shows the community's figures and charts on the overview", async () => {
    const page = await browser.newPage();
    await signIn(page, admin);
    const figures = await core.services.figures.stats.latest(GUILD);
    const tickets = await core.services.support.tickets.countUnresolved(GUILD);
    expect(await stat(page, 'Active members')).toBe(String(2 + members.length));
    expect(await stat(page, 'Open tickets')).toBe(String(tickets));
    expect(tickets).toBeGreaterThan(0);
    expect(await stat(page, 'Points outstanding')).toBe(figures?.points.outstanding.toLocaleString('en-US'));
    expect(await chartsDrawn(page)).toBe(3);
    expect(await page.locator('.chart canvas').count()).toBe(3);
    await screenshot(page, 'overview');
    await page.close();
  });

  it('lists the messages behind a theme when it is clicked', async () => {
    const page = await browser.newPage();
    await signIn(page, manager);
    await page.goto(`${base}/dashboard/sentiment`);
    await chartsDrawn(page);
    await follow(page, page.locator('.themes a', { hasText: 'delivery' }).first());
    const section = page.locator('#theme');
    expect(await section.getByRole('heading').innerText()).toContain('delivery');
    const listed = await section.innerText();
    for (const text of complaints) expect(listed).toContain(text);
    for (const text of praise) expect(listed).not.toContain(text);
    await screenshot(page, 'sentiment');
    await page.close();
  });

  it("takes a manager's own label for a line and gives it back in the training file", async () => {
    const page = await browser.newPage();
    await signIn(page, manager);
    await page.goto(`${base}/dashboard/sentiment`);
    const row = page.locator('section[aria-labelledby="list-h"] tr', { hasText: complaints[1] as string });
    await row.getByLabel('Your label for this feedback').selectOption('neutral');
    await follow(page, row.getByRole('button', { name: 'Save label' }));
    expect(await page.getByRole('status').innerText()).toContain('Labelled Neutral for training');
    const relabelled = page.locator('section[aria-labelledby="list-h"] tr', { hasText: complaints[1] as string });
    expect(await relabelled.locator('.label-neutral').count()).toBe(1);
    const file = await page.request.get(`${base}/dashboard/sentiment-training.tsv`);
    expect(file.headers()['content-type']).toContain('text/tab-separated-values');
    const rows = (await file.text()).split('\n').filter((line) => line && !line.startsWith('#'));
    expect(rows).toEqual([`neutral\t${complaints[1]}`]);
    await page.close();
  });

  it('closes a ticket from the web, and the member hears of it in a Discord DM', async () => {
    const [ticket] = await core.services.support.tickets.unresolved(GUILD, 1);
    expect(ticket).toBeDefined();
    const page = await browser.newPage();
    await signIn(page, manager);
    await page.goto(`${base}/dashboard/support`);
    const card = page.locator(`[data-ticket="${ticket?.ticketId}"]`);
    await follow(page, card.getByRole('button', { name: 'Close' }));
    expect(await page.locator('.reply').innerText()).toContain(`Ticket ${ticket?.ticketId} is closed`);
    const dm = await waitFor(() =>
      api
        .find('POST', new RegExp(`^/channels/77${ticket?.userId}/messages$`))
        .find((call) => JSON.stringify(call.body).includes(String(ticket?.ticketId))),
    );
    expect(JSON.stringify(dm.body)).toContain('was closed');
    const audit = await core.services.audit.recent(GUILD, 5, 'web');
    expect(audit.map((entry) => [entry.action, entry.actorId])).toContainEqual(['ticket.close', manager.id]);
    await screenshot(page, 'support');
    await page.close();
  });

  it('adds a catalog item: a bad field is shown beside it and saves nothing, the fixed form saves', async () => {
    const page = await browser.newPage();
    await signIn(page, admin);
    await page.goto(`${base}/dashboard/catalog`);
    const form = page.locator('[data-form="catalog-add"]');
    await form.getByLabel('Item id').fill('Bad Item!');
    await form.getByLabel('Title shown to members').fill('Barista course');
    await form.getByLabel('Cost in points').fill('450');
    await follow(page, form.getByRole('button', { name: 'Add' }));
    const itemField = page.locator('[data-form="catalog-add"] .field-error');
    expect(await itemField.count()).toBe(1);
    expect(await itemField.locator('input').getAttribute('name')).toBe('arg:item');
    expect(await itemField.locator('input').getAttribute('aria-invalid')).toBe('true');
    expect(await itemField.locator('.error').innerText()).toContain('item');
    expect(await core.services.loyalty.catalog.all(GUILD)).toHaveLength(0);
    await screenshot(page, 'catalog-error');
    // The other values were kept; only the item id needs fixing.
    const again = page.locator('[data-form="catalog-add"]');
    expect(await again.getByLabel('Title shown to members').inputValue()).toBe('Barista course');
    await again.getByLabel('Item id').fill('barista-course');
    await follow(page, again.getByRole('button', { name: 'Add' }));
    expect(await page.locator('.reply').innerText()).toContain('Barista course');
    expect(await page.locator('table').innerText()).toContain('barista-course');
    const items = await core.services.loyalty.catalog.all(GUILD);
    expect(items.map((item) => [item.itemId, item.cost])).toEqual([['barista-course', 450]]);
    await screenshot(page, 'catalog');
    await page.close();
  });

  it('runs a campaign and a webhook endpoint from forms, and lists them with their figures', async () => {
    const page = await browser.newPage();
    await signIn(page, admin);
    await page.goto(`${base}/dashboard/campaigns`);
    const create = page.locator('form[data-form="campaign-create"]');
    await create.getByLabel('Name', { exact: true }).fill('double-week');
    await create.getByLabel('Value', { exact: true }).fill('2');
    await create.getByLabel('Earnings', { exact: true }).fill('chat');
    await follow(page, create.getByRole('button', { name: 'Add' }));
    expect(await page.getByRole('status').innerText()).toContain('Campaign double-week created');
    const row = page.locator('tr', { hasText: 'double-week' });
    expect(await row.innerText()).toContain('running');
    expect(await row.innerText()).toContain('not counted yet');
    await follow(page, page.getByRole('button', { name: 'Refresh now' }));
    expect(await row.innerText()).toContain('0 reached');
    await screenshot(page, 'campaigns');

    await page.goto(`${base}/dashboard/webhooks`);
    const add = page.locator('form[data-form="webhook-add"]');
    await add.getByLabel('Receiver URL').fill('https://10.1.2.3/hook');
    await follow(page, add.getByRole('button', { name: 'Add' }));
    expect(await page.getByRole('alert').innerText()).toContain('private, loopback or link-local');
    expect(await core.services.webhooks.endpoints.list(GUILD)).toEqual([]);
    await add.getByLabel('Receiver URL').fill('http://127.0.0.1:9/hook');
    await add.getByLabel('Events').fill('ticket.closed,order.placed');
    await follow(page, add.getByRole('button', { name: 'Add' }));
    expect(await page.getByRole('status').innerText()).toContain('signed with this secret');
    const [endpoint] = await core.services.webhooks.endpoints.list(GUILD);
    const section = page.locator('section.endpoint', { hasText: endpoint?.endpointId as string });
    expect(await section.innerText()).toContain('http://127.0.0.1:9/hook');
    expect(await section.innerText()).toContain('ticket.closed, order.placed');
    expect(await section.innerText()).not.toContain(endpoint?.secret as string);
    await screenshot(page, 'webhooks');
    await follow(page, section.getByRole('button', { name: 'Remove' }));
    expect(await core.services.webhooks.endpoints.list(GUILD)).toEqual([]);
    await page.close();
  });

  it('refuses admin pages to a manager, and hides them from the menu', async () => {
    const page = await browser.newPage();
    await signIn(page, manager);
    expect(await page.getByRole('navigation', { name: 'Dashboard pages' }).innerText()).not.toContain('Catalog');
    for (const path of ['catalog', 'campaigns', 'members', 'settings', 'webhooks', 'jobs']) {
      const response = await page.goto(`${base}/dashboard/${path}`);
      expect(response?.status(), path).toBe(403);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Not for your role');
    }
    await page.close();
  });

  it('refuses a POST without the CSRF token and changes nothing', async () => {
    const page = await browser.newPage();
    await signIn(page, admin);
    const response = await page.request.post(`${base}/dashboard/catalog`, {
      form: {
        nonce: 'abcdefgh1234',
        form: 'catalog-add',
        command: 'catalog',
        'arg:action': 'add',
        'arg:item': 'sneaky',
        'arg:title': 'Sneaky',
        'arg:cost': '1',
      },
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('Form expired');
    expect((await core.services.loyalty.catalog.all(GUILD)).map((item) => item.itemId)).not.toContain('sneaky');
    await page.close();
  });

  it('cancels a membership from the web after a confirmation, audited as done on the web', async () => {
    const page = await browser.newPage();
    await signIn(page, admin);
    await page.goto(`${base}/dashboard/members?q=tom`);
    await follow(page, page.getByRole('link', { name: 'Tom' }));
    await page.getByLabel('Why it is cancelled').fill('asked by email');
    await follow(page, page.getByRole('button', { name: 'Cancel membership…' }));
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.isVisible()).toBe(true);
    expect((await core.services.members.find({ communityId: GUILD, platform: 'discord', userId: '24' }))?.status).toBe(
      'active',
    );
    await follow(page, dialog.getByRole('button').first());
    expect(await page.locator('.reply').innerText()).toContain('Tom');
    expect((await core.services.members.find({ communityId: GUILD, platform: 'discord', userId: '24' }))?.status).toBe(
      'cancelled',
    );
    const audit = await core.services.audit.recent(GUILD, 10, 'web');
    expect(audit.map((entry) => entry.action)).toContain('membership.cancel');
    await page.goto(`${base}/dashboard/audit?via=web`);
    expect(await page.locator('table').innerText()).toContain('membership.cancel');
    await screenshot(page, 'audit');
    await page.close();
  });

  it('renders the overview in Chinese after switching language', async () => {
    const page = await browser.newPage();
    await signIn(page, manager);
    await follow(page, page.getByRole('button', { name: '中文' }));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('概览');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await stat(page, '有效会员')).toBe(String(2 + members.length));
    expect(await chartsDrawn(page)).toBe(3);
    await screenshot(page, 'overview-zh-CN');
    await page.close();
  });

  it('fits a phone screen: no sideways scrolling, every page reachable from the menu', async () => {
    const page = await browser.newPage({ width: 390, height: 844 });
    await signIn(page, admin);
    for (const name of ['overview', 'sentiment', 'support', 'personas', 'recommendations', 'members', 'campaigns']) {
      await page.goto(`${base}/dashboard/${name}`);
      await chartsDrawn(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, name).toBeLessThanOrEqual(0);
      await screenshot(page, `phone-${name}`);
    }
    await page.close();
  });

  it('shows every page without a script error or a refused resource, and the queues to an admin', async () => {
    const page = await browser.newPage();
    await signIn(page, admin);
    const problems = watchProblems(page);
    const pages = [
      'overview',
      'sentiment',
      'support',
      'personas',
      'recommendations',
      'catalog',
      'campaigns',
      'members',
      'settings',
      'webhooks',
      'audit',
    ];
    for (const name of pages) {
      const response = await page.goto(`${base}/dashboard/${name}`);
      expect(response?.status(), name).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await chartsDrawn(page);
      await screenshot(page, name);
    }
    expect(problems).toEqual([]);
    const jobs = await page.goto(`${base}/dashboard/jobs`);
    expect(jobs?.status()).toBe(200);
    await page.waitForSelector('text=dashboard-refresh');
    await screenshot(page, 'jobs');
    await page.close();
  });
});
