import { pollDelay, retryDelay } from './backoff';

const range = (delay: (n: number) => number, n: number) => {
  const delays = Array.from({ length: 2000 }, () => delay(n));
  return [Math.min(...delays), Math.max(...delays)];
};

describe('pollDelay', () => {
  it('leaves room to fetch afresh and apply within the interval, never waiting longer', () => {
    // 10 s: a fetch may be 2.5 s old, pickup and the run take up to 2 s.
    const [low, high] = range(pollDelay, 10_000);
    expect(high).toBeLessThanOrEqual(5_500);
    expect(low).toBeGreaterThanOrEqual(4_400);
    // An hour: nearly all of it, and spread over its last fifth.
    const [hourLow, hourHigh] = range(pollDelay, 3_600_000);
    expect(hourHigh).toBeLessThanOrEqual(3_593_000);
    expect(hourLow).toBeLessThan(3_000_000);
  });

  it('runs at least every half interval for short ones', () => {
    expect(range(pollDelay, 4_000)[1]).toBeLessThanOrEqual(2_000);
  });
});

describe('retryDelay', () => {
  it('doubles from 5 s up to 5 minutes, ±50 %', () => {
    const [low, high] = range(retryDelay, 1);
    expect(low).toBeGreaterThanOrEqual(2_500);
    expect(high).toBeLessThanOrEqual(7_500);
    expect(range(retryDelay, 20)[1]).toBeLessThanOrEqual(450_000);
  });
});
