// `npm run load -- [--json] [--bots N] [--workers M] [--seconds S] [--rate R] [--members K]`:
// starts its own MongoDB-compatible server, Redis, N bots and M workers on loopback, sends
// signed Slack slash commands and channel messages at R requests/s for S seconds (open loop,
// round-robin across the bots), waits for everything to settle, and checks that every command
// was answered exactly once, every chat message credited once, the ledger is clean and orders
// match the redeems that said so. Exits non-zero when a check fails.
import { SlackClient } from '../lib/slack-client.ts';
import { ServiceStack } from '../lib/stack.ts';
import { commandFigures, flushWhileRunning, ledgerFigures, orderFigures, settleAnswers, settleChat } from './checks.ts';
import { seedCommunity, TEAM } from './seed.ts';
import { COMMANDS, drive } from './traffic.ts';

const MESSAGE_SHARE = 0.4;
const REDELIVERY_SHARE = 0.1;
const FOLLOW_UP_SHARE = 0.2;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const json = process.argv.includes('--json');
const bots = option('bots', 1);
const workers = option('workers', 1);
const seconds = option('seconds', 20);
const rate = option('rate', 30);
const memberCount = option('members', 500);
const log = (line: string) => !json && console.log(line);

const members = Array.from({ length: memberCount }, (_, i) => `ULOAD${i}`);
const requests = Math.round(rate * seconds);
// About half the redeems find stock: both the placed and the out-of-stock paths run.
const stock = Math.max(5, Math.round((requests * (1 - MESSAGE_SHARE)) / COMMANDS.length / 2));

const stack = new ServiceStack({ name: 'load', bots, workers });
let failed = true;
try {
  log(`starting ${bots} bot(s), ${workers} worker(s)…`);
  await stack.start();
  log(`seeding ${memberCount} members and an item with ${stock} in stock…`);
  await seedCommunity(stack, members, stock);
  const clients = stack.botUrls.map((url) => new SlackClient(url, stack.slack, TEAM));
  log(`sending ${requests} requests at ${rate}/s for ${seconds} s…`);
  const flushes = flushWhileRunning(stack);
  const traffic = await drive(clients, {
    members,
    rate,
    seconds,
    messageShare: MESSAGE_SHARE,
    redeliveryShare: REDELIVERY_SHARE,
    followUpShare: FOLLOW_UP_SHARE,
  });
  const flushesDuringRun = await flushes.stop();
  log('waiting for answers and chat points to settle…');
  const settleSeconds = await settleAnswers(stack, traffic);
  const answers = commandFigures(stack, traffic.slashes);
  const delivered = traffic.messages.filter((m) => m.status === 200);
  const chat = await settleChat(stack, delivered.length);
  const orders = await orderFigures(stack, answers.redeemOrderIds, stock);
  const ledger = await ledgerFigures(stack);
  const chatClean = chat.basePoints === delivered.length;
  const result = {
    bots,
    workers,
    rate,
    seconds,
    requests: traffic.slashes.length + traffic.messages.length,
    perSecond: Math.round(((traffic.slashes.length + traffic.messages.length) / traffic.sendSeconds) * 10) / 10,
    commands: answers.commands,
    lost: answers.lost,
    duplicated: answers.duplicated,
    ledgerClean: ledger.ledgerClean,
    notAcknowledged: answers.notAcknowledged,
    strayAnswers: answers.strayAnswers,
    chat: {
      messages: traffic.messages.length,
      acknowledged: delivered.length,
      redelivered: traffic.messages.filter((m) => m.redelivered).length,
      followUps: traffic.messages.filter((m) => m.followUp).length,
      expectedPoints: delivered.length,
      creditedPoints: chat.basePoints,
      ledgerEntries: chat.entries,
      flushesDuringRun,
      settled: chat.settled,
      clean: chatClean,
    },
    orders,
    ledger: { members: ledger.ledgerMembers, entries: ledger.ledgerEntries, problems: ledger.ledgerProblems },
    driver: {
      sendSeconds: Math.round(traffic.sendSeconds * 10) / 10,
      maxLagMs: Math.round(traffic.maxLagMs),
      settleSeconds: Math.round(settleSeconds * 10) / 10,
    },
  };
  failed =
    result.lost > 0 ||
    result.duplicated > 0 ||
    !result.ledgerClean ||
    !chatClean ||
    !orders.ordersMatchRedeems ||
    !orders.stockMatchesOrders ||
    !orders.pointsSpentMatchOrders;
  if (json) console.log(JSON.stringify(result));
  else console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(`load run failed: ${String(error)} (logs in ${stack.dir})`);
} finally {
  if (failed) console.error(`process logs kept in ${stack.dir}`);
  await stack.stop(failed);
}
process.exit(failed ? 1 : 0);
