import type { ErrorCode } from '../errors.ts';
import type { Translate } from '../i18n.ts';
import type { Reply } from '../types.ts';

export function errorReply(t: Translate, code: ErrorCode, params: Record<string, unknown> = {}): Reply {
  const field =
    typeof params.option === 'string' ? params.option : typeof params.field === 'string' ? params.field : null;
  return {
    ephemeral: true,
    tone: 'error',
    title: t('errors.title'),
    text: t(`errors.${code}`, params),
    errorCode: code,
    ...(field ? { errorField: field } : {}),
  };
}

/** Action ids on buttons: `v1:<command>:<verb>:<argument>`, validated when pressed. */
export const ACTION_PATTERN = /^v1:([a-z][a-z-]{0,31}):([a-z]{1,16}):([A-Za-z0-9_-]{1,64})$/;

/** The verbs of a confirmation's two buttons (see CommandContext.askConfirmation). */
export const CONFIRM_VERB = 'confirm';
export const KEEP_VERB = 'keep';

export interface ButtonAction {
  command: string;
  verb: string;
  argument: string;
}

export function buttonAction(command: string, verb: string, argument: string): string {
  const action = `v1:${command}:${verb}:${argument}`;
  if (!ACTION_PATTERN.test(action)) throw new Error(`invalid button action ${action}`);
  return action;
}

/** The parts of a button's action id, or null for anything core did not make. */
export function parseButtonAction(action: string): ButtonAction | null {
  const match = ACTION_PATTERN.exec(action);
  if (!match) return null;
  const [, command = '', verb = '', argument = ''] = match;
  return { command, verb, argument };
}
