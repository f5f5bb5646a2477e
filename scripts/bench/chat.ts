// `npm run bench:chat [-- --json] [-- --messages N] [-- --concurrency C]`: channel messages per
// second through core's chat entry (`core.chat`, i.e. `handleChatEvent`) directly, and through
// the Discord adapter: MESSAGE_CREATE gateway packets, decoded from JSON and handed to a real
// discord.js Client's own packet handling (as test/bots/discord.test.ts does), whose
// MessageCreate event the DiscordBot turns into a chat event. Both paths keep C messages in
// flight on one scratch core, with the same texts from the same number of members; the ratio
// is adapter / core (issue 16 asks for at least 0.5).
import { SnowflakeUtil, Status } from 'discord.js';
import { DiscordBot } from '../../bots/discord/discord-bot.ts';
import type { ChatEvent, Core } from '../../core/index.ts';
import { guildPayload, messagePayload, readyPayload } from '../lib/discord-gateway.ts';
import { exitOnError, report, withScratchCore } from './scratch.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const MESSAGES = arg('messages', 20_000);
const CONCURRENCY = arg('concurrency', 16);
const WARM_UP = 500;
const MEMBERS = 1_000;
const GUILD = '4242';
const CHANNEL = '4243';
const TEXTS = [
  'great stream today, the new rewards look good',
  'does anyone know when the next event starts?',
  'I linked my account under settings and it worked',
  'thanks for the help yesterday, much appreciated',
  'the shop had a delay but support sorted it out quickly',
];

/** Message n of a run: a fresh snowflake (discord.js reads the time from it), text and author by n. */
function messageOf(n: number, authorOffset: number) {
  const author = String(1_000_000 + authorOffset + (n % MEMBERS));
  return {
    id: SnowflakeUtil.generate().toString(),
    author,
    text: `${TEXTS[n % TEXTS.length]} (${Math.floor(n / MEMBERS)})`,
  };
}

/** Completes calls `from`..`from + count - 1` of `send`, `concurrency` at a time; returns the seconds taken. */
async function secondsFor(from: number, count: number, send: (n: number) => Promise<void>): Promise<number> {
  let next = from;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < from + count) await send(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

function coreSender(core: Core, authorOffset: number) {
  return async (n: number) => {
    const message = messageOf(n, authorOffset);
    const event: ChatEvent = {
      platform: 'discord',
      communityId: GUILD,
      channelId: CHANNEL,
      messageId: message.id,
      user: { id: message.author, displayName: `member ${message.author}`, role: 'member' },
      text: message.text,
      at: new Date(SnowflakeUtil.timestampFrom(message.id)),
    };
    await core.chat(event);
  };
}

function gatewayPacket(n: number, authorOffset: number, sequence: number): string {
  const message = messageOf(n, authorOffset);
  const d = messagePayload({
    id: message.id,
    channelId: CHANNEL,
    guildId: GUILD,
    author: { id: message.author, username: `member${message.author}`, global_name: `member ${message.author}` },
    content: message.text,
    timestamp: new Date(SnowflakeUtil.timestampFrom(message.id)).toISOString(),
  });
  return JSON.stringify({ op: 0, t: 'MESSAGE_CREATE', s: sequence, d });
}

/** A Discord adapter on `core` whose every finished chat event resolves the waiter of its message id. */
function adapterSender(core: Core, authorOffset: number) {
  const waiting = new Map<string, () => void>();
  const counted: Core = {
    ...core,
    chat: async (event) => {
      try {
        return await core.chat(event);
      } finally {
        waiting.get(event.messageId)?.();
        waiting.delete(event.messageId);
      }
    },
  };
  // No REST call is expected; an unroutable loopback address keeps any from leaving the machine.
  const bot = new DiscordBot(counted, { apiBaseUrl: 'http://127.0.0.1:9/api', readMessages: true });
  // handlePacket is how discord.js routes gateway dispatches (private in its types).
  const ws = bot.client.ws as unknown as { handlePacket(packet: unknown, shard: unknown): boolean };
  const shard = { id: 0, checkReady: () => undefined };
  let sequence = 1;
  const feed = (t: string, d: unknown) => ws.handlePacket({ op: 0, t, d, s: sequence++ }, shard);
  feed('READY', readyPayload('bench'));
  bot.client.ws.status = Status.Ready;
  feed(
    'GUILD_CREATE',
    guildPayload({
      id: GUILD,
      name: 'Bench Guild',
      memberCount: MEMBERS,
      channels: [{ id: CHANNEL, name: 'general' }],
    }),
  );
  const send = (n: number) =>
    new Promise<void>((resolve) => {
      const packet = JSON.parse(gatewayPacket(n, authorOffset, sequence++)) as { d: { id: string } };
      waiting.set(packet.d.id, resolve);
      ws.handlePacket(packet, shard);
    });
  return { send, stop: () => bot.stop() };
}

async function bench(core: Core) {
  await core.services.communities.ensure('discord', GUILD);
  // Each path writes as its own members, so neither meets the other's cooldowns and repeats.
  const direct = coreSender(core, 0);
  const adapter = adapterSender(core, MEMBERS);
  try {
    await secondsFor(MESSAGES, WARM_UP, direct);
    await secondsFor(MESSAGES, WARM_UP, adapter.send);
    // In the order core, adapter, adapter, core, so a drift in the machine's load weighs on both alike.
    const half = Math.floor(MESSAGES / 2);
    let coreSeconds = await secondsFor(0, half, direct);
    let adapterSeconds = await secondsFor(0, half, adapter.send);
    adapterSeconds += await secondsFor(half, MESSAGES - half, adapter.send);
    coreSeconds += await secondsFor(half, MESSAGES - half, direct);
    const coreMessagesPerSecond = MESSAGES / coreSeconds;
    const adapterMessagesPerSecond = MESSAGES / adapterSeconds;
    const pending = await core.redis.hkeys(`${core.redisPrefix}:chat:{${GUILD}}:pending`);
    return {
      messages: MESSAGES,
      concurrency: CONCURRENCY,
      coreMessagesPerSecond: Math.round(coreMessagesPerSecond),
      adapterMessagesPerSecond: Math.round(adapterMessagesPerSecond),
      adapterToCoreRatio: Math.round((adapterMessagesPerSecond / coreMessagesPerSecond) * 100) / 100,
      // The adapter's members (ids from 1,001,000) earned chat points: its messages reached core.
      adapterEarners: pending.filter((field) => Number(field.split('|')[2]) >= 1_000_000 + MEMBERS).length,
    };
  } finally {
    await adapter.stop();
  }
}

withScratchCore(bench)
  .then((result) =>
    report(
      result,
      `chat ingestion: ${result.messages} messages per path, ${result.concurrency} in flight, one process`,
      [
        ['core (handleChatEvent) messages/s', String(result.coreMessagesPerSecond)],
        ['Discord adapter (gateway → discord.js → core) messages/s', String(result.adapterMessagesPerSecond)],
        ['adapter / core', String(result.adapterToCoreRatio)],
        ['adapter members with pending chat points', String(result.adapterEarners)],
      ],
    ),
  )
  .catch(exitOnError);
