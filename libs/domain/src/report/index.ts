export * from './report.vocabulary';
export * from './report.events';
export * from './report.commands';
export * from './report.errors';
export * from './report.state';
export * from './report.decider';
export * from './report-intake';
export * from './report-lookup';
