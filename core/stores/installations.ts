import type { Models } from '../db/models.ts';
import type { InstallationDoc } from '../db/installation-models.ts';

/** App installations per workspace (Slack's OAuth "Add to Slack"), so one deployment serves many. */
export class Installations {
  constructor(private readonly models: Models) {}

  async save(platform: string, key: string, data: unknown, at: Date): Promise<void> {
    const _id = `${platform}|${key}`;
    await this.models.Installation.replaceOne({ _id }, { _id, platform, data, updatedAt: at }, { upsert: true });
  }

  async find(platform: string, key: string): Promise<unknown | null> {
    return (await this.models.Installation.findById(`${platform}|${key}`).lean<InstallationDoc>())?.data ?? null;
  }

  async remove(platform: string, key: string): Promise<void> {
    await this.models.Installation.deleteOne({ _id: `${platform}|${key}` });
  }
}
