import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
  /** The raw bytes and their content type, for file uploads (`upload/<file id>`). */
  raw?: Buffer;
  contentType?: string;
  /** When it came in (performance.now() of this process): how long an answer took. */
  at: number;
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The file of an upload, whether posted as multipart (the Web API client does) or as raw bytes. */
async function uploadedBytes(body: Buffer, contentType: string): Promise<Buffer> {
  if (!contentType.startsWith('multipart/form-data')) return body;
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  return Buffer.alloc(0);
}

function parseBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (!text) return {};
  if ((req.headers['content-type'] ?? '').includes('json')) return JSON.parse(text) as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(text));
  for (const key of ['blocks', 'view', 'files'])
    if (typeof form[key] === 'string') form[key] = JSON.parse(form[key] as string);
  return form;
}

/**
 * A local stand-in for Slack's Web API (and for response_url): records each call and
 * answers like Slack. `people` says who is a workspace admin.
 */
export class SlackApiRecorder {
  readonly calls: SlackCall[] = [];
  readonly people = new Map<string, { name: string; admin?: boolean; locale?: string }>();
  private server?: Server;

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const at = performance.now();
      void readRaw(req).then(async (received) => {
        const method = (req.url ?? '').replace(/^\/(api\/)?/, '').split('?')[0] ?? '';
        const upload = method.startsWith('upload/');
        const raw = upload ? await uploadedBytes(received, req.headers['content-type'] ?? '') : received;
        const body = upload ? {} : parseBody(req, raw);
        this.calls.push({ method, body, at, ...(upload ? { raw, contentType: req.headers['content-type'] } : {}) });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(this.answer(method, body)));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  find(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  private answer(method: string, body: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: 'UBOT',
          bot_id: 'BBOT',
          team_id: 'T1',
          team: 'Team',
          url: 'https://team.slack.com/',
        };
      case 'users.info': {
        const id = String(body.user);
        const person = this.people.get(id) ?? { name: id };
        return {
          ok: true,
          user: {
            id,
            name: person.name,
            real_name: person.name,
            is_admin: Boolean(person.admin),
            is_owner: false,
            locale: person.locale ?? 'en-US',
            profile: { display_name: person.name },
          },
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case 'chat.postMessage':
        return { ok: true, ts: '1700000000.000100', channel: body.channel };
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        return { ok: true, view: { id: 'V1' } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${this.calls.length}`;
        return { ok: true, file_id: fileId, upload_url: `${this.url}/upload/${fileId}` };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: (body.files as Array<{ id: string }> | undefined) ?? [] };
      case 'oauth.v2.access':
        return {
          ok: true,
          access_token: 'xoxb-installed',
          token_type: 'bot',
          scope: 'commands,chat:write',
          bot_user_id: 'UBOT2',
          app_id: 'A1',
          team: { id: 'T2', name: 'Second' },
          enterprise: null,
          authed_user: { id: 'U9' },
          is_enterprise_install: false,
        };
      default:
        return { ok: true };
    }
  }
}

/** Signs a request body exactly as Slack does (v0, HMAC-SHA256 over version:timestamp:body). */
export function slackHeaders(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}
