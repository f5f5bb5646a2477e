import type { Installation, RespondFn, webApi } from '@slack/bolt';
import type { Core, Reply } from '../../core/index.ts';
import { confirmationButtons, confirmModal, replyFormModal } from './modals.ts';
import { fallbackText, renderBlocks } from './render.ts';
import { postToChannel } from './slack-notifier.ts';
import { WorkspaceUsers } from './workspace-users.ts';

/** What every Slack listener shares: core, who users are, tokens, and how a Reply is shown. */
export class SlackContext {
  readonly users: WorkspaceUsers;

  constructor(
    readonly core: Core,
    private readonly botToken: string | undefined,
  ) {
    this.users = new WorkspaceUsers((teamId) => this.tokenFor(teamId));
  }

  /** The invocation fields every Slack event shares; the community is the workspace. */
  async base(teamId: string, userId: string, invocationId: string, client: webApi.WebClient, channelId?: string) {
    const user = await this.users.lookup(teamId, userId, client);
    return { invocationId, platform: 'slack' as const, communityId: teamId, channelId, user };
  }

  /** Forms and confirmations open as a modal (submit answers or confirms); everything else is a message. */
  async show(
    reply: Reply,
    respond: RespondFn,
    client: webApi.WebClient,
    token: string | undefined,
    triggerId: string,
    userId?: string,
  ): Promise<void> {
    if (reply.form) {
      const t = this.core.translator.forPlatformLocale(undefined);
      await client.views.open({ token, trigger_id: triggerId, view: replyFormModal(reply.form, t) });
      return;
    }
    const confirmation = confirmationButtons(reply);
    if (confirmation) {
      await client.views.open({ token, trigger_id: triggerId, view: confirmModal(reply, confirmation) });
      return;
    }
    await respond({
      response_type: reply.ephemeral ? 'ephemeral' : 'in_channel',
      text: fallbackText(reply),
      blocks: renderBlocks(reply),
    });
    // A reply through response_url cannot carry a file, and an ephemeral one must stay private:
    // the picture goes to the member's direct messages.
    if (reply.image && userId) await this.sendPicture(client, token, userId, reply);
  }

  private async sendPicture(client: webApi.WebClient, token: string | undefined, userId: string, reply: Reply) {
    const opened = await client.conversations.open({ token, users: userId }).catch(() => null);
    const channel = opened?.channel?.id;
    if (channel)
      await postToChannel(client, token, channel, { ...reply, text: undefined, fields: [] }, this.core.logger);
  }

  async tokenFor(teamId: string): Promise<string | undefined> {
    if (this.botToken) return this.botToken;
    const installation = (await this.core.installations.find('slack', `T:${teamId}`)) as Installation | null;
    return installation?.bot?.token;
  }
}
