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
