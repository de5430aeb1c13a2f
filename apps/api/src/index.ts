export * from './create-api';
export { JsonLogger, redact } from './http/json-logger';
