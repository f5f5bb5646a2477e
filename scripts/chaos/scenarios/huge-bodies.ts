import { sendBigBody } from '../../lib/big-body.ts';
import { sleep } from '../../lib/processes.ts';
import { check, type Scenario } from '../scenario.ts';

const SIXTY_FOUR_MIB = 64 * 1024 * 1024;
const MAX_GROWTH = 32 * 1024 * 1024;

/**
 * 64 MiB bodies, declared and chunked, on every route of the bot's HTTP server, several at
 * once: each is refused with 413 before it is read, and the bot's memory barely moves.
 */
export const hugeBodies: Scenario = {
  name: 'huge-bodies-on-every-route',
  async run({ stack }) {
    const plausible = {
      'x-loyalbot-community': 'TCHAOS',
      'x-loyalbot-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-loyalbot-signature': `v1=${'0'.repeat(64)}`,
    };
    const routes = [
      '/events',
      '/slack/events',
      '/dashboard/login',
      '/dashboard/catalog',
      '/healthz',
      '/metrics',
      '/nowhere',
    ];
    const before = await stack.bot.rssBytes();
    let peak = before;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await stack.bot.rssBytes().catch(() => 0));
        await sleep(20);
      }
    })();
    const sends = routes.flatMap((route) =>
      [false, true].map((chunked) =>
        sendBigBody(`${stack.botUrl}${route}`, SIXTY_FOUR_MIB, { chunked, headers: plausible }).then((outcome) => ({
          route,
          chunked,
          ...outcome,
        })),
      ),
    );
    const outcomes = await Promise.all(sends);
    sampling = false;
    await sampler;
    for (const outcome of outcomes) {
      const how = `${outcome.route} (${outcome.chunked ? 'chunked' : 'declared'})`;
      check(outcome.status === 413, `${how} answered ${outcome.status ?? outcome.error}`);
    }
    const healthy = (await fetch(`${stack.botUrl}/healthz`)).ok;
    check(healthy, 'the bot stopped answering');
    const growth = peak - before;
    check(growth < MAX_GROWTH, `memory grew ${(growth / 1048576).toFixed(1)} MB`);
    return [
      `${outcomes.length} bodies of 64 MiB (${routes.length} routes, declared and chunked, at once): all 413`,
      `bot memory grew ${(growth / 1048576).toFixed(1)} MB (limit 32)`,
      'still healthy',
    ].join('; ');
  },
};
