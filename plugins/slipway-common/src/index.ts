/**
 * Types, annotations and permissions shared by Slipway's frontend and backend.
 *
 * @packageDocumentation
 */

export * from '@slipway/model';
export * from './permissions';
export * from './api';
export * from './signals';
export * from './changeTrailers';
