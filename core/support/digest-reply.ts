import { formatDate, formatNumber } from '../format.ts';
import type { Locale, Translate } from '../i18n.ts';
import type { Reply } from '../types.ts';
import type { Digest } from './digest.ts';
import { csatLine } from './csat-figures.ts';

const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;

function trend(digest: Digest, t: Translate): string {
  if (digest.mean === null) return t('digest.noData');
  if (digest.previous.mean === null) return t('digest.noPrevious');
  const delta = digest.mean - digest.previous.mean;
  const direction = Math.abs(delta) < 0.05 ? 'steady' : delta > 0 ? 'up' : 'down';
  return t(`digest.trend.${direction}`, { delta: signed(delta), previousVolume: digest.previous.volume });
}

/** Chat points by quality: what was scored, what earned, and what earned nothing and why. */
function chatLine(chat: Record<string, number>, t: Translate): string {
  const n = (verdict: string) => chat[verdict] ?? 0;
  const scored = ['ok', 'low', 'spam', 'toxic', 'repeat'].reduce((sum, verdict) => sum + n(verdict), 0);
  if (scored === 0 && n('helpful') === 0) return '—';
  return t('digest.chatValue', {
    scored,
    earned: n('earned'),
    repeat: n('repeat'),
    spam: n('spam'),
    toxic: n('toxic'),
    low: n('low'),
    helpful: n('helpful'),
  });
}

/** A digest as a chat card: figures, themes, quotes, channels, open tickets, chat quality, CSAT. */
export function renderDigest(digest: Digest, t: Translate, locale: Locale, title: string): Reply {
  const { distribution: d } = digest;
  const percent = (n: number) => (digest.volume > 0 ? `${Math.round((100 * n) / digest.volume)}%` : '—');
  const themes = (list: Digest['themes']['negative']) => list.map((theme) => theme.term).join(', ') || '—';
  return {
    ephemeral: false,
    tone: digest.mean !== null && digest.mean < -0.2 ? 'warning' : 'info',
    title,
    text: t('digest.period', {
      from: formatDate(digest.from, locale),
      to: formatDate(new Date(digest.to.getTime() - 1), locale),
    }),
    fields: [
      { name: t('digest.volume'), value: formatNumber(digest.volume, locale), inline: true },
      { name: t('digest.mean'), value: digest.mean === null ? '—' : signed(digest.mean), inline: true },
      { name: t('digest.trendLabel'), value: trend(digest, t), inline: true },
      {
        name: t('digest.distribution'),
        value: t('digest.distributionValue', {
          positive: percent(d.positive),
          neutral: percent(d.neutral),
          negative: percent(d.negative),
        }),
      },
      { name: t('digest.negativeThemes'), value: themes(digest.themes.negative), inline: true },
      { name: t('digest.positiveThemes'), value: themes(digest.themes.positive), inline: true },
      {
        name: t('digest.examples'),
        value: digest.examples.map((e) => `“${e.text}” (${signed(e.score)})`).join('\n') || '—',
      },
      {
        name: t('digest.channels'),
        value:
          digest.channels
            .slice(0, 8)
            .map((c) => `#${c.channelId}: ${c.volume} · ${signed(c.mean)}`)
            .join('\n') || '—',
      },
      { name: t('digest.openTickets'), value: String(digest.openTickets), inline: true },
      { name: t('digest.chat'), value: chatLine(digest.chat, t) },
      { name: t('digest.csat'), value: csatLine(digest.csat.all, t), inline: true },
      {
        name: t('digest.csatByStaff'),
        value:
          digest.csat.byStaff
            .slice(0, 8)
            .map((g) => `${g.key}: ${csatLine(g, t)}`)
            .join('\n') || '—',
      },
    ],
  };
}
