import type { Writable } from 'node:stream';
import { renderReply } from './render.ts';
import type { DeliveryResult, Locale, NotificationTarget, Notifier, Reply, Translator } from '../../core/index.ts';

/** Shows DMs and channel posts inline in the terminal, marked with their destination. */
export class ConsoleNotifier implements Notifier {
  constructor(
    private readonly output: Writable,
    private readonly translator: Translator,
    private readonly locale: () => Locale,
  ) {}

  async send(target: NotificationTarget, message: Reply): Promise<DeliveryResult> {
    const t = this.translator.forLocale(this.locale());
    const where =
      target.kind === 'member'
        ? t('console.dm', { user: target.userId })
        : t('console.channel', { channel: target.channelId });
    this.output.write(`  ✉ ${where}\n${renderReply(message).replace(/^/gm, '    ')}\n`);
    return 'sent';
  }
}
