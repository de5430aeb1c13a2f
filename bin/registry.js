#!/usr/bin/env node
// The `registry` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare) and `npm start`.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('registry: not built yet; run `npm run build` in the project folder first\n');
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    if (code !== 0 || process.argv[2] !== 'serve') process.exit(code);
  });
