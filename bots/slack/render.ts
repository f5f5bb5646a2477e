import type { types } from '@slack/bolt';
import type { Reply } from '../../core/index.ts';

type KnownBlock = types.KnownBlock;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Text as Slack shows it, never as markup: `<!channel>` must not ping everyone and
 * `<https://evil|Reset>` must not become a link, whoever wrote it (members' words reach
 * staff channels). Slack's escaping is exactly these three characters.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack's plain fallback text for notifications and screen readers. */
export function fallbackText(reply: Reply): string {
  return clip(escapeMrkdwn([reply.title, reply.text].filter(Boolean).join(' — ')) || ' ', 3000);
}

/** A core Reply as Block Kit: header, text, fields (ten per section), buttons, context. */
export function renderBlocks(reply: Reply): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (reply.title) blocks.push({ type: 'header', text: { type: 'plain_text', text: clip(reply.title, 150) } });
  if (reply.text)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(reply.text), 3000) } });
  const fields = reply.fields ?? [];
  for (let i = 0; i < fields.length; i += 10) {
    blocks.push({
      type: 'section',
      fields: fields.slice(i, i + 10).map((f) => ({
        type: 'mrkdwn' as const,
        text: clip(`*${escapeMrkdwn(f.name)}*\n${escapeMrkdwn(f.value || '—')}`, 2000),
      })),
    });
  }
  const buttons = reply.buttons ?? [];
  for (let i = 0; i < buttons.length; i += 5) {
    blocks.push({
      type: 'actions',
      elements: buttons.slice(i, i + 5).map((b) => ({
        type: 'button' as const,
        action_id: b.action,
        value: b.action,
        text: { type: 'plain_text' as const, text: clip(b.label, 75) },
        ...(b.style === 'danger'
          ? { style: 'danger' as const }
          : b.style === 'primary' || b.style === 'success'
            ? { style: 'primary' as const }
            : {}),
      })),
    });
  }
  return blocks.slice(0, 50);
}
