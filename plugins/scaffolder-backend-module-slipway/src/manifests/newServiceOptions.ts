import { stringify } from 'yaml';

export type CanaryRouter = 'gatewayapi' | 'kubernetes' | 'appmesh';

export type NewServiceOptions = {
  name: string;
  image: string;
  port: number;
  /** Per environment, in promotion order, with the namespace the service gets there. */
  environments: Array<{ name: string; path: string; namespace: string }>;
  /** Where the kustomize base every overlay builds on goes, from the repository root. */
  basePath: string;
  canary?: {
    router: CanaryRouter;
    stepWeights: number[];
    /** Gateways of the HTTPRoute (gatewayapi). */
    gateway?: string;
    meshName?: string;
    /** Built-in request-success-rate with this minimum; none: the steps alone decide. */
    minSuccessRate?: number;
  };
  autoscaling?: { minReplicas: number; maxReplicas: number; cpu: number };
};

/** Where the service's shared part goes: a kustomize base, or a chart. */
export type ServiceLayout =
  | { layout?: 'kustomize' }
  | { layout: 'helm'; chartPath: string };

export const toYaml = (...docs: object[]) =>
  docs
    .map(d => stringify(d, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join('---\n');
