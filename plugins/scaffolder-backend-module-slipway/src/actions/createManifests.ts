import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { SlipwayEnvironment } from '@slipway/backstage-plugin-slipway-common';
import { parseImageReference, servicePath } from '@slipway/engine';
import fs from 'node:fs/promises';
import path from 'node:path';
import { serviceManifests } from '../manifests/serviceManifests';
import {
  checkEnvironments,
  checkImage,
  checkServiceName,
  namespaceIn,
} from './validateInput';

/**
 * `slipway:manifests:create` writes a new service's config-repository files
 * into the workspace, laid out as in the config repository, for
 * `slipway:config-repo:pull-request` to propose.
 *
 * @public
 */
export function createManifestsAction(options: {
  environments: SlipwayEnvironment[];
}) {
  return createTemplateAction({
    id: 'slipway:manifests:create',
    description:
      "Renders a new service's Deployment, Service, Canary and optional HorizontalPodAutoscaler as a kustomize base with one overlay per environment, or as a Helm chart with one release per environment",
    examples: [
      {
        description: 'A service released by canary on the Gateway API',
        example: `steps:
  - id: manifests
    action: slipway:manifests:create
    input:
      name: checkout
      image: ghcr.io/acme/checkout:1.0.0
      port: 8080
      environments: [staging, production]
      canary:
        router: gatewayapi
        gateway: public
        stepWeights: [10, 25, 50]
        minSuccessRate: 99
      autoscaling: { minReplicas: 2, maxReplicas: 10, cpu: 70 }
      targetPath: config-repo
`,
      },
      {
        description:
          'The same service as a Helm chart in the config repository, each environment a release of it with its own values file',
        example: `steps:
  - id: manifests
    action: slipway:manifests:create
    input:
      name: checkout
      image: ghcr.io/acme/checkout:1.0.0
      port: 8080
      environments: [staging, production]
      layout: helm
      chartPath: charts/{service}
      canary: { router: gatewayapi, gateway: public }
`,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('Service name: a DNS-1123 label'),
        image: z =>
          z
            .string()
            .describe('First image to run, with a version: repository:tag'),
        port: z =>
          z.number().int().min(1).max(65535).describe('Container port'),
        environments: z =>
          z
            .array(z.string())
            .min(1)
            .describe('Environments from app-config slipway.environments'),
        namespace: z =>
          z
            .string()
            .optional()
            .describe(
              "Namespace in every environment; default each environment's first allowed namespace",
            ),
        canary: z =>
          z
            .object({
              router: z.enum(['gatewayapi', 'kubernetes', 'appmesh']),
              stepWeights: z
                .array(z.number().int().min(1).max(100))
                .min(1)
                .default([10, 20, 30, 40, 50]),
              gateway: z.string().optional(),
              meshName: z.string().optional(),
              analysis: z
                .enum(['request-success-rate', 'none'])
                .default('request-success-rate')
                .describe(
                  'Judge each step on the built-in request success rate, or let the steps alone decide',
                ),
              minSuccessRate: z.number().min(0).max(100).default(99),
            })
            .optional()
            .describe('Release new versions as canaries; omit for none'),
        autoscaling: z =>
          z
            .union([
              z.boolean(),
              z.object({
                minReplicas: z.number().int().min(1),
                maxReplicas: z.number().int().min(1),
                cpu: z.number().int().min(1).max(100),
              }),
            ])
            .optional()
            .describe(
              'Add a HorizontalPodAutoscaler: true for 2 to 10 replicas at 70 % CPU, or the numbers',
            ),
        layout: z =>
          z
            .enum(['kustomize', 'helm'])
            .default('kustomize')
            .describe(
              "kustomize: a base and an overlay per environment; helm: a chart and, per environment, a release of it (slipway-chart.yaml) with the environment's values.yaml",
            ),
        basePath: z =>
          z
            .string()
            .default('base/{service}')
            .describe('Where the kustomize base goes in the config repository'),
        chartPath: z =>
          z
            .string()
            .default('charts/{service}')
            .describe('Where the Helm chart goes in the config repository'),
        targetPath: z =>
          z
            .string()
            .default('config-repo')
            .describe(
              'Workspace directory that stands for the config repository root',
            ),
      },
      output: {
        files: z =>
          z
            .array(z.string())
            .describe('Files written, from the config repository root'),
        overlays: z =>
          z
            .record(z.string())
            .describe('Overlay directory of each environment'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      checkServiceName(input.name);
      checkImage(input.image);
      const chosen = checkEnvironments(
        input.environments,
        options.environments,
      );
      const layout = input.layout ?? 'kustomize';
      if (layout === 'helm' && !parseImageReference(input.image).tag) {
        throw new InputError(
          `input.image must have a tag for the helm layout (its values set image.tag); got ${JSON.stringify(
            input.image,
          )}`,
        );
      }
      const pathOf = (field: 'basePath' | 'chartPath', fallback: string) =>
        repositoryPath(
          (input[field] ?? fallback).replaceAll('{service}', input.name),
          `input.${field}`,
        );
      const basePath = pathOf('basePath', 'base/{service}');
      const autoscaling =
        input.autoscaling === true
          ? { minReplicas: 2, maxReplicas: 10, cpu: 70 }
          : input.autoscaling || undefined;
      if (autoscaling && autoscaling.minReplicas > autoscaling.maxReplicas) {
        throw new InputError(
          'input.autoscaling.minReplicas must not be above maxReplicas',
        );
      }
      const environments = chosen.map(env => ({
        name: env.name,
        namespace: namespaceIn(env, input.name, input.namespace),
        path: servicePath(env.path, {
          environment: env.name,
          service: input.name,
        }),
      }));
      const files = serviceManifests({
        ...(layout === 'helm'
          ? { layout, chartPath: pathOf('chartPath', 'charts/{service}') }
          : { layout }),
        name: input.name,
        image: input.image,
        port: input.port,
        environments,
        basePath,
        canary: input.canary && {
          router: input.canary.router,
          gateway: input.canary.gateway,
          meshName: input.canary.meshName,
          stepWeights: input.canary.stepWeights ?? [10, 20, 30, 40, 50],
          minSuccessRate:
            input.canary.analysis === 'none'
              ? undefined
              : input.canary.minSuccessRate ?? 99,
        },
        autoscaling,
      });
      const root = resolveSafeChildPath(
        ctx.workspacePath,
        input.targetPath ?? 'config-repo',
      );
      for (const [file, text] of Object.entries(files)) {
        const full = resolveSafeChildPath(root, file);
        await fs.mkdir(path.dirname(full), { recursive: true });
        await fs.writeFile(full, text);
      }
      ctx.logger.info(
        `Wrote ${Object.keys(files).length} files for ${input.name} into ${
          input.targetPath ?? 'config-repo'
        }: ${Object.keys(files).join(', ')}`,
      );
      ctx.output('files', Object.keys(files));
      ctx.output(
        'overlays',
        Object.fromEntries(environments.map(e => [e.name, e.path])),
      );
    },
  });
}

function repositoryPath(value: string, field: string): string {
  const normalised = path.posix.normalize(value);
  if (
    path.posix.isAbsolute(normalised) ||
    normalised.split('/').includes('..')
  ) {
    throw new InputError(
      `${field} must be a path inside the config repository, without ".."; got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return normalised.replace(/\/$/, '');
}
