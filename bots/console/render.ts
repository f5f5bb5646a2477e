import type { Reply } from '../../core/index.ts';
import { saveImage } from './images.ts';

/**
 * Plain-text rendering of a Reply; buttons are numbered so they can be pressed by typing. A
 * picture cannot be shown in a terminal: it is written to a file whose path is printed.
 */
export function renderReply(reply: Reply): string {
  const lines: string[] = [];
  const marker = reply.tone === 'error' ? '✖' : reply.tone === 'warning' ? '!' : reply.tone === 'success' ? '✔' : '•';
  if (reply.title) lines.push(`${marker} ${reply.title}`);
  if (reply.text)
    lines.push(...reply.text.split('\n').map((line, i) => (reply.title || i > 0 ? `  ${line}` : `${marker} ${line}`)));
  for (const field of reply.fields ?? []) lines.push(`  ${field.name}: ${field.value.replace(/\n/g, '\n    ')}`);
  if (reply.buttons?.length) lines.push(`  ${reply.buttons.map((b, i) => `[${i + 1}] ${b.label}`).join('   ')}`);
  if (reply.image) lines.push(`  ${saveImage(reply.image)}`);
  return lines.join('\n');
}
