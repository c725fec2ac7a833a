import { Alert, Flex } from '@backstage/ui';
import type { DeliveryStatus } from '@slipway/backstage-plugin-slipway-common';
import { shortRevision } from '../common/format';
import { freezeMessage } from './deliveryState';

/** What waits for a freeze to end, or that drift is still corrected meanwhile. */
function waitingSentence(row: DeliveryStatus): string {
  const waiting = row.freeze?.waiting;
  if (!waiting) {
    return 'New revisions, promotions and image automation wait; drift is still corrected.';
  }
  return `Waiting: ${shortRevision(waiting.revision)} "${
    waiting.message?.split('\n')[0] ?? ''
  }"${
    waiting.author ? ` by ${waiting.author}` : ''
  } is applied when the freeze ends (or by Break glass). Drift is still corrected.`;
}

/** A banner over the environments for each one frozen now. */
export function FreezeBanners({ items }: { items: DeliveryStatus[] }) {
  const frozen = items.filter(row => freezeMessage(row));
  if (frozen.length === 0) {
    return null;
  }
  return (
    <Flex direction="column" gap="2" mb="3">
      {frozen.map(row => (
        <Alert
          key={row.environment}
          role="status"
          status="warning"
          icon
          title={freezeMessage(row)}
          description={waitingSentence(row)}
        />
      ))}
    </Flex>
  );
}
