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
  // Two workers even on a 2-CPU machine (jest's default there is one): many suites wait on child
  // processes (pwsh, bash, the built planner), so a second worker fills the idle CPU. CI time on
  // the 2-CPU machine: 1014 s with one worker.
  maxWorkers: Math.max(
    2,
    require("os").availableParallelism?.() ?? require("os").cpus().length - 1,
  ),
};
