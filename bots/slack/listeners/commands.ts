import type { App, RespondFn, webApi } from '@slack/bolt';
import { argsFromText, formOption } from '../../../core/index.ts';
import { commandFormModal } from '../form-modal.ts';
import { formModal } from '../modals.ts';
import type { SlackContext } from '../slack-context.ts';

/** Slash commands: acknowledged at once, answered through response_url (or a modal). */
export function registerCommands(app: App, slack: SlackContext): void {
  app.command(/^\/.+/, async ({ command, ack, respond, client, context }) => {
    await ack();
    const name = command.command.replace(/^\//, '');
    const base = await slack.base(command.team_id, command.user_id, command.trigger_id, client, command.channel_id);
    const spec = slack.core.commands.get(name);
    const asked = spec && formOption(spec);
    const text = command.text.trim();
    const t = slack.core.translator.forPlatformLocale(base.user.locale);
    // Run with nothing typed: a long-text option, or every option of a many-option command, in a form.
    const form =
      text !== '' || !spec
        ? null
        : asked
          ? formModal(name, asked, t)
          : spec.formWhenEmpty
            ? commandFormModal(spec, t)
            : null;
    if (form) {
      await client.views.open({ token: context.botToken, trigger_id: command.trigger_id, view: form });
      return;
    }
    const args = argsFromText(spec?.options ?? [], unescapeSlack(text));
    const reply = await slack.core.dispatcher.dispatch({ ...base, command: name, args });
    await slack.show(
      reply,
      respond as RespondFn,
      client as webApi.WebClient,
      context.botToken,
      command.trigger_id,
      command.user_id,
    );
  });
}

/** Slash command text arrives escaped (the manifest asks for it): back to what was typed. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
