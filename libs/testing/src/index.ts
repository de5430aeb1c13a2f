export * from './decider-specification';
export * from './test-database';
export * from './event-store-contract';
export * from './event-store-contract.fixtures';
export * from './esdb-double/esdb-double';
export * from './validation-agreement';
