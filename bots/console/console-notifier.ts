import type { Writable } from 'node:stream';
import type { Translator, Locale } from '../../core/i18n.ts';
import type { DeliveryResult, NotificationTarget, Notifier } from '../../core/ports.ts';
import type { Reply } from '../../core/types.ts';
import { renderReply } from './render.ts';

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
