import mongoose, { type Connection } from 'mongoose';

/** Opens a dedicated connection; `dbName` overrides the URI's database (tests use their own). */
export async function connectMongo(uri: string, dbName?: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    autoIndex: false,
    serverSelectionTimeoutMS: 5_000,
    // Fail fast instead of queueing operations forever while the server is away.
    bufferCommands: false,
  });
  await connection.asPromise();
  return connection;
}

export async function pingMongo(connection: Connection): Promise<boolean> {
  try {
    await connection.db?.admin().ping();
    return true;
  } catch {
    return false;
  }
}

const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoExpiredSessionError',
]);

const UNAVAILABLE_MESSAGE = new RegExp(
  [
    'before initial connection is complete',
    'Client must be connected',
    'connection .*closed',
    'Topology is closed',
    'ECONNREFUSED',
    'ECONNRESET',
  ].join('|'),
  'i',
);

/** Whether an error means the database cannot be reached (as opposed to a bad query). */
export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (UNAVAILABLE_NAMES.has(error.name)) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}
