export * from './access.vocabulary';
export * from './access.events';
