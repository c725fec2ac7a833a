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
