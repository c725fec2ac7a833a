import type { Manifest } from '../render/manifest';

const FIRST = ['CustomResourceDefinition', 'Namespace'];

/** CRDs, then Namespaces, then everything else in the order Git has it. */
export function applyOrder<T extends { object: Manifest }>(items: T[]): T[] {
  const rank = (item: T) => {
    const i = FIRST.indexOf(item.object.kind);
    return i === -1 ? FIRST.length : i;
  };
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index)
    .map(({ item }) => item);
}
