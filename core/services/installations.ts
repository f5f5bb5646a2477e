import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';

const installationSchema = new Schema(
  {
    _id: { type: String, required: true },
    platform: { type: String, required: true },
    /** The platform's own installation record (tokens included), stored as given. */
    data: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'installations', versionKey: false },
);

type InstallationDoc = { _id: string; platform: string; data: unknown; updatedAt: Date };

/** App installations per workspace (Slack's OAuth "Add to Slack"), so one deployment serves many. */
export class Installations {
  private readonly model: Model<InstallationDoc>;

  constructor(connection: Connection) {
    this.model =
      (connection.models.Installation as Model<InstallationDoc> | undefined) ??
      connection.model<InstallationDoc>('Installation', installationSchema);
  }

  async save(platform: string, key: string, data: unknown, at: Date): Promise<void> {
    await this.model.replaceOne(
      { _id: `${platform}|${key}` },
      { _id: `${platform}|${key}`, platform, data, updatedAt: at },
      { upsert: true },
    );
  }

  async find(platform: string, key: string): Promise<unknown | null> {
    return (await this.model.findById(`${platform}|${key}`).lean<InstallationDoc>())?.data ?? null;
  }

  async remove(platform: string, key: string): Promise<void> {
    await this.model.deleteOne({ _id: `${platform}|${key}` });
  }
}
