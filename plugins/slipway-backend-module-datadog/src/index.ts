/**
 * Datadog metrics for Slipway's canary analysis.
 *
 * @packageDocumentation
 */

export { slipwayModuleDatadog as default } from './module';
export { datadogMetrics } from './datadogMetrics';
export { DatadogProvider, DATADOG_DEFAULT_SITE } from './datadogProvider';
export type { DatadogProviderOptions } from './datadogProvider';
