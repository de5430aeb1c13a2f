export * from './investigation.vocabulary';
export * from './investigation.events';
export * from './investigation.commands';
export * from './investigation.errors';
export * from './investigation.state';
export * from './investigation.decider';
