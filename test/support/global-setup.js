// jest globalSetup: build dist/ once, only when a source changed since the last build.
const { buildIfStale } = require("../../scripts/build-if-stale");

module.exports = async () => {
  buildIfStale();
};
