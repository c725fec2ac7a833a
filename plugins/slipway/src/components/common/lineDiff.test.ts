import { lineDiff } from './lineDiff';

describe('lineDiff', () => {
  it('marks the lines only before, only after, and in both', () => {
    expect(
      lineDiff(
        'kind: Deployment\nimage: web:3\nreplicas: 2\n',
        'kind: Deployment\nimage: web:1\nreplicas: 2\n',
      ),
    ).toEqual([
      { op: ' ', text: 'kind: Deployment' },
      { op: '-', text: 'image: web:3' },
      { op: '+', text: 'image: web:1' },
      { op: ' ', text: 'replicas: 2' },
    ]);
  });

  it('shows a file that goes or comes whole', () => {
    expect(lineDiff('a\nb\n', null)).toEqual([
      { op: '-', text: 'a' },
      { op: '-', text: 'b' },
    ]);
    expect(lineDiff(null, 'a')).toEqual([{ op: '+', text: 'a' }]);
  });

  it('does not diff files too long for a line table', () => {
    expect(lineDiff('x\n'.repeat(2001), 'y')).toBeUndefined();
  });
});
