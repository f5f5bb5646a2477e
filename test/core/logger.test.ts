import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';

describe('logs', () => {
  it('never carry request bodies, tokens or secrets', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', 'test', sink);
    // What a failed Discord send looks like: the error holds the message it tried to send.
    const error = Object.assign(new Error('Cannot send messages to this user'), {
      requestBody: { json: { content: 'Your feedback: my landlord is awful' } },
      rawError: { message: 'Cannot send', token: 'xoxb-secret-token' },
    });
    logger.error({ err: error, slack: { token: 'xoxb-another', botToken: 'xoxb-third' }, secret: 'shh' }, 'failed');
    const logged = lines.join('');
    expect(logged).toContain('Cannot send messages to this user');
    for (const hidden of ['landlord', 'xoxb-secret-token', 'xoxb-another', 'xoxb-third', 'shh']) {
      expect(logged).not.toContain(hidden);
    }
  });
});
