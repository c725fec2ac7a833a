import type { CanaryStatus } from '@slipway/model';
import { withConditions } from './canaryConditions';

const at = (iso: string) => new Date(iso);
const condition = (status: CanaryStatus, type: string) =>
  status.conditions?.find(c => c.type === type);

describe('withConditions', () => {
  it('writes Promoted as Flagger does: True once promoted, False after a failed run, Unknown during one', () => {
    const now = at('2026-12-02T10:00:00Z');
    const promoted = (phase: CanaryStatus['phase']) =>
      condition(withConditions({ phase }, 3, now), 'Promoted')?.status;
    expect(promoted('Initialized')).toBe('True');
    expect(promoted('Succeeded')).toBe('True');
    expect(promoted('Failed')).toBe('False');
    expect(promoted('Progressing')).toBe('Unknown');
    expect(promoted(undefined)).toBe('Unknown');
    expect(
      condition(
        withConditions({ phase: 'Succeeded', message: 'promoted abc' }, 3, now),
        'Promoted',
      ),
    ).toEqual({
      type: 'Promoted',
      status: 'True',
      reason: 'Succeeded',
      message: 'promoted abc',
      lastTransitionTime: '2026-12-02T10:00:00.000Z',
      observedGeneration: 3,
    });
  });

  it('sets Ready=False with what failed, and keeps the transition time while a status stays', () => {
    const failed = withConditions(
      { phase: 'Progressing', message: 'x' },
      2,
      at('2026-12-02T10:00:00Z'),
      {
        reason: 'RouterFailed',
        message: 'the gatewayapi router could not set the weights: boom',
      },
    );
    expect(condition(failed, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'RouterFailed',
      message: 'the gatewayapi router could not set the weights: boom',
    });
    const again = withConditions(failed, 2, at('2026-12-02T10:01:00Z'), {
      reason: 'RouterFailed',
      message: 'still',
    });
    expect(condition(again, 'Ready')?.lastTransitionTime).toBe(
      '2026-12-02T10:00:00.000Z',
    );
    const recovered = withConditions(
      { ...again, message: 'canary at 10%' },
      2,
      at('2026-12-02T10:02:00Z'),
    );
    expect(condition(recovered, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'Progressing',
      message: 'canary at 10%',
      lastTransitionTime: '2026-12-02T10:02:00.000Z',
    });
    // Promoted stayed Unknown the whole time: its transition is the first one.
    expect(condition(recovered, 'Promoted')?.lastTransitionTime).toBe(
      '2026-12-02T10:00:00.000Z',
    );
  });
});
