import type { App, ViewSubmitAction } from '@slack/bolt';
import { formOption } from '../../../core/index.ts';
import { CONFIRM_MODAL, FORM_INPUT, FORM_MODAL, resultModal } from '../modals.ts';
import type { SlackContext } from '../slack-context.ts';

/** Modal submissions: a form for one option runs its command; a confirmation or a Reply's form presses its action. */
export function registerViews(app: App, slack: SlackContext): void {
  app.view<ViewSubmitAction>(/^modal:v1:/, async ({ view, body, ack, client }) => {
    const base = await slack.base(body.team?.id ?? '', body.user.id, view.id, client);
    const [, command = '', option = ''] = FORM_MODAL.exec(view.callback_id) ?? [];
    const spec = slack.core.commands.get(command);
    if (view.callback_id !== CONFIRM_MODAL && spec && formOption(spec)?.name === option) {
      const value = view.state.values[option]?.[FORM_INPUT]?.value ?? '';
      const reply = await slack.core.dispatcher.dispatch({ ...base, command, args: { [option]: value } });
      // Input errors belong in the modal, next to the field.
      if (reply.errorCode)
        return void (await ack({ response_action: 'errors', errors: { [option]: reply.text ?? '' } }));
      await ack({ response_action: 'update', view: resultModal(reply) });
      return;
    }
    // A confirmation carries no input; a Reply's form carries what was typed.
    const input = view.state.values[FORM_INPUT]?.[FORM_INPUT]?.value ?? undefined;
    const reply = await slack.core.dispatcher.press({ ...base, action: view.private_metadata, input });
    await ack({ response_action: 'update', view: resultModal(reply) });
  });
}
