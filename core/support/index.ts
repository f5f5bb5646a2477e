import { resolve } from 'node:path';
import type { Personas } from '../personas/personas.ts';
import type { RedisClient } from '../stores/redis-client.ts';
import type { Models } from '../db/models.ts';
import type { LoyaltyServices } from '../loyalty/index.ts';
import { SentimentScorer } from '../sentiment/scorer.ts';
import type { Communities } from '../identity/communities.ts';
import type { DomainEvents } from '../domain-events.ts';
import { Digests } from './digest.ts';
import { DigestSchedule } from './digest-schedule.ts';
import { Faq } from './faq.ts';
import { FeedbackService } from './feedback.ts';
import { PassiveSentiment } from './passive-sentiment.ts';
import { Privacy } from './privacy.ts';
import { StaffAlerts } from './staff-alerts.ts';
import { QueuedFeedback } from './queued-feedback.ts';
import type { JobScheduler } from '../ports.ts';
import type { InvocationLog } from '../stores/invocation-log.ts';
import { OpenTickets } from '../stores/open-tickets.ts';
import { Tickets } from './tickets.ts';
import { Csat } from './csat.ts';
import type { ButtonRoutes } from '../stores/button-routes.ts';
import type { InsightViews } from '../insights/views/index.ts';
import type { Translator } from '../i18n.ts';

/** Feedback, support answers and tickets, passive sentiment and digests. */
export interface SupportServices {
  scorer: SentimentScorer;
  feedback: FeedbackService;
  tickets: Tickets;
  faq: Faq;
  passive: PassiveSentiment;
  digests: Digests;
  digestSchedule: DigestSchedule;
  privacy: Privacy;
  queuedFeedback: QueuedFeedback;
  staffAlerts: StaffAlerts;
  csat: Csat;
}

/** One scorer per model directory ('' for the shipped models) and process. */
const sharedScorers = new Map<string, SentimentScorer>();

function sharedScorer(modelDir: string | undefined): SentimentScorer {
  const key = modelDir ? resolve(modelDir) : '';
  let scorer = sharedScorers.get(key);
  if (!scorer) {
    scorer = new SentimentScorer(modelDir ? { modelDir: key } : {});
    sharedScorers.set(key, scorer);
  }
  return scorer;
}

export function createSupport(deps: {
  models: Models;
  redis: RedisClient;
  redisPrefix: string;
  communities: Communities;
  loyalty: LoyaltyServices;
  personas: Personas;
  invocations: InvocationLog;
  buttonRoutes: ButtonRoutes;
  views: InsightViews;
  translator: Translator;
  jobs?: JobScheduler | null;
  sentimentModelDir?: string;
  events: DomainEvents;
}): SupportServices {
  // The models are read-only and a few MB: one per process (and model directory).
  const scorer = sharedScorer(deps.sentimentModelDir);
  const tickets = new Tickets(deps.models, deps.events, new OpenTickets(deps.redis, deps.redisPrefix));
  const staffAlerts = new StaffAlerts(deps.redis, deps.redisPrefix, deps.loyalty.notices);
  const feedback = new FeedbackService(
    deps.models,
    scorer,
    deps.communities,
    tickets,
    deps.loyalty.earnings,
    staffAlerts,
    deps.events,
  );
  const digests = new Digests(deps.models, tickets);
  const privacy = new Privacy(deps.models, deps.invocations, deps.jobs ?? null);
  const passive = new PassiveSentiment(deps.redis, deps.redisPrefix, deps.models, scorer, feedback);
  return {
    scorer,
    feedback,
    tickets,
    faq: new Faq(deps.models),
    passive,
    digests,
    digestSchedule: new DigestSchedule(
      deps.communities,
      digests,
      deps.loyalty.notices,
      deps.personas,
      passive,
      deps.views,
      deps.translator,
    ),
    privacy,
    staffAlerts,
    queuedFeedback: new QueuedFeedback(feedback, privacy),
    csat: new Csat(deps.models, tickets, deps.buttonRoutes, deps.loyalty.notices, deps.loyalty.earnings, feedback),
  };
}
