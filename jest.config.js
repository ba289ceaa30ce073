// Four projects, by file suffix:
//   *.test.ts          unit: pure code, no I/O (domain rules, parsers, mappers)
//   *.int.test.ts      integration: the real PostgreSQL, the local Kafka broker, chDB
//   *.e2e.test.ts      end to end: every service as its own process, over gRPC and HTTP
//   *.browser.test.ts  the web app in Debian's Chromium through playwright-core
// The web app's component tests (services/web, *.test.ts[x]) run in vitest with jsdom: npm run test:web.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] };
const roots = ['<rootDir>/packages', '<rootDir>/services', '<rootDir>/test', '<rootDir>/scripts'];
const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  roots,
  testMatch,
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  ...extra,
});

// testTimeout is not a per-project option; a setup file raises it for the slow projects.
const slow = { setupFilesAfterEnv: ['<rootDir>/test/setup/slow-tests.js'] };

module.exports = {
  // Tests run in a random order within each file (the seed is printed, `--seed=N` repeats an
  // order), so none may depend on another having run first.
  randomize: true,
  projects: [
    project('unit', ['**/*.test.ts'], {
      // The web app's tests run in vitest (npm run test:web).
      testPathIgnorePatterns: [
        '\\.int\\.test\\.ts$',
        '\\.e2e\\.test\\.ts$',
        '\\.browser\\.test\\.ts$',
        '/node_modules/',
        '<rootDir>/services/web/',
      ],
    }),
    project('integration', ['**/*.int.test.ts'], slow),
    project('e2e', ['**/*.e2e.test.ts'], slow),
    project('browser', ['**/*.browser.test.ts'], slow),
  ],
};
