import { ConfigurationError, loadRegistryConfig } from './registry-config';

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

  it('reads the projector batch size from PROJECTOR_BATCH_SIZE, else leaves the default to the projector', () => {
    expect(loadRegistryConfig({ PROJECTOR_BATCH_SIZE: '25' }).projectorBatchSize).toBe(25);
    expect(loadRegistryConfig({}).projectorBatchSize).toBeUndefined();
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
  ])('stops on %j naming %s', (env, variable) => {
    expect(() => loadRegistryConfig(env)).toThrow(ConfigurationError);
    expect(() => loadRegistryConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });
});
