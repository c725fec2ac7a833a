import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { parseManifests } from './loadManifests';
import { ManifestIssue, SourcedManifest } from './manifest';

export const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** Which of a directory's entries is its kustomization file, if any. */
export const kustomizationAmong = (names: Iterable<string>) => {
  const present = new Set(names);
  return KUSTOMIZATION_FILES.find(name => present.has(name));
};

/** The kustomization file of a directory, if it has one (undefined also when the directory does not exist). */
export async function findKustomization(
  dir: string,
): Promise<string | undefined> {
  // One listing instead of a failed stat per name: a thousand services render in one resync.
  return kustomizationAmong(await fs.readdir(dir).catch(() => []));
}

/**
 * Renders a kustomization with the real kustomize. Failures become manifest
 * issues on the kustomization file, with kustomize's own message.
 */
export function kustomizeBuild(options: {
  kustomize: string;
  dir: string;
  /** How the kustomization is named in issues, e.g. its path in the repository. */
  file: string;
  /** Cut from kustomize's messages, so they show repository paths, not temp dirs. */
  root?: string;
  timeoutMs?: number;
}): Promise<{ manifests: SourcedManifest[]; issues: ManifestIssue[] }> {
  const { kustomize, dir, file } = options;
  return new Promise(resolve => {
    execFile(
      kustomize,
      ['build', dir],
      { timeout: options.timeoutMs ?? 60_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const message = (stderr.trim() || error.message)
            .replace(/^Error: /, '')
            .split(`${options.root ?? dir}/`)
            .join('');
          resolve({
            manifests: [],
            issues: [{ file, message: `kustomize build failed: ${message}` }],
          });
          return;
        }
        resolve(parseManifests(stdout, `${file} (kustomize build)`));
      },
    );
  });
}
