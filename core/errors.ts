/** Stable codes for failures a user can cause or fix; each maps to `errors.<CODE>` in locales. */
export const ERROR_CODES = [
  'COMMAND.UNKNOWN',
  'COMMAND.GUILD_ONLY',
  'RATE.LIMITED',
  'ARGS.MISSING',
  'ARGS.INVALID',
  'ARGS.NOT_A_CHOICE',
  'ARGS.TOO_LONG',
  'ARGS.TOO_SHORT',
  'ARGS.UNEXPECTED',
  'ARGS.DID_YOU_MEAN',
  'ARGS.EXTRA',
  'AUTH.FORBIDDEN',
  'MEMBER.NOT_FOUND',
  'MEMBER.NOT_ACTIVE',
  'MEMBER.ALREADY_ACTIVE',
  'MEMBER.TARGET_NOT_FOUND',
  'MEMBER.ALREADY_CANCELLED',
  'MEMBER.PAUSED',
  'MEMBER.NOT_PAUSED',
  'REFERRAL.UNKNOWN',
  'BUTTON.INVALID',
  'BUTTON.EXPIRED',
  'BUTTON.NOT_YOURS',
  'INVOCATION.IN_PROGRESS',
  'POINTS.INSUFFICIENT',
  'POINTS.INVALID_AMOUNT',
  'POINTS.TARGET_INSUFFICIENT',
  'REFERRAL.SELF',
  'REFERRAL.ONLY_NEW',
  'ITEM.NOT_FOUND',
  'ITEM.EXISTS',
  'ITEM.INACTIVE',
  'ITEM.TIER_LOCKED',
  'ITEM.OUT_OF_STOCK',
  'ITEM.INVALID',
  'ORDER.NOT_FOUND',
  'ORDER.NOT_CANCELLABLE',
  'ORDER.CANCEL_WINDOW_PASSED',
  'ORDER.NOT_FULFILLABLE',
  'ORDER.INTERRUPTED',
  'CONFIG.INVALID',
  'TICKET.NOT_FOUND',
  'TICKET.NOT_OPEN',
  'TICKET.NOT_CLOSED',
  'CSAT.CLOSED',
  'CSAT.NOT_RATED',
  'CSAT.COMMENTED',
  'EXPERIMENT.INVALID',
  'EXPERIMENT.EXISTS',
  'EXPERIMENT.RUNNING',
  'EXPERIMENT.NONE',
  'EXPERIMENT.NOT_A_VARIANT',
  'FAQ.NOT_FOUND',
  'FEEDBACK.NOT_FOUND',
  'STORE.UNAVAILABLE',
  'CAMPAIGN.INVALID',
  'CAMPAIGN.EXISTS',
  'CAMPAIGN.NOT_FOUND',
  'CAMPAIGN.OVER',
  'WEBHOOK.UNAVAILABLE',
  'WEBHOOK.URL_INVALID',
  'WEBHOOK.URL_SCHEME',
  'WEBHOOK.URL_CREDENTIALS',
  'WEBHOOK.URL_PRIVATE',
  'WEBHOOK.URL_UNRESOLVABLE',
  'WEBHOOK.UNKNOWN_EVENT',
  'WEBHOOK.TOO_MANY',
  'WEBHOOK.NOT_FOUND',
  'WEBHOOK.DISABLED',
  'WEBHOOK.NOT_REPLAYABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An expected failure: the dispatcher turns it into a localized error Reply. */
export class UserError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'UserError';
  }
}

export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
