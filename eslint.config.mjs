// @ts-check
import tseslint from 'typescript-eslint';

/** Imports a layer must not use: dependencies point inward (apps → application → event-store/projections → domain). */
const FRAMEWORK_AND_DRIVERS = ['@nestjs/*', 'typeorm', 'pg', 'pg-*', '@electric-sql/*', '@eventstore/*', '@kurrent/*', 'express', 'class-validator', 'class-transformer'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }, { group: ['../../../*'], message: 'import another lib as @registry/<lib>, never by a relative path' }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'bench/results/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  { files: ['libs/domain/**/*.ts'], ignores: ['**/*.spec.ts'], rules: restrict([...FRAMEWORK_AND_DRIVERS, '@registry/*'], 'libs/domain is pure TypeScript: no framework, ORM, driver or other lib') },
  { files: ['libs/event-store/**/*.ts'], rules: restrict(['@registry/application', '@registry/projections', '@registry/api', '@nestjs/*', 'typeorm'], 'libs/event-store depends on the domain only') },
  { files: ['libs/projections/**/*.ts'], rules: restrict(['@registry/application', '@registry/api'], 'libs/projections must not depend on the application or the apps') },
  { files: ['libs/application/**/*.ts'], rules: restrict(['@registry/api', 'express'], 'libs/application knows nothing about HTTP') },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/application/**', 'libs/domain/**', 'libs/event-store/**', 'libs/projections/**'],
    rules: restrict(['@registry/api'], 'libs never import apps'),
  },
  {
    // Tests may use jest's loosely typed matchers (expect.any, supertest bodies).
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
