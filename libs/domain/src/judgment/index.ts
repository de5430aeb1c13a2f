export * from './judgment.vocabulary';
export * from './judgment.events';
export * from './judgment.commands';
export * from './judgment.errors';
export * from './judgment.state';
export * from './judgment.decider';
