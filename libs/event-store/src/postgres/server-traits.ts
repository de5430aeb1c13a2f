import { createHash } from 'node:crypto';
import type { Pool, QueryConfig } from 'pg';

/**
 * What the server behind a pool can do, asked once. PGlite's socket is not a whole server: it runs one backend
 * session for all connections, and it does not speak the COPY sub-protocol.
 */
export class ServerTraits {
  private pglite: Promise<boolean> | undefined;

  constructor(private readonly pool: Pool) {}

  isPglite(): Promise<boolean> {
    this.pglite ??= this.pool
      .query<{ version: string }>('SELECT version()')
      .then(({ rows }) => /PGlite/i.test(rows[0]?.version ?? ''))
      .catch((error: unknown) => {
        this.pglite = undefined;
        throw error;
      });
    return this.pglite;
  }

  /**
   * The statement as a named prepared statement on a server, which parses and plans it once per connection:
   * for the statements every request and import batch runs, planning took about a third as long as executing.
   * On PGlite the pool's connections share one session, where two of them would prepare the same name.
   */
  async statement(text: string, values?: unknown[]): Promise<QueryConfig> {
    return (await this.isPglite()) ? { text, values } : preparedStatement(text, values);
  }
}

/** One text, one name, whatever schema the text names; the name is what the server caches it under. */
export const preparedStatement = (text: string, values?: unknown[]): QueryConfig => {
  let name = statementNames.get(text);
  if (!name) {
    name = `registry_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
};

const statementNames = new Map<string, string>();
