import type { SlipwayEnvironment } from '@slipway/backstage-plugin-slipway-common';
import { writePolicyOf } from './writePolicy';

const environment = (namespaces: string[]): SlipwayEnvironment => ({
  name: 'staging',
  cluster: 'local',
  repository: 'r',
  branch: 'main',
  path: 'clusters/{environment}/{service}',
  interval: 60,
  driftMode: 'correct',
  progressDeadlineSeconds: 600,
  namespaces,
  clusterScopedKinds: ['Namespace'],
  deniedKinds: ['ClusterRole'],
  adoptUnlabelled: false,
  prune: { confirmAboveFraction: 0.5, confirmAboveCount: 20 },
  mask: [],
  kustomize: { remoteBases: false },
  canaryWebhooks: { allowedHosts: ['*.svc'] },
});

const entity = (namespaces?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    annotations: {
      'slipway.io/environments': 'staging',
      ...(namespaces !== undefined && { 'slipway.io/namespaces': namespaces }),
    },
  },
});

describe('writePolicyOf', () => {
  it("fills the service's name into the environment's namespaces", () => {
    expect(
      writePolicyOf(
        entity(),
        environment(['shop-{service}', 'shared']),
        'payments',
      ),
    ).toEqual({
      namespaces: ['shop-payments', 'shared'],
      clusterScopedKinds: ['Namespace'],
      deniedKinds: ['ClusterRole'],
    });
  });

  it('narrows to the namespaces the annotation names', () => {
    expect(
      writePolicyOf(
        entity('shop-payments'),
        environment(['shop-{service}', 'shared']),
        'payments',
      ).namespaces,
    ).toEqual(['shop-payments']);
  });

  it('never widens: a namespace app-config does not allow is an error naming it', () => {
    expect(() =>
      writePolicyOf(
        entity('shop-payments, kube-system'),
        environment(['shop-{service}']),
        'payments',
      ),
    ).toThrow(
      'Annotation slipway.io/namespaces may only narrow what staging allows (shop-payments); it names kube-system',
    );
    expect(() =>
      writePolicyOf(entity(' , '), environment(['staging']), 'payments'),
    ).toThrow('it names none');
  });

  it('refuses a namespace that the service name makes too long', () => {
    expect(() =>
      writePolicyOf(entity(), environment(['{service}']), 'p'.repeat(64)),
    ).toThrow('is not a valid namespace name');
  });
});
