import { access } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openCliStorage, runCli, type CliStorage } from '../../../test/support/cli-harness';

/** Exit codes scripts rely on (contract.md): 0 ok, 1 user error with one line on stderr, 2 usage error. */
describe('registry: exit codes and help', () => {
  // Storage flags are passed even where a command should stop before opening storage, so a regression
  // that opens it anyway touches this test's own schema or directory, never ./data or public.
  let storage: CliStorage;
  beforeAll(async () => {
    storage = await openCliStorage();
  });
  afterAll(() => storage.close());

  it.each([
    ['an unknown subcommand', ['frobnicate'], /unknown command 'frobnicate'/],
    ['stats art8 without --ms', ['stats', 'art8', '--year', '2024'], /required option '--ms <code>'/],
    [
      'stats art8 with a member state that does not exist',
      ['stats', 'art8', '--ms', 'XX', '--year', '2024'],
      /--ms must be an EU member state code/,
    ],
    [
      'stats art8 with a year that is not a year',
      ['stats', 'art8', '--ms', 'NL', '--year', '24'],
      /--year must be a four-digit year, got "24"/,
    ],
    [
      'stats art8 with an unknown format',
      ['stats', 'art8', '--ms', 'NL', '--year', '2024', '--format', 'xml'],
      /--format must be one of json, csv, sdmx-csv, got "xml"/,
    ],
    ['import without a file', ['import'], /missing required argument 'file'/],
    [
      'stats art8 with an as-of that is neither a date nor a position',
      ['stats', 'art8', '--ms', 'NL', '--year', '2024', '--as-of', 'yesterday'],
      /'--as-of <date-or-position>' argument 'yesterday' is invalid/,
    ],
    // Date would roll these over into March: a day the calendar lacks is as malformed as a word.
    [
      'stats art8 with an as-of on a day the calendar lacks',
      ['stats', 'art8', '--ms', 'NL', '--year', '2024', '--as-of', '2026-02-31'],
      /'--as-of <date-or-position>' argument '2026-02-31' is invalid/,
    ],
    [
      'stats art8 with an as-of at a time on a day the calendar lacks',
      ['stats', 'art8', '--ms', 'NL', '--year', '2024', '--as-of', '2024-02-30T10:00:00Z'],
      /'--as-of <date-or-position>' argument '2024-02-30T10:00:00Z' is invalid/,
    ],
    ['serve with a port that is not a port', ['serve', '--port', 'http'], /'--port <n>' argument 'http' is invalid/],
  ])('exits 2 on a usage error: %s', async (_case, argv, message) => {
    const run = await runCli([...argv, ...storage.storageArgs]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('exits 1 with one line on stderr when the import file does not exist', async () => {
    const missing = join(storage.workDir, 'no-such-file.ndjson');
    const run = await runCli(['import', missing, ...storage.storageArgs]);
    expect(run).toEqual({ code: 1, stdout: '', stderr: `registry: cannot read ${missing}\n` });
    // Nothing was imported, so there is no rejected-lines file either.
    await expect(access(`${missing}.rejected.ndjson`)).rejects.toThrow();
  });

  it('exits 1 with one line saying the log has no event at an as-of position, not how to write one', async () => {
    const art8 = ['stats', 'art8', '--ms', 'NL', '--year', '2024'];
    const run = await runCli([...art8, '--as-of', '99999999', ...storage.storageArgs]);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'registry: as-of names no event of the log (a globalPosition in `history`); got "99999999"\n',
    });
  });

  it('exits 1 with one line on stderr when the import file is a directory', async () => {
    const run = await runCli(['import', storage.workDir, ...storage.storageArgs]);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `registry: cannot read ${storage.workDir}: it is a directory\n`,
    });
    await expect(access(`${storage.workDir}.rejected.ndjson`)).rejects.toThrow();
  });

  it('exits 1 with one line naming DATABASE_URL, and not its password, when the server cannot be reached', async () => {
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://registry:hunter2@127.0.0.1:1/registry';
    try {
      const run = await runCli(['stats', 'quality', '--ms', 'NL']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^registry: DATABASE_URL: cannot connect to 127\.0\.0\.1:1\/registry: .*ECONNREFUSED.*\n$/);
      expect(run.stderr).not.toContain('hunter2');
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
  });

  it('exits 1 with one line naming --port when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const run = await runCli(['serve', '--port', String(port), ...storage.storageArgs]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`registry: --port: port ${port} is in use by another process\n`);
    } finally {
      taken.close();
    }
  });

  it.each([[[]], [['import']], [['stats', 'art8']], [['history']]])(
    'prints help and exits 0: registry %j --help',
    async (argv) => {
      const run = await runCli([...argv, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: registry/);
      expect(run.stderr).toBe('');
    },
  );
});
