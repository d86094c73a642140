/** Browser tests in a real Chromium: `npm run test:e2e`. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  testTimeout: 60000,
  maxWorkers: 1,
};
