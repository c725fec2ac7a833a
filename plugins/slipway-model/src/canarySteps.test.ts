import { canaryStepWeights } from './canarySteps';

describe('canaryStepWeights', () => {
  const base = { interval: '10s', threshold: 2 };

  it('lists stepWeights as given', () => {
    expect(canaryStepWeights({ ...base, stepWeights: [5, 20, 60] })).toEqual([
      5, 20, 60,
    ]);
  });

  it('steps up to maxWeight, ending on it', () => {
    expect(
      canaryStepWeights({ ...base, stepWeight: 20, maxWeight: 50 }),
    ).toEqual([20, 40, 50]);
  });

  it('has no weights for runs counted in iterations', () => {
    expect(canaryStepWeights({ ...base, iterations: 3 })).toEqual([]);
  });
});
