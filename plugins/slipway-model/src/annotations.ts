/**
 * Annotations a catalog Component carries to be delivered by Slipway.
 *
 * @public
 */
export const SLIPWAY_ANNOTATIONS = {
  /** Comma-separated environment names, in promotion order: `staging,production`. */
  environments: 'slipway.io/environments',
  /** Path of the service's manifests in the config repo, when it differs from the template. */
  path: 'slipway.io/path',
  /** The service name in the config repo, when it differs from the entity name. */
  service: 'slipway.io/service',
  /**
   * The image policy (YAML: `semver: ^1.4.0`) for every environment whose
   * app-config enables `imageAutomation`; `slipway.io/image-policy.<env>`
   * sets one environment's, and enables automation there.
   */
  imagePolicy: 'slipway.io/image-policy',
  /**
   * Comma-separated namespaces this service may write, narrower than its
   * environments' app-config `namespaces` (never wider).
   */
  namespaces: 'slipway.io/namespaces',
} as const;

/**
 * Labels on every object Slipway applies, so the inventory can be rebuilt from the cluster.
 *
 * @public
 */
export const SLIPWAY_LABELS = {
  service: 'slipway.io/service',
  environment: 'slipway.io/environment',
} as const;

/**
 * Set on a live object to keep Slipway from deleting it when it leaves Git.
 *
 * @public
 */
export const SLIPWAY_PRUNE_ANNOTATION = 'slipway.io/prune';

/**
 * Set by Slipway on what it applies: a hash of the object as Git last had it.
 * While it matches and the live object still holds every field Git sets, a
 * resync needs no server-side dry run.
 *
 * @public
 */
export const SLIPWAY_DESIRED_HASH_ANNOTATION = 'slipway.io/desired-hash';

/**
 * Set on a live object to hand it to a Slipway service (the value names
 * it): without it, an object that another service or another tool holds is
 * never overwritten.
 *
 * @public
 */
export const SLIPWAY_ADOPT_ANNOTATION = 'slipway.io/adopt';

/**
 * Set by Slipway on what it applies: the catalog entity that delivers it.
 * Labels name the service, which a second entity could name too; this
 * names the one that holds it, so no other entity's target touches it.
 *
 * @public
 */
export const SLIPWAY_ENTITY_ANNOTATION = 'slipway.io/entity';

/**
 * Field manager for server-side apply.
 *
 * @public
 */
export const SLIPWAY_FIELD_MANAGER = 'slipway';

/**
 * Set on a Canary to stop its steps until removed (the portal's pause). An
 * annotation, not `spec.suspend`: the spec belongs to Git and the
 * reconciler would set it back; an annotation it does not manage stays.
 *
 * @public
 */
export const CANARY_PAUSED_ANNOTATION = 'slipway.io/paused';

/**
 * Set on a Canary by a rollback to a release that already passed its
 * canary (JSON, see CanarySkipAnalysis): the next run whose images are
 * among those is promoted without analysis, once. Like the pause, an
 * annotation Git does not manage, so a reconcile leaves it.
 *
 * @public
 */
export const CANARY_SKIP_ANALYSIS_ANNOTATION = 'slipway.io/skip-analysis';
