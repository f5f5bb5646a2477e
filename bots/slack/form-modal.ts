import type { types } from '@slack/bolt';
import type { AnyCommandSpec, ArgumentValue, OptionSpec, Translate } from '../../core/index.ts';

/** A form for every option of a command (`formWhenEmpty`): `modal:v1:form:<command>`. */
export const COMMAND_FORM = /^modal:v1:form:([a-z-]{1,32})$/;
const INPUT = 'value';

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const choice = (value: string) => ({ text: plain(value), value });

/** The input element an option is typed into: a menu for choices, a number, a member, or text. */
function element(option: OptionSpec) {
  if (option.choices) {
    return { type: 'static_select' as const, action_id: INPUT, options: option.choices.slice(0, 100).map(choice) };
  }
  if (option.type === 'boolean')
    return { type: 'static_select' as const, action_id: INPUT, options: ['on', 'off'].map(choice) };
  if (option.type === 'user') return { type: 'users_select' as const, action_id: INPUT };
  if (option.type === 'integer') {
    return {
      type: 'number_input' as const,
      action_id: INPUT,
      is_decimal_allowed: false,
      ...(option.min !== undefined ? { min_value: String(option.min) } : {}),
      ...(option.max !== undefined ? { max_value: String(option.max) } : {}),
    };
  }
  const long = (option.maxLength ?? 500) > 200;
  return { type: 'plain_text_input' as const, action_id: INPUT, multiline: long, max_length: option.maxLength ?? 500 };
}

/** Every option of the command as a field, labelled and described from the locales. */
export function commandFormModal(spec: AnyCommandSpec, t: Translate): types.ModalView {
  const blocks = spec.options.map((option) => ({
    type: 'input' as const,
    block_id: option.name,
    optional: !option.required,
    label: plain(option.name),
    hint: plain(t(`commands.${spec.name}.options.${option.name}`).slice(0, 2000)),
    element: element(option),
  }));
  return {
    type: 'modal',
    callback_id: `modal:v1:form:${spec.name}`,
    title: plain(`/${spec.name}`.slice(0, 24)),
    submit: plain(t('common.send').slice(0, 24)),
    blocks: blocks as types.ModalView['blocks'],
  };
}

type StateValue = { value?: string | null; selected_option?: { value: string } | null; selected_user?: string | null };

/** What was filled in, as the command's arguments (left-empty fields are left out). */
export function argsFromForm(spec: AnyCommandSpec, values: Record<string, Record<string, StateValue>>) {
  const args: Record<string, ArgumentValue> = {};
  for (const option of spec.options) {
    const state = values[option.name]?.[INPUT];
    const value = state?.selected_option?.value ?? state?.selected_user ?? state?.value ?? null;
    if (value !== null && value !== '') args[option.name] = value;
  }
  return args;
}
