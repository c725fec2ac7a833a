import { durationMs, isDuration } from './duration';

describe('durationMs', () => {
  it('reads the forms Flagger specs use, compound ones included', () => {
    expect(durationMs('30s')).toBe(30_000);
    expect(durationMs('1m30s')).toBe(90_000);
    expect(durationMs('1h5m')).toBe(3_900_000);
    expect(durationMs('500ms')).toBe(500);
    expect(durationMs('1m500ms')).toBe(60_500);
  });

  it('refuses what is not one, naming the forms it takes', () => {
    for (const text of [
      'often',
      '',
      '30',
      's30',
      '1.5m',
      '-1m',
      '1m 30s',
      '1d',
    ]) {
      expect(isDuration(text)).toBe(false);
    }
    expect(() => durationMs('1.5m')).toThrow(
      '"1.5m" is not a duration such as 30s, 1m30s or 500ms',
    );
  });
});
