import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../test/support/cli-harness';

/** Runs `work` with these variables set, or unset where undefined, as an operator’s shell would have them. */
const withEnv = async <T>(variables: Record<string, string | undefined>, work: () => Promise<T>): Promise<T> => {
  const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(variables);
  try {
    return await work();
  } finally {
    apply(previous);
  }
};

// Nothing listens on port 1: a command that opens the database stops there, after the line, with no server needed.
const UNREACHABLE_SERVER = {
  DATABASE_URL: 'postgres://registry:hunter2@127.0.0.1:1/registry?password=hunter3',
  DATABASE_SCHEMA: 'registry_elsewhere',
};
const TOKEN = ['token', '--role', 'recorder', '--ms', 'NL'];

/** With DATABASE_URL set, `--data-dir` holds only the keys: every command that names it says where the log is. */
describe('registry --data-dir while DATABASE_URL is set', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'registry-data-dir-note-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const note = () =>
    'registry: note: DATABASE_URL is set: the log and read models are in PostgreSQL at 127.0.0.1:1/registry, ' +
    `schema registry_elsewhere; --data-dir ${dataDir} holds only the keys\n`;

  it('says once, before the work, that the log is on the server, without its user or password', async () => {
    const run = await withEnv(UNREACHABLE_SERVER, () => runCli(['verify-log', '--data-dir', dataDir]));
    expect(run.code).toBe(1);
    expect(run.stderr.startsWith(note())).toBe(true);
    expect(run.stderr.split(note()).length).toBe(2);
    expect(run.stderr).toMatch(/\nregistry: DATABASE_URL: cannot connect to 127\.0\.0\.1:1\/registry: /);
    expect(run.stderr).not.toContain('hunter');
  });

  it('says nothing for a command that reads only the keys there, and the command does its work', async () => {
    const token = await withEnv(UNREACHABLE_SERVER, () => runCli([...TOKEN, '--data-dir', dataDir]));
    expect(token).toEqual({ code: 0, stdout: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+\n$/), stderr: '' });
    const notaryKey = await withEnv(UNREACHABLE_SERVER, () => runCli(['notary-key', '--data-dir', dataDir]));
    expect(notaryKey.stderr).not.toContain('note:');
  });

  it('says so for accepting a restore, which opens the database', async () => {
    const run = await withEnv(UNREACHABLE_SERVER, () =>
      runCli(['notary-key', '--accept-restore', '--reason', 'restored', '--data-dir', dataDir]),
    );
    expect(run.stderr.startsWith(note())).toBe(true);
  });

  it('says nothing when DATABASE_URL is set without --data-dir', async () => {
    const run = await withEnv(UNREACHABLE_SERVER, () => runCli(['verify-log']));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^registry: DATABASE_URL: cannot connect to [^\n]*\n$/);
  });

  it('says nothing when --data-dir is given without DATABASE_URL: the embedded database is there', async () => {
    const embedded = join(dataDir, 'embedded');
    const run = await withEnv({ DATABASE_URL: undefined, DATABASE_SCHEMA: undefined }, () =>
      runCli(['verify-log', '--data-dir', embedded]),
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });
});
