import { createHash } from 'node:crypto';
import type { AckFn, App, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import { formOption, type ArgumentValue, type Reply } from '../../../core/index.ts';
import { argsFromForm, COMMAND_FORM } from '../form-modal.ts';
import { CONFIRM_MODAL, FORM_INPUT, FORM_MODAL, resultModal } from '../modals.ts';
import type { SlackContext } from '../slack-context.ts';

/**
 * A form submission runs its command. Input errors go next to their field (or the first one)
 * and the form stays open; the invocation id covers what was filled in, so a corrected
 * resubmission of the same form is a new request rather than a replay of the refusal.
 */
async function answerForm(ack: AckFn<ViewResponseAction>, reply: Reply, fields: string[]): Promise<void> {
  if (reply.errorCode) {
    const field = reply.errorField && fields.includes(reply.errorField) ? reply.errorField : fields[0];
    if (field) return void (await ack({ response_action: 'errors', errors: { [field]: reply.text ?? '' } }));
  }
  await ack({ response_action: 'update', view: resultModal(reply) });
}

/** Modal submissions: a form runs its command; a confirmation or a Reply's form presses its action. */
export function registerViews(app: App, slack: SlackContext): void {
  app.view<ViewSubmitAction>(/^modal:v1:/, async ({ view, body, ack, client }) => {
    const filled = createHash('sha256').update(JSON.stringify(view.state.values)).digest('hex').slice(0, 16);
    const base = await slack.base(body.team?.id ?? '', body.user.id, `${view.id}:${filled}`, client);
    const run = async (command: string, args: Record<string, ArgumentValue>, fields: string[]) =>
      answerForm(ack, await slack.core.dispatcher.dispatch({ ...base, command, args }), fields);
    const [, formCommand = ''] = COMMAND_FORM.exec(view.callback_id) ?? [];
    const formSpec = slack.core.commands.get(formCommand);
    if (formSpec?.formWhenEmpty) {
      const args = argsFromForm(formSpec, view.state.values);
      return run(
        formCommand,
        args,
        formSpec.options.map((option) => option.name),
      );
    }
    const [, command = '', option = ''] = FORM_MODAL.exec(view.callback_id) ?? [];
    const spec = slack.core.commands.get(command);
    if (view.callback_id !== CONFIRM_MODAL && spec && formOption(spec)?.name === option) {
      return run(command, { [option]: view.state.values[option]?.[FORM_INPUT]?.value ?? '' }, [option]);
    }
    // A confirmation carries no input; a Reply's form carries what was typed.
    const input = view.state.values[FORM_INPUT]?.[FORM_INPUT]?.value ?? undefined;
    const reply = await slack.core.dispatcher.press({ ...base, action: view.private_metadata, input });
    await ack({ response_action: 'update', view: resultModal(reply) });
  });
}
