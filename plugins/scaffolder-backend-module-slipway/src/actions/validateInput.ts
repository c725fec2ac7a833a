import { InputError } from '@backstage/errors';
import { SlipwayEnvironment } from '@slipway/backstage-plugin-slipway-common';
import { namespacesFor } from '@slipway/backstage-plugin-slipway-node';
import { isImageReference, parseImageReference } from '@slipway/engine';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Room for the `-primary` and `-canary` objects the canary engine derives from the name. */
const MAX_SERVICE_NAME = 50;

/** A service name that is a DNS-1123 label short enough for the canary's derived names. */
export function checkServiceName(name: string, field = 'input.name') {
  if (!DNS_LABEL.test(name) || name.length > MAX_SERVICE_NAME) {
    throw new InputError(
      `${field} must be a DNS-1123 label of at most ${MAX_SERVICE_NAME} characters (lower-case letters, digits and "-", starting and ending with a letter or digit); got ${JSON.stringify(
        name,
      )}`,
    );
  }
}

/** An image reference with a fixed version: a tag other than latest, or a digest. */
export function checkImage(image: string, field = 'input.image') {
  if (!isImageReference(image)) {
    throw new InputError(
      `${field} is not a well-formed image reference (registry/repository:tag); got ${JSON.stringify(
        image,
      )}`,
    );
  }
  const { tag, digest } = parseImageReference(image);
  if (!digest && (!tag || tag === 'latest')) {
    throw new InputError(
      `${field} must name a version (a tag other than latest, or a digest): GitOps promotes versions, and "${image}" can change under it`,
    );
  }
}

/** The chosen environments, from app-config only, in its promotion order. */
export function checkEnvironments(
  chosen: string[],
  environments: SlipwayEnvironment[],
  field = 'input.environments',
): SlipwayEnvironment[] {
  const known = environments.map(e => e.name);
  const unknown = chosen.filter(e => !known.includes(e));
  if (unknown.length > 0) {
    throw new InputError(
      `${field}: ${unknown.join(
        ', ',
      )} is not an environment in app-config slipway.environments (known: ${
        known.join(', ') || 'none'
      })`,
    );
  }
  return environments.filter(e => chosen.includes(e.name));
}

/** The namespace a service gets in an environment, which must be one it may write there. */
export function namespaceIn(
  environment: SlipwayEnvironment,
  service: string,
  requested: string | undefined,
  field = 'input.namespace',
): string {
  const allowed = namespacesFor(environment, service);
  const namespace = requested ?? allowed[0];
  if (!DNS_LABEL.test(namespace)) {
    throw new InputError(
      `${field} must be a DNS-1123 label; got ${JSON.stringify(namespace)}`,
    );
  }
  if (!allowed.includes(namespace)) {
    throw new InputError(
      `${field}: namespace ${namespace} is not allowed in environment ${
        environment.name
      } (allowed: ${allowed.join(', ')})`,
    );
  }
  return namespace;
}

/**
 * The branch a proposal is pushed to: a valid name, and never a branch an
 * environment reconciles from (the base branch included), which a push
 * would commit to directly or move.
 */
export function checkProposalBranch(
  branchName: string,
  environments: SlipwayEnvironment[],
  field: string,
): string {
  const name = branchName.replace(/^refs\/heads\//, '');
  if (
    !/^[\w./-]+$/.test(name) ||
    name.startsWith('-') ||
    name.split('/').some(part => part === '..' || part === '')
  ) {
    throw new InputError(`${field} is not a valid branch name: ${branchName}`);
  }
  const taken = environments.find(e => e.branch === name);
  if (taken) {
    throw new InputError(
      `${field} may not be ${name}: environment ${taken.name} reconciles from that branch; name a branch of its own, e.g. slipway/add-<service>`,
    );
  }
  return name;
}
