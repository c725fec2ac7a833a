import {
  AuditorService,
  PermissionsService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  isAllowed,
  SlipwayEnvironment,
  slipwayServiceCreatePermission,
} from '@slipway/backstage-plugin-slipway-common';
import {
  ConfigRepoWriter,
  ConfigRepoWriteResult,
  SLIPWAY_COMMIT_AUTHOR,
} from '@slipway/backstage-plugin-slipway-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  checkEnvironments,
  checkProposalBranch,
  checkServiceName,
} from './validateInput';

async function filesUnder(root: string, dir = root): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await filesUnder(root, full)));
    } else if (entry.isFile()) {
      files.push(path.relative(root, full).split(path.sep).join('/'));
    }
  }
  return files.sort();
}

/**
 * `slipway:config-repo:pull-request` proposes the files of a workspace
 * directory to the config repository of the chosen environments: a branch
 * and a pull request on GitHub, a pushed branch on any other Git server.
 * The runner needs `slipway.service.create`; each proposal is audited.
 *
 * @public
 */
export function createConfigRepoPullRequestAction(options: {
  environments: SlipwayEnvironment[];
  writer: ConfigRepoWriter;
  /** Checks `slipway.service.create` with the runner's credentials. */
  permissions: PermissionsService;
  /** Records each proposal: who, which service, where. */
  auditor?: AuditorService;
}) {
  return createTemplateAction({
    id: 'slipway:config-repo:pull-request',
    description:
      "Opens a pull request on the environments' config repository with the files of a workspace directory (on a Git server that is not GitHub, pushes a branch)",
    examples: [
      {
        description: 'Propose a new service to the config repository',
        example: `steps:
  - id: config-repo
    action: slipway:config-repo:pull-request
    input:
      service: checkout
      environments: [staging, production]
      sourcePath: config-repo
`,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        service: z => z.string().describe('The service the change is for'),
        environments: z =>
          z
            .array(z.string())
            .min(1)
            .describe('Environments whose config repository gets the change'),
        sourcePath: z =>
          z
            .string()
            .default('config-repo')
            .describe(
              'Workspace directory laid out as the config repository root',
            ),
        branchName: z =>
          z
            .string()
            .optional()
            .describe('Branch of the change; default slipway/add-<service>'),
        title: z => z.string().optional().describe('Pull request title'),
        description: z =>
          z.string().optional().describe('Pull request description'),
      },
      output: {
        mode: z =>
          z
            .string()
            .describe('pull-request (GitHub) or branch (any other Git server)'),
        branch: z => z.string().describe('The branch holding the change'),
        revision: z => z.string().optional().describe('Commit of the change'),
        pullRequestUrl: z =>
          z.string().optional().describe('The pull request, on GitHub'),
        repository: z => z.string().describe('The config repository'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      checkServiceName(input.service, 'input.service');
      const chosen = checkEnvironments(
        input.environments,
        options.environments,
      );
      const repositories = new Set(
        chosen.map(e => `${e.repository}#${e.branch}`),
      );
      if (repositories.size > 1) {
        throw new InputError(
          `input.environments: ${input.environments.join(
            ', ',
          )} live in different config repositories or branches (${[
            ...repositories,
          ].join(', ')}); run one step per repository`,
        );
      }
      const { repository, branch } = chosen[0];
      const branchName = checkProposalBranch(
        input.branchName ?? `slipway/add-${input.service}`,
        options.environments,
        'input.branchName',
      );
      // The scaffolder applies schema defaults; a direct call may not.
      const sourcePath = input.sourcePath ?? 'config-repo';
      const root = resolveSafeChildPath(ctx.workspacePath, sourcePath);
      const paths = await filesUnder(root).catch(() => {
        throw new InputError(
          `input.sourcePath: ${sourcePath} is not a directory of the workspace`,
        );
      });
      if (paths.length === 0) {
        throw new InputError(`input.sourcePath: ${sourcePath} holds no files`);
      }
      ctx.logger.info(
        `Proposing ${
          paths.length
        } files to ${repository} (${branch}) on branch ${branchName}: ${paths.join(
          ', ',
        )}`,
      );
      const credentials = await ctx.getInitiatorCredentials();
      const [decision] = await options.permissions.authorize(
        [{ permission: slipwayServiceCreatePermission }],
        { credentials },
      );
      if (!isAllowed(decision)) {
        throw new NotAllowedError(
          `Not allowed to ${
            slipwayServiceCreatePermission.name
          }: the permission policy does not let ${
            ctx.user?.ref ?? 'this template run'
          } propose services`,
        );
      }
      if (ctx.isDryRun) {
        ctx.output('mode', 'dry-run');
        ctx.output('branch', branchName);
        ctx.output('repository', repository);
        return;
      }
      const files: Record<string, string> = {};
      for (const file of paths) {
        files[file] = await fs.readFile(path.join(root, file), 'utf8');
      }
      const title =
        input.title ??
        `Add ${input.service} to ${chosen.map(e => e.name).join(', ')}`;
      const event = await options.auditor?.createEvent({
        eventId: 'config-repo-propose',
        severityLevel: 'medium',
        meta: {
          service: input.service,
          environments: chosen.map(e => e.name).join(', '),
          repository,
          branch: branchName,
          by: ctx.user?.ref ?? 'unknown',
        },
      });
      // A retried task gets the recorded result instead of writing again.
      const result = await ctx
        .checkpoint<ConfigRepoWriteResult>({
          key: `slipway-config-repo-${repository}-${branchName}`,
          fn: () =>
            options.writer.write({
              repository,
              branch,
              mode: 'pull-request',
              change: {
                files,
                message: `${title}\n\nProposed by Slipway's scaffolder action for ${
                  ctx.user?.ref ?? 'a template run'
                }.`,
                author: SLIPWAY_COMMIT_AUTHOR,
              },
              pullRequest: {
                branch: branchName,
                title,
                body:
                  input.description ??
                  `Files:\n${paths.map(p => `- ${p}`).join('\n')}`,
              },
            }),
        })
        .catch(async error => {
          await event?.fail({ error });
          throw error;
        });
      await event?.success();
      ctx.logger.info(
        result.mode === 'pull-request'
          ? `Pull request: ${result.url}`
          : `Pushed branch ${result.branch} (${
              result.revision?.slice(0, 12) ?? 'no change'
            }); merge it on the Git server`,
      );
      ctx.output('mode', result.mode);
      ctx.output('branch', result.branch);
      ctx.output('repository', repository);
      if (result.revision) {
        ctx.output('revision', result.revision);
      }
      if (result.url) {
        ctx.output('pullRequestUrl', result.url);
      }
    },
  });
}
