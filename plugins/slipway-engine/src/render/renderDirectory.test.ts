import { tempDirPerTest } from '../testUtils/tempDirPerTest';
import { renderDirectory } from './renderDirectory';

describe('renderDirectory', () => {
  const { dir: tree, write } = tempDirPerTest('slipway-tree-');
  const configMap = (name: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

  it('reads the plain YAML of a service directory and its subdirectories, named by repository path', async () => {
    write('clusters/staging/web/b.yaml', configMap('b'));
    write('clusters/staging/web/a/nested.yml', configMap('nested'));
    write('clusters/staging/web/.hidden/skipped.yaml', configMap('hidden'));
    write('clusters/staging/web/notes.txt', 'not YAML');

    const rendered = await renderDirectory({
      tree: tree(),
      path: 'clusters/staging/web',
    });
    expect(rendered.issues).toEqual([]);
    expect(
      rendered.manifests.map(m => [m.file, m.object.metadata.name]),
    ).toEqual([
      ['clusters/staging/web/a/nested.yml', 'nested'],
      ['clusters/staging/web/b.yaml', 'b'],
    ]);
  });

  it.each([
    ['a path that does not exist', () => undefined],
    ['a file', () => write('clusters/staging/web', configMap('web'))],
  ])(
    'says the service directory is missing when the path is %s',
    async (_, arrange) => {
      arrange();
      expect(
        await renderDirectory({ tree: tree(), path: 'clusters/staging/web' }),
      ).toEqual({
        manifests: [],
        issues: [
          {
            file: 'clusters/staging/web',
            message: 'is not a directory at this revision',
          },
        ],
      });
    },
  );

  it('asks for kustomize when the directory has a kustomization and none is configured', async () => {
    write(
      'clusters/staging/web/kustomization.yaml',
      'resources: [config.yaml]\n',
    );
    write('clusters/staging/web/config.yaml', configMap('web'));
    expect(
      await renderDirectory({ tree: tree(), path: 'clusters/staging/web' }),
    ).toEqual({
      manifests: [],
      issues: [
        {
          file: 'clusters/staging/web/kustomization.yaml',
          message: 'needs kustomize, and no kustomize binary is configured',
        },
      ],
    });
  });
});
