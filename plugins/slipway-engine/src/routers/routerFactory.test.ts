import type { ObjectClient } from '../apply/ObjectClient';
import type { CanaryResource } from '../canary/canaryResource';
import { ProviderRouter, routerFactories } from './routerFactory';
import type { Router } from './Router';

const client = {} as ObjectClient;
const canaryOf = (provider: string) =>
  ({ spec: { provider } } as unknown as CanaryResource);

describe('routerFactories', () => {
  it('adds a router under a new name, made once per ProviderRouter', async () => {
    const calls: string[] = [];
    const made = jest.fn(
      (): Router => ({
        reconcile: async c => void calls.push(`reconcile ${c.spec.provider}`),
        setWeights: async (_c, w) => void calls.push(`weights ${w.canary}`),
        getWeights: async () => ({ primary: 100, canary: 0 }),
        finalize: async () => void calls.push('finalize'),
      }),
    );
    const router = new ProviderRouter(
      client,
      routerFactories([['linkerd', made]]),
    );
    await router.reconcile(canaryOf('linkerd'));
    await router.setWeights(canaryOf('linkerd'), { primary: 80, canary: 20 });
    expect(calls).toEqual(['reconcile linkerd', 'weights 20']);
    expect(made).toHaveBeenCalledTimes(1);
  });

  it('refuses a name taken, built-in or added', () => {
    const factory = () => ({} as Router);
    expect(() => routerFactories([['gatewayapi', factory]])).toThrow(
      'a router for the provider gatewayapi is already added',
    );
    expect(() =>
      routerFactories([
        ['linkerd', factory],
        ['linkerd', factory],
      ]),
    ).toThrow('a router for the provider linkerd is already added');
  });

  it('names the installed routers when a Canary asks for another', async () => {
    await expect(
      new ProviderRouter(client).reconcile(canaryOf('istio')),
    ).rejects.toThrow(
      'no router for the provider istio is installed (installed: kubernetes, gatewayapi, appmesh)',
    );
  });
});
