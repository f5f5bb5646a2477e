import type { types } from '@slack/bolt';
import {
  CONFIRM_VERB,
  KEEP_VERB,
  parseButtonAction,
  type OptionSpec,
  type Reply,
  type ReplyButton,
  type ReplyForm,
  type Translate,
} from '../../core/index.ts';
import { renderBlocks } from './render.ts';

/** Modals this adapter opens carry `modal:v1:<command>:<option>` (a form for one option) or the confirm id. */
export const FORM_MODAL = /^modal:v1:([a-z-]{1,32}):([a-z-]{1,32})$/;
export const CONFIRM_MODAL = 'modal:v1:confirm';
/** A modal for a Reply's form: its private metadata is the action its submission presses. */
export const REPLY_FORM_MODAL = 'modal:v1:form';
/** The input element's action id inside a form block (the block id is the option's name). */
export const FORM_INPUT = 'value';

const title = (text: string) => ({ type: 'plain_text' as const, text: text.slice(0, 24) || 'loyalbot' });

/** Asks for one long-text option (e.g. /feedback's text) in a modal. */
export function formModal(command: string, option: OptionSpec, t: Translate): types.ModalView {
  return {
    type: 'modal',
    callback_id: `modal:v1:${command}:${option.name}`,
    title: title('loyalbot'),
    submit: title(t('common.send')),
    blocks: [
      {
        type: 'input',
        block_id: option.name,
        label: { type: 'plain_text', text: t(`commands.${command}.options.${option.name}`).slice(0, 2000) },
        element: {
          type: 'plain_text_input',
          action_id: FORM_INPUT,
          multiline: true,
          ...(option.minLength ? { min_length: option.minLength } : {}),
          max_length: Math.min(option.maxLength ?? 3000, 3000),
        },
      },
    ],
  };
}

/** A Reply that asks for text: submitting the modal presses the form's action with what was typed. */
export function replyFormModal(form: ReplyForm, t: Translate): types.ModalView {
  return {
    type: 'modal',
    callback_id: REPLY_FORM_MODAL,
    private_metadata: form.action,
    title: title(form.title),
    submit: title(t('common.send')),
    blocks: [
      {
        type: 'input',
        block_id: FORM_INPUT,
        label: { type: 'plain_text', text: form.label.slice(0, 2000) },
        element: {
          type: 'plain_text_input',
          action_id: FORM_INPUT,
          multiline: true,
          ...(form.minLength ? { min_length: form.minLength } : {}),
          max_length: Math.min(form.maxLength, 3000),
        },
      },
    ],
  };
}

/** The confirm and keep buttons of a confirmation reply, if it is one. */
export function confirmationButtons(reply: Reply): { confirm: ReplyButton; keep?: ReplyButton } | null {
  const verbOf = (button: ReplyButton) => parseButtonAction(button.action)?.verb;
  const confirm = reply.buttons?.find((button) => verbOf(button) === CONFIRM_VERB);
  if (!confirm) return null;
  return { confirm, keep: reply.buttons?.find((button) => verbOf(button) === KEEP_VERB) };
}

/** A confirmation as a modal: submitting it confirms, closing it keeps things as they are. */
export function confirmModal(reply: Reply, buttons: { confirm: ReplyButton; keep?: ReplyButton }): types.ModalView {
  return {
    type: 'modal',
    callback_id: CONFIRM_MODAL,
    private_metadata: buttons.confirm.action,
    title: title(reply.title ?? 'loyalbot'),
    submit: title(buttons.confirm.label),
    close: title(buttons.keep?.label ?? 'Cancel'),
    blocks: renderBlocks({ ...reply, title: undefined, buttons: [] }),
  };
}

/** What a submitted modal turns into once core has answered. */
export function resultModal(reply: Reply): types.ModalView {
  return { type: 'modal', title: title('loyalbot'), blocks: renderBlocks(reply) };
}
