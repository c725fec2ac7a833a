import { isDeepStrictEqual } from 'node:util';
import type { ObjectClient } from '../apply/ObjectClient';
import { CanaryResource, workloadNames } from '../canary/canaryResource';
import {
  CANARY_FIELD_MANAGER,
  readService,
  serviceObject,
} from '../canary/canaryServices';
import { Router, Weights } from './Router';

/**
 * Blue/green with nothing but Kubernetes: the Service clients call selects
 * either the primary's pods or the canary's, so traffic switches all at once.
 * The canary is analysed through its own Service before the switch.
 *
 * @public
 */
export class KubernetesRouter implements Router {
  constructor(private readonly client: ObjectClient) {}

  /** {@inheritDoc Router.reconcile} */
  async reconcile(canary: CanaryResource): Promise<void> {
    const apex = await this.apex(canary);
    if (!apex) {
      await this.setWeights(canary, { primary: 100, canary: 0 });
    }
  }

  /** {@inheritDoc Router.setWeights} */
  async setWeights(canary: CanaryResource, weights: Weights): Promise<void> {
    if (weights.canary !== 0 && weights.canary !== 100) {
      throw new Error(
        `the kubernetes provider switches all traffic at once; it cannot send ${weights.canary}% to the canary`,
      );
    }
    const names = workloadNames(canary);
    const { primary, canary: canarySelector } = await this.selectors(canary);
    await this.client.apply(
      serviceObject(
        canary,
        names.apex,
        weights.canary === 100 ? canarySelector : primary,
      ),
      CANARY_FIELD_MANAGER,
    );
  }

  /** {@inheritDoc Router.getWeights} */
  async getWeights(canary: CanaryResource): Promise<Weights> {
    const apex = await this.apex(canary);
    const { canary: canarySelector } = await this.selectors(canary);
    return isDeepStrictEqual(apex?.spec?.selector, canarySelector)
      ? { primary: 0, canary: 100 }
      : { primary: 100, canary: 0 };
  }

  /** {@inheritDoc Router.finalize} */
  finalize(canary: CanaryResource): Promise<void> {
    return this.setWeights(canary, { primary: 100, canary: 0 });
  }

  private apex(canary: CanaryResource) {
    return readService(
      this.client,
      canary.metadata.namespace,
      workloadNames(canary).apex,
    );
  }

  /** What the primary and canary Services select: the workload step made them. */
  private async selectors(canary: CanaryResource) {
    const names = workloadNames(canary);
    const [primary, canarySide] = await Promise.all([
      readService(this.client, canary.metadata.namespace, names.primaryService),
      readService(this.client, canary.metadata.namespace, names.canaryService),
    ]);
    if (!primary?.spec?.selector || !canarySide?.spec?.selector) {
      throw new Error(
        `the Services ${names.primaryService} and ${names.canaryService} do not exist yet in ${canary.metadata.namespace}`,
      );
    }
    return { primary: primary.spec.selector, canary: canarySide.spec.selector };
  }
}
