/** An image name split into the registry that serves it and the repository in it. */
export type ImageRepository = { host: string; repository: string };

/**
 * `ghcr.io/acme/web` → ghcr.io + acme/web; `127.0.0.1:5000/web` → that
 * host + web; `nginx` and `acme/web` are Docker Hub's (`library/nginx`).
 */
export function splitImageName(name: string): ImageRepository {
  const [first, ...rest] = name.split('/');
  if (rest.length > 0 && (/[.:]/.test(first) || first === 'localhost')) {
    return { host: first, repository: rest.join('/') };
  }
  return {
    host: 'docker.io',
    repository: rest.length > 0 ? name : `library/${name}`,
  };
}
