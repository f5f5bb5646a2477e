import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../helpers/test-core.ts';
import { deleteKeys, keysMatching } from '../../helpers/redis-keys.ts';

let core: TestCore;
const community = 'guild-queue';
const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));

async function open(sourceId: string, day: number) {
  const { ticket } = await core.services.support.tickets.open({
    communityId: community,
    platform: 'console',
    userId: `u-${sourceId}`,
    displayName: sourceId,
    source: 'ask',
    sourceId,
    text: `question ${sourceId}`,
    at: at(day),
  });
  return ticket.ticketId;
}

beforeAll(async () => {
  core = await createTestCore('ticket-queue');
  await core.services.communities.ensure('console', community);
});
afterAll(async () => core.cleanup());

describe('the ticket queue', () => {
  it('lists open and claimed tickets oldest first, counts them, and drops closed ones', async () => {
    const { tickets } = core.services.support;
    const [late, early, middle] = [await open('late', 20), await open('early', 2), await open('middle', 9)];
    await tickets.claim(community, middle, 'staff');
    await tickets.close(community, late, 'staff', at(21));
    expect((await tickets.unresolved(community, 10)).map((t) => t.ticketId)).toEqual([early, middle]);
    expect(await tickets.countUnresolved(community)).toBe(2);
    // Opening the same source again (a retried request) adds nothing.
    await open('early', 2);
    expect(await tickets.countUnresolved(community)).toBe(2);
  });

  it('is built again from MongoDB when Redis lost it', async () => {
    const { tickets } = core.services.support;
    const before = (await tickets.unresolved(community, 10)).map((t) => t.ticketId);
    await deleteKeys(core.redis, await keysMatching(core.redis, `${core.redisPrefix}:tickets-open*`));
    expect(await tickets.countUnresolved(community)).toBe(before.length);
    expect((await tickets.unresolved(community, 10)).map((t) => t.ticketId)).toEqual(before);
  });
});
