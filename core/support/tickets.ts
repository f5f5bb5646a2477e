import { UserError, isDuplicateKeyError } from '../errors.ts';
import type { Models } from '../db/models.ts';
import type { TicketDoc } from '../db/support-models.ts';
import type { OpenTickets } from '../stores/open-tickets.ts';
import { digestReference, normalizeReference } from '../db/ids.ts';
import type { DomainEvents } from '../domain-events.ts';
import type { Platform } from '../types.ts';

/** `T` and a 100-bit reference; the 32-bit ids of earlier versions still resolve. */
export const TICKET_ID_PATTERN = /^T(?:[0-9A-HJKMNP-TV-Z]{20}|[A-F0-9]{8})$/;

export interface TicketRequest {
  communityId: string;
  platform: Platform;
  userId: string;
  displayName: string;
  source: 'feedback' | 'ask' | 'csat';
  /** What the ticket is about; the same source id always maps to the same ticket. */
  sourceId: string;
  text: string;
  at: Date;
}

/** A staff answer kept on a ticket. */
export interface TicketReply {
  by: string;
  text: string;
  at: Date;
}

/** Support tickets: opened once per source, claimed and closed by staff. */
export class Tickets {
  constructor(
    private readonly models: Models,
    private readonly events: DomainEvents,
    private readonly openTickets: OpenTickets,
  ) {}

  async open(request: TicketRequest): Promise<{ ticket: TicketDoc; created: boolean }> {
    const ticketId = `T${digestReference(`${request.communityId}|${request.sourceId}`)}`;
    const ticket: TicketDoc = {
      _id: `${request.communityId}|${ticketId}`,
      communityId: request.communityId,
      ticketId,
      platform: request.platform,
      userId: request.userId,
      displayName: request.displayName,
      source: request.source,
      text: request.text.slice(0, 2000),
      status: 'open',
      claimedBy: null,
      closedBy: null,
      closedByName: null,
      createdAt: request.at,
      closedAt: null,
    };
    let opened: { ticket: TicketDoc; created: boolean };
    try {
      await this.models.Ticket.collection.insertOne(ticket as never);
      opened = { ticket, created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      opened = { ticket: (await this.models.Ticket.findById(ticket._id).lean<TicketDoc>()) ?? ticket, created: false };
    }
    if (opened.ticket.status !== 'closed')
      await this.openTickets.add(request.communityId, ticketId, opened.ticket.createdAt);
    // Told on a retry too: a crash after the insert must not lose it, and its id is the same.
    await this.tell('ticket.opened', opened.ticket, opened.ticket.createdAt, { text: opened.ticket.text });
    return opened;
  }

  /** Open and claimed tickets, oldest first (`limit` from `offset`), read by id from the open-ticket set. */
  async unresolved(communityId: string, limit = 20, offset = 0): Promise<TicketDoc[]> {
    const ids =
      (await this.openTickets.oldest(communityId, limit, offset)) ??
      (await this.buildOpenSet(communityId, limit + offset)).slice(offset);
    const found = await Promise.all(
      ids.map((ticketId) => this.models.Ticket.findById(`${communityId}|${ticketId}`).lean<TicketDoc>()),
    );
    const gone = ids.filter((_, i) => !found[i] || found[i]?.status === 'closed');
    await this.openTickets.forget(communityId, gone);
    return found.filter((ticket): ticket is TicketDoc => ticket !== null && ticket.status !== 'closed');
  }

  /** The newest closed tickets (this one scans: it is the dashboard's rarely opened archive). */
  async recentlyClosed(communityId: string, limit = 100): Promise<TicketDoc[]> {
    return this.models.Ticket.find({ communityId, status: 'closed' })
      .sort({ closedAt: -1 })
      .limit(limit)
      .lean<TicketDoc[]>();
  }

  /** Keeps a staff answer on an unresolved ticket; the command sends it to the member. */
  async reply(communityId: string, ticketId: string, reply: TicketReply): Promise<TicketDoc> {
    const ticket = await this.require(communityId, ticketId);
    const result = await this.models.Ticket.updateOne(
      { _id: ticket._id, status: { $in: ['open', 'claimed'] } },
      { $push: { replies: reply } },
    );
    if (result.modifiedCount !== 1)
      throw new UserError('TICKET.NOT_OPEN', { ticket: ticket.ticketId, status: ticket.status });
    return { ...ticket, replies: [...(ticket.replies ?? []), reply] };
  }

  async countUnresolved(communityId: string): Promise<number> {
    const counted = await this.openTickets.count(communityId);
    if (counted !== null) return counted;
    await this.buildOpenSet(communityId, 0);
    return (await this.openTickets.count(communityId)) ?? 0;
  }

  /** Builds the open-ticket set from MongoDB (once, or after Redis lost it); returns the oldest ids. */
  private async buildOpenSet(communityId: string, limit: number): Promise<string[]> {
    const open = await this.models.Ticket.find(
      { communityId, status: { $in: ['open', 'claimed'] } },
      { ticketId: 1, createdAt: 1 },
    ).lean<TicketDoc[]>();
    await this.openTickets.build(communityId, open);
    return open
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit)
      .map((ticket) => ticket.ticketId);
  }

  async claim(communityId: string, ticketId: string, by: string): Promise<TicketDoc> {
    const ticket = await this.require(communityId, ticketId);
    const result = await this.models.Ticket.updateOne(
      { _id: ticket._id, status: 'open' },
      { $set: { status: 'claimed', claimedBy: by } },
    );
    if (result.modifiedCount !== 1)
      throw new UserError('TICKET.NOT_OPEN', { ticket: ticket.ticketId, status: ticket.status });
    return { ...ticket, status: 'claimed', claimedBy: by };
  }

  /** Closes once; returns null when it was already closed. */
  async close(communityId: string, ticketId: string, by: string, at: Date, byName = ''): Promise<TicketDoc> {
    const ticket = await this.require(communityId, ticketId);
    const closed = { status: 'closed' as const, closedBy: by, closedByName: byName || null, closedAt: at };
    const result = await this.models.Ticket.updateOne(
      { _id: ticket._id, status: { $in: ['open', 'claimed'] } },
      { $set: closed },
    );
    if (result.modifiedCount !== 1)
      throw new UserError('TICKET.NOT_OPEN', { ticket: ticket.ticketId, status: ticket.status });
    await this.openTickets.forget(communityId, [ticket.ticketId]);
    await this.tell('ticket.closed', ticket, at, { closedBy: by });
    return { ...ticket, ...closed };
  }

  private async tell(
    type: 'ticket.opened' | 'ticket.closed',
    ticket: TicketDoc,
    at: Date,
    extra: { text?: string; closedBy?: string },
  ): Promise<void> {
    await this.events.emit({
      type,
      key: ticket.ticketId,
      communityId: ticket.communityId,
      at,
      member: { platform: ticket.platform, userId: ticket.userId },
      data: { ticketId: ticket.ticketId, source: ticket.source, ...extra },
      carriesText: extra.text !== undefined,
    });
  }

  private async require(communityId: string, ticketId: string): Promise<TicketDoc> {
    const id = normalizeReference(ticketId);
    const ticket = TICKET_ID_PATTERN.test(id)
      ? await this.models.Ticket.findById(`${communityId}|${id}`).lean<TicketDoc>()
      : null;
    if (!ticket) throw new UserError('TICKET.NOT_FOUND', { ticket: ticketId });
    return ticket;
  }
}
