import '@testing-library/jest-dom';

// Dialogs, diffs and typing take many renders: on a busy two-core CI runner a
// test can pass 5 s, Jest's default. A project's `testTimeout` is ignored when
// the repo runs as several Jest projects, so it is set here, per test file.
jest.setTimeout(30_000);
