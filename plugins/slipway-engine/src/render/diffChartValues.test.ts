import { diffChartValues } from './diffChartValues';

const salt = 'test-salt';

describe('diffChartValues', () => {
  it('names each changed value by its path, a new key as added and a gone one as removed', () => {
    expect(
      diffChartValues(
        { image: { tag: '1.0.0' }, replicas: 2, debug: true },
        { image: { tag: '1.1.0' }, replicas: 2, canary: { webhooks: [] } },
        { salt },
      ),
    ).toEqual([
      { path: 'canary', after: { webhooks: [] } },
      { path: 'debug', before: true },
      { path: 'image.tag', before: '1.0.0', after: '1.1.0' },
    ]);
  });

  it('shows credential-like values, also inside lists and new objects, only as hashes', () => {
    const changes = diffChartValues(
      { database: { password: 'hunter2' } },
      {
        database: { password: 'hunter3' },
        sidecars: [{ name: 'proxy', apiKey: 'abc123' }],
      },
      { salt },
    );
    expect(JSON.stringify(changes)).not.toMatch(/hunter2|hunter3|abc123/);
    expect(changes).toEqual([
      {
        path: 'database.password',
        before: expect.stringMatching(/^\(masked [0-9a-f]{10}\)$/),
        after: expect.stringMatching(/^\(masked [0-9a-f]{10}\)$/),
      },
      {
        path: 'sidecars',
        after: [
          {
            name: 'proxy',
            apiKey: expect.stringMatching(/^\(masked [0-9a-f]{10}\)$/),
          },
        ],
      },
    ]);
    expect(changes[0].before).not.toEqual(changes[0].after);
  });

  it("masks the fields of the environment's ChartValues rules, not other kinds' rules", () => {
    const changes = diffChartValues(
      { database: { url: 'postgres://a' }, data: { x: '1' } },
      { database: { url: 'postgres://b' }, data: { x: '2' } },
      {
        salt,
        rules: [
          { kind: 'ChartValues', fields: ['database.url'] },
          { kind: 'ConfigMap', fields: ['data'] },
        ],
      },
    );
    expect(changes).toEqual([
      { path: 'data.x', before: '1', after: '2' },
      {
        path: 'database.url',
        before: expect.stringMatching(/^\(masked /),
        after: expect.stringMatching(/^\(masked /),
      },
    ]);
  });
});
