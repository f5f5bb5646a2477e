import { isDuplicateKeyError, UserError } from '../errors.ts';
import type { Models } from '../db/models.ts';
import type { FeedbackDoc, TicketDoc } from '../db/support-models.ts';
import type { Earnings } from '../loyalty/earnings.ts';
import { loyaltySettings } from '../loyalty/settings.ts';
import type { SentimentScorer } from '../sentiment/scorer.ts';
import type { Communities } from '../identity/communities.ts';
import type { DomainEvents } from '../domain-events.ts';
import type { Platform } from '../types.ts';
import { supportSettings } from './settings.ts';
import type { StaffAlerts } from './staff-alerts.ts';
import type { Tickets } from './tickets.ts';

export interface FeedbackInput {
  communityId: string;
  platform: Platform;
  userId: string;
  displayName: string;
  channelId: string | null;
  text: string;
  source: FeedbackDoc['source'];
  /** The invocation (or message) it came from: one request, one feedback row. */
  requestId: string;
  at: Date;
}

export interface FeedbackOutcome {
  feedback: FeedbackDoc;
  ticket: TicketDoc | null;
  pointsEarned: number;
}

/**
 * Records feedback with its sentiment; negative feedback opens one ticket and alerts the
 * staff channel. Every step is keyed by the request, so a retry (a re-delivered command, a
 * queued write after an outage) completes what is missing and repeats nothing.
 */
export class FeedbackService {
  private readonly storedListeners: Array<(feedback: FeedbackDoc) => Promise<void>> = [];

  constructor(
    private readonly models: Models,
    private readonly scorer: SentimentScorer,
    private readonly communities: Communities,
    private readonly tickets: Tickets,
    private readonly earnings: Earnings,
    private readonly staffAlerts: StaffAlerts,
    private readonly events: DomainEvents,
  ) {}

  async record(input: FeedbackInput): Promise<FeedbackOutcome> {
    const community = await this.communities.ensure(input.platform, input.communityId);
    const settings = supportSettings(community);
    const feedback = await this.store(input, settings.lexicon);
    for (const listener of this.storedListeners) await listener(feedback);
    let ticket: TicketDoc | null = null;
    // Passive messages and rating comments are scored for the figures only: a rating of 1–2
    // opens its own follow-up (support/csat.ts), and the rating itself earns the points.
    const direct = input.source !== 'passive' && input.source !== 'csat';
    if (direct && feedback.score <= settings.ticketThreshold) {
      const request = { ...input, source: 'feedback' as const, sourceId: feedback._id, text: feedback.text };
      const opened = (await this.tickets.open(request)).ticket;
      if (feedback.ticketId !== opened.ticketId)
        await this.models.Feedback.updateOne({ _id: feedback._id }, { $set: { ticketId: opened.ticketId } });
      await this.staffAlerts.alert(community, opened, (t) => ({
        tone: 'warning',
        title: t('tickets.alertTitle', { ticket: opened.ticketId }),
        text: t('tickets.alertText', {
          user: input.displayName || input.userId,
          score: feedback.score.toFixed(2),
          text: quote(feedback.text),
        }),
      }));
      ticket = opened;
    }
    if (input.source !== 'passive' && feedback.label === 'negative') await this.tellNegative(feedback, ticket);
    const pointsEarned = direct ? await this.reward(input, loyaltySettings(community).feedbackPoints) : 0;
    return { feedback: { ...feedback, ticketId: ticket?.ticketId ?? feedback.ticketId }, ticket, pointsEarned };
  }

  /**
   * A manager's label for one piece of feedback of their community, kept beside the model's
   * for training (`npm run train:sentiment`); the figures keep the model's label.
   */
  async relabel(
    communityId: string,
    feedbackId: string,
    managerLabel: FeedbackDoc['label'],
    by: string,
  ): Promise<FeedbackDoc> {
    const found = await this.models.Feedback.findById(feedbackId).lean<FeedbackDoc>();
    // Another community's id reads as unknown: a session reaches its own community only.
    if (!found || found.communityId !== communityId) throw new UserError('FEEDBACK.NOT_FOUND', { id: feedbackId });
    await this.models.Feedback.updateOne({ _id: found._id }, { $set: { managerLabel, relabelledBy: by } });
    const relabelled = { ...found, managerLabel, relabelledBy: by };
    for (const listener of this.storedListeners) await listener(relabelled);
    return relabelled;
  }

