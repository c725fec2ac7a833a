import { diffObjects, type FieldChange } from '../apply/diffObjects';
import { credentialPaths, fieldPath } from '../security/credentialKeys';
import { maskChanges, type Masking } from '../security/maskValues';

/**
 * The kind environments' mask rules name for a chart release's values:
 * `{ kind: ChartValues, fields: [database.password] }`.
 *
 * @public
 */
export const CHART_VALUES_KIND = 'ChartValues';

/**
 * What changed in the values a chart release gives its chart, field by
 * field. Values under a credential-like key (CREDENTIAL_KEY) and
 * the fields of the environment's `ChartValues` mask rules are shown as
 * their hashes only.
 *
 * @public
 */
export function diffChartValues(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  masking: Masking,
): FieldChange[] {
  const changes = diffObjects(before ?? {}, after ?? {});
  // Rules of other kinds name no field here: maskChanges applies a rule by its kind.
  const rules = [
    ...(masking.rules ?? []),
    {
      kind: CHART_VALUES_KIND,
      fields: [...credentialPaths(before), ...credentialPaths(after)].map(
        fieldPath,
      ),
    },
  ];
  return maskChanges(
    { apiVersion: 'slipway.io/v1alpha1', kind: CHART_VALUES_KIND },
    changes,
    { ...masking, rules },
  );
}
