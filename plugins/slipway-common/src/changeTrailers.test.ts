import { releaseOriginOf, withChangeTrailers } from './changeTrailers';

describe('change trailers', () => {
  it('says how a release came and who asked, read back from the message', () => {
    const message = withChangeTrailers(
      'Roll back web in prod to abc\n\nlatency\n',
      'rollback',
      'user:default/ada',
    );
    expect(message).toBe(
      'Roll back web in prod to abc\n\nlatency\n\nSlipway-Change: rollback\nSlipway-Requested-By: user:default/ada',
    );
    expect(releaseOriginOf(message)).toEqual({
      origin: 'rollback',
      requestedBy: 'user:default/ada',
    });
    expect(
      releaseOriginOf(withChangeTrailers('Update web', 'image-automation')),
    ).toEqual({ origin: 'image-automation', requestedBy: null });
  });

  it("takes the merge of a pull request Slipway opened from its branch's name", () => {
    expect(
      releaseOriginOf(
        'Merge pull request #12 from acme/slipway/rollback-web-in-production\n\nRoll back web in production to abc',
      ),
    ).toEqual({ origin: 'rollback', requestedBy: null });
    expect(
      releaseOriginOf(
        "Merge branch 'slipway/promote-web-to-production' into 'main'",
      ),
    ).toEqual({ origin: 'promotion', requestedBy: null });
    expect(
      releaseOriginOf(
        'Merge pull request #13 from acme/slipway/image-web-staging',
      ).origin,
    ).toBe('image-automation');
    // Another branch, or Slipway's name later in the subject, is a commit.
    for (const subject of [
      'Merge pull request #14 from acme/feature/slipway/rollback-web',
      'Merge pull request #15 from acme/fix-rollback\n\nslipway/rollback-web',
      'Revert "Merge pull request #12 from acme/slipway/rollback-web-in-prod"',
    ]) {
      expect(releaseOriginOf(subject).origin).toBe('commit');
    }
  });

  it('takes a commit without trailers, or with a trailer in its subject or an unknown kind, as a commit', () => {
    expect(releaseOriginOf('web 2.0.0')).toEqual({
      origin: 'commit',
      requestedBy: null,
    });
    expect(releaseOriginOf('Slipway-Change: rollback')).toEqual({
      origin: 'commit',
      requestedBy: null,
    });
    expect(releaseOriginOf('fix\n\nSlipway-Change: deploy-everything')).toEqual(
      { origin: 'commit', requestedBy: null },
    );
  });
});
