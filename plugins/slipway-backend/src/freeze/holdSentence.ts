import {
  isCanaryHold,
  type ReleaseHold,
} from '@slipway/backstage-plugin-slipway-common';

/** Why an image is held in an environment: `held: <image> failed its canary in staging (<reason>)`. */
export function holdSentence(
  image: string,
  environment: string,
  hold: ReleaseHold,
): string {
  const why = isCanaryHold(hold)
    ? `failed its canary in ${environment} (${hold.reason || 'rolled back'})`
    : `was rolled back in ${environment} by ${hold.by} (${hold.reason})`;
  return `held: ${image} ${why}`;
}
