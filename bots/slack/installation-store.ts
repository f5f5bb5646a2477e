import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Core } from '../../core/index.ts';

type Query = { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string };

/** The key of a workspace's (or an Enterprise Grid org's) installation. */
export const installationKey = (query: Query): string =>
  query.isEnterpriseInstall && query.enterpriseId ? `E:${query.enterpriseId}` : `T:${query.teamId}`;

/** Bolt's installation store on core's installations (MongoDB). */
export function installationStore(core: Pick<Core, 'installations' | 'clock'>): InstallationStore {
  return {
    storeInstallation: async (installation) => {
      const key = installationKey({
        isEnterpriseInstall: installation.isEnterpriseInstall,
        enterpriseId: installation.enterprise?.id,
        teamId: installation.team?.id,
      });
      await core.installations.save('slack', key, installation, core.clock.now());
    },
    fetchInstallation: async (query: InstallationQuery<boolean>) => {
      const found = await core.installations.find('slack', installationKey(query));
      if (!found) throw new Error(`no installation for ${installationKey(query)}`);
      return found as Installation;
    },
    deleteInstallation: async (query: InstallationQuery<boolean>) =>
      core.installations.remove('slack', installationKey(query)),
  };
}
