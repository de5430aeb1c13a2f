import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { PostgresEventStore } from '@registry/event-store';
import { createTestDatabase, eventually, type TestDatabase } from '@registry/testing';
import { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projection } from '../projector/projection';
import { Projector } from '../projector/projector';
import { openReadModels } from '../read-model-data-source';
import { anAssessment } from '../testing/test-events';
import { LatestSealNotInDatabase, latestStoredSeal } from './latest-seal-check';
import { LatestSealFile, LatestSealNotRecorded, type LatestSealRecord, type SealRecord } from './latest-seal-record';
import { NotaryKey } from './notary-key';
import { NotaryProjection } from './notary.projection';
import { verifyLog } from './verify-log';

/** How long a live projector may take to get somewhere: generous, for a CI machine under the load of other suites. */
const PATIENCE_MS = 20_000;
/** Another process's session beside the projector's: a server's, not embedded PGlite's one session. */
const onServer = process.env.DATABASE_URL ? it : it.skip;

describe('the notary’s latest seal, kept outside the database (ADR 0029)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let readModels: DataSource;
  let directory: string;
  let sealFile: string;
  const key = NotaryKey.ephemeral();
  const events = () => `"${database.schema}".events`;

  /** A notary as a newly started process has it: the same key and file, nothing in memory. */
  const notary = (record = sealFile) =>
    new NotaryProjection(key, { sealEveryEvents: 5, sealEveryMs: 3_600_000, latestSeal: new LatestSealFile(record) });
  /** A data directory of its own, holding a copy of the record, for a case to make unwritable. */
  const aDataDirOfItsOwn = async () => {
    const dataDir = join(directory, 'data');
    const location = join(dataDir, 'notary-seal-test.json');
    await mkdir(dataDir);
    await copyFile(sealFile, location);
    return { dataDir, location };
  };
  const notarise = () => new Projector(store, readModels, [notary()]).catchUp();
  const append = async (count: number) => {
    for (let n = 0; n < count; n++) {
      await store.appendToStream(`report-${randomUUID()}`, [anAssessment(n)], { kind: 'noStream' });
    }
  };
  const recorded = async () => JSON.parse(await readFile(sealFile, 'utf8')) as SealRecord;
  /**
   * Waits until `file` records the seal at `sequence`. A live projector records a seal after its batch committed, so
   * the record may still be on its way when the checkpoint shows the projector caught up.
   */
  const recordedThrough = (sequence: string, file = sealFile) =>
    eventually(async () => expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ sequence }), PATIENCE_MS);
  const sealSequences = async () =>
    (await readModels.query<{ sequence: string }[]>(`SELECT sequence FROM notary_seal ORDER BY sequence`)).map(
      (row) => row.sequence,
    );
  const verify = () => verifyLog(store, readModels.manager, key.publicKey, { sealEveryEvents: 5 });
  const verifyAgainstRecord = () =>
    verifyLog(store, readModels.manager, key.publicKey, {
      sealEveryEvents: 5,
      latestSeal: new LatestSealFile(sealFile),
    });

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'notary-seal-'));
    sealFile = join(directory, 'notary-seal-test.json');
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 1 });
    await PostgresEventStore.migrate(pool, database.schema);
    store = new PostgresEventStore({ pool, schema: database.schema });
    readModels = await openReadModels(database.url, database.schema, database.kind === 'pglite' ? pool : undefined);
    await append(20);
    // Seals every 5 events: 4 seals, the latest at sequence 20, recorded in the file.
    await notarise();
  }, 60_000);

  afterEach(async () => {
    await store.close();
    await readModels.destroy();
    await pool.end();
    await database.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('records the latest seal once it has committed', async () => {
    expect(await sealSequences()).toEqual(['5', '10', '15', '20']);
    const [latest] = await readModels.query<{ chain_head: string; signature: string }[]>(
      `SELECT chain_head, signature FROM notary_seal WHERE sequence = 20`,
    );
    expect(await recorded()).toMatchObject({
      sequence: '20',
      chainHead: latest!.chain_head,
      signature: latest!.signature,
    });
  });

  it('goes on after a restart, recording each newer seal', async () => {
    await append(7);
    await notarise();
    expect(await sealSequences()).toEqual(['5', '10', '15', '20', '25']);
    expect((await recorded()).sequence).toBe('25');
    await expect(verify()).resolves.toMatchObject({ isIntact: true, eventsChecked: 27, unnotarisedEvents: 0 });
  });

  it('refuses to sign a log rewritten with its chain rows, seals and checkpoint (the review’s attack)', async () => {
    const { events: log } = await store.readAll({ maxCount: 100 });
    const [edited, before] = [log[6]!, log[5]!];
    await pool.query(
      `UPDATE ${events()} SET data = jsonb_set(data, '{assessedAt}', '"2020-01-01T00:00:00.000Z"')
        WHERE global_position = $1`,
      [edited.globalPosition.toString()],
    );
    // The forger deletes what no longer matches and moves the notary back to the event before the edit.
    await readModels.query(`DELETE FROM notary_chain WHERE sequence >= 7`);
    await readModels.query(`DELETE FROM notary_seal WHERE sequence >= 7`);
    await readModels.query(
      `UPDATE projection_checkpoint SET position = $1, global_position = $2 WHERE projection = 'notary'`,
      [before.position, before.globalPosition.toString()],
    );
    const refusal = notarise();
    await expect(refusal).rejects.toThrow(LatestSealNotInDatabase);
    await expect(refusal).rejects.toThrow(
      `the notary refuses to notarise: the database does not hold its latest seal as recorded in ${sealFile}: ` +
        `no seal at sequence 20 (position ${log[19]!.globalPosition})`,
    );
    // Nothing was chained or signed: the edit stays outside the notarised chain.
    expect(await sealSequences()).toEqual(['5']);
    const [chain] = await readModels.query<{ chained: number }[]>(`SELECT count(*)::int AS chained FROM notary_chain`);
    expect(chain?.chained).toBe(6);
  });

  it('refuses a rewrite that kept the recorded seal but not the chain before it', async () => {
    const { events: log } = await store.readAll({ maxCount: 100 });
    await readModels.query(`DELETE FROM notary_chain WHERE sequence >= 7`);
    await readModels.query(`DELETE FROM notary_seal WHERE sequence >= 7 AND sequence < 20`);
    await readModels.query(`UPDATE projection_checkpoint SET position = $1 WHERE projection = 'notary'`, [
      log[5]!.position,
    ]);
    await expect(notarise()).rejects.toThrow('the seal at sequence 20 (position');
    expect(await sealSequences()).toEqual(['5', '20']);
  });

  it('refuses to chain an event a second time, as a checkpoint moved back behind the chain would', async () => {
    const { events: log } = await store.readAll({ maxCount: 100 });
    await readModels.query(`UPDATE projection_checkpoint SET position = $1 WHERE projection = 'notary'`, [
      log[5]!.position,
    ]);
    await expect(notarise()).rejects.toThrow(
      `the notary refuses to notarise: its checkpoint is behind its chain (the event at position ` +
        `${log[19]!.globalPosition} is chained already, at sequence 20); nothing was chained`,
    );
    expect(await sealSequences()).toEqual(['5', '10', '15', '20']);
  });

  it('names the database the seal is in, and takes a record of another database for none of this one', async () => {
    const ours = (await recorded()).database;
    expect(ours).toMatch(/^\d+\/\w+$/);
    // A new database of the same schema name beside the data directory: a new embedded directory, a new cluster.
    await writeFile(sealFile, JSON.stringify({ ...(await recorded()), sequence: '999', database: '1/elsewhere' }));
    await append(5);
    await notarise();
    expect(await recorded()).toMatchObject({ sequence: '25', database: ours });
  });

  it('verifies a database that holds the recorded seal, and checks nothing more where none is recorded', async () => {
    const intact = { isIntact: true, eventsChecked: 20, sealsChecked: 4, unnotarisedEvents: 0 };
    await expect(verifyAgainstRecord()).resolves.toEqual({ ...intact, recordedSealChecked: true });
    await writeFile(sealFile, JSON.stringify({ ...(await recorded()), sequence: '999', database: '1/elsewhere' }));
    await expect(verifyAgainstRecord()).resolves.toEqual({ ...intact, recordedSealChecked: false });
    await rm(sealFile);
    await expect(verifyAgainstRecord()).resolves.toEqual({ ...intact, recordedSealChecked: false });
  });

  it('fails verify-log on the review’s attack before any notary runs, naming the recorded seal', async () => {
    const { events: log } = await store.readAll({ maxCount: 100 });
    await pool.query(
      `UPDATE ${events()} SET data = jsonb_set(data, '{assessedAt}', '"2020-01-01T00:00:00.000Z"')
        WHERE global_position = $1`,
      [log[6]!.globalPosition.toString()],
    );
    await readModels.query(`DELETE FROM notary_chain WHERE sequence >= 7`);
    await readModels.query(`DELETE FROM notary_seal WHERE sequence >= 7`);
    // The database alone shows nothing: the edited event and those after it are merely not notarised yet.
    await expect(verify()).resolves.toMatchObject({ isIntact: true, unnotarisedEvents: 14 });
    const sealed = log[19]!.globalPosition.toString();
    await expect(verifyAgainstRecord()).resolves.toEqual({
      isIntact: false,
      eventsChecked: 20,
      sealsChecked: 1,
      unnotarisedEvents: 14,
      recordedSealChecked: true,
      failure: {
        problem: 'RECORDED_SEAL_NOT_IN_DATABASE',
        globalPosition: sealed,
        detail:
          `the database does not hold the latest seal recorded in ${sealFile}: ` +
          `no seal at sequence 20 (position ${sealed})`,
      },
    });
  });

  it('holds the notary alone while it refuses, and lets it go on once the restore is accepted', async () => {
    // An older backup restored: the database's chain and seals end at sequence 6, the record says 20.
    const { events: log } = await store.readAll({ maxCount: 100 });
    await readModels.query(`DELETE FROM notary_chain WHERE sequence >= 7`);
    await readModels.query(`DELETE FROM notary_seal WHERE sequence >= 7`);
    await readModels.query(
      `UPDATE projection_checkpoint SET position = $1, global_position = $2 WHERE projection = 'notary'`,
      [log[5]!.position, log[5]!.globalPosition.toString()],
    );
    /** Another read model, in the same projector as the notary. */
    const tally: Projection = {
      name: 'tally',
      filter: {},
      tables: ['tally'],
      apply: async (events, manager: EntityManager) => {
        await manager.query('INSERT INTO tally SELECT unnest($1::bigint[])', [events.map((e) => e.globalPosition)]);
      },
    };
    await readModels.query('CREATE TABLE tally (global_position bigint NOT NULL)');
    const tallied = async () => (await readModels.query<{ n: number }[]>('SELECT count(*)::int AS n FROM tally'))[0]!.n;
    const notaryStatus = async () => (await projector.status()).find(({ projection }) => projection === 'notary');
    const projector = new Projector(store, readModels, [tally, notary()], { refusalRetryMs: 50 });
    // What a server beside it sees (`serve --no-projector`): a projector of its own that does not run.
    const besideIt = new Projector(store, readModels, [tally, notary()]);
    const notaryStatusBesideIt = async () =>
      (await besideIt.status()).find(({ projection }) => projection === 'notary');
    await projector.start();
    try {
      await append(3);
      await eventually(async () => expect(await tallied()).toBe(23), PATIENCE_MS);
      await eventually(
        async () =>
          expect(await notaryStatus()).toMatchObject({
            isRunning: false,
            isRefusing: true,
            error: expect.stringContaining(
              'the notary refuses to notarise: the database does not hold its latest seal',
            ),
          }),
        PATIENCE_MS,
      );
      expect(await sealSequences()).toEqual(['5']);
      await eventually(
        async () =>
          expect(await notaryStatusBesideIt()).toMatchObject({
            isRunning: false,
            isRefusing: true,
            error: expect.stringContaining('the notary refuses to notarise'),
          }),
        PATIENCE_MS,
      );
      // What `notary-key --accept-restore` records, with an event of its own (any event here).
      await writeFile(sealFile, JSON.stringify(await latestStoredSeal(readModels.manager)));
      await append(1);
      await eventually(
        async () => expect(await notaryStatus()).toMatchObject({ isRunning: true, isRefusing: false, error: null }),
        PATIENCE_MS,
      );
      await projector.waitUntilCaughtUp();
      expect(await sealSequences()).toEqual(['5', '10', '15', '20']);
      await recordedThrough('20');
      await eventually(
        async () => expect(await notaryStatusBesideIt()).toMatchObject({ isRefusing: false, error: null }),
        PATIENCE_MS,
      );
    } finally {
      await projector.stop();
    }
    await expect(verify()).resolves.toMatchObject({ isIntact: true, eventsChecked: 24, unnotarisedEvents: 0 });
  }, 90_000);

  it('clears a hold an earlier process left once a projector of that projection starts', async () => {
    await readModels.query(`INSERT INTO projection_refusal (projection, reason) VALUES ('notary', 'a killed one’s')`);
    const besideIt = new Projector(store, readModels, [notary()]);
    expect((await besideIt.status())[0]).toMatchObject({ isRefusing: true, error: 'a killed one’s' });
    const projector = new Projector(store, readModels, [notary()]);
    await projector.start();
    await projector.stop();
    expect((await besideIt.status())[0]).toMatchObject({ isRefusing: false, error: null });
  });

  it('starts the record from the database’s latest seal where there is none (an upgrade)', async () => {
    await rm(sealFile);
    await append(2);
    await notarise();
    expect((await recorded()).sequence).toBe('20');
    await expect(verify()).resolves.toMatchObject({ isIntact: true, eventsChecked: 22 });
  });

  it('is held where the record cannot be written, says so in one line, and goes on once it can be', async () => {
    const { dataDir, location } = await aDataDirOfItsOwn();
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const projector = new Projector(store, readModels, [notary(location)], { refusalRetryMs: 50 });
    try {
      await projector.start();
      await append(5);
      await projector.waitUntilCaughtUp();
      await recordedThrough('25', location);
      // The notary has read its record; then the data directory stops taking writes (here: a file in its place).
      await rm(dataDir, { recursive: true });
      await writeFile(dataDir, '');
      await append(5);
      // The batch commits before the record is written: the projector is caught up, and its notary held.
      const stoppedWith = async () => (await projector.status())[0]?.error;
      await eventually(
        async () => expect(await stoppedWith()).toMatch(/^the notary could not record its latest seal/),
        PATIENCE_MS,
      );
      const error = (await stoppedWith())!;
      expect(error.startsWith(`the notary could not record its latest seal in ${location} (EEXIST: `)).toBe(true);
      expect(error).toMatch(
        /needs a writable data directory \(REGISTRY_DATA_DIR or --data-dir\); the seal is committed/,
      );
      expect(error).not.toMatch(/[\r\n]/);
      expect(logged).toHaveBeenCalledWith(`projection notary stopped: ${error}; tried again every 0.05 s`);
      expect((await projector.status())[0]).toMatchObject({ isRunning: false, isRefusing: true });
      // The operator makes the directory writable again: the notary goes on with the next events, without a restart.
      await rm(dataDir);
      await mkdir(dataDir);
      await append(5);
      await eventually(
        async () =>
          expect((await projector.status())[0]).toMatchObject({ isRunning: true, isRefusing: false, error: null }),
        PATIENCE_MS,
      );
      // The seal it could not record (30) goes first, with the batch that ended the hold; then the next one.
      await recordedThrough('35', location);
    } finally {
      await projector.stop();
      logged.mockRestore();
    }
    expect(await sealSequences()).toEqual(['5', '10', '15', '20', '25', '30', '35']);
    // The record at sequence 20 lags the database by three seals: the notary goes on from it and records the next.
    await append(5);
    await notarise();
    expect((await recorded()).sequence).toBe('40');
    await expect(verify()).resolves.toMatchObject({ isIntact: true, eventsChecked: 40, unnotarisedEvents: 0 });
  }, 90_000);

  it('stays held while its seal is unrecorded, also past a batch without a seal; records it once it can', async () => {
    const { dataDir, location } = await aDataDirOfItsOwn();
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const projector = new Projector(store, readModels, [notary(location)], { refusalRetryMs: 20 });
    const notaryStatus = async () => (await projector.status())[0];
    const chainedThrough = async () =>
      (await readModels.query<{ n: string }[]>('SELECT max(sequence)::text AS n FROM notary_chain'))[0]!.n;
    try {
      await projector.start();
      await append(5);
      await projector.waitUntilCaughtUp();
      await recordedThrough('25', location);
      // The notary has read its record (sequence 25); then the data directory stops taking writes.
      await rm(dataDir, { recursive: true });
      await writeFile(dataDir, '');
      await append(5);
      await eventually(async () => expect(await notaryStatus()).toMatchObject({ isRefusing: true }), PATIENCE_MS);
      // Fewer events than a seal needs: each try notarises them, and stops again at the seal it could not record.
      await append(2);
      await eventually(async () => expect(await chainedThrough()).toBe('32'), PATIENCE_MS);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await notaryStatus()).toMatchObject({ isRunning: false, isRefusing: true });
      await rm(dataDir);
      await mkdir(dataDir);
      await append(1);
      await eventually(
        async () => expect(await notaryStatus()).toMatchObject({ isRunning: true, isRefusing: false, error: null }),
        PATIENCE_MS,
      );
      // The seal it could not record, at sequence 30: the batch that went on signed none.
      expect(JSON.parse(await readFile(location, 'utf8'))).toMatchObject({ sequence: '30' });
    } finally {
      await projector.stop();
      logged.mockRestore();
    }
  }, 60_000);

  it('forgets the seal it could not record once it refuses: an accepted restore goes by the database', async () => {
    const file = new LatestSealFile(sealFile);
    let isWritable = true;
    const readOnlyAtWill: LatestSealRecord = {
      location: sealFile,
      read: () => file.read(),
      write: (seal) => {
        if (isWritable) return file.write(seal);
        const cause = Object.assign(new Error('EROFS: read-only file system, open'), { code: 'EROFS' });
        return Promise.reject(new LatestSealNotRecorded(sealFile, seal, cause));
      },
    };
    // Seals by time alone, at the clock's word.
    const sealedAt20 = new Date((await recorded()).sealedAt).getTime();
    let clock = sealedAt20 + 3_600_000;
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const notary = new NotaryProjection(key, {
      sealEveryEvents: 1000,
      sealEveryMs: 60_000,
      now: () => new Date(clock),
      latestSeal: readOnlyAtWill,
    });
    const projector = new Projector(store, readModels, [notary], { refusalRetryMs: 20 });
    const notaryStatus = async () => (await projector.status())[0];
    try {
      await projector.start();
      await append(1);
      await projector.waitUntilCaughtUp();
      await recordedThrough('21');
      isWritable = false;
      clock += 3_600_000;
      await append(1);
      await eventually(async () => expect(await notaryStatus()).toMatchObject({ isRefusing: true }), PATIENCE_MS);
      expect(await sealSequences()).toEqual(['5', '10', '15', '20', '21', '22']);
      // A backup from before seal 21 is restored, and refused: the record says 21.
      const { events: log } = await store.readAll({ maxCount: 100 });
      await readModels.query(`DELETE FROM notary_chain WHERE sequence > 20`);
      await readModels.query(`DELETE FROM notary_seal WHERE sequence > 20`);
      await readModels.query(
        `UPDATE projection_checkpoint SET position = $1, global_position = $2 WHERE projection = 'notary'`,
        [log[19]!.position, log[19]!.globalPosition.toString()],
      );
      await append(1);
      await eventually(
        async () => expect((await notaryStatus())?.error).toMatch(/does not hold its latest seal as recorded/),
        PATIENCE_MS,
      );
      // No seal is due at the next batch; the directory writable, the restore accepted.
      clock = sealedAt20;
      isWritable = true;
      await file.write(await latestStoredSeal(readModels.manager));
      await append(1);
      await eventually(async () => expect(await notaryStatus()).toMatchObject({ isRefusing: false }), PATIENCE_MS);
      // Not seal 22, signed before the restore: the database does not hold it, and the notary would refuse again.
      expect((await recorded()).sequence).toBe('20');
    } finally {
      await projector.stop();
      logged.mockRestore();
    }
  }, 60_000);

  it('is held while its record holds no seal, and goes on once the file is moved aside', async () => {
    await writeFile(sealFile, '{"sequence": ');
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const projector = new Projector(store, readModels, [notary()], { refusalRetryMs: 20 });
    const notaryStatus = async () => (await projector.status())[0];
    try {
      await projector.start();
      await append(1);
      // Held, not stopped: `registry project` would otherwise exit, and be restarted into the same file.
      await eventually(
        async () =>
          expect(await notaryStatus()).toMatchObject({
            isRefusing: true,
            error: `${sealFile} does not hold a notary seal: move it aside to start it again (ADR 0029)`,
          }),
        PATIENCE_MS,
      );
      await rm(sealFile);
      await append(1);
      await eventually(async () => expect(await notaryStatus()).toMatchObject({ isRefusing: false }), PATIENCE_MS);
      expect((await recorded()).sequence).toBe('20');
    } finally {
      await projector.stop();
      logged.mockRestore();
    }
  }, 60_000);

  onServer(
    'stays held where another process applied the batch it was tried with: its notary checked nothing',
    async () => {
      await writeFile(sealFile, JSON.stringify({ ...(await recorded()), sequence: '99' }));
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const said = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      const projector = new Projector(store, readModels, [notary()], { refusalRetryMs: 20 });
      const otherProcess = new Pool({ connectionString: database.url, max: 1 });
      const session = await otherProcess.connect();
      const isWaitingForLock = async () =>
        (await session.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rowCount !== 0;
      try {
        await projector.start();
        await append(1);
        await eventually(
          async () => expect((await projector.status())[0]).toMatchObject({ isRefusing: true }),
          PATIENCE_MS,
        );
        // Another process (a CLI catching up, with a data directory of its own) notarises the event under the
        // projection's lock, while the projector's next try waits for that lock with the event in its batch.
        await session.query('BEGIN');
        await session.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
          `registry.projection:${database.schema}:notary`,
        ]);
        await eventually(async () => expect(await isWaitingForLock()).toBe(true), PATIENCE_MS);
        const [last] = (await store.readAll({ maxCount: 100 })).events.slice(-1);
        await session.query(
          `UPDATE "${database.schema}".projection_checkpoint SET position = $1, global_position = $2
          WHERE projection = 'notary'`,
          [last!.position, last!.globalPosition.toString()],
        );
        await session.query('COMMIT');
        await eventually(async () => expect(await isWaitingForLock()).toBe(false), PATIENCE_MS);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect((await projector.status())[0]).toMatchObject({ isRunning: false, isRefusing: true });
        expect(said).not.toHaveBeenCalledWith('projection notary: going on again');
      } finally {
        session.release();
        await otherProcess.end();
        await projector.stop();
        logged.mockRestore();
        said.mockRestore();
      }
    },
    60_000,
  );

  it('logs a record it cannot write once, though each try’s write names a temporary file of its own', async () => {
    // No record: each try starts one, in the batch, and fails as in a data directory the registry may not write to.
    await rm(sealFile);
    let writes = 0;
    const unwritable: LatestSealRecord = {
      location: sealFile,
      read: () => Promise.resolve(undefined),
      write: (seal) => {
        writes++;
        const temporary = `${sealFile}.${process.pid}-${randomUUID()}.tmp`;
        const error = new Error(`EACCES: permission denied, open '${temporary}'`);
        const cause = Object.assign(error, { code: 'EACCES', syscall: 'open', path: temporary });
        return Promise.reject(new LatestSealNotRecorded(sealFile, seal, cause));
      },
    };
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const notary = new NotaryProjection(key, { sealEveryEvents: 5, sealEveryMs: 3_600_000, latestSeal: unwritable });
    const projector = new Projector(store, readModels, [notary], { refusalRetryMs: 20 });
    try {
      await projector.start();
      await append(1);
      await eventually(() => expect(writes).toBeGreaterThanOrEqual(5), PATIENCE_MS);
      expect(logged).toHaveBeenCalledTimes(1);
      expect(logged.mock.calls[0]![0]).toContain(`(EACCES: permission denied, open '${sealFile}.*.tmp')`);
    } finally {
      await projector.stop();
      logged.mockRestore();
    }
  }, 60_000);
});
