import type { Writable } from 'node:stream';
import { ConsoleChat } from './console-chat.ts';
import { ConsoleNotifier } from './console-notifier.ts';
import { type Core, DEMO_PEOPLE } from '../../core/index.ts';

/** Wires the console adapter into core and runs the chat on the given streams. */
export function createConsoleChat(core: Core, output: Writable, startAs = 'alice'): ConsoleChat {
  const chat = new ConsoleChat({
    dispatcher: core.dispatcher,
    commands: core.commands,
    translator: core.translator,
    communityId: core.config.CONSOLE_COMMUNITY_ID,
    people: DEMO_PEOPLE,
    startAs,
    defaultLocale: core.config.DEFAULT_LOCALE,
    output,
    onChat: (event) => core.chat(event),
  });
  core.notifiers.register('console', new ConsoleNotifier(output, core.translator, () => chat.locale()));
  return chat;
}
