/**
 * Browser end-to-end tests: the BUILT app (`npm run build` first) driven through headless Chromium.
 * globalSetup starts one backend (with its own embedded PostgreSQL in a temp dir) for the whole run;
 * every test opens a fresh browser context. Run: `npx jest -c e2e/jest.config.cjs`.
 * Screenshots for the docs: `SCREENSHOTS=1 npx jest -c e2e/jest.config.cjs e2e/screenshots.e2e.ts`.
 */
const swc = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  displayName: 'e2e',
  rootDir: require('node:path').join(__dirname, '..'),
  roots: ['<rootDir>/e2e'],
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  // The screenshot run rewrites docs/screenshots: only when asked for.
  testPathIgnorePatterns: process.env.SCREENSHOTS === '1' ? ['/node_modules/'] : ['/node_modules/', '/e2e/screenshots\\.e2e\\.ts$'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/e2e/support/global-setup.ts',
  globalTeardown: '<rootDir>/e2e/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
};
