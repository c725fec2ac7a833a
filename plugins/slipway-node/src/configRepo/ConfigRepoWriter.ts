import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import { pushChange } from '@slipway/engine';
import { gitCredentialsFor } from '../git/gitCredentialsFor';
import { commitToGithubBranch, openGithubPullRequest } from './githubChange';
import { parseGithubRepository } from './githubRepository';
import type { ConfigRepoWrite, ConfigRepoWriteResult } from './types';

/**
 * Writes changes to config repositories: through GitHub's REST API with the
 * credentials of Backstage's `integrations.github` (a commit, or a branch
 * and a pull request), and with plain git for any other server or a local
 * repository (a commit, or a pushed branch to merge there).
 *
 * @public
 */
export class ConfigRepoWriter {
  /** A writer with the credentials of app-config's `integrations`; clones go under workDir. */
  static fromConfig(config: Config, options: { workDir?: string } = {}) {
    return new ConfigRepoWriter(config, options.workDir);
  }

  private readonly integrations: ScmIntegrations;
  private readonly credentialsFor: ReturnType<typeof gitCredentialsFor>;

  private constructor(config: Config, private readonly workDir?: string) {
    this.integrations = ScmIntegrations.fromConfig(config);
    this.credentialsFor = gitCredentialsFor(config);
  }

  /** Writes the change as a commit or a pull request; writes nothing when the repository already holds it. */
  async write(request: ConfigRepoWrite): Promise<ConfigRepoWriteResult> {
    const github = this.integrations.github.byUrl(request.repository);
    const repository = parseGithubRepository(request.repository);
    const credentials = await this.credentialsFor(request.repository);
    if (github && repository) {
      const api = {
        octokit: new Octokit({
          // integrations.github always gives a token (PAT or GitHub App installation token).
          auth: credentials?.type === 'token' ? credentials.token : undefined,
          baseUrl: github.config.apiBaseUrl,
        }),
        repository,
      };
      return request.mode === 'commit'
        ? commitToGithubBranch(api, request.branch, request.change)
        : openGithubPullRequest(
            api,
            request.branch,
            request.change,
            request.pullRequest,
          );
    }
    const pushed = await pushChange({
      source: {
        url: request.repository,
        branch: request.branch,
        credentials,
      },
      change: request.change,
      toBranch:
        request.mode === 'commit' ? undefined : request.pullRequest.branch,
      workDir: this.workDir,
    });
    return {
      mode: request.mode === 'commit' ? 'commit' : 'branch',
      changed: pushed.revision !== undefined,
      branch: pushed.branch,
      revision: pushed.revision,
    };
  }
}
