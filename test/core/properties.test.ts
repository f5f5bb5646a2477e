import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArguments } from '../../core/dispatch/args.ts';
import { argsFromText } from '../../core/dispatch/typed-words.ts';
import { loadCommandRegistry } from '../../core/dispatch/registry.ts';
import { UserError } from '../../core/errors.ts';
import { parseCommerceBody } from '../../core/loyalty/commerce-event-schema.ts';

const specs = (await loadCommandRegistry()).all();
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.object(),
  fc.array(fc.string()),
);

describe('argument parsing, for any input', () => {
  it('either refuses with a UserError or returns only values of each option type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...specs), fc.dictionary(fc.string(), anyValue), (spec, raw) => {
        const named = Object.fromEntries(spec.options.map((o, i) => [o.name, Object.values(raw)[i]]));
        for (const candidate of [raw, named]) {
          let parsed: ReturnType<typeof parseArguments>;
          try {
            parsed = parseArguments(spec.options, candidate);
          } catch (error) {
            expect(error).toBeInstanceOf(UserError);
            continue;
          }
          expect(Object.keys(parsed).sort()).toEqual(spec.options.map((o) => o.name).sort());
          for (const option of spec.options) {
            const value = parsed[option.name];
            if (value === undefined) {
              expect(option.required).not.toBe(true);
              continue;
            }
            if (option.type === 'integer') expect(Number.isSafeInteger(value)).toBe(true);
            if (option.type === 'boolean') expect(typeof value).toBe('boolean');
            if (option.type === 'string') {
              expect(typeof value).toBe('string');
              expect((value as string).length).toBeLessThanOrEqual(option.maxLength ?? 500);
              if (option.choices) expect(option.choices).toContain(value);
            }
            if (option.type === 'user') expect(value).toMatch(/^[\w.-]{1,64}$/);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('maps plain words onto options in order, the last text option taking the rest', () => {
    const plainWords = fc.array(fc.stringMatching(/^[a-z0-9]{1,12}$/), { maxLength: 12 });
    fc.assert(
      fc.property(fc.constantFrom(...specs), plainWords, (spec, words) => {
        const args = argsFromText(spec.options, words.join(' '));
        for (const value of Object.values(args)) expect(typeof value).toBe('string');
        const last = spec.options.at(-1);
        if (last?.type === 'string' && words.length >= spec.options.length) {
          expect(args[last.name]).toBe(words.slice(spec.options.length - 1).join(' '));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads name:value pairs in any order, quotes keeping spaces', () => {
    const value = fc.stringMatching(/^[^"\s][^"]{0,20}$/).map((text) => text.trimEnd());
    // One value per option of the command with the most (/campaign has nine).
    const most = Math.max(...specs.map((spec) => spec.options.length));
    fc.assert(
      fc.property(
        fc.constantFrom(...specs.filter((spec) => spec.options.length > 0)),
        fc.array(value, { minLength: most, maxLength: most }),
        fc.array(fc.nat(), { minLength: most, maxLength: most }),
        (spec, values, order) => {
          const given = spec.options.map((option, i) => [option.name, values[i] as string] as const);
          const shuffled = [...given].sort((a, b) => (order[given.indexOf(a)] ?? 0) - (order[given.indexOf(b)] ?? 0));
          const text = shuffled.map(([name, text]) => `${name}:"${text}"`).join(' ');
          const args = argsFromText(spec.options, text);
          for (const [name, text] of given) if (text !== '') expect(args[name]).toBe(text);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('commerce event bodies, for any JSON', () => {
  const horizon = { now: new Date('2026-06-01T00:00:00Z'), maxAgeDays: 30, maxAheadSeconds: 300 };
  const eventLike = fc.record(
    {
      type: fc.constantFrom('purchase', 'view', 'click', 'like', 'search', 'subscription', 'teleport'),
      id: fc.oneof(fc.stringMatching(/^[\w.:-]{1,20}$/), fc.string()),
      userId: fc.oneof(fc.stringMatching(/^[\w.-]{1,10}$/), fc.constant({ $ne: null })),
      itemId: fc.stringMatching(/^[a-z0-9-]{0,10}$/),
      amount: fc.oneof(fc.double({ min: -10, max: 2_000_000, noNaN: true }), fc.string()),
      currency: fc.constantFrom('EUR', 'eur', 'EURO'),
      query: fc.string(),
      tier: fc.stringMatching(/^[a-z0-9-]{0,8}$/),
      paidUntil: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      at: fc
        .date({ min: new Date('2020-01-01'), max: new Date('2027-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    },
    { requiredKeys: [] },
  );

  it('never throws; what it accepts is well-formed and inside the horizon', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), eventLike, fc.record({ events: fc.array(eventLike, { maxLength: 5 }) })),
        (json) => {
          const parsed = parseCommerceBody(json, horizon);
          if (!parsed.ok) {
            expect(typeof parsed.field).toBe('string');
            return;
          }
          for (const event of parsed.events) {
            expect(event.id).toMatch(/^[\w.:-]{1,100}$/);
            expect(event.userId).toMatch(/^[\w.-]{1,64}$/);
            if (event.at) {
              const age = horizon.now.getTime() - new Date(event.at).getTime();
              expect(age).toBeLessThanOrEqual(30 * 24 * 3600 * 1000);
              expect(age).toBeGreaterThanOrEqual(-300 * 1000);
            }
            if (event.type === 'purchase') expect(event.amount).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
