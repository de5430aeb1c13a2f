import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openCliStorage, runCli, type CliStorage } from '../../../test/support/cli-harness';
import { recordReport, reportData, writeNdjson } from '../../../test/support/import-fixtures';

/** Runs `work` with the given variables set in the environment, as another host’s or directory’s process would. */
const withEnv = async <T>(variables: Record<string, string>, work: () => Promise<T>): Promise<T> => {
  const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return await work();
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
};

/** A command run with keys other than the ones its database was written with stops with one line (exit 1). */
describe('registry commands with other keys than the database’s', () => {
  let storage: CliStorage;
  let reports: string;

  beforeAll(async () => {
    storage = await openCliStorage();
    reports = join(storage.workDir, 'reports.ndjson');
    await writeNdjson(reports, [recordReport(reportData(1)), recordReport(reportData(2))]);
    expect((await runCli(['import', reports, ...storage.storageArgs])).code).toBe(0);
  }, 60_000);
  afterAll(() => storage.close());

  it('refuses an import under another REGISTRY_MASTER_KEY, recording nothing', async () => {
    const before = await storage.eventCount();
    await writeNdjson(reports, [recordReport(reportData(3))]);
    const run = await withEnv({ REGISTRY_MASTER_KEY: randomBytes(32).toString('base64') }, () =>
      runCli(['import', reports, ...storage.storageArgs]),
    );
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'registry: REGISTRY_MASTER_KEY: the database was written with another master key than the one in ' +
        'REGISTRY_MASTER_KEY\n',
    });
    expect(await storage.eventCount()).toBe(before);
  });

  it('refuses to start where the notary key file is missing, and creates none', async () => {
    const missing = join(storage.workDir, 'elsewhere', 'notary-ed25519.pem');
    const run = await withEnv({ NOTARY_KEY_FILE: missing }, () => runCli(['verify-log', ...storage.storageArgs]));
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `registry: NOTARY_KEY_FILE: no notary key at ${missing}, though the database was written with one: ` +
        'restore it from a backup\n',
    });
    expect(existsSync(missing)).toBe(false);
  });
});
