import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { canaryItem } from '../../__testUtils__/canaryFixtures';
import {
  ENTITY_API,
  renderEntityPage,
  serviceEntity,
} from '../../__testUtils__/renderEntityPage';
import { CanaryContent } from './CanaryContent';

describe('CanaryContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const serveCanaries = (...items: unknown[]) =>
    server.use(
      http.get(`${ENTITY_API}/canaries`, () => HttpResponse.json({ items })),
    );

  it('says which annotation to add when the component has none', async () => {
    await renderEntityPage(<CanaryContent />, { entity: serviceEntity({}) });
    expect(
      screen.getByText(/Add the annotation slipway.io\/environments/),
    ).toBeInTheDocument();
  });

  it('explains how to add a canary when the service has none', async () => {
    serveCanaries();
    await renderEntityPage(<CanaryContent />);
    expect(
      await screen.findByText('No canary for this service yet'),
    ).toBeInTheDocument();
    expect(screen.getByText(/kind: Canary/)).toBeInTheDocument();
  });

  it('names the cluster it cannot reach, and still lists the runs', async () => {
    serveCanaries(
      canaryItem(0, {
        status: undefined,
        error:
          'cluster staging-cluster cannot be read: connect ECONNREFUSED 10.0.0.1:443',
      }),
    );
    await renderEntityPage(<CanaryContent />);
    expect(
      await screen.findByText(/Cluster staging-cluster is unreachable/),
    ).toBeInTheDocument();
    expect(screen.getByText(/ECONNREFUSED 10.0.0.1:443/)).toBeInTheDocument();
    expect(
      screen.getByText('request-success-rate 61.2 below 99 twice: rolled back'),
    ).toBeInTheDocument();
  });

  it('shows progress while the backend has not answered', async () => {
    server.use(
      http.get(`${ENTITY_API}/canaries`, () => new Promise<Response>(() => {})),
    );
    await renderEntityPage(<CanaryContent />);
    expect(
      await screen.findByRole('progressbar', { name: 'Loading' }),
    ).toBeInTheDocument();
  });

  it('says what failed when the backend cannot answer', async () => {
    server.use(
      http.get(`${ENTITY_API}/canaries`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'backend down' } },
          { status: 503 },
        ),
      ),
    );
    await renderEntityPage(<CanaryContent />);
    expect(
      await screen.findByText(/Could not load canaries/),
    ).toBeInTheDocument();
    expect(screen.getByText(/backend down/)).toBeInTheDocument();
  });

  it('shows the current run: phase, weights, steps, charts, webhooks, events and past runs', async () => {
    serveCanaries(canaryItem(25));
    const { container } = await renderEntityPage(<CanaryContent />);
    expect(await screen.findByTestId('canary-weights')).toHaveTextContent(
      'canary 25 % · primary 75 %',
    );
    expect(screen.getByTestId('canary-phase')).toHaveTextContent('Progressing');
    expect(
      screen.getByText(/version shop\/checkout:2.2.0/),
    ).toBeInTheDocument();
    const steps = within(
      screen.getByRole('list', { name: 'Steps' }),
    ).getAllByRole('listitem');
    expect(steps.map(s => s.textContent)).toEqual([
      '✓ 10 %',
      '▶ 25 %',
      '○ 50 %',
      '○ gate: release-manager',
      '○ promote',
    ]);
    // The charts draw after the rest of the panel is on screen.
    expect(
      await screen.findByRole('figure', { name: 'Canary weight over time' }),
    ).toBeInTheDocument();
    const metric = screen.getByRole('figure', {
      name: 'Metric request-success-rate',
    });
    expect(metric).toHaveTextContent(
      'request-success-rate · min 99 · 2 checks, 1 failed',
    );
    expect(container.querySelectorAll('[data-check="failed"]')).toHaveLength(1);
    expect(container.querySelectorAll('[data-check="passed"]')).toHaveLength(1);
    const webhooks = screen.getByRole('list', { name: 'Webhook results' });
    expect(webhooks).toHaveTextContent('load-test (rollout) · HTTP 200');
    expect(webhooks).toHaveTextContent(
      'smoke (pre-rollout) · connect ECONNREFUSED',
    );
    expect(screen.getByRole('list', { name: 'Events' })).toHaveTextContent(
      'starting a run of shop/checkout:2.2.0',
    );
    expect(screen.getByText('2 min 5 s')).toBeInTheDocument();
    expect(screen.getByText('shop/checkout:2.1.9')).toBeInTheDocument();
  });

  it('shows a weight change without a reload', async () => {
    let weight = 10;
    server.use(
      http.get(`${ENTITY_API}/canaries`, () =>
        HttpResponse.json({ items: [canaryItem(weight)] }),
      ),
    );
    await renderEntityPage(<CanaryContent />);
    expect(await screen.findByTestId('canary-weight')).toHaveTextContent('10');
    weight = 25;
    await waitFor(
      () => expect(screen.getByTestId('canary-weight')).toHaveTextContent('25'),
      {
        timeout: 5000,
      },
    );
  });

  it.each([
    ['Promote', 'promote', canaryItem(25)],
    ['Abort', 'abort', canaryItem(25)],
    [
      'Retry',
      'retry',
      canaryItem(0, { status: { phase: 'Failed', canaryWeight: 0 } }),
    ],
    ['Pause', 'pause', canaryItem(25)],
    ['Resume', 'resume', canaryItem(25, { paused: true })],
  ])(
    '%s asks for confirmation and a reason, then posts it',
    async (label, action, item) => {
      serveCanaries(item);
      const posted: unknown[] = [];
      server.use(
        http.post(
          `${ENTITY_API}/environments/staging/canaries/checkout/:action`,
          async ({ request, params }) => {
            posted.push({ action: params.action, body: await request.json() });
            return HttpResponse.json(
              { action: params.action, phase: 'Progressing' },
              { status: 202 },
            );
          },
        ),
      );
      const { alertApi } = await renderEntityPage(<CanaryContent />);
      const actions = await screen.findByLabelText('Canary actions');
      await waitFor(() =>
        expect(
          within(actions).getByRole('button', { name: label }),
        ).toBeEnabled(),
      );
      await userEvent.click(
        within(actions).getByRole('button', { name: label }),
      );
      const dialog = await screen.findByRole('dialog');
      const confirm = within(dialog).getByRole('button', { name: label });
      expect(confirm).toBeDisabled();
      await userEvent.type(
        within(dialog).getByRole('textbox'),
        'checked the dashboards',
      );
      await userEvent.click(confirm);
      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );
      expect(posted).toEqual([
        { action, body: { reason: 'checked the dashboards' } },
      ]);
      expect(alertApi.getAlerts().map(a => a.message)).toContain(
        `${label} requested for checkout in staging`,
      );
    },
  );

  it("keeps the dialog open with the backend's reason when it refuses", async () => {
    serveCanaries(canaryItem(25));
    server.use(
      http.post(
        `${ENTITY_API}/environments/staging/canaries/checkout/abort`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'ConflictError',
                message: 'there is no run to abort: the Canary is Succeeded',
              },
            },
            { status: 409 },
          ),
      ),
    );
    await renderEntityPage(<CanaryContent />);
    const actions = await screen.findByLabelText('Canary actions');
    await waitFor(() =>
      expect(
        within(actions).getByRole('button', { name: 'Abort' }),
      ).toBeEnabled(),
    );
    await userEvent.click(
      within(actions).getByRole('button', { name: 'Abort' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('textbox'), 'bad metrics');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Abort' }),
    );
    expect(
      await within(dialog).findByText(
        'there is no run to abort: the Canary is Succeeded',
      ),
    ).toBeInTheDocument();
  });

  it('offers only the actions that apply to the run', async () => {
    serveCanaries(
      canaryItem(0, { status: { phase: 'Succeeded', canaryWeight: 0 } }),
    );
    await renderEntityPage(<CanaryContent />);
    const actions = await screen.findByLabelText('Canary actions');
    await waitFor(() =>
      expect(
        within(actions).getByRole('button', { name: 'Pause' }),
      ).toBeEnabled(),
    );
    for (const label of ['Promote', 'Abort', 'Retry']) {
      expect(
        within(actions).getByRole('button', { name: label }),
      ).toBeDisabled();
    }
  });

  it('disables every action, saying why, for someone who does not own the service', async () => {
    serveCanaries(canaryItem(25));
    await renderEntityPage(<CanaryContent />, { permission: 'deny' });
    const actions = await screen.findByLabelText('Canary actions');
    await waitFor(() => expect(screen.getByRole('note')).toBeInTheDocument());
    for (const label of ['Promote', 'Abort', 'Retry', 'Pause']) {
      expect(
        within(actions).getByRole('button', { name: label }),
      ).toBeDisabled();
    }
    expect(screen.getByRole('note')).toHaveTextContent(
      'You may not slipway.canary.control on component:default/checkout: by default only its owners (group:default/storefront-team) may.',
    );
  });
});
