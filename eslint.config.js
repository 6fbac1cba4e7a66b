// Lint rules, including the layering of DESIGN.md enforced per folder with no-restricted-imports:
//   shared ← data ← model ← train ← worker / cli;  app, panels, viz never import TF.js or the
//   model/train/worker/cli code (only shared);  viz never imports panels or app.
// Also: user text is never injected as HTML (no dangerouslySetInnerHTML, innerHTML, .html()).

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** An import-path rule for relative imports of a src/ folder, e.g. '../model/transformer'. */
function folder(name, message) {
  return { regex: `^(\\./)?(\\.\\./)+(src/)?${name}(/|$)`, message };
}

const TF = { regex: '^@tensorflow/', message: 'Only src/worker, src/cli, src/model and src/train may use TF.js.' };
const UI_LIBS = {
  regex: '^(react|react-dom|d3|d3-[a-z-]+|katex)(/|$)',
  message: 'Only the page (app, panels, viz) may use UI libraries (react, d3, katex).',
};

/** no-restricted-imports with the given patterns (type-only imports are held to the same rule). */
function restrict(...patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

const uiMessage = 'The page (app, panels, viz) talks to the model only through the worker protocol in src/shared.';

// Browser and Node globals for plain .js/.mjs files (TypeScript files are checked by tsc instead).
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval',
    'clearInterval', 'performance', 'fetch', 'TextEncoder', 'TextDecoder', 'AbortController', 'structuredClone',
    'queueMicrotask', 'globalThis'].map((n) => [n, 'readonly']),
);
// Code passed to page.evaluate in the end-to-end tests runs in the browser.
const browserGlobals = Object.fromEntries(
  ['window', 'document', 'navigator', 'HTMLCanvasElement', 'getComputedStyle', 'requestAnimationFrame'].map((n) => [
    n,
    'readonly',
  ]),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'tests/e2e/screenshots/**'] },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommended],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...nodeGlobals, ...browserGlobals } },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
  },
  // No HTML injection anywhere.
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render text as text; dangerouslySetInnerHTML is not allowed.',
        },
        {
          selector: "AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]",
          message: 'Do not assign HTML strings; build elements (React) or set textContent.',
        },
        {
          selector: "CallExpression[callee.property.name=/^(html|insertAdjacentHTML)$/]",
          message: 'Do not inject HTML strings (.html(), insertAdjacentHTML); React owns the DOM.',
        },
        {
          selector: "CallExpression[callee.object.name='document'][callee.property.name='write']",
          message: 'document.write is not allowed.',
        },
      ],
    },
  },
  // Layering (DESIGN.md).
  {
    files: ['src/shared/**'],
    rules: restrict(
      TF,
      UI_LIBS,
      ...['data', 'model', 'train', 'worker', 'cli', 'app', 'panels', 'viz'].map((f) =>
        folder(f, 'src/shared is the bottom layer: it imports nothing else from src/.'),
      ),
    ),
  },
  {
    files: ['src/data/**'],
    rules: restrict(
      TF,
      UI_LIBS,
      ...['model', 'train', 'worker', 'cli', 'app', 'panels', 'viz'].map((f) =>
        folder(f, 'src/data may import only src/shared.'),
      ),
    ),
  },
  {
    files: ['src/model/**'],
    rules: restrict(
      UI_LIBS,
      ...['train', 'worker', 'cli', 'app', 'panels', 'viz'].map((f) =>
        folder(f, 'src/model may import only src/shared and src/data.'),
      ),
    ),
  },
  {
    files: ['src/train/**'],
    rules: restrict(
      UI_LIBS,
      ...['worker', 'cli', 'app', 'panels', 'viz'].map((f) =>
        folder(f, 'src/train may import only src/shared, src/data and src/model.'),
      ),
    ),
  },
  {
    files: ['src/worker/**'],
    rules: restrict(
      UI_LIBS,
      ...['cli', 'app', 'panels', 'viz'].map((f) => folder(f, 'The worker must not import page or CLI code.')),
    ),
  },
  {
    files: ['src/cli/**'],
    rules: restrict(
      UI_LIBS,
      ...['worker', 'app', 'panels', 'viz'].map((f) => folder(f, 'The CLI must not import browser code.')),
    ),
  },
  {
    files: ['src/app/**'],
    rules: restrict(
      { ...TF, message: uiMessage },
      ...['model', 'train', 'worker', 'cli', 'data'].map((f) => folder(f, uiMessage)),
    ),
  },
  {
    files: ['src/panels/**'],
    rules: restrict(
      { ...TF, message: uiMessage },
      ...['model', 'train', 'worker', 'cli', 'data'].map((f) => folder(f, uiMessage)),
    ),
  },
  {
    files: ['src/viz/**'],
    rules: restrict(
      { ...TF, message: uiMessage },
      ...['model', 'train', 'worker', 'cli', 'data'].map((f) => folder(f, uiMessage)),
      ...['panels', 'app'].map((f) => folder(f, 'src/viz is reusable drawing code: it must not import panels or app state.')),
    ),
  },
);
