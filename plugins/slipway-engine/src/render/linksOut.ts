import fs from 'node:fs/promises';
import path from 'node:path';

export const within = (root: string, p: string) =>
  p === root || p.startsWith(`${root}${path.sep}`);

/**
 * The first file under `target` (itself included) that is a symbolic link
 * leading out of the tree: helm follows links, and a chart or values file
 * must never read this machine's files into a manifest.
 */
export async function linkOutOf(
  tree: string,
  target: string,
): Promise<string | undefined> {
  const realTree = await fs.realpath(tree);
  const check = async (p: string): Promise<string | undefined> => {
    const stat = await fs.lstat(p).catch(() => undefined);
    if (!stat) return undefined;
    if (stat.isSymbolicLink()) {
      const real = await fs.realpath(p).catch(() => undefined);
      return real && within(realTree, real) ? undefined : p;
    }
    if (stat.isDirectory()) {
      for (const entry of await fs.readdir(p)) {
        const found = await check(path.join(p, entry));
        if (found) return found;
      }
    }
    return undefined;
  };
  return check(target);
}

export const outOfRepository = (tree: string, link: string) =>
  `${path.relative(
    tree,
    link,
  )} is a symbolic link out of the config repository, which helm is not given`;
