import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/results/', 'tests/.readme-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // The house convention for an index known to be in range is `xs[i]!` (README,
      // contributing); `xs[i] as number` says the same less plainly and hides a wrong type.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "TSAsExpression[typeAnnotation.type='TSNumberKeyword'] > MemberExpression[computed=true]",
          message: 'Write `xs[i]!` for an index known to be in range, not `xs[i] as number`.',
        },
      ],
    },
  },
);