  /** Feedback of one community by id, in the order asked; ids of other communities are left out. */
  async byIds(communityId: string, ids: string[]): Promise<FeedbackDoc[]> {
    const docs = await Promise.all(ids.map((id) => this.models.Feedback.findById(id).lean<FeedbackDoc>()));
    return docs.filter((doc): doc is FeedbackDoc => doc !== null && doc.communityId === communityId);
  }

  /** Hears of every piece of feedback as it is stored or relabelled (the dashboard's index keeps up by it). */
  onStored(listener: (feedback: FeedbackDoc) => Promise<void>): void {
    this.storedListeners.push(listener);
  }

  async forMember(communityId: string, platform: string, userId: string, limit = 50): Promise<FeedbackDoc[]> {
    return this.models.Feedback.find({ communityId, platform, userId })
      .sort({ at: -1 })
      .limit(limit)
      .lean<FeedbackDoc[]>();
  }

  /** The ids of everything a member wrote (what an erasure removes from indexes). */
  async idsOf(key: { communityId: string; platform: string; userId: string }): Promise<string[]> {
    const { communityId, platform, userId } = key;
    const docs = await this.models.Feedback.find({ communityId, platform, userId }, { _id: 1 }).lean<FeedbackDoc[]>();
    return docs.map((doc) => doc._id);
  }

  async deleteForMember(communityId: string, platform: string, userId: string): Promise<number> {
    const result = await this.models.Feedback.deleteMany({ communityId, platform, userId });
    return result.deletedCount;
  }

  private async store(input: FeedbackInput, lexicon: Record<string, number>): Promise<FeedbackDoc> {
    const sentiment = this.scorer.score(input.text, lexicon);
    const doc: FeedbackDoc = {
      _id: `${input.communityId}|fb|${input.requestId}`,
      communityId: input.communityId,
      platform: input.platform,
      userId: input.userId,
      displayName: input.displayName,
      channelId: input.channelId,
      source: input.source,
      text: input.text,
      language: sentiment.language,
      score: Math.round(sentiment.score * 1000) / 1000,
      label: sentiment.label,
      confidence: Math.round(sentiment.confidence * 1000) / 1000,
      ticketId: null,
      at: input.at,
    };
    try {
      await this.models.Feedback.collection.insertOne(doc as never);
      return doc;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.models.Feedback.findById(doc._id).lean<FeedbackDoc>()) ?? doc;
    }
  }

  private async tellNegative(feedback: FeedbackDoc, ticket: TicketDoc | null): Promise<void> {
    await this.events.emit({
      type: 'feedback.negative',
      key: feedback._id,
      communityId: feedback.communityId,
      at: feedback.at,
      member: { platform: feedback.platform, userId: feedback.userId },
      data: {
        feedbackId: feedback._id,
        text: feedback.text,
        score: feedback.score,
        language: feedback.language,
        ticketId: ticket?.ticketId ?? feedback.ticketId,
      },
      carriesText: true,
    });
  }

  /** Feedback earns points at most once a day per member, so it cannot be farmed. */
  private async reward(input: FeedbackInput, points: number): Promise<number> {
    if (points <= 0) return 0;
    const day = input.at.toISOString().slice(0, 10);
    const result = await this.earnings.award({
      member: { communityId: input.communityId, platform: input.platform, userId: input.userId },
      basePoints: points,
      reason: 'feedback',
      source: 'rule',
      earning: 'feedback',
      idempotencyKey: `feedback:${input.platform}:${input.userId}:${day}`,
      occurredAt: input.at,
    });
    return result && !result.replayed ? result.points : 0;
  }
}

export function quote(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
