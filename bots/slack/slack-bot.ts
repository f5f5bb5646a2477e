import {
  App,
  HTTPReceiver,
  SocketModeReceiver,
  type webApi,
  type Installation,
  type InstallationQuery,
  type InstallationStore,
  type RespondFn,
  type SlashCommand,
  type BlockAction,
  type ButtonAction,
  type ViewSubmitAction,
} from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../../core/app.ts';
import { handleChatEvent } from '../../core/chat-events.ts';
import { argsFromWords } from '../../core/dispatch/args.ts';
import type { RouteHandler } from '../../core/http/server.ts';
import type { ArgumentValue, CommandInvocation, InvokingUser, Reply, Role } from '../../core/types.ts';
import { fallbackText, renderBlocks } from './render.ts';
import { SLACK_BOT_SCOPES } from './manifest.ts';
import { SlackNotifier } from './slack-notifier.ts';

type WebClient = webApi.WebClient;

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

const ROLE_CACHE_MS = 60_000;
const FEEDBACK_MODAL = 'modal:v1:feedback';
const CONFIRM_MODAL = 'modal:v1:confirm';

/** Maps Bolt's installation store onto core's installations (MongoDB). */
function installationStore(core: Core): InstallationStore {
  const keyOf = (query: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }) =>
    query.isEnterpriseInstall && query.enterpriseId ? `E:${query.enterpriseId}` : `T:${query.teamId}`;
  return {
    storeInstallation: async (installation) =>
      core.installations.save(
        'slack',
        keyOf({
          isEnterpriseInstall: installation.isEnterpriseInstall,
          enterpriseId: installation.enterprise?.id,
          teamId: installation.team?.id,
        }),
        installation,
        core.services.clock.now(),
      ),
    fetchInstallation: async (query: InstallationQuery<boolean>) => {
      const found = await core.installations.find('slack', keyOf(query));
      if (!found) throw new Error(`no installation for ${keyOf(query)}`);
      return found as Installation;
    },
    deleteInstallation: async (query: InstallationQuery<boolean>) => core.installations.remove('slack', keyOf(query)),
  };
}

/** Splits "/cancel-membership @U123 too spammy" into the command's options, last string taking the rest. */
function argsFromText(core: Core, command: string, text: string): Record<string, ArgumentValue> {
  const words = text.trim() === '' ? [] : text.trim().split(/\s+/);
  return argsFromWords(core.commands.get(command)?.options ?? [], words);
}

/**
 * The Slack adapter: a Bolt App in HTTP mode on the bot's own HTTP server (requests
 * verified with the signing secret), slash commands, Block Kit, modals, App Home and
 * messages, translated to and from core. Multi-workspace through OAuth installs.
 */
export class SlackBot {
  readonly app: App;
  readonly receiver: HTTPReceiver | SocketModeReceiver;
  private readonly roles = new Map<string, { role: Role; locale?: string; name: string; at: number }>();

  constructor(
    private readonly core: Core,
    private readonly options: SlackBotOptions,
  ) {
    const oauth = Boolean(options.clientId && options.clientSecret);
    this.receiver = options.appToken
      ? new SocketModeReceiver({ appToken: options.appToken })
      : this.httpReceiver(oauth);
    this.app = new App({
      receiver: this.receiver,
      token: oauth ? undefined : options.botToken,
      clientOptions: options.apiUrl ? { slackApiUrl: options.apiUrl } : {},
    });
    core.notifiers.register('slack', new SlackNotifier(this.app, (teamId) => this.tokenFor(teamId)));
    this.register();
  }

