import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { botMessagePayload, guildPayload } from '../../scripts/lib/discord-gateway.ts';

export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
}

/** A file sent with a message (multipart), as the recorder saw it. */
export interface RecordedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/** discord.js sends messages with files as multipart: the JSON in `payload_json`, the files beside it. */
async function readMultipart(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const files: RecordedFile[] = [];
  let payload: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key === 'payload_json' && typeof value === 'string') payload = JSON.parse(value) as Record<string, unknown>;
    else if (typeof value !== 'string') {
      files.push({ name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return { ...payload, files };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) return readMultipart(Buffer.concat(chunks), contentType);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A local stand-in for Discord's REST API: records every call discord.js makes and answers
 * the way Discord does for the routes the adapter uses. Users in `closedDms` answer 50007.
 */
export class DiscordApiRecorder {
  readonly calls: RecordedCall[] = [];
  readonly closedDms = new Set<string>();
  readonly guild: Record<string, unknown>;
  private server?: Server;

  constructor(
    readonly guildId: string,
    readonly roles: Array<{ id: string; name: string }>,
  ) {
    this.guild = guildPayload({
      id: guildId,
      name: 'Test Guild',
      memberCount: 3,
      roles,
      channels: [{ id: 'c-general', name: 'general' }],
    });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/api`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const path = (req.url ?? '').split('?')[0]?.replace(/^\/api\/v\d+/, '') ?? '';
        this.calls.push({ method: req.method ?? '', path, body });
        const [status, payload] = this.answer(req.method ?? '', path, body as Record<string, unknown>);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 204 ? undefined : JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Calls matching a method and path pattern, in order. */
  find(method: string, pattern: RegExp): RecordedCall[] {
    return this.calls.filter((call) => call.method === method && pattern.test(call.path));
  }

  private answer(method: string, path: string, body: Record<string, unknown>): [number, unknown] {
    let match: RegExpExecArray | null;
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return [204, null];
    if (method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path))
      return [200, botMessagePayload(String(Date.now()), 'c-general', body)];
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = String(body.recipient_id);
      return [
        200,
        {
          id: `77${recipient}`,
          type: 1,
          last_message_id: null,
          recipients: [{ id: recipient, username: `user${recipient}`, discriminator: '0', avatar: null }],
        },
      ];
    }
    if (method === 'POST' && (match = /^\/channels\/(\w+)\/messages$/.exec(path))) {
      const channel = match[1] as string;
      if (channel.startsWith('77') && this.closedDms.has(channel.slice(2)))
        return [403, { code: 50007, message: 'Cannot send messages to this user' }];
      return [200, botMessagePayload(String(Date.now()), channel, body)];
    }
    if (method === 'GET' && (match = /^\/channels\/(\w[\w-]*)$/.exec(path)))
      return [
        200,
        { id: match[1], type: 0, name: match[1], guild_id: this.guildId, position: 0, permission_overwrites: [] },
      ];
    if (method === 'GET' && path === `/guilds/${this.guildId}`) return [200, this.guild];
    if (method === 'GET' && path === `/guilds/${this.guildId}/roles`) return [200, this.guild.roles];
    if (method === 'GET' && (match = /^\/guilds\/\d+\/members\/(\d+)$/.exec(path))) {
      return [
        200,
        {
          user: { id: match[1], username: `user${match[1]}`, discriminator: '0', avatar: null },
          roles: this.roles.filter((r) => r.name === 'free').map((r) => r.id),
          joined_at: new Date().toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
        },
      ];
    }
    if ((method === 'PUT' || method === 'DELETE') && /^\/guilds\/\d+\/members\/\d+\/roles\/[\w-]+$/.test(path))
      return [204, null];
    return [404, { code: 0, message: `no route for ${method} ${path}` }];
  }
}

export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the expected Discord call');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
