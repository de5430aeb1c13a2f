// CJS jest with @swc/jest: Nest 12 is ESM-only, so node_modules/@nestjs is transformed too (stack-notes.md).
// PGlite's dynamic import() needs `node --experimental-vm-modules`, which the npm scripts pass.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        swcrc: false,
        jsc: {
          target: 'es2023',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose|file-type|strtok3|token-types|peek-readable|uint8array-extras|@tokenizer|@fastify/static|content-disposition)/)'],
  moduleNameMapper: {
    '^@registry/api$': '<rootDir>/apps/api/src/index.ts',
    '^@registry/projector$': '<rootDir>/apps/projector/src/index.ts',
    '^@registry/(domain|event-store|application|projections|testing)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testTimeout: 30000,
};
