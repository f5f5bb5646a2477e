import type { CoreServices } from '../services.ts';
import type { DashboardIdentity } from '../stores/dashboard-sessions.ts';

/** A one-time sign-in link to the dashboard for this user, on the bot's public address. */
export async function signInLink(services: CoreServices, identity: DashboardIdentity): Promise<string> {
  return `${services.publicUrl}/dashboard/login/${await services.dashboardSessions.createLink(identity)}`;
}
