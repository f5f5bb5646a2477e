import { slackHeaders, type SlackApiRecorder } from './slack-api.ts';
import { until } from './processes.ts';
import { SIGNING_SECRET } from './stack.ts';

export interface SlashAnswer {
  status: number;
  /** The text of the reply posted to response_url (null if none came in time). */
  text: string | null;
}

export interface SentCommand {
  /** The trigger id; the answer comes to `response/<trigger>` on the recorder. */
  trigger: string;
  /** The bot's HTTP status (0: no answer at all). */
  status: number;
}

export interface ChannelMessage {
  user: string;
  text: string;
  /** Slack's message timestamp (`seconds.micros`): the message's id. */
  ts: string;
  channel?: string;
}

let sequence = 0;

/**
 * Slash commands and channel messages sent to a bot exactly as Slack sends them (signed form
 * posts, signed Events API callbacks); commands are answered through response_url on the
 * local recorder.
 */
export class SlackClient {
  constructor(
    private readonly botUrl: string,
    private readonly slack: SlackApiRecorder,
    private readonly team: string,
  ) {}

  /** Sends a slash command and returns once the bot acknowledged it (not answered it). */
  async send(user: string, command: string, text = ''): Promise<SentCommand> {
    const trigger = `cmd-${process.pid}-${(sequence += 1)}`;
    const body = new URLSearchParams({
      token: 'x',
      team_id: this.team,
      team_domain: this.team.toLowerCase(),
      channel_id: 'CGENERAL',
      channel_name: 'general',
      user_id: user,
      user_name: user,
      command: `/${command}`,
      text,
      api_app_id: 'A1',
      response_url: `${this.slack.url}/response/${trigger}`,
      trigger_id: trigger,
    }).toString();
    const status = await this.post(body, 'application/x-www-form-urlencoded');
    return { trigger, status };
  }

  /** Sends a slash command and waits for its answer through response_url. */
  async slash(user: string, command: string, text = '', waitMs = 20_000): Promise<SlashAnswer> {
    const { trigger, status } = await this.send(user, command, text);
    if (status !== 200) return { status, text: null };
    const answered = () => this.slack.find(`response/${trigger}`)[0];
    await until(`the answer to /${command}`, () => answered() !== undefined, waitMs).catch(() => undefined);
    const answer = answered()?.body as { text?: string } | undefined;
    return { status: 200, text: answer?.text ?? null };
  }

  /** A channel message as an Events API callback; `retry` marks it as Slack's redelivery. */
  async message(message: ChannelMessage, retry = 0): Promise<number> {
    const body = JSON.stringify({
      token: 'x',
      team_id: this.team,
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: `Ev${message.ts.replace('.', '')}`,
      event_time: Math.floor(Number(message.ts)),
      event: {
        type: 'message',
        channel: message.channel ?? 'CGENERAL',
        channel_type: 'channel',
        user: message.user,
        text: message.text,
        ts: message.ts,
        event_ts: message.ts,
      },
    });
    const headers: Record<string, string> =
      retry > 0 ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {};
    return this.post(body, 'application/json', headers);
  }

  private async post(body: string, contentType: string, extra: Record<string, string> = {}): Promise<number> {
    const response = await fetch(`${this.botUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...slackHeaders(SIGNING_SECRET, body), ...extra },
      body,
    }).catch(() => null);
    await response?.arrayBuffer().catch(() => undefined);
    return response?.status ?? 0;
  }
}
