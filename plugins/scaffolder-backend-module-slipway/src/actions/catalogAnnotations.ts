import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  SLIPWAY_ANNOTATIONS,
  SlipwayEnvironment,
} from '@slipway/backstage-plugin-slipway-common';

/**
 * `slipway:catalog:annotations` turns the environments a template user chose
 * into the slipway.io annotations of the new Component's catalog-info.yaml,
 * accepting only environments app-config defines, in promotion order.
 *
 * @public
 */
export function createCatalogAnnotationsAction(options: {
  environments: SlipwayEnvironment[];
}) {
  const known = options.environments.map(e => e.name);
  return createTemplateAction({
    id: 'slipway:catalog:annotations',
    description:
      'Computes the slipway.io annotations for a new service from the chosen environments',
    examples: [
      {
        description: 'Deliver a new service to staging and production',
        example: `steps:
  - id: slipway-annotations
    action: slipway:catalog:annotations
    input:
      environments: [staging, production]
`,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        environments: z =>
          z
            .array(z.string())
            .min(1)
            .describe(`Environments to deliver to; one of ${known.join(', ')}`),
        path: z =>
          z
            .string()
            .optional()
            .describe('Path in the config repo, when not the path template'),
      },
      output: {
        annotations: z =>
          z.record(z.string()).describe('Annotations for catalog-info.yaml'),
      },
    },
    async handler(ctx) {
      const unknown = ctx.input.environments.filter(e => !known.includes(e));
      if (unknown.length > 0) {
        throw new InputError(
          `input.environments: ${unknown.join(
            ', ',
          )} is not an environment in app-config slipway.environments (known: ${
            known.join(', ') || 'none'
          })`,
        );
      }
      const ordered = known.filter(k => ctx.input.environments.includes(k));
      const annotations: Record<string, string> = {
        [SLIPWAY_ANNOTATIONS.environments]: ordered.join(','),
      };
      if (ctx.input.path) {
        annotations[SLIPWAY_ANNOTATIONS.path] = ctx.input.path;
      }
      ctx.output('annotations', annotations);
    },
  });
}
