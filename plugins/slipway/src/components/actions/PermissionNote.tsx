import { Text } from '@backstage/ui';
import type { EntityPermission } from '../../hooks/useEntityPermission';

/** Says why a row of actions is disabled; nothing when they are allowed. */
export function PermissionNote({
  permission,
}: {
  permission: EntityPermission;
}) {
  if (!permission.deniedReason) {
    return null;
  }
  return (
    <Text variant="body-small" color="secondary" role="note">
      {permission.deniedReason}
    </Text>
  );
}
