import { ConfigReader } from '@backstage/config';
import { DEFAULT_DENIED_KINDS } from '@slipway/engine';
import { readSlipwayEnvironments } from './environments';

/** The clusters Slipway has its own credentials for. */
const clusters = [{ name: 'eks-staging' }, { name: 'eks-prod' }];

describe('readSlipwayEnvironments', () => {
  it('reads environments in order with defaults', () => {
    const config = new ConfigReader({
      slipway: {
        clusters,
        environments: [
          {
            name: 'staging',
            cluster: 'eks-staging',
            repository: 'https://git.example.com/config.git',
            namespaces: ['staging'],
          },
          {
            name: 'production',
            cluster: 'eks-prod',
            repository: 'https://git.example.com/config.git',
            namespaces: ['shop-{service}'],
            clusterScopedKinds: ['Namespace'],
            deniedKinds: ['ClusterRoleBinding'],
            branch: 'release',
            path: 'prod/{service}',
            interval: 300,
            driftMode: 'detect',
            progressDeadlineSeconds: 120,
          },
        ],
      },
    });
    expect(readSlipwayEnvironments(config)).toEqual([
      {
        name: 'staging',
        cluster: 'eks-staging',
        repository: 'https://git.example.com/config.git',
        branch: 'main',
        path: 'clusters/{environment}/{service}',
        interval: 60,
        driftMode: 'correct',
        progressDeadlineSeconds: 600,
        promotion: { mode: 'pull-request' },
        onCanaryFailure: 'pull-request',
        namespaces: ['staging'],
        clusterScopedKinds: [],
        deniedKinds: DEFAULT_DENIED_KINDS,
        adoptUnlabelled: false,
        prune: { confirmAboveFraction: 0.5, confirmAboveCount: 20 },
        mask: [],
        kustomize: { remoteBases: false },
        canaryWebhooks: { allowedHosts: ['*.svc', '*.svc.cluster.local'] },
        freezeWindows: [],
      },
      {
        name: 'production',
        cluster: 'eks-prod',
        repository: 'https://git.example.com/config.git',
        branch: 'release',
        path: 'prod/{service}',
        interval: 300,
        driftMode: 'detect',
        progressDeadlineSeconds: 120,
        promotion: { mode: 'pull-request' },
        onCanaryFailure: 'pull-request',
        namespaces: ['shop-{service}'],
        clusterScopedKinds: ['Namespace'],
        deniedKinds: ['ClusterRoleBinding'],
        adoptUnlabelled: false,
        prune: { confirmAboveFraction: 0.5, confirmAboveCount: 20 },
        mask: [],
        kustomize: { remoteBases: false },
        canaryWebhooks: { allowedHosts: ['*.svc', '*.svc.cluster.local'] },
        freezeWindows: [],
      },
    ]);
  });

  it('names the field when a reconcile setting is out of range', () => {
    const config = new ConfigReader({
      slipway: {
        clusters,
        environments: [
          {
            name: 'staging',
            cluster: 'eks-staging',
            repository: 'https://git.example.com/config.git',
            namespaces: ['staging'],
            driftMode: 'ignore',
          },
        ],
      },
    });
    expect(() => readSlipwayEnvironments(config)).toThrow(
      /^slipway\.environments\[0\]\.driftMode Invalid enum value/,
    );
  });

  it('reverts a failed canary as the environment promotes: reviewed where promotions are, else committed; names the field at fault', () => {
    const env = (settings: object) =>
      new ConfigReader({
        slipway: {
          clusters,
          environments: [
            {
              name: 'staging',
              cluster: 'eks-staging',
              repository: 'https://git.example.com/config.git',
              namespaces: ['staging'],
              ...settings,
            },
          ],
        },
      });
    const onFailure = (settings: object) =>
      readSlipwayEnvironments(env(settings))[0].onCanaryFailure;
    expect(onFailure({})).toBe('pull-request');
    expect(onFailure({ promotion: { mode: 'commit' } })).toBe('revert');
    expect(
      onFailure({ promotion: { mode: 'commit' }, onCanaryFailure: 'none' }),
    ).toBe('none');
    expect(() =>
      readSlipwayEnvironments(env({ onCanaryFailure: 'rollback' })),
    ).toThrow(
      /^slipway\.environments\[0\]\.onCanaryFailure Invalid enum value/,
    );
  });

  it('reads freeze windows in UTC unless a zone is given, and names the window at fault', () => {
    const env = (freezeWindows: object[]) =>
      new ConfigReader({
        slipway: {
          clusters,
          environments: [
            {
              name: 'production',
              cluster: 'eks-prod',
              repository: 'https://git.example.com/config.git',
              namespaces: ['prod'],
              freezeWindows,
            },
          ],
        },
      });
    expect(
      readSlipwayEnvironments(
        env([{ name: 'weekend', start: '0 18 * * 5', duration: '62h' }]),
      )[0].freezeWindows,
    ).toEqual([
      {
        name: 'weekend',
        start: '0 18 * * 5',
        duration: '62h',
        timeZone: 'UTC',
      },
    ]);
    expect(() =>
      readSlipwayEnvironments(
        env([
          { name: 'weekend', start: '0 18 * * 5', duration: '62h' },
          { name: 'nights', start: 'nightly', duration: '8h' },
        ]),
      ),
    ).toThrow(
      /^slipway\.environments\[0\]\.freezeWindows\.1 is not a freeze window/,
    );
  });

  it("keeps an environment's own Prometheus, and names the field when its URL is not one", () => {
    const env = (url: string) =>
      new ConfigReader({
        slipway: {
          clusters,
          environments: [
            {
              name: 'production',
              cluster: 'eks-prod',
              repository: 'https://git.example.com/config.git',
              namespaces: ['production'],
              prometheus: { url },
            },
          ],
        },
      });
    expect(
      readSlipwayEnvironments(env('http://prometheus.prod:9090'))[0].prometheus,
    ).toEqual({ url: 'http://prometheus.prod:9090' });
    expect(() => readSlipwayEnvironments(env('prometheus.prod'))).toThrow(
      /^slipway\.environments\[0\]\.prometheus\.url Invalid url/,
    );
  });

  it('is empty when Slipway is not configured', () => {
    expect(readSlipwayEnvironments(new ConfigReader({}))).toEqual([]);
  });

  it('refuses a cluster Slipway has no credentials of its own for', () => {
    const config = new ConfigReader({
      slipway: {
        clusters,
        environments: [
          {
            name: 'staging',
            cluster: 'gke',
            repository: 'r',
            namespaces: ['staging'],
          },
        ],
      },
    });
    expect(() => readSlipwayEnvironments(config)).toThrow(
      'slipway.environments[0].cluster "gke" is not in slipway.clusters (known: eks-staging, eks-prod): give Slipway its own credentials for it there',
    );
  });

  it('names the field at fault', () => {
    const config = new ConfigReader({
      slipway: {
        clusters,
        environments: [
          { name: 'Staging', cluster: 'eks-staging', repository: 'r' },
        ],
      },
    });
    expect(() => readSlipwayEnvironments(config)).toThrow(
      'slipway.environments[0].name must be a DNS-1123 label',
    );
  });

  it('needs the namespaces services may write, and names the field', () => {
    const env = (extra: object) =>
      new ConfigReader({
        slipway: {
          clusters,
          environments: [
            {
              name: 'staging',
              cluster: 'eks-staging',
              repository: 'r',
              ...extra,
            },
          ],
        },
      });
    expect(() => readSlipwayEnvironments(env({}))).toThrow(
      'slipway.environments[0].namespaces is required: list the namespaces services in this environment may write',
    );
    expect(() => readSlipwayEnvironments(env({ namespaces: [] }))).toThrow(
      'slipway.environments[0].namespaces is required',
    );
    expect(() =>
      readSlipwayEnvironments(env({ namespaces: ['Shop_{service}'] })),
    ).toThrow(
      'slipway.environments[0].namespaces.0 must be a namespace name (DNS-1123 label), optionally with {service} in it',
    );
    expect(() =>
      readSlipwayEnvironments(
        env({ namespaces: ['staging'], clusterScopedKinds: ['namespace'] }),
      ),
    ).toThrow(
      'slipway.environments[0].clusterScopedKinds.0 must be Kind or group/Kind',
    );
  });

  it('reads masks, webhook hosts and the kustomize switch, and names the field at fault', () => {
    const env = (extra: object) =>
      new ConfigReader({
        slipway: {
          clusters,
          environments: [
            {
              name: 'staging',
              cluster: 'eks-staging',
              repository: 'r',
              namespaces: ['staging'],
              ...extra,
            },
          ],
        },
      });
    const [read] = readSlipwayEnvironments(
      env({
        mask: [{ kind: 'ConfigMap', fields: ['data.DATABASE_URL'] }],
        canaryWebhooks: { allowedHosts: ['checks.example.com', '10.0.0.0/8'] },
        kustomize: { remoteBases: true },
      }),
    );
    expect(read).toMatchObject({
      mask: [{ kind: 'ConfigMap', fields: ['data.DATABASE_URL'] }],
      canaryWebhooks: { allowedHosts: ['checks.example.com', '10.0.0.0/8'] },
      kustomize: { remoteBases: true },
    });
    expect(() =>
      readSlipwayEnvironments(
        env({ canaryWebhooks: { allowedHosts: ['http://x/'] } }),
      ),
    ).toThrow(
      'slipway.environments[0].canaryWebhooks.allowedHosts.0 must be a host name, *.suffix, an IP address or a CIDR range',
    );
    expect(() =>
      readSlipwayEnvironments(
        env({ mask: [{ kind: 'ConfigMap', fields: ['data[0]'] }] }),
      ),
    ).toThrow(
      'slipway.environments[0].mask.0.fields.0 must be a field path like data or data.password',
    );
    expect(() =>
      readSlipwayEnvironments(env({ kustomize: { remote: true } })),
    ).toThrow(
      "slipway.environments[0].kustomize Unrecognized key(s) in object: 'remote'",
    );
  });

  it('refuses a path template without {service}', () => {
    const config = new ConfigReader({
      slipway: {
        clusters,
        environments: [
          {
            name: 'staging',
            cluster: 'eks-staging',
            repository: 'r',
            namespaces: ['staging'],
            path: 'clusters/{environment}',
          },
        ],
      },
    });
    expect(() => readSlipwayEnvironments(config)).toThrow(
      'slipway.environments[0].path must contain {service}',
    );
  });

  it('refuses the same environment twice', () => {
    const env = {
      name: 'staging',
      cluster: 'eks-staging',
      repository: 'r',
      namespaces: ['staging'],
    };
    const config = new ConfigReader({
      slipway: {
        clusters,
        environments: [env, env],
      },
    });
    expect(() => readSlipwayEnvironments(config)).toThrow('is used twice');
  });

  it("does not take the kubernetes plugin's clusters as its own", () => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'config', clusters: [{ name: 'eks-staging', url: 'u' }] },
        ],
      },
      slipway: {
        environments: [
          {
            name: 'staging',
            cluster: 'eks-staging',
            repository: 'r',
            namespaces: ['staging'],
          },
        ],
      },
    });
    expect(() => readSlipwayEnvironments(config)).toThrow(
      'slipway.environments[0].cluster "eks-staging" is not in slipway.clusters (known: none)',
    );
  });
});
