import { Schema, type Connection, type Model } from 'mongoose';

/** A chat platform's app installation in one workspace (Slack's "Add to Slack"), tokens included. */
const installationSchema = new Schema(
  {
    /** `<platform>|<workspace key>`. */
    _id: { type: String, required: true },
    platform: { type: String, required: true },
    /** The platform's own installation record, stored as given. */
    data: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'installations', versionKey: false },
);

export interface InstallationDoc {
  _id: string;
  platform: string;
  data: unknown;
  updatedAt: Date;
}

export interface InstallationModels {
  Installation: Model<InstallationDoc>;
}

export function createInstallationModels(connection: Connection): InstallationModels {
  return { Installation: connection.model<InstallationDoc>('Installation', installationSchema) };
}
