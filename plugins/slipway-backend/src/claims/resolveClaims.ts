import { redactUrl } from '@slipway/engine';
import type { TargetDefinition } from '../store/types';

/** A target's hold on its (service, environment) and its (repository, branch, path). */
export type Claim = {
  targetId: string;
  entityRef: string;
  environment: string;
  service: string;
  repository: string;
  branch: string;
  path: string;
  /** When it was first held (ms). */
  claimedAt: number;
};

/** A target that claims what another entity holds: it reconciles nothing. */
export type ClaimConflict = {
  targetId: string;
  entityRef: string;
  environment: string;
  heldBy: { targetId: string; entityRef: string };
  /** What is contested, in words: `service "payments" in staging`. */
  reason: string;
  /** When the conflict was first seen (ms). */
  since: number;
};

export type ResolvedClaims = {
  claims: Claim[];
  conflicts: ClaimConflict[];
  /** The targets to reconcile: those whose entity holds their claim. */
  granted: TargetDefinition[];
};

/** `a/./b//c/` and `a/b/c` are one directory. */
export function normalizeClaimPath(p: string): string {
  return p
    .split('/')
    .filter(part => part !== '' && part !== '.')
    .join('/');
}

const within = (inner: string, outer: string) =>
  outer === '' || inner === outer || inner.startsWith(`${outer}/`);

/** Why two claims collide, or undefined when they do not. */
export function collision(
  a: Omit<Claim, 'claimedAt'>,
  b: Omit<Claim, 'claimedAt'>,
): string | undefined {
  if (a.environment === b.environment && a.service === b.service) {
    return `service "${a.service}" in ${a.environment}`;
  }
  const pa = normalizeClaimPath(a.path);
  const pb = normalizeClaimPath(b.path);
  if (
    a.repository === b.repository &&
    a.branch === b.branch &&
    (within(pa, pb) || within(pb, pa))
  ) {
    // Stored, served and logged: a repository URL's user and password stay out.
    return `path "${pb}" of ${redactUrl(b.repository)} (${b.branch})`;
  }
  return undefined;
}

const claimOf = (t: TargetDefinition, claimedAt: number): Claim => ({
  targetId: t.id,
  entityRef: t.entityRef,
  environment: t.spec.environment,
  service: t.spec.service,
  repository: t.spec.repository,
  branch: t.spec.branch,
  path: normalizeClaimPath(t.spec.path),
  claimedAt,
});

/** An entity named as the service it delivers: the likelier owner when two claim it at once. */
const isNamesake = (t: TargetDefinition) =>
  t.entityRef.slice(t.entityRef.lastIndexOf('/') + 1) === t.spec.service;

const sameClaim = (a: Claim, b: Claim) =>
  a.entityRef === b.entityRef &&
  a.environment === b.environment &&
  a.service === b.service &&
  a.repository === b.repository &&
  a.branch === b.branch &&
  a.path === b.path;

/**
 * Decides which entity holds each service and path. A claim already held
 * stays held while its entity still makes it (or its entity's annotations
 * cannot be read for now: a typo must not hand a service to someone else);
 * new claims are granted in a fixed order, so every replica and every
 * restart decides alike: targets that already ran, then entities named as
 * their service (with an in-memory database every start is a first pass,
 * and `evil` naming payments sorts before `payments`), then by id. A claim
 * that collides with a held one is a conflict, kept with the time it was
 * first seen. Objects in the cluster also carry their entity
 * (`slipway.io/entity`), so even a claim granted wrongly writes none of
 * another entity's objects.
 */
export function resolveClaims(input: {
  candidates: TargetDefinition[];
  held: Claim[];
  previousConflicts: ClaimConflict[];
  /** Entities listed with Slipway annotations that could not be read: they keep what they hold. */
  unreadable: Set<string>;
  /**
   * Targets that ran before claims were kept (an upgrade): they are granted
   * before newcomers, so an existing service is not lost to a later copy.
   */
  established?: Set<string>;
  now: number;
}): ResolvedClaims {
  const { candidates, unreadable, now } = input;
  const byId = new Map(candidates.map(t => [t.id, t]));
  const claims: Claim[] = input.held.filter(h => {
    const candidate = byId.get(h.targetId);
    if (candidate) {
      return sameClaim(h, claimOf(candidate, h.claimedAt));
    }
    return unreadable.has(h.entityRef);
  });
  const holding = new Set(claims.map(c => c.targetId));
  const since = new Map(
    input.previousConflicts.map(c => [`${c.targetId}>${c.heldBy.targetId}`, c]),
  );
  const conflicts: ClaimConflict[] = [];
  const granted: TargetDefinition[] = [];
  const rank = (t: TargetDefinition) => {
    if (input.established?.has(t.id)) return 0;
    return isNamesake(t) ? 1 : 2;
  };
  const ordered = [...candidates].sort(
    (a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id),
  );
  for (const target of ordered) {
    const wanted = claimOf(target, now);
    if (holding.has(target.id)) {
      granted.push(target);
      continue;
    }
    const holder = claims
      .map(c => ({ c, reason: collision(wanted, c) }))
      .find(h => h.reason && h.c.entityRef !== target.entityRef);
    if (!holder) {
      // Two environments of one entity never collide; a repeat of a path by one entity is its own affair.
      claims.push(wanted);
      holding.add(target.id);
      granted.push(target);
      continue;
    }
    const key = `${target.id}>${holder.c.targetId}`;
    conflicts.push({
      targetId: target.id,
      entityRef: target.entityRef,
      environment: target.spec.environment,
      heldBy: { targetId: holder.c.targetId, entityRef: holder.c.entityRef },
      reason: holder.reason!,
      since: since.get(key)?.since ?? now,
    });
  }
  return { claims, conflicts, granted };
}
