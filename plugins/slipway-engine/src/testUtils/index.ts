/**
 * Helpers for the tests of packages built on the engine. The engine's own
 * test helpers live beside this file and are not exported.
 *
 * @packageDocumentation
 */

export { createTestRepository } from './testRepository';
