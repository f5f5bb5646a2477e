/**
 * Action ids on buttons: `v1:<command>:<verb>:<argument>`, validated when pressed. A routed
 * action carries `~<token>` instead of its argument: the token names the community and the
 * real argument (stores/button-routes.ts), so a button sent by DM works outside any community.
 */
export const ACTION_PATTERN = /^v1:([a-z][a-z-]{0,31}):([a-z][a-z0-9]{0,15}):(~?)([A-Za-z0-9_-]{1,64})$/;

export interface ButtonAction {
  command: string;
  verb: string;
  argument: string;
  /** The argument is a route token, resolved by the dispatcher before the command sees it. */
  routed: boolean;
}

function checked(action: string): string {
  if (!ACTION_PATTERN.test(action)) throw new Error(`invalid button action ${action}`);
  return action;
}

export function buttonAction(command: string, verb: string, argument: string): string {
  return checked(`v1:${command}:${verb}:${argument}`);
}

/** A button whose argument travels as a route token (see ButtonRoutes). */
export function routedButtonAction(command: string, verb: string, token: string): string {
  return checked(`v1:${command}:${verb}:~${token}`);
}

/** The parts of a button's action id, or null for anything core did not make. */
export function parseButtonAction(action: string): ButtonAction | null {
  const match = ACTION_PATTERN.exec(action);
  if (!match) return null;
  const [, command = '', verb = '', route = '', argument = ''] = match;
  return { command, verb, argument, routed: route === '~' };
}
