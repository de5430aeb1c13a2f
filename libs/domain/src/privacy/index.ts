export * from './privacy.vocabulary';
export * from './privacy.events';
export * from './privacy.commands';
export * from './privacy.state';
export * from './privacy.decider';
