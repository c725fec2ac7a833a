import fs from 'node:fs';
import path from 'node:path';
import { slipwayCacheDir } from './slipwayCacheDir';

/** Versions of the local control plane; keep in step with scripts/versions.sh. */
export const CONTROL_PLANE_VERSIONS = {
  kubernetes: process.env.SLIPWAY_K8S_VERSION ?? '1.34.4',
  etcd: '3.6.4',
  kwok: '0.8.0',
} as const;

export const CONTROL_PLANE_BINARIES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  'kwok',
] as const;

export type ControlPlaneBinary = (typeof CONTROL_PLANE_BINARIES)[number];

export type BinaryPaths = Record<ControlPlaneBinary, string> & {
  kwokStages: string;
};

/** The directory build-binaries.sh fills, keyed by the versions it builds. */
export function binaryCacheDir(): string {
  const cache = slipwayCacheDir();
  const { kubernetes, etcd, kwok } = CONTROL_PLANE_VERSIONS;
  return path.join(
    cache,
    `k8s-v${kubernetes}-etcd-v${etcd}-kwok-v${kwok}`,
    'bin',
  );
}

/**
 * Finds every control-plane binary, preferring SLIPWAY_K8S_BIN, then
 * KUBEBUILDER_ASSETS (envtest's layout), then the build cache.
 */
export function resolveBinaries(): BinaryPaths {
  const searchPath = [
    process.env.SLIPWAY_K8S_BIN,
    process.env.KUBEBUILDER_ASSETS,
    binaryCacheDir(),
  ].filter((dir): dir is string => Boolean(dir));

  const find = (file: string) => {
    for (const dir of searchPath) {
      const candidate = path.join(dir, file);
      if (fs.existsSync(candidate)) {
        return candidate;
      }
    }
    throw new Error(
      `${file} not found in ${searchPath.join(', ')}. ` +
        'Run tools/local-cluster/scripts/build-binaries.sh (npm test and npm run demo do this for you), ' +
        'or point SLIPWAY_K8S_BIN at a directory that has it.',
    );
  };

  const found = Object.fromEntries(
    CONTROL_PLANE_BINARIES.map(name => [name, find(name)]),
  ) as Record<ControlPlaneBinary, string>;
  return { ...found, kwokStages: find('kwok-stages.yaml') };
}

export const KUSTOMIZE_VERSION = '5.7.1';
export const HELM_VERSION = '3.22.0';

/** A tool build-binaries.sh builds into its own cache directory, unless its variable names one. */
function resolveTool(name: string, version: string, override?: string): string {
  const cache = slipwayCacheDir();
  const candidate =
    override ?? path.join(cache, `${name}-v${version}`, 'bin', name);
  if (!fs.existsSync(candidate)) {
    throw new Error(
      `${name} not found at ${candidate}; run tools/local-cluster/scripts/build-binaries.sh or set SLIPWAY_${name.toUpperCase()}`,
    );
  }
  return candidate;
}

/** kustomize: SLIPWAY_KUSTOMIZE, else the one build-binaries.sh builds. */
export function resolveKustomize(): string {
  return resolveTool(
    'kustomize',
    KUSTOMIZE_VERSION,
    process.env.SLIPWAY_KUSTOMIZE,
  );
}

/** helm: SLIPWAY_HELM, else the one build-binaries.sh builds from helm.sh/helm/v3. */
export function resolveHelm(): string {
  return resolveTool('helm', HELM_VERSION, process.env.SLIPWAY_HELM);
}
