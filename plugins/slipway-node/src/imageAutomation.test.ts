import { ConfigReader } from '@backstage/config';
import { readSlipwayEnvironments } from './environments';
import { imageAutomationOf } from './imageAutomation';

const environments = (extra: object[]) =>
  readSlipwayEnvironments(
    new ConfigReader({
      slipway: {
        clusters: [{ name: 'local' }],
        environments: extra.map((e, i) => ({
          name: ['staging', 'production'][i],
          cluster: 'local',
          repository: 'file:///config',
          namespaces: [['staging', 'production'][i]],
          ...e,
        })),
      },
    }),
  );

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    annotations: {
      'slipway.io/environments': 'staging,production',
      ...annotations,
    },
  },
});

describe('imageAutomationOf', () => {
  const [staging, production] = environments([
    { imageAutomation: { mode: 'commit' } },
    {},
  ]);

  it('applies slipway.io/image-policy only where app-config enables automation', () => {
    const checkout = entity({ 'slipway.io/image-policy': 'semver: ^1.0.0' });
    expect(imageAutomationOf(checkout, staging)).toEqual({
      mode: 'commit',
      policy: { semver: '^1.0.0', pinDigest: false },
    });
    expect(imageAutomationOf(checkout, production)).toBeUndefined();
  });

  it('takes a per-environment annotation anywhere, but never looser than app-config', () => {
    const checkout = entity({
      'slipway.io/image-policy.production': '{ semver: ~2.3.0, mode: commit }',
    });
    // Production has no automation in app-config: the annotation may propose, not commit.
    expect(imageAutomationOf(checkout, production)).toEqual({
      mode: 'pull-request',
      policy: { semver: '~2.3.0', pinDigest: false, mode: 'commit' },
    });
    expect(imageAutomationOf(checkout, staging)).toBeUndefined();
  });

  it('lets an annotation ask for review where app-config commits', () => {
    const checkout = entity({
      'slipway.io/image-policy': '{ semver: ^1.0.0, mode: pull-request }',
    });
    expect(imageAutomationOf(checkout, staging)).toMatchObject({
      mode: 'pull-request',
    });
  });

  it('falls back to the environment policy, and reports a bad annotation instead of dropping it', () => {
    const [withDefault] = environments([
      {
        imageAutomation: {
          policy: { regex: '^build-(\\d+)$', order: 'numerical' },
        },
      },
    ]);
    expect(imageAutomationOf(entity({}), withDefault)).toEqual({
      mode: 'pull-request',
      policy: { regex: '^build-(\\d+)$', order: 'numerical', pinDigest: false },
    });
    expect(
      imageAutomationOf(
        entity({ 'slipway.io/image-policy': 'latest' }),
        staging,
      ),
    ).toEqual({
      error:
        'Annotation slipway.io/image-policy is "latest": a tag that moves cannot be pinned in Git; select immutable tags such as 1.4.2 or main-3f2a1c9-1700000000',
    });
  });

  it('refuses an invalid environment policy at start-up, naming the key', () => {
    expect(() =>
      environments([{ imageAutomation: { policy: { regex: '.*' } } }]),
    ).toThrow(
      'slipway.environments[0].imageAutomation.policy regex accepts the mutable tags latest, main',
    );
  });
});
