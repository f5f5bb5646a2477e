import { slackHeaders, type SlackApiRecorder } from '../lib/slack-api.ts';
import { until } from './processes.ts';
import { SIGNING_SECRET, TEAM } from './stack.ts';

export interface SlashAnswer {
  status: number;
  /** The text of the reply posted to response_url (null if none came in time). */
  text: string | null;
}

let sequence = 0;

/**
 * Slash commands sent to the bot exactly as Slack sends them (signed form posts), answered
 * through response_url on the local recorder.
 */
export class SlackClient {
  constructor(
    private readonly botUrl: string,
    private readonly slack: SlackApiRecorder,
  ) {}

  async slash(user: string, command: string, text = '', waitMs = 20_000): Promise<SlashAnswer> {
    const trigger = `chaos-${process.pid}-${(sequence += 1)}`;
    const body = new URLSearchParams({
      token: 'x',
      team_id: TEAM,
      team_domain: 'chaos',
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
    const response = await fetch(`${this.botUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackHeaders(SIGNING_SECRET, body) },
      body,
    }).catch(() => null);
    if (!response || response.status !== 200) return { status: response?.status ?? 0, text: null };
    const answered = () => this.slack.find(`response/${trigger}`)[0];
    await until(`the answer to /${command}`, () => answered() !== undefined, waitMs).catch(() => undefined);
    const answer = answered()?.body as { text?: string } | undefined;
    return { status: 200, text: answer?.text ?? null };
  }
}
