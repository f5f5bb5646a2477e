import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.services/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
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
              group: ['discord.js', '@discordjs/*', '@slack/*', 'bullmq'],
              message: 'core/ knows no chat platform and no queue library.',
            },
            { group: ['**/bots/**', '**/jobs/**'], message: 'core/ must not depend on adapters or jobs.' },
          ],
        },
      ],
    },
  },
);
