import {
  canaryState,
  deployment,
  fakeReads,
} from '../../testUtils/canaryState';
import { initializing } from './initializing';

describe('initializing', () => {
  it('makes the primary, the Services and the routing, and waits for the primary', async () => {
    const decision = await initializing(
      canaryState({ primary: null }),
      fakeReads(),
    );
    expect(decision.status.phase).toBe('Initializing');
    expect(decision.message).toBe('waiting for web-primary to be ready');
    expect(decision.actions).toEqual([
      { kind: 'applyPrimary' },
      { kind: 'applyServices' },
      { kind: 'reconcileRouting' },
    ]);
  });

  it('leaves an existing primary as it is', async () => {
    const decision = await initializing(
      canaryState({ primary: deployment('web-primary', 'web:1', false) }),
      fakeReads(),
    );
    expect(decision.status.phase).toBe('Initializing');
    expect(decision.actions).not.toContainEqual({ kind: 'applyPrimary' });
  });

  it('hands all traffic to a ready primary and scales the canary to zero, holding the version the primary was made from', async () => {
    const primary = deployment('web-primary', 'web:1', true);
    primary.metadata!.annotations = { 'slipway.io/primary-version': 'v1' };
    const decision = await initializing(canaryState({ primary }), fakeReads());
    expect(decision.status).toEqual({
      phase: 'Initialized',
      lastAppliedSpec: 'v1',
      canaryWeight: 0,
      failedChecks: 0,
      iterations: 0,
    });
    expect(decision.actions?.at(-1)).toEqual({
      kind: 'scaleCanary',
      replicas: 0,
    });
  });
});
