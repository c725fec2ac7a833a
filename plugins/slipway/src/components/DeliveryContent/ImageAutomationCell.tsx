import { Link } from '@backstage/core-components';
import { Text } from '@backstage/ui';
import type { ImageAutomationStatus } from '@slipway/backstage-plugin-slipway-common';
import { ago, shortRevision } from '../common/format';

/** `checkout:1.4.2` of `registry.example.com/shop/checkout:1.4.2`: the registry is in the tooltip. */
const shortImage = (image: string | null) =>
  image ? image.slice(image.lastIndexOf('/') + 1) : '—';

function ImageLine(props: { label: string; image: string | null }) {
  return (
    <Text as="div" variant="body-small">
      {props.label}{' '}
      <code title={props.image ?? undefined}>{shortImage(props.image)}</code>
    </Text>
  );
}

/**
 * What image automation knows of one environment: the newest image its
 * policy accepts, the one deployed, the last automation commit, and why the
 * last check failed.
 */
export function ImageAutomationCell(props: {
  automation?: ImageAutomationStatus;
}) {
  const { automation } = props;
  if (!automation) {
    return (
      <Text variant="body-small" color="secondary">
        no image automation
      </Text>
    );
  }
  const commit = automation.lastCommit;
  return (
    <>
      <ImageLine label="newest" image={automation.newest} />
      <ImageLine label="deployed" image={automation.deployed} />
      {commit && (
        <Text as="div" variant="body-small" color="secondary">
          <span title={commit.message}>
            {commit.url ? (
              <Link to={commit.url}>
                {commit.url.includes('/pull/') ? 'proposed' : 'committed'}{' '}
                {shortRevision(commit.revision)}
              </Link>
            ) : (
              <>
                committed <code>{shortRevision(commit.revision)}</code>
              </>
            )}
          </span>{' '}
          · {ago(commit.committedAt)}
        </Text>
      )}
      {automation.error ? (
        <Text as="div" variant="body-small" role="alert">
          ⚠ {automation.error}
        </Text>
      ) : (
        <Text as="div" variant="body-small" color="secondary">
          {automation.policy} ·{' '}
          {automation.checkedAt
            ? `checked ${ago(automation.checkedAt)}`
            : 'not checked yet'}
        </Text>
      )}
    </>
  );
}
