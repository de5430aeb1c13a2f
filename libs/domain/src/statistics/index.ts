export * from './statistics.vocabulary';
export * from './statistics.events';
export * from './statistics.commands';
export * from './statistics.errors';
export * from './statistics.state';
export * from './statistics.decider';
export * from './statistics-snapshot';
