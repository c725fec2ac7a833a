import type {
  ChartReference,
  ReleaseDiff,
} from '@slipway/backstage-plugin-slipway-common';
import { FieldChanges } from '../common/ObjectDiff';

const chartName = (chart: ChartReference | null) =>
  chart ? `${chart.name} ${chart.version}` : 'none';

/** A chart release's chart (and its version change) and what changed in the values it gives the chart. */
export function ChartValuesDiff(props: {
  chart: NonNullable<ReleaseDiff['chart']>;
}) {
  const { before, after, values } = props.chart;
  const changed =
    before !== null && chartName(before) !== chartName(after)
      ? `${chartName(before)} → ${chartName(after)}`
      : chartName(after);
  return (
    <div aria-label="Chart values">
      <strong title={after?.source ?? before?.source}>Chart {changed}</strong>
      {values.length === 0 ? (
        <div>Its values are unchanged.</div>
      ) : (
        <>
          <div>Values:</div>
          <FieldChanges fields={values} />
        </>
      )}
    </div>
  );
}
