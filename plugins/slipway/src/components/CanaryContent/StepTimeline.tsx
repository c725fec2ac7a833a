import { Flex, Text } from '@backstage/ui';
import {
  CanaryItem,
  canaryStepWeights,
} from '@slipway/backstage-plugin-slipway-common';

type StepState = 'done' | 'current' | 'next';
type Step = { label: string; state: StepState };

const stateOf = (done: boolean, current: boolean): StepState => {
  if (done) return 'done';
  return current ? 'current' : 'next';
};

/** The run's steps in order: gates, each weight (or iteration), promotion. */
export function runSteps(canary: CanaryItem): Step[] {
  const spec = canary.spec;
  const status = canary.status ?? {};
  if (!spec) return [];
  const phase = status.phase ?? 'Initializing';
  const webhooks = spec.analysis.webhooks ?? [];
  const gate = (type: string) => webhooks.find(w => w.type === type);
  const promoted = ['Promoting', 'Finalising', 'Succeeded'].includes(phase);
  const started = !['Initializing', 'Initialized', 'Waiting'].includes(phase);
  const steps: Step[] = [];

  const rollout = gate('confirm-rollout');
  if (rollout) {
    steps.push({
      label: `gate: ${rollout.name}`,
      state: stateOf(started, phase === 'Waiting'),
    });
  }
  const weights = canaryStepWeights(spec.analysis);
  const weight = status.canaryWeight ?? 0;
  if (weights.length > 0) {
    weights.forEach((w, i) => {
      const previous = i === 0 ? 0 : weights[i - 1];
      const current =
        phase === 'Progressing' && weight > previous && weight <= w;
      steps.push({
        label: `${w} %`,
        state: stateOf(
          promoted || weight > w || (weight === w && !current),
          current,
        ),
      });
    });
  } else {
    const total = spec.analysis.iterations ?? 1;
    const done = status.iterations ?? 0;
    for (let i = 1; i <= total; i++) {
      steps.push({
        label: `iteration ${i}`,
        state: stateOf(
          promoted || i <= done,
          phase === 'Progressing' && i === done + 1,
        ),
      });
    }
  }
  const promotion = gate('confirm-promotion');
  if (promotion) {
    steps.push({
      label: `gate: ${promotion.name}`,
      state: stateOf(promoted, phase === 'WaitingPromotion'),
    });
  }
  steps.push({
    label: 'promote',
    state: stateOf(phase === 'Succeeded', promoted),
  });
  if (phase === 'Failed') {
    return steps.map(s =>
      s.state === 'current' ? { ...s, state: 'next' } : s,
    );
  }
  return steps;
}

const MARK = { done: '✓', current: '▶', next: '○' };

/** The steps of the run as a row, the current one highlighted. */
export function StepTimeline({ canary }: { canary: CanaryItem }) {
  const steps = runSteps(canary);
  if (steps.length === 0) return null;
  return (
    <Flex
      gap="2"
      align="center"
      aria-label="Steps"
      role="list"
      style={{ flexWrap: 'wrap' }}
    >
      {steps.map((s, i) => (
        <Text
          key={`${s.label}-${i}`}
          role="listitem"
          aria-current={s.state === 'current' ? 'step' : undefined}
          weight={s.state === 'current' ? 'bold' : 'regular'}
          color={s.state === 'next' ? 'secondary' : 'primary'}
          variant="body-small"
          style={{
            border: '1px solid',
            borderRadius: 12,
            padding: '2px 10px',
            borderColor: s.state === 'current' ? '#1f77b4' : '#bbb',
          }}
        >
          {MARK[s.state]} {s.label}
        </Text>
      ))}
    </Flex>
  );
}