  private httpReceiver(oauth: boolean): HTTPReceiver {
    const { options } = this;
    const installer = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      stateSecret: options.stateSecret ?? options.signingSecret,
      scopes: SLACK_BOT_SCOPES,
      installationStore: installationStore(this.core),
      // The installer makes its own Web API client (oauth.v2.access): same base URL.
      installerOptions: {
        directInstall: true,
        installPath: '/slack/install',
        redirectUriPath: '/slack/oauth_redirect',
        clientOptions: options.apiUrl ? { slackApiUrl: options.apiUrl } : {},
      },
    };
    return new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: '/slack/events',
      ...(oauth ? installer : {}),
    });
  }

  /** Mounts Bolt on core's HTTP server: everything under /slack/ (HTTP mode). */
  route(): RouteHandler {
    const receiver = this.receiver;
    return (req: IncomingMessage, res: ServerResponse) => {
      if (!(receiver instanceof HTTPReceiver) || !(req.url ?? '').startsWith('/slack/')) return false;
      receiver.requestListener(req, res);
      return true;
    };
  }

  /** Socket Mode connects out to Slack; HTTP mode needs nothing started (the route serves it). */
  async start(): Promise<void> {
    if (this.receiver instanceof SocketModeReceiver) await this.app.start();
  }

  async stop(): Promise<void> {
    if (this.receiver instanceof SocketModeReceiver) await this.app.stop();
  }

  private register(): void {
    this.app.command(/^\/.+/, async ({ command, ack, respond, client, context }) => {
      await ack();
      await this.onCommand(command, respond, client, context.botToken);
    });
    this.app.action<BlockAction<ButtonAction>>(/^v1:/, async ({ action, body, ack, respond, client, context }) => {
      await ack();
      const reply = await this.core.dispatcher.press({
        ...(await this.base(body.team?.id ?? '', body.user.id, body.trigger_id, client, body.channel?.id)),
        action: action.action_id,
      });
      await this.show(reply, respond, client, context.botToken, body.trigger_id);
    });
    this.app.view<ViewSubmitAction>(/^modal:v1:/, async ({ view, body, ack, client }) => {
      const base = await this.base(body.team?.id ?? '', body.user.id, view.id, client);
      if (view.callback_id === FEEDBACK_MODAL) {
        const text = view.state.values.feedback?.text?.value ?? '';
        const reply = await this.core.dispatcher.dispatch({ ...base, command: 'feedback', args: { text } });
        // Input errors belong in the modal, next to the field.
        if (reply.errorCode)
          return void (await ack({ response_action: 'errors', errors: { feedback: reply.text ?? '' } }));
        await ack({
          response_action: 'update',
          view: { type: 'modal', title: { type: 'plain_text', text: 'loyalbot' }, blocks: renderBlocks(reply) },
        });
        return;
      }
      const reply = await this.core.dispatcher.press({ ...base, action: view.private_metadata });
      await ack({
        response_action: 'update',
        view: { type: 'modal', title: { type: 'plain_text', text: 'loyalbot' }, blocks: renderBlocks(reply) },
      });
    });
    this.app.event('app_home_opened', async ({ event, body, client, context }) => {
      const base = await this.base(body.team_id, event.user, `home-${event.user}-${Date.now()}`, client);
      const reply = await this.core.dispatcher.dispatch({ ...base, command: 'membership', args: {} });
      await client.views.publish({
        token: context.botToken,
        user_id: event.user,
        view: { type: 'home', blocks: renderBlocks(reply) },
      });
    });
    this.app.event('app_uninstalled', async ({ body }) => this.core.installations.remove('slack', `T:${body.team_id}`));
    this.app.event('tokens_revoked', async ({ body }) => this.core.installations.remove('slack', `T:${body.team_id}`));
    this.app.message(async ({ message, body }) => {
      if (
        message.subtype !== undefined ||
        !('user' in message) ||
        !message.user ||
        ('bot_id' in message && message.bot_id) ||
        !('text' in message) ||
        !message.text
      )
        return;
      const name = this.roles.get(`${body.team_id}|${message.user}`)?.name ?? message.user;
      await handleChatEvent(this.core.services, {
        platform: 'slack',
        communityId: body.team_id,
        channelId: message.channel,
        messageId: message.ts,
        user: { id: message.user, displayName: name, role: 'member' },
        text: message.text,
        at: new Date(Number(message.ts) * 1000),
      });
    });
    this.app.error(async (error) => this.core.logger.error({ err: error }, 'slack handler failed'));
  }

  private async onCommand(
    command: SlashCommand,
    respond: RespondFn,
    client: WebClient,
    token: string | undefined,
  ): Promise<void> {
    const name = command.command.replace(/^\//, '');
    const base = await this.base(command.team_id, command.user_id, command.trigger_id, client, command.channel_id);
    if (name === 'feedback' && command.text.trim() === '') {
      await client.views.open({ token, trigger_id: command.trigger_id, view: this.feedbackModal(base.user) });
      return;
    }
    const invocation: CommandInvocation = { ...base, command: name, args: argsFromText(this.core, name, command.text) };
    await this.show(await this.core.dispatcher.dispatch(invocation), respond, client, token, command.trigger_id);
  }

  /** Confirmations open as a modal (submit confirms); everything else is a message. */
  private async show(
    reply: Reply,
    respond: RespondFn,
    client: WebClient,
    token: string | undefined,
    triggerId: string,
  ): Promise<void> {
    const confirm = reply.buttons?.find((b) => /^v1:[a-z-]+:confirm:/.test(b.action));
    if (confirm) {
      const keep = reply.buttons?.find((b) => /^v1:[a-z-]+:keep:/.test(b.action));
      await client.views.open({
        token,
        trigger_id: triggerId,
        view: {
          type: 'modal',
          callback_id: CONFIRM_MODAL,
          private_metadata: confirm.action,
          title: { type: 'plain_text', text: (reply.title ?? 'loyalbot').slice(0, 24) },
          submit: { type: 'plain_text', text: confirm.label.slice(0, 24) },
          close: { type: 'plain_text', text: (keep?.label ?? 'Cancel').slice(0, 24) },
          blocks: renderBlocks({ ...reply, title: undefined, buttons: [] }),
        },
      });
      return;
    }
    await respond({
      response_type: reply.ephemeral ? 'ephemeral' : 'in_channel',
      text: fallbackText(reply),
      blocks: renderBlocks(reply),
    });
  }

  private feedbackModal(user: InvokingUser) {
    const t = this.core.translator.forLocale(user.locale?.startsWith('zh') ? 'zh-CN' : 'en');
    return {
      type: 'modal' as const,
      callback_id: FEEDBACK_MODAL,
      title: { type: 'plain_text' as const, text: 'loyalbot' },
      submit: { type: 'plain_text' as const, text: 'OK' },
      blocks: [
        {
          type: 'input' as const,
          block_id: 'feedback',
          label: { type: 'plain_text' as const, text: t('commands.feedback.options.text') },
          element: { type: 'plain_text_input' as const, action_id: 'text', multiline: true, max_length: 2000 },
        },
      ],
    };
  }

  private async base(teamId: string, userId: string, invocationId: string, client: WebClient, channelId?: string) {
    return {
      invocationId,
      platform: 'slack' as const,
      communityId: teamId,
      channelId,
      user: await this.userOf(teamId, userId, client),
    };
  }

  /** Admin and manager claims from the workspace (owner, admin), looked up with a short cache. */
  private async userOf(teamId: string, userId: string, client: WebClient): Promise<InvokingUser> {
    const cacheKey = `${teamId}|${userId}`;
    const cached = this.roles.get(cacheKey);
    if (cached && Date.now() - cached.at < ROLE_CACHE_MS)
      return { id: userId, displayName: cached.name, role: cached.role, locale: cached.locale };
    const token = await this.tokenFor(teamId);
    const info = await client.users.info({ token, user: userId, include_locale: true }).catch(() => null);
    const user = info?.user;
    const role: Role = user?.is_owner || user?.is_admin ? 'admin' : 'member';
    const entry = {
      role,
      locale: user?.locale,
      name: user?.profile?.display_name || user?.real_name || user?.name || userId,
      at: Date.now(),
    };
    this.roles.set(cacheKey, entry);
    return { id: userId, displayName: entry.name, role: entry.role, locale: entry.locale };
  }

  private async tokenFor(teamId: string): Promise<string | undefined> {
    if (this.options.botToken) return this.options.botToken;
    const installation = (await this.core.installations.find('slack', `T:${teamId}`)) as Installation | null;
    return installation?.bot?.token;
  }
}
