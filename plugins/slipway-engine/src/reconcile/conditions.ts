/**
 * The conditions a delivery target reports.
 *
 * @public
 */
export type ConditionType = 'Ready' | 'Reconciling' | 'Stalled';

/**
 * A condition of a delivery target, as Kubernetes conditions are written.
 *
 * @public
 */
export type Condition = {
  type: ConditionType;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime: string;
};

/** Sets one condition, keeping its transition time when the status did not change. */
export function setCondition(
  conditions: Condition[],
  next: Omit<Condition, 'lastTransitionTime'>,
  now: Date,
): Condition[] {
  const previous = conditions.find(c => c.type === next.type);
  const lastTransitionTime =
    previous && previous.status === next.status
      ? previous.lastTransitionTime
      : now.toISOString();
  return [
    ...conditions.filter(c => c.type !== next.type),
    { ...next, lastTransitionTime },
  ].sort((a, b) => a.type.localeCompare(b.type));
}
