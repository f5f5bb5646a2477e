import type { ErrorCode } from '../errors.ts';
import type { Translate } from '../i18n.ts';
import type { Reply } from '../types.ts';

export {
  ACTION_PATTERN,
  buttonAction,
  parseButtonAction,
  routedButtonAction,
  type ButtonAction,
} from '../button-action.ts';

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

/** The verbs of a confirmation's two buttons (see CommandContext.askConfirmation). */
export const CONFIRM_VERB = 'confirm';
export const KEEP_VERB = 'keep';
