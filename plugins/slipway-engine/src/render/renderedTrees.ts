import type { RenderedDirectory } from './renderDirectory';

/** Trees whose rendered directories are remembered; older ones are forgotten. */
const TREES_REMEMBERED = 16;

const byTree = new Map<string, Map<string, Promise<RenderedDirectory>>>();

/**
 * Renders a directory of an exported tree once per tree. Trees are exported
 * per revision and never change, so every later run of the revision (a
 * resync of a thousand services is a thousand of them) reuses the parsed
 * YAML or the kustomize output instead of redoing it. The manifests returned
 * are shared: callers must not modify them.
 */
export function renderOnce(
  tree: string,
  key: string,
  render: () => Promise<RenderedDirectory>,
): Promise<RenderedDirectory> {
  let rendered = byTree.get(tree);
  if (rendered) {
    // Most recently used last, so the oldest tree is forgotten first.
    byTree.delete(tree);
  } else {
    rendered = new Map();
  }
  byTree.set(tree, rendered);
  for (const old of [...byTree.keys()].slice(0, -TREES_REMEMBERED)) {
    byTree.delete(old);
  }
  let result = rendered.get(key);
  if (!result) {
    result = render();
    const memo = rendered;
    // A failure (kustomize crashed, a file vanished) is tried again next run.
    result.catch(() => memo.delete(key));
    rendered.set(key, result);
  }
  return result;
}
