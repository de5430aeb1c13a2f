import 'reflect-metadata';
import { ConfigurationError, loadRegistryConfig } from '@registry/application';
import { runProjector } from './run-projector';

/** `node dist/apps/projector/src/main.js`: the projector process, configured by the environment only. */
runProjector(loadRegistryConfig()).then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof ConfigurationError ? error.message : `projector stopped: ${(error as Error)?.message ?? String(error)}`;
    process.stderr.write(`registry projector: ${message}\n`);
    process.exit(1);
  },
);
