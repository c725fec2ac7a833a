import { Box, Flex, Text } from '@backstage/ui';
import type { CanaryItem } from '@slipway/backstage-plugin-slipway-common';
import { StateLabel } from '../common/StateLabel';
import { ago } from '../common/format';

/** The webhooks' latest answers and the Canary's Kubernetes Events. */
export function RunLog({ canary }: { canary: CanaryItem }) {
  const webhooks = canary.status?.lastWebhooks ?? [];
  const events = canary.events ?? [];
  return (
    <Flex gap="6" style={{ flexWrap: 'wrap' }}>
      <Box style={{ minWidth: 320, flex: 1 }}>
        <Text as="h4" variant="title-x-small">
          Webhooks
        </Text>
        {webhooks.length === 0 ? (
          <Text as="p" color="secondary">
            No webhook called in this run.
          </Text>
        ) : (
          <ul aria-label="Webhook results">
            {webhooks.map(w => (
              <li key={`${w.type}-${w.name}`}>
                <StateLabel state={w.passed ? 'Succeeded' : 'Failed'} />{' '}
                {w.name} ({w.type})
                {w.status !== undefined && ` · HTTP ${w.status}`}
                {w.error && ` · ${w.error}`} · {ago(w.at)}
              </li>
            ))}
          </ul>
        )}
      </Box>
      <Box style={{ minWidth: 320, flex: 1 }}>
        <Text as="h4" variant="title-x-small">
          Events
        </Text>
        {events.length === 0 ? (
          <Text as="p" color="secondary">
            No events.
          </Text>
        ) : (
          <ul aria-label="Events">
            {events.map((e, i) => (
              <li key={`${e.at}-${i}`}>
                {ago(e.at)} · <strong>{e.reason}</strong>
                {e.type === 'Warning' && ' (warning)'} · {e.message}
              </li>
            ))}
          </ul>
        )}
      </Box>
    </Flex>
  );
}
