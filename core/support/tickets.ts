import { UserError, isDuplicateKeyError } from '../errors.ts';
import type { Models } from '../db/models.ts';
import type { TicketDoc } from '../db/support-models.ts';
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
    // Told on a retry too: a crash after the insert must not lose it, and its id is the same.
    await this.tell('ticket.opened', opened.ticket, opened.ticket.createdAt, { text: opened.ticket.text });
    return opened;
  }

  async unresolved(communityId: string, limit = 20): Promise<TicketDoc[]> {
    return this.models.Ticket.find({ communityId, status: { $in: ['open', 'claimed'] } })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<TicketDoc[]>();
  }

  /** Tickets in these states, oldest first (the dashboard's queue). */
  async list(communityId: string, statuses: TicketDoc['status'][], limit = 100): Promise<TicketDoc[]> {
    return this.models.Ticket.find({ communityId, status: { $in: statuses } })
      .sort({ createdAt: statuses.includes('closed') ? -1 : 1 })
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
    return this.models.Ticket.countDocuments({ communityId, status: { $in: ['open', 'claimed'] } });
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
