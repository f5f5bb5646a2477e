import { buttonAction } from '../button-action.ts';
import { formatDate } from '../format.ts';
import type { Locale, Translate } from '../i18n.ts';
import type { Reply, ReplyButton } from '../types.ts';
import type { Accepted, Offer } from './save-flow.ts';
import { SAVE_REASONS } from './settings.ts';

const COMMAND = 'cancel-membership';

const stayButton = (t: Translate, attemptId: string): ReplyButton => ({
  label: t('save.stay'),
  style: 'secondary',
  action: buttonAction(COMMAND, 'stay', attemptId),
});

/** Step one: why are you leaving? One button per reason, and one to stay. */
export function reasonPicker(t: Translate, attemptId: string): Reply {
  return {
    ephemeral: true,
    tone: 'warning',
    title: t('save.askTitle'),
    text: t('save.askText'),
    buttons: [
      ...SAVE_REASONS.map((reason) => ({
        label: t(`save.reasons.${reason}`),
        style: 'primary' as const,
        action: buttonAction(COMMAND, reason, attemptId),
      })),
      stayButton(t, attemptId),
    ],
  };
}

/** "Other": the member says it in their own words. */
export function otherReasonForm(t: Translate, attemptId: string): Reply {
  return {
    ephemeral: true,
    text: t('save.otherLabel'),
    form: {
      action: buttonAction(COMMAND, 'other', attemptId),
      title: t('save.otherTitle'),
      label: t('save.otherLabel'),
      maxLength: 300,
    },
  };
}

function offerButtons(t: Translate, attemptId: string, offer: Offer): ReplyButton[] {
  const accept = (verb: string, label: string): ReplyButton => ({
    label,
    style: 'success',
    action: buttonAction(COMMAND, verb, attemptId),
  });
  switch (offer.kind) {
    case 'pause':
      return offer.months.map((months) => accept(`pause${months}`, t('save.pauseButton', { months })));
    case 'downgrade':
      return [accept('downgrade', t('save.downgradeButton', { tier: offer.tier }))];
    case 'bonus':
      return [accept('bonus', t('save.bonusButton', { points: offer.points }))];
  }
}

/** Step two: the community's offer for that reason (if one applies), or straight to the choice. */
export function offerReply(t: Translate, attemptId: string, offer: Offer | null): Reply {
  const text = !offer
    ? t('save.noOffer')
    : offer.kind === 'pause'
      ? t('save.offers.pause', { months: offer.months.at(-1) })
      : offer.kind === 'downgrade'
        ? t('save.offers.downgrade', { tier: offer.tier, from: offer.from })
        : t('save.offers.bonus', { points: offer.points });
  return {
    ephemeral: true,
    tone: 'warning',
    title: t(offer ? 'save.offerTitle' : 'cancel.confirmTitle'),
    text,
    buttons: [
      ...(offer ? offerButtons(t, attemptId, offer) : []),
      { label: t('save.cancel'), style: 'danger', action: buttonAction(COMMAND, 'cancel', attemptId) },
      stayButton(t, attemptId),
    ],
  };
}

/** What the member's choice did. */
export function acceptedReply(t: Translate, locale: Locale, taken: Accepted): Reply {
  const text =
    taken.kind === 'pause'
      ? t('save.paused', { date: formatDate(taken.until, locale) })
      : taken.kind === 'downgrade'
        ? t('save.downgraded', { tier: taken.tier })
        : t('save.bonusGiven', { points: taken.points });
  return { ephemeral: true, tone: 'success', text };
}
