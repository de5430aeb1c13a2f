export * from './create-api';
