import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { helmEnv } from './helmEnv';
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

/** Where kustomize's HTTP requests go when remote bases are off: nowhere (the discard port). */
const NO_PROXY_ANSWERS = 'http://127.0.0.1:9';

/**
 * kustomize's environment without network access: its HTTP fetches go to a
 * proxy that refuses them and git may only clone local repositories.
 */
const offline = () => ({
  ...process.env,
  HTTP_PROXY: NO_PROXY_ANSWERS,
  HTTPS_PROXY: NO_PROXY_ANSWERS,
  http_proxy: NO_PROXY_ANSWERS,
  https_proxy: NO_PROXY_ANSWERS,
  NO_PROXY: '',
  no_proxy: '',
  GIT_ALLOW_PROTOCOL: 'file',
});

/** Why a remote resource is not fetched, for the one named or an unnamed one. */
export const remoteBasesOff = (resource?: string) =>
  `${
    resource ? `${resource} is a remote resource` : 'a remote resource is named'
  }, and remote bases are off in this environment (kustomize.remoteBases in its app-config)`;

/** kustomize's message for a remote resource it was kept from fetching, said plainly. */
function remoteRefusal(message: string): string | undefined {
  if (
    !/proxyconnect tcp: dial tcp 127\.0\.0\.1:9|transport '[a-z]+' not allowed/.test(
      message,
    )
  ) {
    return undefined;
  }
  return remoteBasesOff(
    /accumulating resources from '([^']+)'/.exec(message)?.[1],
  );
}

/**
 * Renders a kustomization with the real kustomize, without network access
 * unless remote bases are allowed. Failures become manifest issues on the
 * kustomization file, with kustomize's own message.
 */
export function kustomizeBuild(options: {
  kustomize: string;
  dir: string;
  /** How the kustomization is named in issues, e.g. its path in the repository. */
  file: string;
  /** Cut from kustomize's messages, so they show repository paths, not temp dirs. */
  root?: string;
  timeoutMs?: number;
  /** Let kustomize fetch remote bases and resources over the network. */
  remoteBases?: boolean;
  /** The helm binary for a `helmCharts:` generator, run with its own empty home. */
  helm?: { binary: string; home: string };
}): Promise<{ manifests: SourcedManifest[]; issues: ManifestIssue[] }> {
  const { kustomize, dir, file, helm } = options;
  return new Promise(resolve => {
    execFile(
      kustomize,
      [
        'build',
        ...(helm ? ['--enable-helm', '--helm-command', helm.binary] : []),
        dir,
      ],
      {
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 256 * 1024 * 1024,
        env: {
          ...(options.remoteBases ? process.env : offline()),
          ...(helm && helmEnv(helm.home, !options.remoteBases)),
        },
      },
      (error, stdout, stderr) => {
        if (error) {
          const message = (stderr.trim() || error.message)
            .replace(/^Error: /, '')
            .split(`${options.root ?? dir}/`)
            .join('');
          const refusal = options.remoteBases
            ? undefined
            : remoteRefusal(message);
          resolve({
            manifests: [],
            issues: [
              {
                file,
                message: `kustomize build failed: ${refusal ?? message}`,
              },
            ],
          });
          return;
        }
        resolve(parseManifests(stdout, `${file} (kustomize build)`));
      },
    );
  });
}
