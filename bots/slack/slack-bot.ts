import { App, HTTPReceiver, SocketModeReceiver, type Logger as BoltLogger } from '@slack/bolt';
import { boltLogger } from './bolt-logger.ts';
import type { Core } from '../../core/index.ts';
import type { SlackRequestListener } from '../http/slack-routes.ts';
import { installationStore } from './installation-store.ts';
import { registerActions } from './listeners/actions.ts';
import { registerCommands } from './listeners/commands.ts';
import { registerEvents } from './listeners/events.ts';
import { registerViews } from './listeners/views.ts';
import { SLACK_BOT_SCOPES } from './manifest.ts';
import { SlackContext } from './slack-context.ts';
import { SlackNotifier } from './slack-notifier.ts';

export interface SlackBotOptions {
  signingSecret: string;
  /** Single workspace: the bot token. Multi-workspace: leave out and give the OAuth settings. */
  botToken?: string;
  clientId?: string;
  clientSecret?: string;
  stateSecret?: string;
  /** Web API base URL (a local recording server in tests). */
  apiUrl?: string;
  /** Socket Mode instead of HTTP (an app-level token, xapp-…): no public URL needed. */
  appToken?: string;
}

/**
 * The Slack adapter: a Bolt App in HTTP mode on the bot's own HTTP server (requests
 * verified with the signing secret), slash commands, Block Kit, modals, App Home and
 * messages, translated to and from core (listeners/, one file per kind of event).
 * Multi-workspace through OAuth installs.
 */
export class SlackBot {
  readonly app: App;
  readonly receiver: HTTPReceiver | SocketModeReceiver;
  readonly context: SlackContext;

  constructor(
    private readonly core: Core,
    private readonly options: SlackBotOptions,
  ) {
    const oauth = Boolean(options.clientId && options.clientSecret);
    const logger = boltLogger(core.logger);
    this.receiver = options.appToken
      ? new SocketModeReceiver({ appToken: options.appToken, logger })
      : this.httpReceiver(oauth, logger);
    this.app = new App({
      logger,
      receiver: this.receiver,
      token: oauth ? undefined : options.botToken,
      clientOptions: options.apiUrl ? { slackApiUrl: options.apiUrl } : {},
    });
    this.context = new SlackContext(core, options.botToken);
    const notifier = new SlackNotifier(this.app, (teamId) => this.context.tokenFor(teamId), core.logger);
    core.notifiers.register('slack', notifier);
    for (const register of [registerCommands, registerActions, registerViews, registerEvents]) {
      register(this.app, this.context);
    }
    this.app.error(async (error) => core.logger.error({ err: error }, 'slack handler failed'));
  }

  private httpReceiver(oauth: boolean, logger: BoltLogger): HTTPReceiver {
    const { options } = this;
    const clientOptions = options.apiUrl ? { slackApiUrl: options.apiUrl } : {};
    const installer = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      stateSecret: options.stateSecret,
      scopes: SLACK_BOT_SCOPES,
      installationStore: installationStore(this.core),
      // The installer makes its own Web API client (oauth.v2.access): same base URL.
      installerOptions: {
        directInstall: true,
        installPath: '/slack/install',
        redirectUriPath: '/slack/oauth_redirect',
        clientOptions,
      },
    };
    return new HTTPReceiver({
      logger,
      signingSecret: options.signingSecret,
      endpoints: '/slack/events',
      ...(oauth ? installer : {}),
    });
  }

  /** Bolt's request handling, for the bot's HTTP server to mount under /slack/ (HTTP mode only). */
  requestListener(): SlackRequestListener | null {
    return this.receiver instanceof HTTPReceiver ? this.receiver.requestListener : null;
  }

  /** Socket Mode connects out to Slack; HTTP mode needs nothing started (the route serves it). */
  async start(): Promise<void> {
    if (this.receiver instanceof SocketModeReceiver) await this.app.start();
  }

  async stop(): Promise<void> {
    if (this.receiver instanceof SocketModeReceiver) await this.app.stop();
  }
}
