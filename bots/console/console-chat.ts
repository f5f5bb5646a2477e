import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { renderReply } from './render.ts';
import {
  type ArgumentValue,
  type ChatEvent,
  type CommandRegistry,
  type Dispatcher,
  type InvokingUser,
  type Locale,
  type Reply,
  type Translator,
  argsFromText,
  toSupportedLocale,
} from '../../core/index.ts';

export interface ConsoleChatOptions {
  dispatcher: Dispatcher;
  commands: CommandRegistry;
  translator: Translator;
  communityId: string;
  channelId?: string;
  /** Known people to act as; `/as <name>` picks one, an unknown name becomes a plain member. */
  people: Record<string, InvokingUser>;
  startAs: string;
  defaultLocale: Locale;
  output: Writable;
  onChat: (event: ChatEvent) => Promise<unknown>;
}

/** The terminal chat: translates typed lines into invocations and prints replies. */
export class ConsoleChat {
  private current: InvokingUser;
  private lastButtons: Reply['buttons'] = [];
  /** A Reply asked for text: the next line that is not a command is the answer. */
  private pendingForm: Reply['form'];

  constructor(private readonly options: ConsoleChatOptions) {
    this.current = this.person(options.startAs);
  }

  get user(): InvokingUser {
    return this.current;
  }

  locale(): Locale {
    return toSupportedLocale(this.current.locale) ?? this.options.defaultLocale;
  }

  banner(): string {
    return this.t('console.banner', {
      community: this.options.communityId,
      user: this.current.displayName,
      role: this.t(`roles.${this.current.role}`),
    });
  }

  /** Handles one typed line; returns false when the user asked to leave. */
  async handleLine(rawLine: string): Promise<boolean> {
    const line = rawLine.trim();
    if (line === '') return true;
    if (line === '/quit' || line === '/exit') return false;
    if (this.pendingForm && !line.startsWith('/')) {
      const form = this.pendingForm;
      this.pendingForm = undefined;
      this.show(await this.options.dispatcher.press({ ...this.base(), action: form.action, input: line }));
    } else if (line.startsWith('/as ')) {
      this.current = this.person(line.slice(4).trim());
      this.lastButtons = [];
      this.pendingForm = undefined;
      this.print(
        this.t('console.switched', { user: this.current.displayName, role: this.t(`roles.${this.current.role}`) }),
      );
    } else if (/^\d+$/.test(line)) {
      await this.pressButton(Number(line));
    } else if (line.startsWith('/')) {
      this.show(await this.options.dispatcher.dispatch({ ...this.base(), ...this.parseCommand(line) }));
    } else {
      await this.options.onChat({
        ...this.base(),
        channelId: this.options.channelId ?? 'general',
        messageId: randomUUID(),
        text: line,
        at: new Date(),
      });
      this.print(this.t('console.chatHint'));
    }
    return true;
  }

  /** Reads lines until end of input or /quit; echoes them when input is a script. */
  async run(input: Readable, interactive: boolean): Promise<void> {
    const rl = createInterface({ input, output: interactive ? this.options.output : undefined, terminal: interactive });
    this.print(this.banner());
    const prompt = () => {
      if (interactive) {
        rl.setPrompt(`${this.current.displayName}> `);
        rl.prompt();
      }
    };
    prompt();
    for await (const line of rl) {
      if (!interactive && line.trim() !== '') this.print(`${this.current.displayName}> ${line.trim()}`);
      if (!(await this.handleLine(line))) break;
      prompt();
    }
    rl.close();
  }

  private async pressButton(index: number): Promise<void> {
    const button = this.lastButtons?.[index - 1];
    if (!button) {
      this.print(this.t('console.noButtons'));
      return;
    }
    this.show(await this.options.dispatcher.press({ ...this.base(), action: button.action }));
  }

  private parseCommand(line: string): { command: string; args: Record<string, ArgumentValue> } {
    const text = line.slice(1).trim();
    const cut = text.search(/\s/);
    const command = cut < 0 ? text : text.slice(0, cut);
    const options = this.options.commands.get(command)?.options ?? [];
    return { command, args: argsFromText(options, cut < 0 ? '' : text.slice(cut)) };
  }

  private base() {
    return {
      invocationId: randomUUID(),
      platform: 'console' as const,
      communityId: this.options.communityId,
      channelId: this.options.channelId ?? 'general',
      user: this.current,
    };
  }

  private person(name: string): InvokingUser {
    const known = this.options.people[name];
    return known ?? { id: name, displayName: name, role: 'member' };
  }

  private show(reply: Reply): void {
    this.pendingForm = reply.form;
    if (reply.form) {
      this.print(`? ${reply.form.title}\n  ${reply.form.label}\n  ${this.t('console.formHint')}`);
      return;
    }
    this.lastButtons = reply.buttons ?? [];
    this.print(renderReply(reply));
    if (this.lastButtons.length > 0) this.print(`  ${this.t('console.pressHint')}`);
  }

  private print(text: string): void {
    this.options.output.write(`${text}\n`);
  }

  private t(key: string, params?: Record<string, unknown>): string {
    return this.options.translator.t(this.locale(), key, params);
  }
}
