import { mkdir } from 'node:fs/promises';

export interface EmbeddedPostgresOptions {
  /** Where PGlite keeps its files; omitted = in memory, gone on stop(). One process per directory. */
  readonly dataDir?: string;
  /** Socket connections accepted at once (default 16); size pg pools below it. */
  readonly maxConnections?: number;
}

export interface EmbeddedPostgres {
  /** A postgres:// URL for any stock pg client or TypeORM. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL in-process: PGlite behind its socket server, so the app talks to it exactly as to a server.
 * The socket multiplexer runs one transaction at a time: while one connection is inside a transaction,
 * the others' queries wait; a connection left idle in a transaction therefore stalls everything.
 */
export const startEmbeddedPostgres = async ({ dataDir, maxConnections = 16 }: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> => {
  // Loaded on demand: the app should not pay for the wasm build unless it runs embedded. swc's CommonJS
  // output turns these into require() of the packages' CJS builds (which import() Node built-ins; under
  // jest that needs --experimental-vm-modules, as the npm scripts pass).
  const [{ PGlite }, { pgcrypto }, { PGLiteSocketServer }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pgcrypto'),
    import('@electric-sql/pglite-socket'),
  ]);
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { pgcrypto } });
  // Loaded into the instance here: a failing CREATE EXTENSION from a client must not be the first use.
  await db.exec('CREATE EXTENSION IF NOT EXISTS pgcrypto');
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () =>
      (stopping ??= (async () => {
        await server.stop();
        await db.close();
      })()),
  };
};
