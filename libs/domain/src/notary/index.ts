export * from './notary.events';
