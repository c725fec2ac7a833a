import { CoreV1Api, KubeConfig, V1Node } from '@kubernetes/client-node';

/** Annotation KWOK is told to manage; nodes without it are left alone. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

function fakeNode(name: string): V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake' },
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        type: 'kwok',
      },
    },
    status: {
      allocatable: { cpu: '32', memory: '256Gi', pods: '110' },
      capacity: { cpu: '32', memory: '256Gi', pods: '110' },
    },
  };
}

export async function createFakeNodes(
  kubeConfig: KubeConfig,
  names: string[],
): Promise<void> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  for (const name of names) {
    await core.createNode({ body: fakeNode(name) });
  }
}

export function isNodeReady(node: V1Node): boolean {
  return Boolean(
    node.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ),
  );
}
