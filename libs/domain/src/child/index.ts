export * from './child.vocabulary';
export * from './child.events';
export * from './child.commands';
export * from './child.errors';
export * from './child.state';
export * from './child.decider';
