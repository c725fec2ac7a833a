import { helmChartLayout } from './helmChartLayout';
import { kustomizeLayout } from './kustomizeLayout';
import { NewServiceOptions, ServiceLayout } from './newServiceOptions';

/**
 * The config-repository files of a new service, in the chosen layout: a
 * kustomize base with one overlay per environment, or a Helm chart with
 * one release per environment.
 */
export function serviceManifests(
  options: NewServiceOptions & ServiceLayout,
): Record<string, string> {
  return options.layout === 'helm'
    ? helmChartLayout(options)
    : kustomizeLayout(options);
}
