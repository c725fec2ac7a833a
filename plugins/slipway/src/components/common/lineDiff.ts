export type DiffLine = { op: ' ' | '-' | '+'; text: string };

/** Files longer than this are not diffed line by line (the table is lines × lines). */
const MAX_LINES = 2000;

/**
 * The lines that change between two texts (a longest common subsequence),
 * each marked `-` (only before), `+` (only after) or ` ` (both).
 * Undefined when either side is too long to diff here.
 */
export function lineDiff(
  before: string | null,
  after: string | null,
): DiffLine[] | undefined {
  const a = before ? before.replace(/\n$/, '').split('\n') : [];
  const b = after ? after.replace(/\n$/, '').split('\n') : [];
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return undefined;
  }
  // common[i][j]: the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i][j] =
        a[i] === b[j]
          ? common[i + 1][j + 1] + 1
          : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const lines: DiffLine[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ op: ' ', text: a[i++] });
      j++;
    } else if (
      i < a.length &&
      (j === b.length || common[i + 1][j] >= common[i][j + 1])
    ) {
      // Removed lines first, as diff prints them.
      lines.push({ op: '-', text: a[i++] });
    } else {
      lines.push({ op: '+', text: b[j++] });
    }
  }
  return lines;
}
