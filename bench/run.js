#!/usr/bin/env node
// `npm run bench [-- --lines N --pglite-lines N --api-seconds S --api-warm-seconds S --only import,rebuild,stats,api,api-in-process,api-none,pglite]`
// Runs each benchmark in a process of its own (so peak RSS is the benchmark's), in the order they depend on
// each other: import fills the schema that rebuild and stats read. Results: bench/results/<name>.json.
// Not part of `npm test`. Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const arg = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const only = arg('only', 'import,rebuild,stats,api,api-in-process,api-none,pglite').split(',');
const lines = arg('lines', '1000000');
// Each API benchmark loads its server for --api-seconds, then as long again once the server is warm (0: not).
const apiSeconds = arg('api-seconds', '30');
const apiLoad = ['--seconds', apiSeconds, '--warm-seconds', arg('api-warm-seconds', apiSeconds), '--connections', '32'];

const benchmarks = [
  ['import', ['--lines', lines]],
  ['rebuild', []],
  ['stats', ['--runs', arg('stats-runs', '50')]],
  ['api', apiLoad],
  // The same load with the projector inside the API's process (`registry serve` alone).
  ['api-in-process', [...apiLoad, '--projector', 'in-process']],
  // The API alone on the machine (its projector elsewhere): the projector then catches up after the load.
  ['api-none', [...apiLoad, '--projector', 'none']],
  ['pglite', ['--lines', arg('pglite-lines', '50000')]],
];

// The API benchmark starts `registry serve` from dist/.
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Each benchmark starts on a quiet server, not one still checkpointing the writes of the one before: a rebuild
 * started right after the import took 104 s; run alone, 82 s; after a CHECKPOINT, 80 s (3 December, docs/benchmarks.md).
 */
const checkpoint = () => {
  try {
    execFileSync('psql', [databaseUrl, '-qc', 'CHECKPOINT'], { stdio: 'inherit' });
  } catch (error) {
    console.warn(`CHECKPOINT before the benchmark failed (${error.message}); measuring anyway`);
  }
};

for (const [name, args] of benchmarks) {
  if (!only.includes(name)) continue;
  checkpoint();
  console.log(`\n=== ${name} ${args.join(' ')}`);
  const started = Date.now();
  const script = name.startsWith('api') ? 'api' : name;
  const run = spawnSync(
    process.execPath,
    ['--experimental-vm-modules', '--no-warnings', '-r', '@swc-node/register', join('bench', `${script}.bench.ts`), ...args],
    { cwd: root, stdio: 'inherit', env: process.env },
  );
  console.log(`=== ${name}: exit ${run.status} after ${Math.round((Date.now() - started) / 1000)} s`);
  if (run.status !== 0) process.exitCode = 1;
}

console.log('\nsummary (bench/results/*.json):');
for (const [name] of benchmarks) {
  const file = join(__dirname, 'results', `${name}.json`);
  if (!existsSync(file)) continue;
  const result = JSON.parse(readFileSync(file, 'utf8'));
  const figures = [
    result.ratio !== undefined && `ratio ${result.ratio}`,
    result.warm && `warm ${result.warm.ratio}`,
    result.import && `ratio ${result.import.ratio} (import), ${result.rebuild?.ratio} (rebuild)`,
    // The statistics queries have targets in milliseconds, and no raw baseline to be a ratio of.
    result.art8Ms && `Art. 8 p95 ${result.art8Ms.p95} ms, as-of at most ${Math.max(...(result.asOf?.runsMs ?? []))} ms`,
    result.targets && `targets ${result.targets.met ? 'met' : 'not met'}`,
  ].filter(Boolean);
  console.log(`  ${name.padEnd(14)} ${figures.join(', ')}  (${result.measuredAt})`);
}
