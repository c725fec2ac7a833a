/**
 * A Kubernetes object read from the config repository, with where it came from.
 *
 * @public
 */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

/**
 * A rendered manifest with the file of the config repository it came from.
 *
 * @public
 */
export type SourcedManifest = {
  object: Manifest;
  /** Path relative to the service directory, and the 1-based line of the document. */
  file: string;
  line: number;
  /** A Helm hook: applied before (and awaited) or after the rest, in weight order. */
  hook?: ChartHook;
};

/**
 * When a chart's hook object is applied (see the engine README's hook mapping).
 *
 * @public
 */
export type ChartHook = { phase: 'pre' | 'post'; weight: number };

/**
 * One thing wrong with the manifests, naming the file, line and field.
 *
 * @public
 */
export type ManifestIssue = {
  file: string;
  line?: number;
  field?: string;
  message: string;
};

/**
 * The rendered manifests failed validation; nothing was applied.
 *
 * @public
 */
export class InvalidManifestsError extends Error {
  constructor(
    /** Every problem found, each naming its file, object and field. */
    readonly issues: ManifestIssue[],
  ) {
    const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
    super(
      `${count} in the manifests; nothing was applied:\n${issues
        .map(formatIssue)
        .join('\n')}`,
    );
  }
}

/**
 * One validation issue as a line naming the file, the object and the field.
 *
 * @public
 */
export function formatIssue(issue: ManifestIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}` : issue.file;
  return `${where}: ${issue.field ? `${issue.field} ` : ''}${issue.message}`;
}
