import { redactSecrets, redactUrl } from './redact';

describe('redactSecrets', () => {
  it('removes Authorization header values, in any of the forms git, curl and JSON print them', () => {
    const text = [
      'git -c http.extraHeader=Authorization: Basic eC1hY2Nlc3MtdG9rZW46dG9rM24= fetch',
      '> authorization: Bearer ghp_abcdef123456',
      '{"Authorization":"token ghp_abcdef123456"}',
    ].join('\n');
    const out = redactSecrets(text);
    expect(out).not.toMatch(/eC1hY2Nl|ghp_abcdef/);
    expect(out).toContain('Authorization: Basic ***');
    expect(out).toContain('authorization: Bearer ***');
  });

  it('removes user and password from URLs but keeps the host and path', () => {
    expect(
      redactSecrets(
        "fatal: unable to access 'https://ada:s3cret@git.example.com/config.git/'",
      ),
    ).toBe("fatal: unable to access 'https://***@git.example.com/config.git/'");
  });

  it('removes given secret values, and leaves short ones (they would hide words)', () => {
    expect(redactSecrets('token tok3n-xyz refused', ['tok3n-xyz'])).toBe(
      'token *** refused',
    );
    expect(redactSecrets('no abc here', ['abc'])).toBe('no abc here');
  });
});

describe('redactUrl', () => {
  it('drops user-info and leaves other URLs as they are', () => {
    expect(redactUrl('https://u:p@git.example.com/r.git')).toBe(
      'https://git.example.com/r.git',
    );
    expect(redactUrl('file:///tmp/config')).toBe('file:///tmp/config');
    expect(redactUrl('/tmp/config')).toBe('/tmp/config');
  });
});
