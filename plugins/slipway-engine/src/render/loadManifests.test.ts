import { tempDirPerTest } from '../testUtils/tempDirPerTest';
import { loadManifests, parseManifests } from './loadManifests';
import { InvalidManifestsError } from './manifest';

describe('loadManifests', () => {
  const { dir, write } = tempDirPerTest('slipway-render-');

  it('reads every document of every YAML file, in path order, with its line', async () => {
    write(
      'b/service.yml',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n',
    );
    write(
      'a.yaml',
      '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n---\n' +
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\n---\n',
    );
    write('README.md', '# not a manifest');

    const manifests = await loadManifests(dir());
    expect(manifests.map(m => [m.file, m.line, m.object.kind])).toEqual([
      ['a.yaml', 2, 'Deployment'],
      ['a.yaml', 7, 'ConfigMap'],
      ['b/service.yml', 1, 'Service'],
    ]);
  });

  it('reports every problem with file, line and field, and returns nothing', async () => {
    write(
      'ok.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n',
    );
    write(
      'broken.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n',
    );
    write(
      'incomplete.yaml',
      'kind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Secret\nmetadata: {}\n',
    );
    write('list.yaml', '- just\n- a list\n');

    const error = await loadManifests(dir()).catch(e => e);
    expect(error).toBeInstanceOf(InvalidManifestsError);
    expect((error as InvalidManifestsError).issues).toEqual([
      expect.objectContaining({
        file: 'broken.yaml',
        line: 5, // where the parser notices the unclosed [
        message: expect.stringContaining('is not valid YAML'),
      }),
      {
        file: 'incomplete.yaml',
        line: 1,
        field: 'apiVersion',
        message: 'is missing',
      },
      {
        file: 'incomplete.yaml',
        line: 5,
        field: 'metadata.name',
        message: 'is missing (Secret)',
      },
      {
        file: 'list.yaml',
        line: 1,
        message: 'is not a Kubernetes object (a YAML mapping)',
      },
    ]);
    expect(error.message).toContain(
      'incomplete.yaml:5: metadata.name is missing (Secret)',
    );
    expect(error.message).toContain('nothing was applied');
  });
});

describe('parseManifests', () => {
  const layouts = [
    // comments, a marker with a comment, an empty document, CRLF line ends
    '# the web service\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n' +
      '--- # next\n\n# config\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  on: "yes"\n  n: 010\n---\n---\n',
    '%YAML 1.2\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n...\n' +
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  on: "yes"\n  n: 010\n',
    'apiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: web\r\n---\r\napiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: c\r\n',
  ];

  it.each(layouts)(
    'reads objects and the line each starts on, whatever the layout (%#)',
    text => {
      const { manifests, issues } = parseManifests(text, 'f.yaml');
      expect(issues).toEqual([]);
      expect(manifests.map(m => m.object.kind)).toEqual([
        'Service',
        'ConfigMap',
      ]);
      const lines = text.split('\n');
      for (const m of manifests) {
        expect(lines[m.line - 1]).toMatch(/^apiVersion/);
      }
    },
  );

  it('reads the YAML 1.2 core schema: 010 is ten, a quoted yes stays a string', () => {
    const { manifests } = parseManifests(layouts[0], 'f.yaml');
    expect(manifests[1].object.data).toEqual({ on: 'yes', n: 10 });
  });

  it('names the line of a broken document among good ones', () => {
    const { manifests, issues } = parseManifests(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\nkind: ConfigMap\nmetadata:\n  name: c\n',
      'f.yaml',
    );
    expect(manifests).toHaveLength(1);
    expect(issues).toEqual([
      { file: 'f.yaml', line: 6, field: 'apiVersion', message: 'is missing' },
    ]);
  });
});
