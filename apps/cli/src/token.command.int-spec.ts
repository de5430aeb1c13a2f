import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedTokenKeys } from '@registry/application';
import { runCli } from '../../../test/support/cli-harness';

/** `registry token`: embedded/dev tokens signed with the key in the data directory, verified by the API. */
describe('registry token', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'registry-token-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const verifierOf = async () => (await EmbeddedTokenKeys.loadOrCreate(dataDir)).verifier();

  it('prints a token the registry of that data directory accepts, and keeps its key private', async () => {
    const run = await runCli([
      'token',
      '--role',
      'recorder,auditor',
      '--ms',
      'NL,BE',
      '--ttl',
      '30m',
      '--sub',
      'anna',
      '--data-dir',
      dataDir,
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const token = run.stdout.trim();
    await expect((await verifierOf()).verify(token)).resolves.toEqual({
      subject: 'anna',
      roles: ['recorder', 'auditor'],
      memberStates: ['NL', 'BE'],
    });
    expect((await stat(join(dataDir, 'secrets', 'token-signing-key.pem'))).mode & 0o077).toBe(0);
  });

  it('signs with the same key every time', async () => {
    const again = await runCli(['token', '--role', 'admin', '--ms', '*', '--data-dir', dataDir]);
    await expect((await verifierOf()).verify(again.stdout.trim())).resolves.toMatchObject({
      subject: 'dev-admin',
      memberStates: 'all',
    });
  });

  it.each([
    ['an unknown role', ['--role', 'superuser', '--ms', 'NL'], /--role must be one or more of/],
    ['the system role', ['--role', 'system', '--ms', 'NL'], /--role must be one or more of/],
    ['an unknown member state', ['--role', 'recorder', '--ms', 'NL,XX'], /--ms must be member state codes/],
    ['a lifetime over 30 days', ['--role', 'recorder', '--ms', 'NL', '--ttl', '90d'], /--ttl must be a duration/],
    ['no role', ['--ms', 'NL'], /required option '--role <roles>'/],
  ])('exits 2 on %s', async (_case, args, message) => {
    const run = await runCli(['token', ...args, '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('refuses when tokens come from an OpenID Connect issuer', async () => {
    const previous = { issuer: process.env.AUTH_ISSUER, audience: process.env.AUTH_AUDIENCE };
    process.env.AUTH_ISSUER = 'https://login.example.eu/realms/registry';
    process.env.AUTH_AUDIENCE = 'case-registry';
    try {
      const run = await runCli(['token', '--role', 'recorder', '--ms', 'NL', '--data-dir', dataDir]);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toMatch(/AUTH_ISSUER is set/);
    } finally {
      for (const [name, value] of [
        ['AUTH_ISSUER', previous.issuer],
        ['AUTH_AUDIENCE', previous.audience],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
