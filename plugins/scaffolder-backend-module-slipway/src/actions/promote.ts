import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { PromotionResponse } from '@slipway/backstage-plugin-slipway-common';
import type { PromoteThroughSlipway } from '../slipwayBackend';

/**
 * `slipway:promote` moves the images of one environment of a catalog
 * Component to the next, as a Git change: a commit or a pull request, as
 * the target environment's `promotion.mode` says. It asks Slipway's
 * backend with the runner's credentials, so the same permission, checks and
 * audit hold as for the Promote button.
 *
 * @public
 */
export function createPromoteAction(options: {
  promote: PromoteThroughSlipway;
}) {
  return createTemplateAction({
    id: 'slipway:promote',
    description:
      "Promotes a service's images from one environment to the next as a commit or pull request on the config repository",
    examples: [
      {
        description: 'Promote checkout from staging to production',
        example: `steps:
  - id: promote
    action: slipway:promote
    input:
      entityRef: component:default/checkout
      to: production
      reason: soaked in staging for a day
`,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string().describe('The catalog Component delivered by Slipway'),
        to: z => z.string().describe('Environment to promote into'),
        from: z =>
          z
            .string()
            .optional()
            .describe(
              'Environment to take the version from; default the one before',
            ),
        reason: z =>
          z
            .string()
            .max(500)
            .optional()
            .describe('Why, for the commit message'),
      },
      output: {
        mode: z => z.string().describe('commit, pull-request or branch'),
        changed: z =>
          z
            .boolean()
            .describe('False when the target already ran these images'),
        revision: z => z.string().optional(),
        url: z =>
          z
            .string()
            .optional()
            .describe('The pull request or commit on GitHub'),
        branch: z => z.string(),
        changes: z =>
          z
            .array(
              z.object({ file: z.string(), from: z.string(), to: z.string() }),
            )
            .describe('Each image reference changed'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      let entity;
      try {
        entity = parseEntityRef(input.entityRef, { defaultKind: 'component' });
      } catch (error) {
        throw new InputError(`input.entityRef: ${(error as Error).message}`);
      }
      if (ctx.isDryRun) {
        ctx.logger.info(`Would promote ${input.entityRef} into ${input.to}`);
        ctx.output('mode', 'dry-run');
        ctx.output('changed', false);
        ctx.output('branch', '');
        ctx.output('changes', []);
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const result = (await ctx.checkpoint({
        key: `slipway-promote-${stringifyEntityRef(entity)}-${
          input.from ?? ''
        }-${input.to}`,
        fn: async () =>
          JSON.parse(
            JSON.stringify(
              await options.promote(
                {
                  entity,
                  to: input.to,
                  from: input.from,
                  reason: input.reason,
                },
                credentials,
              ),
            ),
          ),
      })) as PromotionResponse;
      ctx.logger.info(
        result.changed
          ? `Promoted ${result.from} → ${result.to}: ${result.changes
              .map(c => `${c.from} → ${c.to}`)
              .join(', ')} (${result.mode}${
              result.url ? ` ${result.url}` : ''
            })`
          : `${result.to} already runs what ${result.from} runs: nothing to commit`,
      );
      ctx.output('mode', result.mode);
      ctx.output('changed', result.changed);
      ctx.output('branch', result.branch);
      ctx.output(
        'changes',
        result.changes.map(({ file, from, to }) => ({ file, from, to })),
      );
      if (result.revision) {
        ctx.output('revision', result.revision);
      }
      if (result.url) {
        ctx.output('url', result.url);
      }
    },
  });
}
