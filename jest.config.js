/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  // One build for the whole run (and none when dist/ is current): tests that run the built CLI
  // or pack the package use dist/.
  globalSetup: "<rootDir>/test/support/global-setup.js",
  testTimeout: 60000,
};
