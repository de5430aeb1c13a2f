export * from './event-store';
export * from './errors';
export * from './stream-name';
export * from './handle-command';
export * from './postgres/postgres-event-store';
export * from './postgres/pool-config';
export * from './pglite/embedded-postgres';
export * from './esdb/esdb-event-store';
