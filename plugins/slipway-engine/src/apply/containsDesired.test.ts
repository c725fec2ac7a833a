import { containsDesired } from './containsDesired';

describe('containsDesired', () => {
  const live = {
    metadata: { name: 'web', labels: { a: '1', b: '2' }, uid: 'x' },
    spec: { replicas: 2, ports: [{ port: 80, protocol: 'TCP' }] },
  };

  it('accepts a live object that holds every desired field, plus its own', () => {
    expect(
      containsDesired(live, {
        metadata: { name: 'web', labels: { a: '1' } },
        spec: { replicas: 2, ports: [{ port: 80 }] },
      }),
    ).toBe(true);
  });

  it('rejects a changed value, a missing field or a list of another length', () => {
    expect(containsDesired(live, { spec: { replicas: 3 } })).toBe(false);
    expect(containsDesired(live, { spec: { paused: false } })).toBe(false);
    expect(
      containsDesired(live, { spec: { ports: [{ port: 80 }, { port: 81 }] } }),
    ).toBe(false);
    expect(containsDesired(live, { spec: { replicas: '2' } })).toBe(false);
  });
});
