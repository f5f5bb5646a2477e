import type { Writable } from 'node:stream';
import type { Core } from '../../core/app.ts';
import { handleChatEvent } from '../../core/chat-events.ts';
import { DEMO_PEOPLE } from '../../core/demo/demo-community.ts';
import { ConsoleChat } from './console-chat.ts';
import { ConsoleNotifier } from './console-notifier.ts';

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
    onChat: (event) => handleChatEvent(core.services, event),
  });
  core.notifiers.register('console', new ConsoleNotifier(output, core.translator, () => chat.locale()));
  return chat;
}
