/**
 * API and integration tests: the real app on a real (embedded) PostgreSQL.
 * globalSetup starts one server and builds a migrated + demo-seeded template database;
 * every test file gets its own copy (CREATE DATABASE … TEMPLATE), so files never share data.
 */
const swc = require('./swc.config.cjs');

module.exports = {
  displayName: 'backend-api',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.api.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
