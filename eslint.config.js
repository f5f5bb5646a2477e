import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.services/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Prettier wraps code at 120; this catches what it cannot wrap (long strings, comments).
      'max-len': ['error', { code: 120, ignoreUrls: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through core/config.ts, not process.env.',
        },
      ],
    },
  },
  {
    // The dashboard's one browser script (served as is, no build step).
    files: ['bots/web/assets/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, echarts: 'readonly' } },
  },
  {
    // Only entry points and test helpers may hand the environment to the config schema.
    files: ['core/config.ts', 'scripts/**', 'test/**', 'bots/main.ts', 'jobs/main.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['discord.js', '@discordjs/*', '@slack/*', 'bullmq', 'fastify', '@fastify/*'],
              message: 'core/ knows no chat platform, queue library or web framework.',
            },
            {
              group: ['**/bots/**', '**/jobs/**', '**/scripts/**'],
              message: 'core/ must not depend on adapters, jobs or scripts.',
            },
          ],
        },
      ],
    },
  },
);
