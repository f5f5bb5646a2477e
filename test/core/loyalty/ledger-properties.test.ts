import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../core/errors.ts';
import { verifyLedger } from '../../../core/loyalty/ledger-verify.ts';
import type { PointsChange } from '../../../core/loyalty/points-ledger.ts';
import { createTestCore, type TestCore } from '../../helpers/test-core.ts';

let core: TestCore;
const community = 'guild-ledger-properties';
let run = 0;

beforeAll(async () => {
  core = await createTestCore('ledger_props');
});
afterAll(async () => core?.cleanup());

type Op =
  | { kind: 'earn' | 'refund'; amount: number }
  | { kind: 'spend' | 'expire'; amount: number }
  | { kind: 'replay'; of: number; amount: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('earn' as const, 'refund' as const), amount: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constantFrom('spend' as const, 'expire' as const), amount: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('replay' as const), of: fc.nat(), amount: fc.integer({ min: 1, max: 99 }) }),
);

describe('the points ledger under random interleavings', () => {
  it('never goes below zero, keeps running sums, and applies each key once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        async (rounds) => {
          const userId = `p${(run += 1)}`;
          const member = { communityId: community, platform: 'console' as const, userId };
          const applied = new Map<string, number>();
          let written = 0;
          const change = (key: string, kind: Exclude<Op['kind'], 'replay'>, amount: number): PointsChange => ({
            member,
            delta: kind === 'earn' || kind === 'refund' ? amount : -amount,
            kind,
            reason: kind,
            source: 'job',
            idempotencyKey: key,
          });
          for (const [r, round] of rounds.entries()) {
            // Each round's operations race each other, as concurrent requests would.
            await Promise.all(
              round.map(async (next, i) => {
                const keys = [...applied.keys()];
                const replay = next.kind === 'replay' && keys.length > 0 ? keys[next.of % keys.length] : undefined;
                const key = replay ?? `${userId}:${r}:${i}`;
                const kind = next.kind === 'replay' ? 'earn' : next.kind;
                try {
                  const result = await core.services.loyalty.ledger.apply(change(key, kind, next.amount));
                  if (replay) expect(result.replayed).toBe(true);
                  if (!result.replayed) {
                    applied.set(key, result.entry.delta);
                    written += 1;
                  }
                } catch (error) {
                  // Only a debit the balance cannot cover may be refused, and it writes nothing.
                  expect(error).toBeInstanceOf(UserError);
                  expect((error as UserError).code).toBe('POINTS.INSUFFICIENT');
                }
              }),
            );
          }
          const entries = await core.models.PointsEntry.find({ communityId: community, userId }).lean();
          expect(entries).toHaveLength(written);
          expect(new Set(entries.map((e) => e.idempotencyKey)).size).toBe(entries.length);
          const totals = await core.services.loyalty.ledger.totals(member);
          expect(totals.balance).toBe([...applied.values()].reduce((sum, delta) => sum + delta, 0));
          expect(totals.balance).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 25 },
    );
    const report = await verifyLedger(core.models, community);
    expect(report.problems).toEqual([]);
    expect(report.entries).toBeGreaterThan(0);
    // Many runs of real writes: about 15 s alone, twice that on a loaded two-core machine.
  }, 120_000);
});
