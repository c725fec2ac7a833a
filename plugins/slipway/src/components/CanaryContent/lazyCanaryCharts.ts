import { lazy } from 'react';

/**
 * The charts with their charting library (a third of the tab's code), loaded
 * when a Canary's panel first shows: the run's phase and steps are on screen
 * without waiting for it to download and compile.
 */
export const LazyCanaryCharts = lazy(() =>
  import('./CanaryCharts').then(m => ({ default: m.CanaryCharts })),
);
