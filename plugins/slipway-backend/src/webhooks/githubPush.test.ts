import { createHmac } from 'node:crypto';
import { parsePush, verifyGithubSignature } from './githubPush';

describe('GitHub push webhooks', () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');
  const sign = (secret: string) =>
    `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('accepts only a signature made with the shared secret', () => {
    expect(verifyGithubSignature(body, sign('s3cret'), 's3cret')).toBe(true);
    expect(verifyGithubSignature(body, sign('other'), 's3cret')).toBe(false);
    expect(verifyGithubSignature(body, undefined, 's3cret')).toBe(false);
    expect(verifyGithubSignature(body, 'sha1=abc', 's3cret')).toBe(false);
  });

  it('names the branch and every spelling of the repository URL', () => {
    expect(
      parsePush({
        ref: 'refs/heads/main',
        repository: {
          clone_url: 'https://github.com/acme/config.git',
          html_url: 'https://github.com/acme/config',
        },
      }),
    ).toEqual({
      branch: 'main',
      repositories: expect.arrayContaining([
        'https://github.com/acme/config',
        'https://github.com/acme/config.git',
      ]),
    });
    expect(
      parsePush({ ref: 'refs/tags/v1', repository: { html_url: 'x' } }),
    ).toBeUndefined();
  });
});
