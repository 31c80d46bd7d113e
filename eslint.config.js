// ESLint (flat config): typescript-eslint's type-aware recommended rules over all the TypeScript,
// typed by tsconfig.json through the project service. `npm run lint`; CI runs it (.ci/run).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Both are in the recommended set; named here because the project relies on them: a promise
      // nobody awaits loses its rejection, and `any` switches the type checker off.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // `_name` marks a parameter an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Off: an async function without await still turns a throw into a rejection, which callers
      // of a Promise-returning interface (the result stores, the simulation service) rely on.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read responses and documents as untyped JSON and check them with expect(), which is
    // the type check that matters there; typing every response would only add casts. `any` still
    // has to be written out (and justified), and promises still have to be awaited. vitest's
    // expect(obj.method) and mocks pass methods unbound on purpose.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // Plain JavaScript (this file, the launch page's script, the bin shim) is outside the TypeScript
  // project: linted without type information.
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
