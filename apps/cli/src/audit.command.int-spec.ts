import { createPublicKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryRuntime } from '@registry/application';
import { queryAccessLog } from '@registry/projections';
import { openCliStorage, runCli, type CliStorage } from '../../../test/support/cli-harness';
import { assessReport, fixedUuid, recordReport, reportData, writeNdjson } from '../../../test/support/import-fixtures';
import { configFrom } from './cli-runtime';

/** rebuild --verify, verify-log and notary-key against one store; the tests run in order and build on each other. */
describe('registry rebuild --verify, verify-log, notary-key', () => {
  let storage: CliStorage;
  const dataDir = () => (storage.storageArgs.length > 0 ? storage.storageArgs[1] : undefined);

  /** Opens the registry as the CLI would (the embedded data directory admits one process at a time). */
  const withRuntime = async <T>(work: (runtime: RegistryRuntime, events: string) => Promise<T>): Promise<T> => {
    const config = configFrom({ dataDir: dataDir() });
    const runtime = await RegistryRuntime.open(config, { projections: 'none' });
    try {
      return await work(runtime, `"${config.storage.schema}".events`);
    } finally {
      await runtime.close();
    }
  };

  beforeAll(async () => {
    storage = await openCliStorage();
    const file = join(storage.workDir, 'reports.ndjson');
    const lines = Array.from({ length: 12 }, (_, n) => [
      recordReport(reportData(n + 1)),
      assessReport(fixedUuid(n + 1)),
    ]).flat();
    await writeNdjson(file, lines);
    expect((await runCli(['import', file, ...storage.storageArgs])).code).toBe(0);
    // The notary and the read models catch up as a server's projector would.
    await withRuntime((runtime) => runtime.projector.catchUp());
  }, 120_000);
  afterAll(() => storage.close());

  it('finds no difference between the live read models and a rebuild beside them', async () => {
    const run = await runCli(['rebuild', '--verify', ...storage.storageArgs]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^report-detail: no difference from a rebuild at position \d+$/m);
    expect(run.stdout).toMatch(/^statistics: no difference from a rebuild at position \d+$/m);
    expect(run.stdout).not.toMatch(/notary/);
  }, 60_000);

  it('exits 1 naming the read-model row that differs from a rebuild', async () => {
    const corrupted = fixedUuid(7);
    await withRuntime((runtime) =>
      runtime.readModels.query(`UPDATE report_detail SET correction_count = 5 WHERE report_id = $1`, [corrupted]),
    );
    const run = await runCli(['rebuild', '--verify', '--projection', 'report-detail', ...storage.storageArgs]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'registry: read models differ from a rebuild of report-detail: report_detail (1 live, 1 rebuilt row)\n',
    );
    const rows = run.stdout.split('\n').filter((line) => /^\s+(live|rebuilt) /.test(line));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(new RegExp(`^    live     \\{.*"report_id":"${corrupted}"`));
    expect(rows[0]).toContain('"correction_count":5');
    expect(rows[1]).toMatch(new RegExp(`^    rebuilt  \\{.*"report_id":"${corrupted}"`));
    expect(rows[1]).toContain('"correction_count":0');
  }, 60_000);

  it('says how far a projection is behind the log, as a killed rebuild leaves it', async () => {
    // What `registry rebuild` killed after emptying the projection leaves: no rows, no checkpoint.
    await withRuntime(async (runtime) => {
      await runtime.readModels.query(`TRUNCATE report_detail`);
      await runtime.readModels.query(`DELETE FROM projection_checkpoint WHERE projection = 'report-detail'`);
    });
    const run = await runCli(['rebuild', '--verify', '--projection', 'report-detail', ...storage.storageArgs]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      'report-detail: no difference from a rebuild at position none (no events); 24 later event(s) not applied yet ' +
        '(serve, project or a stats command applies them)\n',
    );
  }, 60_000);

  it('repairs it with a plain rebuild, which never touches the notary', async () => {
    const chain = () =>
      withRuntime((runtime) =>
        runtime.readModels.query(`SELECT count(*)::int AS n, max(chain_head) AS head FROM notary_chain`),
      );
    const before = await chain();
    expect((await runCli(['rebuild', ...storage.storageArgs])).code).toBe(0);
    expect(await chain()).toEqual(before);
    expect((await runCli(['rebuild', '--verify', '--projection', 'report-detail', ...storage.storageArgs])).code).toBe(
      0,
    );
    expect(await runCli(['rebuild', '--projection', 'notary', ...storage.storageArgs])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^registry: notary is not a disposable read model/),
    });
  }, 90_000);

  it('traces a figure to the reports it counts', async () => {
    const run = await runCli([
      'stats',
      'trace',
      '--ms',
      'NL',
      '--year',
      '2024',
      '--metric',
      'a.bySourceChannel',
      '--breakdown',
      'NCMEC',
      ...storage.storageArgs,
    ]);
    expect(run.code).toBe(0);
    const trace = JSON.parse(run.stdout) as {
      value: number;
      count: number;
      units: { kind: string; id: string; events: { type: string }[] }[];
    };
    expect(trace).toMatchObject({ value: 12, count: 12 });
    expect(new Set(trace.units.map((unit) => unit.id))).toEqual(
      new Set(Array.from({ length: 12 }, (_, n) => fixedUuid(n + 1))),
    );
    expect(trace.units[0]!.events.map((event) => event.type)).toEqual(['ReportReceived', 'ReportAssessed']);
    // The trace run notarised its own access record: a verification right after sees it as notarised.
    await withRuntime((runtime) => runtime.projector.catchUp());
  }, 60_000);

  it('verifies an untouched log and prints the counts', async () => {
    const run = await runCli(['verify-log', ...storage.storageArgs]);
    expect(run).toEqual({
      code: 0,
      stdout: expect.stringMatching(
        new RegExp(
          '^log intact: \\d+ events checked, [1-9]\\d* seals checked, 0 events not yet notarised; ' +
            'the database holds the latest seal recorded in the data directory\\n$',
        ),
      ),
      stderr: '',
    });
  });

  it('prints the public key that verifies the seals', async () => {
    const run = await runCli(['notary-key', ...storage.storageArgs]);
    expect(run.code).toBe(0);
    expect(createPublicKey(run.stdout).asymmetricKeyType).toBe('ed25519');
    const pem = await withRuntime((runtime) => Promise.resolve(runtime.notaryKey.publicKeyPem()));
    expect(run.stdout).toBe(pem);
  });

  it('refuses, creating nothing, where there is no key file: a key made there would have signed nothing', async () => {
    const elsewhere = join(storage.workDir, 'not-the-registry');
    const keyFile = process.env.NOTARY_KEY_FILE;
    process.env.NOTARY_KEY_FILE = join(elsewhere, 'notary-ed25519.pem');
    try {
      const run = await runCli(['notary-key', ...storage.storageArgs]);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toMatch(/^registry: NOTARY_KEY_FILE: no notary key at .*not-the-registry/);
      expect(existsSync(elsewhere)).toBe(false);
    } finally {
      if (keyFile === undefined) delete process.env.NOTARY_KEY_FILE;
      else process.env.NOTARY_KEY_FILE = keyFile;
    }
  });

  it('exits 1 naming the position of an event whose data was altered in PostgreSQL', async () => {
    const target = await withRuntime(async (runtime, events) => {
      const [row] = await runtime.readModels.query<{ global_position: string }[]>(
        `SELECT global_position FROM ${events} WHERE type = 'ReportAssessed' ORDER BY global_position OFFSET 4 LIMIT 1`,
      );
      await runtime.readModels.query(
        `UPDATE ${events} SET data = jsonb_set(data, '{actionable}', 'false') WHERE global_position = $1`,
        [row!.global_position],
      );
      return row!.global_position;
    });
    const run = await runCli(['verify-log', ...storage.storageArgs]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `registry: the log fails verification at position ${target}: EVENT_ALTERED: the event at position ${target} changed after it was notarised\n`,
    );
  });

  it('prints a history with full metadata and records the read in the access log', async () => {
    const stream = `report-${fixedUuid(3)}`;
    const run = await runCli(['history', stream, '--purpose', 'audit sample 2025', ...storage.storageArgs]);
    expect(run.code).toBe(0);
    const entries = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; metadata: Record<string, unknown> });
    expect(entries.map(({ type }) => type)).toEqual(['ReportReceived', 'ReportAssessed']);
    expect(Object.keys(entries[0]!.metadata).sort()).toEqual([
      'actor',
      'causationId',
      'correlationId',
      'eventId',
      'memberState',
      'recordedAt',
      'schemaVersion',
    ]);
    const logged = await withRuntime(async (runtime) => {
      await runtime.projector.catchUp();
      return queryAccessLog(runtime.readModels.manager, { memberStates: 'all', record: stream, limit: 10 });
    });
    expect(logged).toEqual([
      expect.objectContaining({
        accessed: 'STREAM_HISTORY',
        subject: stream,
        purpose: 'audit sample 2025',
        channel: 'CLI',
        actor: { userId: expect.stringMatching(/^cli:/), role: 'admin' },
      }),
    ]);
  });

  it('reads a stream name as the log spells it, and refuses one of no stream’s shape', async () => {
    const spelled = await runCli(['history', `report-${fixedUuid(3).toUpperCase()}`, ...storage.storageArgs]);
    expect(spelled.code).toBe(0);
    expect(spelled.stdout.trim().split('\n')).toHaveLength(2);
    const misshapen = await runCli(['history', `report-${'-'.repeat(36)}`, ...storage.storageArgs]);
    expect(misshapen).toMatchObject({ code: 2, stdout: '' });
    expect(misshapen.stderr).toBe(
      'registry: <stream> must be <category>-<uuid>, statistics-<member state>, access-<member state>-<day> or ' +
        'notary-restores\n',
    );
  });
});
