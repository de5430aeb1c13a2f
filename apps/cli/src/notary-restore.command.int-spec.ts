import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryRuntime } from '@registry/application';
import { MEMBER_STATES } from '@registry/domain';
import {
  canonicalEvent,
  databaseIdentity,
  GENESIS_HEAD,
  LatestSealFile,
  latestStoredSeal,
  nextHead,
  queryAccessLog,
  sha256,
  type SealRecord,
} from '@registry/projections';
import { openCliStorage, runCli, type CliStorage } from '../../../test/support/cli-harness';
import { assessReport, fixedUuid, recordReport, reportData, writeNdjson } from '../../../test/support/import-fixtures';
import { configFrom } from './cli-runtime';

/** A database that lacks the notary's recorded latest seal, and `notary-key --accept-restore`; in order. */
describe('registry notary-key --accept-restore (ADR 0029)', () => {
  let storage: CliStorage;
  let previousDataDir: string | undefined;
  const dataDirArgs = () => storage.storageArgs;
  const config = () => configFrom({ ...(storage.storageArgs[1] && { dataDir: storage.storageArgs[1] }) });
  // The CLI always has a security configuration; only tests without one keep the seal in memory.
  const sealFile = () => join(config().security!.dataDir, `notary-seal-${config().storage.schema}.json`);
  const recorded = async () => JSON.parse(await readFile(sealFile(), 'utf8')) as SealRecord;

  const withRuntime = async <T>(work: (runtime: RegistryRuntime) => Promise<T>): Promise<T> => {
    const runtime = await RegistryRuntime.open(config(), { projections: 'none' });
    try {
      return await work(runtime);
    } finally {
      await runtime.close();
    }
  };
  /** The database's latest seal as a record of it names it: with the database it is in. */
  const databaseSeal = () =>
    withRuntime(async ({ readModels: { manager } }) => {
      const seal = await latestStoredSeal(manager);
      return seal && { ...seal, database: await databaseIdentity(manager) };
    });
  const importReports = async (from: number, count: number) => {
    const file = join(storage.workDir, `reports-${from}.ndjson`);
    const lines = Array.from({ length: count }, (_, n) => [
      recordReport(reportData(from + n)),
      assessReport(fixedUuid(from + n)),
    ]).flat();
    await writeNdjson(file, lines);
    return runCli(['import', file, ...dataDirArgs()]);
  };

  /**
   * Sends the record's writes where a regular file stands in the path, until restored: they fail there as in a data
   * directory that cannot take the file, also for root, who writes to a read-only directory all the same.
   */
  const unwritableRecord = () => join(storage.workDir, 'not-a-directory', 'notary-seal.json');
  const recordWritesWhereNoFileCanBe = async () => {
    await writeFile(join(storage.workDir, 'not-a-directory'), '');
    const write = LatestSealFile.prototype.write;
    return jest
      .spyOn(LatestSealFile.prototype, 'write')
      .mockImplementation((seal) => write.call(new LatestSealFile(unwritableRecord()), seal));
  };

  beforeAll(async () => {
    storage = await openCliStorage();
    previousDataDir = process.env.REGISTRY_DATA_DIR;
    // On a server the data directory is REGISTRY_DATA_DIR: this file's own, not ./data of whoever runs the tests.
    if (storage.storageArgs.length === 0) process.env.REGISTRY_DATA_DIR = join(storage.workDir, 'data');
    expect((await importReports(1, 4)).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    if (previousDataDir === undefined) delete process.env.REGISTRY_DATA_DIR;
    else process.env.REGISTRY_DATA_DIR = previousDataDir;
    await storage.close();
  });

  it('records the latest seal in the data directory as the notary makes it', async () => {
    const stored = await databaseSeal();
    expect(stored).toBeDefined();
    expect(await recorded()).toEqual(stored);
  }, 60_000);

  it('says in one line that the record holds no seal, as the notary it holds', async () => {
    const before = await readFile(sealFile(), 'utf8');
    await writeFile(sealFile(), '{"sequence": ');
    const run = await runCli(['verify-log', ...dataDirArgs()]).finally(() => writeFile(sealFile(), before));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `registry: ${sealFile()} does not hold a notary seal: move it aside to start it again (ADR 0029)\n`,
    );
  }, 60_000);

  it('says in one line where the data directory cannot take the seal, and records it once it can', async () => {
    await rm(sealFile());
    const redirected = await recordWritesWhereNoFileCanBe();
    const run = await importReports(100, 1).finally(() => redirected.mockRestore());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^registry: the notary could not record its latest seal in ${unwritableRecord()} \\(EEXIST: [^\\n]+\\): ` +
          'it needs a writable data directory \\(REGISTRY_DATA_DIR or --data-dir\\); the seal is committed in the ' +
          'database, so nothing is lost: the record lags behind it until a write succeeds \\(ADR 0029\\)\\n$',
      ),
    );
    await withRuntime((runtime) => runtime.projector.catchUp());
    expect(await recorded()).toEqual(await databaseSeal());
  }, 60_000);

  it('refuses to notarise a database without the recorded seal (an older backup), in one line', async () => {
    const stored = (await databaseSeal())!;
    // As the file stands after the database was restored from a backup made before this seal.
    const later = { ...stored, sequence: String(Number(stored.sequence) + 1000) };
    await writeFile(sealFile(), JSON.stringify(later));
    const run = await importReports(5, 1);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `registry: the notary refuses to notarise: the database does not hold its latest seal as recorded in ` +
        `${sealFile()}: no seal at sequence ${later.sequence} (position ${later.globalPosition}); if a backup was ` +
        'restored, check it with `registry verify-log` and accept it with `registry notary-key --accept-restore ' +
        '--reason …`; otherwise the log may have been rewritten (ADR 0029)\n',
    );
    expect(await recorded()).toEqual(later);
  }, 60_000);

  it('wants a reason to accept the restore', async () => {
    const run = await runCli(['notary-key', '--accept-restore', ...dataDirArgs()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^registry: --accept-restore needs --reason/);
  });

  it('says what to do when the acceptance is in the log but the data directory cannot take the seal', async () => {
    const before = await recorded();
    const redirected = await recordWritesWhereNoFileCanBe();
    const run = await runCli(['notary-key', '--accept-restore', '--reason', 'first try', ...dataDirArgs()]).finally(
      () => redirected.mockRestore(),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        '^registry: the acceptance is recorded in the log, but the data directory cannot take the database’s ' +
          `latest seal \\(${sealFile()}: EEXIST: [^\\n]+\\), so the notary still refuses: make the data directory ` +
          'writable \\(REGISTRY_DATA_DIR or --data-dir\\) and run this command again\\n$',
      ),
    );
    expect(await recorded()).toEqual(before);
  }, 60_000);

  it('accepts the database’s log, recording the acceptance in the log and the seal in the data directory', async () => {
    const before = await recorded();
    const stored = (await databaseSeal())!;
    const reason = 'restored the backup of 6 December after a disk failure';
    const run = await runCli(['notary-key', '--accept-restore', '--reason', reason, ...dataDirArgs()]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      /^accepted: the database’s log \(\d+ events verified\) in place of the seal at sequence /,
    );
    expect(await recorded()).toEqual(stored);
    // After the first try's, which the data directory could not complete.
    const acceptance = (await withRuntime((runtime) => runtime.store.readStream('notary-restores'))).at(-1);
    expect(acceptance).toMatchObject({
      type: 'NotaryRestoreAccepted',
      data: {
        recordedSeal: { sequence: before.sequence, globalPosition: before.globalPosition, chainHead: before.chainHead },
        databaseSeal: { sequence: stored.sequence, globalPosition: stored.globalPosition, chainHead: stored.chainHead },
        reason,
      },
      metadata: {
        memberState: '*',
        actor: { userId: expect.stringMatching(/^cli:/), role: 'admin' },
        schemaVersion: 1,
      },
    });
    // One command, no import: the acceptance is its own cause.
    expect(acceptance!.metadata.causationId).toBe(acceptance!.metadata.correlationId);
    expect(acceptance!.metadata).not.toHaveProperty('importedBy');
  }, 60_000);

  it('notarises again, the acceptance included, and the log verifies', async () => {
    await withRuntime((runtime) => runtime.projector.catchUp());
    const run = await runCli(['verify-log', ...dataDirArgs()]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      new RegExp(
        '^log intact: \\d+ events checked, \\d+ seals checked, 0 events not yet notarised; ' +
          'the database holds the latest seal recorded in the data directory\\n$',
      ),
    );
  }, 60_000);

  it('has nothing to accept where the database holds the recorded seal', async () => {
    const run = await runCli(['notary-key', '--accept-restore', '--reason', 'again', ...dataDirArgs()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^registry: nothing to accept: the database holds the latest seal recorded in /);
  }, 60_000);

  it('prints the acceptances’ history and records the read under every member state', async () => {
    const run = await runCli(['history', 'notary-restores', '--purpose', 'restore review', ...dataDirArgs()]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const entries = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { stream: string; type: string; metadata: { memberState: string } });
    // The try the data directory could not complete, then the acceptance.
    expect(entries.map(({ stream, type, metadata }) => [stream, type, metadata.memberState])).toEqual([
      ['notary-restores', 'NotaryRestoreAccepted', '*'],
      ['notary-restores', 'NotaryRestoreAccepted', '*'],
    ]);
    const logged = await withRuntime(async (runtime) => {
      await runtime.projector.catchUp();
      return queryAccessLog(runtime.readModels.manager, { memberStates: 'all', record: 'notary-restores', limit: 100 });
    });
    expect(logged.map(({ memberState }) => memberState).sort()).toEqual([...MEMBER_STATES].sort());
    expect(logged).toEqual(
      MEMBER_STATES.map(() =>
        expect.objectContaining({ accessed: 'STREAM_HISTORY', purpose: 'restore review', channel: 'CLI' }),
      ),
    );
  }, 60_000);

  it('fails verify-log on a log rewritten with a chain recomputed to match, before any notary runs', async () => {
    const before = await recorded();
    await withRuntime(async (runtime) => {
      const events = `"${config().storage.schema}".events`;
      const { events: log } = await runtime.store.readAll({ maxCount: 100_000 });
      const edited = log.findIndex((event) => event.type === 'ReportAssessed');
      await runtime.readModels.query(
        `UPDATE ${events} SET data = jsonb_set(data, '{actionable}', 'false') WHERE global_position = $1`,
        [log[edited]!.globalPosition.toString()],
      );
      // The forger chains the edited log again from the edit on, as the notary would. It cannot sign the new heads,
      // so it deletes the seals from there, fewer than the notary's cadence of 1,000 events: nothing seems missing.
      const { events: rewritten } = await runtime.store.readAll({ maxCount: 100_000 });
      const [previous] = await runtime.readModels.query<{ chain_head: string }[]>(
        `SELECT chain_head FROM notary_chain WHERE sequence = $1`,
        [edited],
      );
      let head = previous?.chain_head ?? GENESIS_HEAD;
      for (const [index, event] of rewritten.entries()) {
        if (index < edited) continue;
        const eventHash = sha256(canonicalEvent(event));
        head = nextHead(head, eventHash);
        await runtime.readModels.query(`UPDATE notary_chain SET event_hash = $1, chain_head = $2 WHERE sequence = $3`, [
          eventHash,
          head,
          index + 1,
        ]);
      }
      await runtime.readModels.query(`DELETE FROM notary_seal WHERE sequence > $1`, [edited]);
    });
    const run = await runCli(['verify-log', ...dataDirArgs()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\d+ events checked, \d+ seals checked, 0 events not yet notarised\n$/);
    expect(run.stderr).toBe(
      `registry: the log fails verification at position ${before.globalPosition}: RECORDED_SEAL_NOT_IN_DATABASE: ` +
        `the database does not hold the latest seal recorded in ${sealFile()}: no seal at sequence ` +
        `${before.sequence} (position ${before.globalPosition}); the log verifies otherwise: if a backup was ` +
        'restored, accept it with `registry notary-key --accept-restore --reason …`; otherwise the log may have ' +
        'been rewritten (ADR 0029)\n',
    );
  }, 60_000);
});
