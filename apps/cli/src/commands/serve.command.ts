import type { Command } from 'commander';
import { RegistryRuntime, type RegistryConfig } from '@registry/application';
import { createApi } from '@registry/api';
import { configFrom } from '../cli-runtime';

/** How to get a bearer token for this registry (every route but /health and /docs needs one). */
const tokenHint = ({ security }: RegistryConfig, dataDir: string | undefined): string => {
  if (security?.auth.kind === 'oidc') return `from ${security.auth.issuer} (audience ${security.auth.audience})`;
  const dirFlag = dataDir === undefined ? '' : ` --data-dir ${dataDir}`;
  return `npx registry token --role recorder --ms NL${dirFlag}   (then: curl -H "Authorization: Bearer <token>" …)`;
};

export const registerServe = (program: Command): void => {
  program
    .command('serve')
    .description('run the HTTP API with the projector in the same process')
    .option('--port <n>', 'port to listen on (default: PORT or 3000)')
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (flags: { port?: string; dataDir?: string }) => {
      const config = configFrom(flags);
      const storage = config.storage.kind === 'embedded' ? `embedded PostgreSQL (PGlite) in ${config.storage.dataDir}` : 'PostgreSQL (DATABASE_URL)';
      console.log(`case registry: opening ${storage} …`);
      const runtime = await RegistryRuntime.open(config, { projections: 'live' });
      const app = await createApi(runtime);
      await app.listen(config.port, '127.0.0.1');
      const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
      console.log(`case registry listening on ${url}`);
      console.log(`  API        ${url}/api/v1   (health: ${url}/health)`);
      console.log(`  OpenAPI    ${url}/docs`);
      console.log(`  Tokens     ${tokenHint(config, flags.dataDir)}`);
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        console.log(`\n${signal}: stopping; acknowledged writes are already durable`);
        await app.close();
        await runtime.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
    });
};
