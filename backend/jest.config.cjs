/** Backend unit tests: fast, no database. API/integration tests live in backend/test. */
const swc = require('./test/swc.config.cjs');

module.exports = {
  displayName: 'backend-unit',
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
