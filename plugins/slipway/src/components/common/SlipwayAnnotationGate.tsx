import { EmptyState, WarningPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  SLIPWAY_ANNOTATIONS,
  parseServiceAnnotations,
} from '@slipway/backstage-plugin-slipway-common';
import type { ReactNode } from 'react';

/**
 * Renders its children only for entities Slipway delivers; otherwise says
 * which annotation to add, or what is wrong with the ones there.
 */
export function SlipwayAnnotationGate({ children }: { children: ReactNode }) {
  const { entity } = useEntity();
  const annotations = parseServiceAnnotations(entity);
  if (annotations.ok) {
    return <>{children}</>;
  }
  if (annotations.missing) {
    return (
      <EmptyState
        missing="field"
        title="This component is not delivered by Slipway yet"
        description={`${annotations.message} For example, in catalog-info.yaml:`}
        action={
          <pre>{`metadata:\n  annotations:\n    ${SLIPWAY_ANNOTATIONS.environments}: staging,production`}</pre>
        }
      />
    );
  }
  return (
    <WarningPanel severity="error" title="Slipway annotations are invalid">
      {annotations.message}
    </WarningPanel>
  );
}
