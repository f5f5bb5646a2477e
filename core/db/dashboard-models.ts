import { Schema, type Connection, type Model } from 'mongoose';

/** The dashboard's figures of one community, computed by a job so pages never scan (read by `_id`). */
const dashboardSnapshotSchema = new Schema(
  {
    /** The community id. */
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    figures: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'dashboard_snapshots', versionKey: false },
);

export interface DashboardSnapshotDoc {
  _id: string;
  at: Date;
  figures: unknown;
}

export interface DashboardModels {
  DashboardSnapshot: Model<DashboardSnapshotDoc>;
}

export function createDashboardModels(connection: Connection): DashboardModels {
  return { DashboardSnapshot: connection.model<DashboardSnapshotDoc>('DashboardSnapshot', dashboardSnapshotSchema) };
}
