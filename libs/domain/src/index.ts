export * from './shared/decider';
export * from './shared/message';
export * from './shared/domain-error';
export * from './shared/ids';
export * from './shared/member-state';
export * from './report';
export * from './investigation';
export * from './child';
