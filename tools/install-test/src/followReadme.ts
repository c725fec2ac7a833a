import fs from 'node:fs';
import path from 'node:path';
import { Document, isMap, parse, parseAllDocuments } from 'yaml';
import { run } from './commands';
import { ReadmeStep } from './readmeSteps';

/** The Component of a new app's examples/entities.yaml that the test delivers. */
export const EXAMPLE_COMPONENT = 'example-website';
const EXAMPLE_ENTITIES = 'examples/entities.yaml';

async function runLines(
  appDir: string,
  body: string,
  log: (line: string) => void,
) {
  const commands = body
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'));
  for (const command of commands) {
    log(`$ ${command}`);
    await run('bash', ['-c', command], { cwd: appDir });
  }
}

/** Imports go after the file's last import, the rest before `backend.start()`. */
function addToSource(file: string, body: string) {
  const source = fs.readFileSync(file, 'utf8').split('\n');
  const lines = body.split('\n');
  const imports = lines.filter(line => line.startsWith('import '));
  const statements = lines.filter(line => !line.startsWith('import '));
  const start = source.findIndex(line => line.trim() === 'backend.start();');
  if (start < 0) {
    throw new Error(`${file} has no backend.start(); to add the lines before`);
  }
  source.splice(start, 0, ...statements, '');
  const lastImport = source.findLastIndex(line => line.startsWith('import '));
  source.splice(lastImport + 1, 0, ...imports);
  fs.writeFileSync(file, source.join('\n'));
}

function deepMerge(target: Document, fragment: unknown, at: unknown[] = []) {
  if (fragment && typeof fragment === 'object' && !Array.isArray(fragment)) {
    for (const [key, value] of Object.entries(fragment)) {
      const node = target.getIn([...at, key], true);
      if (isMap(node) && value && typeof value === 'object') {
        deepMerge(target, value, [...at, key]);
      } else {
        target.setIn([...at, key], value);
      }
    }
  }
}

/** The README's metadata fragment merged into the example Component, comments kept. */
function annotateComponent(appDir: string, body: string) {
  const file = path.join(appDir, EXAMPLE_ENTITIES);
  const documents = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const component = documents.find(
    doc =>
      doc.get('kind') === 'Component' &&
      doc.getIn(['metadata', 'name']) === EXAMPLE_COMPONENT,
  );
  if (!component) {
    throw new Error(
      `${EXAMPLE_ENTITIES} has no Component ${EXAMPLE_COMPONENT}`,
    );
  }
  deepMerge(component, parse(body));
  fs.writeFileSync(file, documents.map(doc => doc.toString()).join(''));
}

/** Does what one marked README block says, in the app at appDir. */
export async function followStep(
  appDir: string,
  step: ReadmeStep,
  log: (line: string) => void,
) {
  log(`${step.readme}: ${step.action}`);
  switch (step.action) {
    case 'run':
      await runLines(appDir, step.body, log);
      return;
    case 'packages/backend/src/index.ts':
      addToSource(path.join(appDir, step.action), step.body);
      return;
    case 'append to app-config.yaml':
      fs.appendFileSync(
        path.join(appDir, 'app-config.yaml'),
        `\n${step.body}\n`,
      );
      return;
    case 'annotate a catalog Component':
      annotateComponent(appDir, step.body);
      return;
    default:
      throw new Error(
        `${step.readme}: the install test does not know how to "${step.action}"`,
      );
  }
}
