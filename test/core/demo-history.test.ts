import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCommunity } from '../../core/demo/demo-community.ts';
import { BEHAVIOURS, GROUPS } from '../../core/demo/history-groups.ts';
import { planHistory } from '../../core/demo/history-plan.ts';
import { seedHistory, type SeedReport } from '../../core/demo/history-seed.ts';
import { verifyLedger } from '../../core/loyalty/ledger-verify.ts';
import type { Persona } from '../../core/personas/personas.ts';
import type { InvokingUser, Reply } from '../../core/types.ts';
import { createTestCore, invocations, type TestCore } from '../helpers/test-core.ts';

const COMMUNITY = 'history-test';
const SIZE = { members: 120, weeks: 8, seed: 'demo' };
const manager: InvokingUser = { id: 'manager', displayName: 'Maya', role: 'manager', locale: 'en-US' };
const alice: InvokingUser = { id: 'alice', displayName: 'Alice', role: 'member', locale: 'en-US' };

describe('history plan', () => {
  const now = new Date('2026-06-01T12:00:00Z');

  it('is the same for the same seed, and another for another seed', () => {
    const plan = planHistory({ ...SIZE, now });
    expect(JSON.stringify(planHistory({ ...SIZE, now }))).toBe(JSON.stringify(plan));
    expect(JSON.stringify(planHistory({ ...SIZE, seed: 'other', now }))).not.toBe(JSON.stringify(plan));
  });

  it('plants every behaviour, in the past, in time order, with unique ids', () => {
    const plan = planHistory({ ...SIZE, now });
    expect(plan.members).toHaveLength(120);
    for (const group of GROUPS) expect(plan.members.filter((m) => m.group === group).length).toBeGreaterThan(15);
    const ids = new Set<string>();
    for (const member of plan.members) {
      expect(member.joinAt.getTime()).toBeLessThan(now.getTime());
      const times = member.steps.map((step) => step.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(times.every((t) => t >= member.joinAt.getTime() && t < now.getTime())).toBe(true);
      for (const step of member.steps) {
        const local = step.kind === 'redeem' ? step.requestKey : step.kind === 'feedback' ? step.requestId : null;
        const id = step.kind === 'commerce' ? step.event.id : local && `${member.userId}:${local}`;
        if (id) {
          expect(ids.has(id)).toBe(false);
          ids.add(id);
        }
      }
    }
    expect(plan.members.some((m) => m.language === 'zh')).toBe(true);
    expect(plan.members.some((m) => m.referrer !== null)).toBe(true);
  });
});

describe('demo community with a past', () => {
  let core: TestCore;
  let report: SeedReport;
  const inv = invocations(COMMUNITY);
  const run = (user: InvokingUser, command: string, args: Record<string, string | number> = {}) =>
    core.dispatcher.dispatch(inv.command(user, command, args));
  const field = (reply: Reply, name: string) => reply.fields?.find((f) => f.name === name)?.value;

  beforeAll(async () => {
    core = await createTestCore('history', {}, { CONSOLE_COMMUNITY_ID: COMMUNITY });
    await seedDemoCommunity(core, COMMUNITY);
    // Someone cancelled while trying the demo before the past was written: it must stay so.
    const bob = await core.services.members.find({ communityId: COMMUNITY, platform: 'console', userId: 'bob' });
    await core.services.members.cancel(bob!, 'trying the demo', new Date());
    report = await seedHistory(core, COMMUNITY, SIZE);
  }, 240_000);
  afterAll(async () => core?.cleanup());

  it('writes members, ledger, orders, interactions, feedback, tickets and channel figures', () => {
    expect(report.status).toBe('seeded');
    expect(report.written.members).toBe(120);
    for (const name of ['ledger', 'orders', 'interactions', 'feedback', 'tickets', 'channelDays'])
      expect(report.written[name], name).toBeGreaterThan(20);
  });

  it('leaves the demo people as they were', async () => {
    const find = (userId: string) =>
      core.services.members.find({ communityId: COMMUNITY, platform: 'console', userId });
    expect((await find('bob'))?.status).toBe('cancelled');
    expect((await find('alice'))?.pointsBalance).toBe(180);
  });

  it('finds personas that match the planted behaviours', async () => {
    const snapshot = await core.services.insights.personas.latest(COMMUNITY);
    expect(snapshot?.k).toBeGreaterThanOrEqual(3);
    const personas = snapshot?.personas as Persona[];
    const majorities = report.groups.map((g) => g.persona);
    expect(new Set(majorities).size).toBe(GROUPS.length);
    for (const outcome of report.groups) {
      expect(outcome.share, outcome.group).toBeGreaterThanOrEqual(0.75);
      const traits = personas[outcome.persona as number]?.traits ?? [];
      const expected = BEHAVIOURS[outcome.group].traits;
      const found = traits.filter((t) =>
        expected.some(([feature, direction]) => t.feature === feature && t.direction === direction),
      );
      expect(found.length, `${outcome.group}: ${JSON.stringify(traits)}`).toBeGreaterThanOrEqual(1);
      const [first] = traits;
      const leads = expected.some(
        ([feature, direction]) => first?.feature === feature && first.direction === direction,
      );
      expect(leads, `${outcome.group}: ${JSON.stringify(traits)}`).toBe(true);
    }
    const reply = await run(manager, 'personas');
    expect(reply.fields?.filter((f) => / — \d+ \(\d+%\)$/.test(f.name)).length).toBe(snapshot?.k);
  });

  it('answers /sentiment 7, /member, /recommend and /leaderboard with real figures', async () => {
    const digest = await run(manager, 'sentiment', { days: 7 });
    expect(Number(field(digest, 'Messages and feedback')?.replace(/\D/g, ''))).toBeGreaterThan(50);
    const fading = report.groups.find((g) => g.group === 'fading')?.example as string;
    const profile = await run(manager, 'member', { user: fading });
    expect(field(profile, 'Persona')).not.toBe('not assigned yet');
    const buyer = report.groups.find((g) => g.group === 'buyer')?.example as string;
    const picks = await run({ id: buyer, displayName: buyer, role: 'member' }, 'recommend');
    expect(picks.fields?.length).toBeGreaterThan(0);
    const board = await run(alice, 'leaderboard');
    expect(board.text?.split('\n').filter((line) => /^\d+\. /.test(line)).length).toBe(10);
  });

  it('writes nothing on a second run', async () => {
    const counts = async () =>
      Promise.all(
        [core.models.Member, core.models.PointsEntry, core.models.Interaction, core.models.Feedback].map((model) =>
          (model as typeof core.models.Member).countDocuments({ communityId: COMMUNITY }),
        ),
      );
    const before = await counts();
    const again = await seedHistory(core, COMMUNITY, SIZE);
    expect(again.status).toBe('already-seeded');
    expect(again.written).toEqual({});
    expect(await counts()).toEqual(before);
  });

  it('resumes a run that stopped half-way without writing anything twice', async () => {
    // Without the marker of the finished run, every step runs again: each is keyed by the plan.
    await core.models.Audit.deleteOne({ communityId: COMMUNITY, action: 'seed.history.done' });
    const resumed = await seedHistory(core, COMMUNITY, SIZE);
    expect(resumed.status).toBe('seeded');
    expect(resumed.end).toBe(report.end);
    const { personaSnapshots, ...written } = resumed.written;
    expect(personaSnapshots).toBe(1);
    expect(
      Object.values(written).every((count) => count === 0),
      JSON.stringify(written),
    ).toBe(true);
    // Checked once, at the end: after the first run and the resumed one (it scans every stream).
    expect((await verifyLedger(core.models, COMMUNITY)).problems).toEqual([]);
  }, 120_000);
});
