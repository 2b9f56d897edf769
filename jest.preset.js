// Shared Jest settings: every project's jest.config.js spreads this, so all tests compile the
// same way (SWC with decorator metadata, as the Nest services need) and name their kind
// (*.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts).
const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 60_000,
  // A run id for topic names, and the run's topics removed at its end (libs/testing/src/jest).
  globalSetup: path.join(__dirname, 'libs/testing/src/jest/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'libs/testing/src/jest/global-teardown.ts'),
};
