import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleChat } from '../../bots/console/index.ts';
import { seedDemoCommunity } from '../../core/demo/demo-community.ts';
import { deletePrefixedKeys } from '../helpers/redis-keys.ts';
import { createTestCore, type TestCore } from '../helpers/test-core.ts';

let core: TestCore;

beforeAll(async () => {
  core = await createTestCore('console', {}, { CONSOLE_COMMUNITY_ID: 'console-test' });
  await seedDemoCommunity(core, 'console-test');
});
afterAll(async () => core?.cleanup());

async function runScript(lines: string[]): Promise<string> {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const chat = createConsoleChat(core, output);
  const input = new PassThrough();
  input.end(`${lines.join('\n')}\n`);
  await chat.run(input, false);
  return text;
}

describe('console adapter', () => {
  it('runs a script: card, switching users, numbered buttons, DMs', async () => {
    const out = await runScript([
      '/membership',
      '/as admin',
      '/cancel-membership bob left the club',
      '1',
      '/as bob',
      '/membership',
    ]);
    expect(out).toContain('Alice> /membership');
    expect(out).toContain('Membership card — Alice');
    expect(out).toMatch(/\[1\] Cancel membership\s+\[2\] Keep it/);
    expect(out).toContain('direct message to bob');
    expect(out).toContain('Reason: left the club');
    expect(out).toContain('The membership of Bob is cancelled');
    expect(out).toMatch(/Bob> \/membership\n! Membership card — Bob\n {2}Your membership was cancelled/);
  });

  it('shows errors for bad input and changes nothing', async () => {
    const before = await core.models.Member.find({ communityId: 'console-test' }).sort({ userId: 1 }).lean();
    const out = await runScript([
      '/as chen',
      '/frobnicate',
      '/language klingon',
      '7',
      'hello there',
      '/as alice',
      '/cancel-membership chen',
    ]);
    expect(out).toContain('没有名为 /frobnicate 的命令');
    expect(out).toContain('“klingon”不是“language”的可选值');
    expect(out).toContain('没有这个编号的按钮');
    expect(out).toContain('（已记录聊天消息；命令以 / 开头）');
    expect(out).toContain("You don't have permission to run /cancel-membership");
    const after = await core.models.Member.find({ communityId: 'console-test' }).sort({ userId: 1 }).lean();
    expect(after).toEqual(before);
  });

  it("takes the next line as the answer when a reply asks for text (the save flow's own reason)", async () => {
    const out = await runScript(['/as alice', '/cancel-membership', '5', 'the club moved too far away', '2']);
    expect(out).toMatch(/\[5\] Another reason…\s+\[6\] Keep my membership/);
    expect(out).toContain('? Tell us why\n  What made you decide to leave?');
    expect(out).toMatch(/\[1\] Cancel my membership\s+\[2\] Keep my membership/);
    expect(out).toContain("Glad you're staying! Nothing was changed.");
    const attempt = await core.models.SaveAttempt.findOne({ communityId: 'console-test', userId: 'alice' }).lean();
    expect(attempt).toMatchObject({ reason: 'other', note: 'the club moved too far away', outcome: 'kept' });
  });

  it('takes options by name in any order, quotes keeping spaces, and suggests a misspelt name', async () => {
    const out = await runScript([
      '/as admin',
      '/catalog add stock:5 title:"Free prize" item:prize cost:100',
      '/catalog add itme:poster cost:10 title:Poster',
      '/catalog list',
      '/help catalog',
    ]);
    expect(out).toContain('Added Free prize (100 points, stock 5).');
    expect(out).toContain('This command has no option called "itme". Did you mean "item"?');
    expect(out).toContain('prize — Free prize');
    expect(out).not.toContain('poster —');
    expect(out).toMatch(/item — text · optional: Item id[^\n]*\n {4}Example: item:prize/);
    expect(out).toContain('Example: tiers:silver,gold');
    expect(out).toContain('cost — whole number · optional');
    expect(await core.models.Item.countDocuments({ communityId: 'console-test', itemId: 'prize', stock: 5 })).toBe(1);
  });

  it('writes a digest chart to a file and prints where', async () => {
    const out = await runScript(['/as manager', '/sentiment 7']);
    const path = /\[image: ([^\]]+\.png)\]/.exec(out)?.[1] ?? '';
    expect(path).toContain('.charts');
    const png = PNG.sync.read(readFileSync(path));
    expect([png.width, png.height]).toEqual([1800, 800]);
  });

  it('seeds the demo community idempotently', async () => {
    await seedDemoCommunity(core, 'console-test');
    await seedDemoCommunity(core, 'console-test');
    expect(await core.models.Member.countDocuments({ communityId: 'console-test' })).toBe(5);
    expect(await core.models.Community.countDocuments({ communityId: 'console-test' })).toBe(1);
  });
});

describe('npm run demo with a piped script', () => {
  it('prints the membership card and exits', async () => {
    const dbName = `loyalbot_test_demo_${randomBytes(3).toString('hex')}`;
    const base = (process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/loyalbot').replace(
      /\/[^/?]*(\?|$)/,
      `/${dbName}$1`,
    );
    const env = { ...process.env, MONGODB_URI: base, REDIS_PREFIX: `test-${dbName}` };
    const run = promisify(execFile);
    try {
      // A small past keeps this quick; test/core/demo-history.test.ts checks the past itself.
      const child = run('npx', ['tsx', 'scripts/demo.ts', '--members', '30', '--weeks', '2'], { env, timeout: 60_000 });
      child.child.stdin?.end('/membership\n/as chen\n/membership\n');
      const { stdout } = await child;
      expect(stdout).toContain("Preparing the demo community's past, only this once: 30 members over 2 weeks");
      expect(stdout).toContain('Membership card — Alice');
      expect(stdout).toContain('会员卡 — 陈静');
    } finally {
      const connection = await mongoose.createConnection(base).asPromise();
      await connection.dropDatabase();
      await connection.close();
      await deletePrefixedKeys(core.redis, env.REDIS_PREFIX);
    }
    // The child may take its own 60 s on a loaded machine (a past to write, then the bot).
  }, 90_000);
});
