import { comparable, diffObjects } from './diffObjects';

describe('diffObjects', () => {
  it('names changed, added and removed fields by path', () => {
    expect(
      diffObjects(
        {
          spec: { replicas: 1, template: { containers: [{ image: 'a:1' }] } },
          data: { gone: 'x' },
        },
        {
          spec: { replicas: 1, template: { containers: [{ image: 'a:2' }] } },
          data: { added: 'y' },
        },
      ),
    ).toEqual([
      { path: 'data.added', after: 'y' },
      { path: 'data.gone', before: 'x' },
      {
        path: 'spec.template.containers[0].image',
        before: 'a:1',
        after: 'a:2',
      },
    ]);
  });

  it('treats a list of another length as one change', () => {
    expect(diffObjects({ ports: [1] }, { ports: [1, 2] })).toEqual([
      { path: 'ports', before: [1], after: [1, 2] },
    ]);
  });

  it('ignores what the server tracks itself', () => {
    const live = {
      metadata: {
        name: 'a',
        resourceVersion: '7',
        managedFields: [{}],
        uid: 'u',
        generation: 3,
      },
      status: { ready: true },
      data: { k: 'v' },
    };
    expect(
      diffObjects(
        comparable(live),
        comparable({ metadata: { name: 'a' }, data: { k: 'v' } }),
      ),
    ).toEqual([]);
  });
});
