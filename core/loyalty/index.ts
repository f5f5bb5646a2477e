import type { RedisClient } from '../stores/redis-client.ts';
import type { Models } from '../db/models.ts';
import type { DomainEvents } from '../domain-events.ts';
import type { Translator } from '../i18n.ts';
import type { Logger } from '../logger.ts';
import type { Clock, Notifier, RoleSync } from '../ports.ts';
import type { Communities } from '../identity/communities.ts';
import type { Members } from '../identity/members.ts';
import { Catalog } from './catalog.ts';
import { ChatActivity } from './chat-activity.ts';
import { CommerceEvents } from './commerce-events.ts';
import { CommerceInbox, type InboxOptions } from './commerce-inbox.ts';
import { Earnings } from './earnings.ts';
import { PointsExpiry } from './expiry.ts';
import { Leaderboards } from './leaderboard.ts';
import { LoyaltyMaintenance } from './maintenance.ts';
import { MemberNotices } from './member-notices.ts';
import { Orders } from './orders.ts';
import { Pauses } from './pauses.ts';
import { PointsLedger } from './points-ledger.ts';
import { Referrals } from './referrals.ts';
import { Renewals } from './renewals.ts';
import { StockLedger } from './stock-ledger.ts';
import { Tiers } from './tiers.ts';

/** The loyalty engine: points, tiers, rewards, orders, referrals and their jobs' services. */
export interface LoyaltyServices {
  ledger: PointsLedger;
  stock: StockLedger;
  tiers: Tiers;
  earnings: Earnings;
  catalog: Catalog;
  orders: Orders;
  referrals: Referrals;
  chat: ChatActivity;
  expiry: PointsExpiry;
  renewals: Renewals;
  pauses: Pauses;
  leaderboards: Leaderboards;
  commerce: CommerceEvents;
  commerceInbox: CommerceInbox;
  notices: MemberNotices;
  maintenance: LoyaltyMaintenance;
}

export interface LoyaltyDeps {
  models: Models;
  redis: RedisClient;
  redisPrefix: string;
  members: Members;
  communities: Communities;
  notifier: Notifier;
  roleSync: RoleSync | null;
  clock: Clock;
  commerce: InboxOptions;
  repairAfterMs: number;
  translator: Translator;
  logger: Logger;
  events: DomainEvents;
}

export function createLoyalty(deps: LoyaltyDeps): LoyaltyServices {
  const ledger = new PointsLedger(deps.models, deps.logger, deps.clock);
  const leaderboards = new Leaderboards(deps.redis, deps.redisPrefix, deps.models, deps.members);
  ledger.observe((entry) => leaderboards.record(entry));
  const stock = new StockLedger(deps.models);
  const notices = new MemberNotices(deps.models, deps.notifier, deps.translator, deps.logger);
  const tiers = new Tiers(deps.models, ledger, notices, deps.roleSync, deps.events);
  const earnings = new Earnings(deps.members, deps.communities, ledger, tiers, deps.clock);
  const renewals = new Renewals(deps.models, tiers, notices);
  const commerce = new CommerceEvents(deps.models, deps.members, earnings, renewals);
  const services: Omit<LoyaltyServices, 'maintenance'> = {
    ledger,
    stock,
    tiers,
    earnings,
    catalog: new Catalog(deps.models, stock),
    orders: new Orders(deps.models, ledger, stock, deps.events),
    referrals: new Referrals(deps.models, earnings),
    chat: new ChatActivity(deps.redis, deps.redisPrefix, earnings, deps.models),
    expiry: new PointsExpiry(deps.models, ledger, notices, deps.events),
    renewals,
    pauses: new Pauses(deps.models, tiers, notices),
    leaderboards,
    commerce,
    commerceInbox: new CommerceInbox(deps.communities, commerce, deps.clock, deps.commerce),
    notices,
  };
  const maintenance = new LoyaltyMaintenance(deps.models, deps.communities, services, deps.repairAfterMs);
  return { ...services, maintenance };
}
