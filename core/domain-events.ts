import { createHash } from 'node:crypto';
import type { Logger } from './logger.ts';

/** What happened in a community that its other systems may want to hear of (outbound webhooks). */
export const DOMAIN_EVENT_TYPES = [
  'member.joined',
  'member.cancelled',
  'member.tier_changed',
  'order.placed',
  'order.cancelled',
  'points.expiring',
  'feedback.negative',
  'ticket.opened',
  'ticket.closed',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

/** One fact, as the service where it happened tells it. */
export interface DomainEvent {
  /** Derived from the fact (`key`), so telling the same fact twice gives the same id. */
  id: string;
  type: DomainEventType;
  communityId: string;
  at: Date;
  /** The member it is about. */
  member: { platform: string; userId: string };
  /** Only what a receiver needs: ids, amounts, states; never a secret. */
  data: Record<string, unknown>;
  /** The data holds words the member wrote (feedback, a ticket, a reason): `/privacy delete` purges it. */
  carriesText: boolean;
}

export type DomainEventInput = Omit<DomainEvent, 'id'> & {
  /** What makes the fact unique within its community and type (an order id, a ticket id and its close). */
  key: string;
};

export type DomainEventListener = (event: DomainEvent) => Promise<void>;

/** The id receivers de-duplicate by: the same community, type and key always give the same id. */
export function domainEventId(communityId: string, type: DomainEventType, key: string): string {
  return `evt_${createHash('sha256').update(`${communityId}\n${type}\n${key}`).digest('hex').slice(0, 32)}`;
}

/**
 * Where core services tell what happened, and listeners (webhooks) hear it. A listener's
 * failure is logged and never fails the action that happened: the fact stands.
 */
export class DomainEvents {
  private readonly listeners: DomainEventListener[] = [];

  constructor(private readonly logger: Logger) {}

  subscribe(listener: DomainEventListener): void {
    this.listeners.push(listener);
  }

  async emit(input: DomainEventInput): Promise<void> {
    const { key, ...rest } = input;
    const event: DomainEvent = { id: domainEventId(input.communityId, input.type, key), ...rest };
    for (const listener of this.listeners) {
      await listener(event).catch((error: unknown) =>
        this.logger.warn({ err: error, event: event.type, eventId: event.id }, 'event listener failed'),
      );
    }
  }
}
