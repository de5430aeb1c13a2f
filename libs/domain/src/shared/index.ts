export * from './decider';
export * from './message';
export * from './domain-error';
export * from './ids';
export * from './member-state';
export * from './stream-names';
export * from './same-value';
