import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { kustomizationAmong } from './kustomizeBuild';

const LISTS = ['resources', 'bases', 'components'];

/** An entry kustomize would fetch: a URL, an scp-style git address, or `host.tld/path` that is no local path. */
const looksRemote = (entry: string) =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
  /^[^/\s]+@[^/\s]+:/.test(entry) ||
  /^[^./][^/]*\.[^/]+\//.test(entry);

async function exists(file: string) {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * The remote resources a kustomization names, itself or through the local
 * directories it includes (as `file: entry`), looked for before kustomize
 * runs. kustomize also runs without network access, but it fetches loopback
 * URLs all the same, so every remote entry is refused here first.
 */
export async function remoteResources(
  tree: string,
  dir: string,
  seen = new Set<string>(),
): Promise<string[]> {
  if (seen.has(dir) || !path.resolve(dir).startsWith(path.resolve(tree))) {
    return [];
  }
  seen.add(dir);
  const name = kustomizationAmong(await fs.readdir(dir).catch(() => []));
  if (!name) {
    return [];
  }
  const file = path.join(dir, name);
  let doc: Record<string, unknown>;
  try {
    doc = parse(await fs.readFile(file, 'utf8')) ?? {};
  } catch {
    return []; // kustomize says what is wrong with it
  }
  const found: string[] = [];
  for (const list of LISTS) {
    const entries = Array.isArray(doc[list]) ? (doc[list] as unknown[]) : [];
    for (const entry of entries.filter(e => typeof e === 'string')) {
      const local = path.resolve(dir, entry as string);
      if (await exists(local)) {
        found.push(...(await remoteResources(tree, local, seen)));
      } else if (looksRemote(entry as string)) {
        found.push(`${path.relative(tree, file)}: ${entry}`);
      }
    }
  }
  return found;
}
