import type { RemoteCharts } from '../charts/RemoteCharts';

/**
 * The renderers a directory of the config repository may need: kustomize
 * for a kustomization, helm (and where remote charts come from) for a
 * chart release.
 *
 * @public
 */
export type RenderTools = {
  kustomize?: string;
  helm?: string;
  charts?: RemoteCharts;
};
