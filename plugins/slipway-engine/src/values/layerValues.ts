import { isPlainObject } from './isPlainObject';

/**
 * Later values over earlier ones, as Helm layers a chart's values: maps
 * merged key by key, anything else (a list too) replaced. Layers that are
 * not maps (an empty file) add nothing.
 */
export function layerValues(layers: unknown[]): Record<string, unknown> {
  const into = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    const out = { ...a };
    for (const [key, value] of Object.entries(b)) {
      out[key] =
        isPlainObject(out[key]) && isPlainObject(value)
          ? into(out[key] as Record<string, unknown>, value)
          : value;
    }
    return out;
  };
  return layers.filter(isPlainObject).reduce(into, {});
}
