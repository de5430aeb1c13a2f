import { ConfigurationError, databaseLocation, describeReadModelStorage, loadRegistryConfig } from './registry-config';

describe('registry configuration', () => {
  it('defaults to embedded storage in ./data on port 3000', () => {
    const config = loadRegistryConfig({});
    expect(config.storage).toEqual({ kind: 'embedded', dataDir: expect.stringMatching(/data$/), schema: 'public' });
    expect(config.port).toBe(3000);
    expect(config.eventStoreUrl).toBeNull();
  });

  it('uses a PostgreSQL server when DATABASE_URL is set', () =>
    expect(loadRegistryConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).storage).toEqual({
      kind: 'postgres',
      url: 'postgres://postgres@127.0.0.1:5432/test',
      schema: 'public',
    }));

  it('says where a DATABASE_URL points without its user, password or options', () => {
    expect(databaseLocation('postgres://registry:hunter2@db.example:6432/cases?password=hunter3')).toBe(
      'db.example:6432/cases',
    );
    expect(databaseLocation('postgresql://registry@db.example/cases')).toBe('db.example:5432/cases');
  });

  it('names where the read models are for a start line: the server and schema, or the embedded directory', () => {
    const url = 'postgres://registry:hunter2@db.example/cases';
    const server = loadRegistryConfig({ DATABASE_URL: url, DATABASE_SCHEMA: 'nl' });
    expect(describeReadModelStorage(server.storage)).toBe('PostgreSQL at db.example:5432/cases, schema nl');
    const embedded = loadRegistryConfig({ REGISTRY_DATA_DIR: '/srv/registry' });
    expect(describeReadModelStorage(embedded.storage)).toBe('embedded PostgreSQL (PGlite) in /srv/registry');
  });

  it('reads the projector batch size from PROJECTOR_BATCH_SIZE, else leaves the default to the projector', () => {
    expect(loadRegistryConfig({ PROJECTOR_BATCH_SIZE: '25' }).projectorBatchSize).toBe(25);
    expect(loadRegistryConfig({}).projectorBatchSize).toBeUndefined();
  });

  it('reads the projector’s CPU priority from PROJECTOR_NICE, else leaves the default to the projector', () => {
    expect(loadRegistryConfig({}).projectorNice).toBeUndefined();
    expect(loadRegistryConfig({ PROJECTOR_NICE: '0' }).projectorNice).toBe(0);
    expect(loadRegistryConfig({ PROJECTOR_NICE: '10' }).projectorNice).toBe(10);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ EVENTSTORE_URL: 'http://localhost:2113' }, 'EVENTSTORE_URL'],
    [{ DATABASE_SCHEMA: 'Robert"); DROP' }, 'DATABASE_SCHEMA'],
    [{ PROJECTOR_BATCH_SIZE: '0' }, 'PROJECTOR_BATCH_SIZE'],
    [{ PROJECTOR_BATCH_SIZE: 'many' }, 'PROJECTOR_BATCH_SIZE'],
    [{ PROJECTOR_NICE: '-5' }, 'PROJECTOR_NICE'],
    [{ PROJECTOR_NICE: '20' }, 'PROJECTOR_NICE'],
    [{ PROJECTOR_NICE: 'low' }, 'PROJECTOR_NICE'],
  ])('stops on %j naming %s', (env, variable) => {
    expect(() => loadRegistryConfig(env)).toThrow(ConfigurationError);
    expect(() => loadRegistryConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });
});
