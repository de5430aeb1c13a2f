import { InvalidArgumentError, type Command } from 'commander';
import { describeReadModelStorage, RegistryRuntime, type RegistryConfig } from '@registry/application';
import { closeApi, createApi } from '@registry/api';
import { UsageError, UserError } from '../cli-errors';
import { configFrom } from '../cli-runtime';

/** How to get a bearer token for this registry (every route but /health and /docs needs one). */
const tokenHint = ({ security }: RegistryConfig, dataDir: string | undefined): string => {
  if (security?.auth.kind === 'oidc') return `from ${security.auth.issuer} (audience ${security.auth.audience})`;
  const dirFlag = dataDir === undefined ? '' : ` --data-dir ${dataDir}`;
  return `npx registry token --role recorder --ms NL${dirFlag}   (then: curl -H "Authorization: Bearer <token>" …)`;
};

/** Why the server could not listen, naming the flag or variable to change; other errors as they are. */
const listenError = (
  error: unknown,
  { port, host, portFrom, hostFrom }: { port: number; host: string; portFrom: string; hostFrom: string },
): unknown => {
  const code = error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
  if (code === 'EADDRINUSE') return new UserError(`${portFrom}: port ${port} is in use by another process`);
  if (code === 'EACCES') return new UserError(`${portFrom}: port ${port} needs privileges this process lacks`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL') {
    const why = code === 'EADDRNOTAVAIL' ? 'not an address of this machine' : 'no such host';
    return new UserError(`${hostFrom}: cannot listen on "${host}" (${why})`);
  }
  return error;
};

const portFlag = (value: string): string => {
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('not a port number (0-65535)');
  }
  return value;
};

export const registerServe = (program: Command): void => {
  program
    .command('serve')
    .description('run the HTTP API, with the projector in the same process unless --no-projector')
    .option('--port <n>', 'port to listen on (default: PORT or 3000)', portFlag)
    .option('--host <address>', 'address to listen on (default: HOST or 127.0.0.1; the container image sets 0.0.0.0)')
    .option('--no-projector', 'leave the projections to a separate `registry project` process')
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (flags: { port?: string; host?: string; projector: boolean; dataDir?: string }) => {
      const config = configFrom(flags);
      if (!flags.projector && config.storage.kind === 'embedded') {
        throw new UsageError('--no-projector needs DATABASE_URL: the embedded database admits one process, which must run the projections');
      }
      const storage = describeReadModelStorage(config.storage);
      console.log(
        config.eventStoreUrl
          ? `case registry: events in EventStoreDB (EVENTSTORE_URL), read models in ${storage} …`
          : `case registry: events and read models in ${storage} …`,
      );
      const runtime = await RegistryRuntime.open(config, {
        projections: flags.projector ? 'live' : 'none',
        readModelUse: 'serving',
      });
      const app = await createApi(runtime);
      const host = flags.host ?? process.env.HOST ?? '127.0.0.1';
      try {
        await app.listen(config.port, host);
      } catch (error) {
        await closeApi(app);
        await runtime.close();
        const portFrom = flags.port === undefined ? 'PORT' : '--port';
        const hostFrom = flags.host === undefined ? 'HOST' : '--host';
        throw listenError(error, { port: config.port, host, portFrom, hostFrom });
      }
      const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
      console.log(`case registry listening on ${url}`);
      console.log(`  API        ${url}/api/v1   (health: ${url}/health)`);
      console.log(`  OpenAPI    ${url}/docs`);
      console.log(`  Tokens     ${tokenHint(config, flags.dataDir)}`);
      if (!flags.projector) console.log('  Projector  not in this process: run `registry project` beside it');
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        console.log(`\n${signal}: stopping; acknowledged writes are already durable`);
        if (!(await closeApi(app))) console.log('  some requests were still running after 10 s; their writes, if any, were not acknowledged');
        await runtime.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
    });
};
