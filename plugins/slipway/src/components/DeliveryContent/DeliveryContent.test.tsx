import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ENTITY_API,
  renderEntityPage,
  serviceEntity,
  testSignals,
} from '../../__testUtils__/renderEntityPage';
import {
  deliveryStatus,
  ready,
  ROLLBACK_REASON,
  rolledBackServing,
} from '../../__testUtils__/deliveryFixtures';
import { DeliveryContent } from './DeliveryContent';

const rowOf = (environment: string) =>
  screen.getByText(environment, { selector: 'div' }).closest('tr')!;

describe('DeliveryContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const serveDelivery = (items: unknown[]) =>
    server.use(
      http.get(`${ENTITY_API}/delivery`, () => HttpResponse.json({ items })),
    );

  it('says which annotation to add when the component has none', async () => {
    await renderEntityPage(<DeliveryContent />, { entity: serviceEntity({}) });
    expect(
      screen.getByText('This component is not delivered by Slipway yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/slipway.io\/environments: staging,production/),
    ).toBeInTheDocument();
  });

  it('names the invalid annotation', async () => {
    await renderEntityPage(<DeliveryContent />, {
      entity: serviceEntity({ 'slipway.io/environments': 'Staging!' }),
    });
    expect(
      screen.getByText(/Slipway annotations are invalid/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/slipway.io\/environments must be a DNS-1123 label/),
    ).toBeInTheDocument();
  });

  it('shows one row per environment in promotion order, with state, health, revision, commit and last reconcile', async () => {
    serveDelivery([deliveryStatus('staging'), deliveryStatus('production')]);
    await renderEntityPage(<DeliveryContent />);
    const rows = await screen.findAllByText(/^(staging|production)$/, {
      selector: 'div',
    });
    expect(rows.map(r => r.textContent)).toEqual(['staging', 'production']);
    const staging = within(rowOf('staging'));
    expect(staging.getByText('Synced')).toBeInTheDocument();
    expect(staging.getByText('Healthy')).toBeInTheDocument();
    expect(staging.getByText('a1b2c3d')).toBeInTheDocument();
    expect(
      staging.getByRole('link', { name: /checkout 1.4.2/ }),
    ).toHaveAttribute(
      'href',
      'https://git.example.com/acme/config/commit/a1b2c3d4e5f6',
    );
    expect(staging.getByText(/Ada Lovelace/)).toBeInTheDocument();
    expect(
      staging.getByText(/3\d s ago · 1.3 s · unchanged/),
    ).toBeInTheDocument();
  });

  it('names the commit that last changed the service when the applied head changed only others', async () => {
    const staging = deliveryStatus('staging');
    serveDelivery([
      {
        ...staging,
        lastAppliedRevision: 'f0f0f0f0f0f0',
        lastAttemptedRevision: 'f0f0f0f0f0f0',
      },
    ]);
    await renderEntityPage(<DeliveryContent />);
    await screen.findByText('f0f0f0f');
    const row = within(rowOf('staging'));
    expect(row.getByText(/changed in/)).toHaveTextContent(
      /^changed in a1b2c3d: checkout 1\.4\.2.* — Ada Lovelace$/,
    );
    expect(row.getByRole('link', { name: /checkout 1.4.2/ })).toHaveAttribute(
      'href',
      'https://git.example.com/acme/config/commit/a1b2c3d4e5f6',
    );
  });

  it('names the chart and version a chart release applied, and where it came from', async () => {
    serveDelivery([
      {
        ...deliveryStatus('staging'),
        chart: {
          name: 'podinfo',
          version: '6.7.1',
          source: 'oci://registry.example.com/charts/podinfo',
        },
      },
      deliveryStatus('production'),
    ]);
    await renderEntityPage(<DeliveryContent />);
    const chart = await screen.findByText(/^chart/);
    expect(rowOf('staging')).toContainElement(chart);
    expect(chart).toHaveTextContent(/^chart podinfo 6\.7\.1$/);
    expect(chart).toHaveAttribute(
      'title',
      'oci://registry.example.com/charts/podinfo',
    );
    expect(within(rowOf('production')).queryByText(/^chart/)).toBeNull();
  });

  it('shows the newest image the policy accepts, the deployed one, the last automation commit and a failed check', async () => {
    const minutesAgo = (m: number) =>
      new Date(Date.now() - m * 60_000).toISOString();
    serveDelivery([
      deliveryStatus('staging', {
        imageAutomation: {
          policy: 'semver ^1.4.0',
          image: 'registry.example.com/shop/checkout',
          newest: 'registry.example.com/shop/checkout:1.5.0',
          inGit: 'registry.example.com/shop/checkout:1.5.0',
          deployed: 'registry.example.com/shop/checkout:1.4.2',
          checkedAt: minutesAgo(0),
          error: null,
          lastCommit: {
            revision: '9f8e7d6c5b4a',
            message:
              'Update checkout in staging: registry.example.com/shop/checkout:1.4.2 → registry.example.com/shop/checkout:1.5.0',
            committedAt: minutesAgo(3),
            url: null,
          },
        },
      }),
      deliveryStatus('production', {
        imageAutomation: {
          policy: 'semver ^1.4.0',
          image: 'registry.example.com/shop/checkout',
          newest: 'registry.example.com/shop/checkout:1.4.2',
          inGit: 'registry.example.com/shop/checkout:1.4.2',
          deployed: 'registry.example.com/shop/checkout:1.4.2',
          checkedAt: minutesAgo(1),
          error:
            'cannot reach registry registry.example.com (https://registry.example.com): ECONNREFUSED',
          lastCommit: null,
        },
      }),
      deliveryStatus('dev'),
      deliveryStatus('qa', {
        imageAutomation: {
          policy: 'regex ^build-(\\d+)$ (numerical)',
          image: null,
          newest: null,
          inGit: null,
          deployed: null,
          checkedAt: null,
          error: null,
          lastCommit: null,
        },
      }),
    ]);
    await renderEntityPage(<DeliveryContent />);
    await screen.findAllByText(/^(staging|production)$/, { selector: 'div' });
    const staging = within(rowOf('staging'));
    expect(staging.getByText('checkout:1.5.0')).toHaveAttribute(
      'title',
      'registry.example.com/shop/checkout:1.5.0',
    );
    expect(staging.getByText(/^newest/)).toHaveTextContent(
      'newest checkout:1.5.0',
    );
    expect(staging.getByText(/^deployed/)).toHaveTextContent(
      'deployed checkout:1.4.2',
    );
    expect(staging.getByText(/^committed/).closest('div')).toHaveTextContent(
      'committed 9f8e7d6 · 3 min ago',
    );
    expect(
      staging.getByTitle(/^Update checkout in staging: /),
    ).toBeInTheDocument();
    expect(
      staging.getByText(/semver \^1.4.0 · checked \d+ s ago/),
    ).toBeInTheDocument();

    const production = within(rowOf('production'));
    expect(production.getByRole('alert')).toHaveTextContent(
      'cannot reach registry registry.example.com (https://registry.example.com): ECONNREFUSED',
    );
    expect(
      within(rowOf('dev')).getByText('no image automation'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('qa')).getByText(
        'regex ^build-(\\d+)$ (numerical) · not checked yet',
      ),
    ).toBeInTheDocument();
  });

  it('tells Synced, OutOfSync, Drifted, Failed and Suspended apart', async () => {
    serveDelivery([
      deliveryStatus('dev'),
      deliveryStatus('qa', { lastAttemptedRevision: 'ffff000011' }),
      deliveryStatus('staging', {
        drift: {
          detectedAt: new Date().toISOString(),
          corrected: false,
          objects: [],
        },
      }),
      deliveryStatus('perf', {
        conditions: [
          ready(
            'False',
            'ValidationFailed',
            'manifests.yaml: Deployment has no metadata.name',
          ),
        ],
        inventory: [],
      }),
      deliveryStatus('production', {
        suspended: true,
        suspendedBy: 'user:default/ada',
      }),
    ]);
    await renderEntityPage(<DeliveryContent />);
    await screen.findByText('dev', { selector: 'div' });
    expect(within(rowOf('dev')).getByText('Synced')).toBeInTheDocument();
    expect(within(rowOf('qa')).getByText('OutOfSync')).toBeInTheDocument();
    expect(within(rowOf('qa')).getByText(/desired/)).toHaveTextContent(
      'desired ffff000',
    );
    expect(within(rowOf('staging')).getByText('Drifted')).toBeInTheDocument();
    expect(within(rowOf('perf')).getByText('Failed')).toBeInTheDocument();
    expect(
      within(rowOf('perf')).getByText(
        'manifests.yaml: Deployment has no metadata.name',
      ),
    ).toBeInTheDocument();
    expect(within(rowOf('perf')).getByText('Unknown')).toBeInTheDocument();
    expect(
      within(rowOf('production')).getByText('Suspended'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('production')).getByText('Suspended by user:default/ada'),
    ).toBeInTheDocument();
  });

  it('says Rolled back, with the version in Git and the serving one, while Git holds a version whose canary failed', async () => {
    serveDelivery([
      deliveryStatus('staging', {
        serving: rolledBackServing({
          kind: 'revert',
          mode: 'branch',
          toRevision: 'a1b2c3d4e5f6',
          branch: 'slipway/revert-checkout-in-staging',
          at: new Date().toISOString(),
        }),
      }),
      deliveryStatus('production', {
        serving: [
          {
            canary: 'checkout',
            namespace: 'shop',
            phase: 'Succeeded',
            images: ['registry.example.com/shop/checkout:1.4.1'],
          },
        ],
      }),
    ]);
    await renderEntityPage(<DeliveryContent />);
    await screen.findByText('staging', { selector: 'div' });
    const staging = within(rowOf('staging'));
    expect(staging.getByText('RolledBack')).toBeInTheDocument();
    expect(staging.queryByText('Synced')).not.toBeInTheDocument();
    expect(staging.getByText(/^Rolled back:/)).toHaveTextContent(
      `Rolled back: Git has checkout:1.4.2, serving checkout:1.4.1 (canary checkout: ${ROLLBACK_REASON}) · revert to a1b2c3d proposed on branch slipway/revert-checkout-in-staging · see the run`,
    );
    expect(staging.getByRole('link', { name: 'see the run' })).toHaveAttribute(
      'href',
      expect.stringMatching(/\/canary$/),
    );
    const production = within(rowOf('production'));
    expect(production.getByText('Synced')).toBeInTheDocument();
    expect(production.queryByText(/Rolled back/)).not.toBeInTheDocument();
  });

  it('says the revert is applied, and what serves, until the Canary has seen it', async () => {
    const staging = deliveryStatus('staging');
    const revert = 'beb179b0aa11bb22cc33dd44ee55ff6677889900';
    serveDelivery([
      {
        ...staging,
        commit: { ...staging.commit!, revision: revert },
        serving: rolledBackServing({
          kind: 'revert',
          mode: 'commit',
          toRevision: 'a1b2c3d4e5f6',
          branch: 'main',
          revision: revert,
          at: new Date().toISOString(),
        }),
      },
    ]);
    await renderEntityPage(<DeliveryContent />);
    await screen.findByText('staging', { selector: 'div' });
    expect(
      within(rowOf('staging')).getByText(/^Rolled back, and reverted/),
    ).toHaveTextContent(
      `Rolled back, and reverted in beb179b: serving checkout:1.4.1 as Git says again (canary checkout: ${ROLLBACK_REASON}) · see the run`,
    );
  });

  it('shows who holds an environment another entity also claims, with no actions on it', async () => {
    const since = '2026-12-01T10:00:00.000Z';
    serveDelivery([
      deliveryStatus('staging', {
        lastAppliedRevision: null,
        lastAttemptedRevision: null,
        inventory: [],
        conditions: [],
        conflict: {
          heldBy: 'component:default/payments',
          reason: 'service "payments" in staging',
          since,
        },
      }),
      deliveryStatus('production', {
        contestedBy: [
          {
            entityRef: 'component:default/evil',
            reason:
              'path "clusters/production/checkout" of https://git.example/config (main)',
            since,
          },
        ],
      }),
    ]);
    await renderEntityPage(<DeliveryContent />);
    await screen.findByText('staging', { selector: 'div' });
    const staging = within(rowOf('staging'));
    expect(staging.getByText('Conflict')).toBeInTheDocument();
    expect(
      staging.getByText(
        /Not delivered: service "payments" in staging belongs to component:default\/payments/,
      ),
    ).toBeInTheDocument();
    expect(staging.queryByRole('button', { name: 'Sync now' })).toBeNull();
    const production = within(rowOf('production'));
    expect(production.getByText('Synced')).toBeInTheDocument();
    expect(
      production.getByText(
        /Also claimed by component:default\/evil \(path "clusters\/production\/checkout"/,
      ),
    ).toBeInTheDocument();
    expect(
      production.getByRole('button', { name: 'Sync now' }),
    ).toBeInTheDocument();
  });

  it('names the cluster it cannot reach', async () => {
    serveDelivery([
      deliveryStatus('production', {
        conditions: [
          ready(
            'False',
            'ClusterUnreachable',
            'connect ETIMEDOUT 10.1.2.3:443',
          ),
        ],
      }),
    ]);
    await renderEntityPage(<DeliveryContent />);
    await screen.findByText('production', { selector: 'div' });
    expect(within(rowOf('production')).getByText('Failed')).toBeInTheDocument();
    expect(
      within(rowOf('production')).getByText(
        /Cluster production-cluster is unreachable \(connect ETIMEDOUT 10.1.2.3:443\)/,
      ),
    ).toBeInTheDocument();
  });

  it('shows progress while the backend has not answered', async () => {
    server.use(
      http.get(`${ENTITY_API}/delivery`, () => new Promise<Response>(() => {})),
    );
    await renderEntityPage(<DeliveryContent />);
    expect(
      await screen.findByRole('progressbar', { name: 'Loading' }),
    ).toBeInTheDocument();
  });

  it('says what failed when the backend cannot answer', async () => {
    server.use(
      http.get(`${ENTITY_API}/delivery`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'database is locked' } },
          { status: 500 },
        ),
      ),
    );
    await renderEntityPage(<DeliveryContent />);
    expect(
      await screen.findByText(/Could not load delivery status/),
    ).toBeInTheDocument();
    expect(screen.getByText(/database is locked/)).toBeInTheDocument();
  });

  it('opens an environment to show its objects, latest change, drift and history', async () => {
    serveDelivery([
      deliveryStatus('staging', {
        drift: {
          detectedAt: new Date().toISOString(),
          corrected: true,
          objects: [
            {
              ref: {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                namespace: 'staging',
                name: 'checkout',
              },
              fields: [
                {
                  path: 'spec.replicas',
                  before: 5,
                  after: 3,
                  managers: ['kubectl-scale'],
                },
              ],
            },
          ],
        },
      }),
    ]);
    server.use(
      http.get(`${ENTITY_API}/environments/staging/diff`, () =>
        HttpResponse.json({
          lastApplied: {
            revision: 'a1b2c3d4e5f6',
            finishedAt: new Date().toISOString(),
            applied: [
              {
                ref: {
                  apiVersion: 'apps/v1',
                  kind: 'Deployment',
                  namespace: 'staging',
                  name: 'checkout',
                },
                action: 'configured',
                diff: [
                  {
                    path: 'spec.template.spec.containers[0].image',
                    before: 'shop/checkout:1.4.1',
                    after: 'shop/checkout:1.4.2',
                  },
                ],
              },
            ],
            pruned: [
              {
                apiVersion: 'v1',
                kind: 'ConfigMap',
                namespace: 'staging',
                name: 'old-flags',
              },
            ],
          },
          drift: null,
        }),
      ),
      http.get(`${ENTITY_API}/environments/staging/history`, () =>
        HttpResponse.json({
          items: [
            {
              trigger: 'webhook',
              startedAt: Date.now() - 60_000,
              finishedAt: Date.now() - 58_000,
              revision: 'a1b2c3d4e5f6',
              result: 'applied',
              reason: 'ReconciliationSucceeded',
              message: '',
              changes: {
                applied: [{ ref: {}, action: 'configured', diff: [] }],
                pruned: [{}],
                kept: [],
              },
            },
          ],
        }),
      ),
    );
    await renderEntityPage(<DeliveryContent />);
    await screen.findByText('staging', { selector: 'div' });
    fireEvent.click(within(rowOf('staging')).getAllByRole('button')[0]);
    expect(await screen.findByText('Objects in staging')).toBeInTheDocument();
    expect(
      screen.getByText('3 of 3 replicas updated and available'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Drift found .* and corrected/),
    ).toBeInTheDocument();
    expect(screen.getByText(/changed by kubectl-scale/)).toBeInTheDocument();
    expect(
      await screen.findByText(
        /"shop\/checkout:1.4.1" → "shop\/checkout:1.4.2"/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/ConfigMap staging\/old-flags/).parentElement,
    ).toHaveTextContent('pruned (left Git)');
    expect(screen.getByText('Reconcile history')).toBeInTheDocument();
    expect(screen.getByText('webhook')).toBeInTheDocument();
    expect(screen.getByText('1 applied, 1 pruned')).toBeInTheDocument();
  });

  it('requests a sync now', async () => {
    serveDelivery([deliveryStatus('staging')]);
    const synced = jest.fn();
    server.use(
      http.post(`${ENTITY_API}/environments/staging/sync`, () => {
        synced();
        return HttpResponse.json({ requested: true }, { status: 202 });
      }),
    );
    const { alertApi } = await renderEntityPage(<DeliveryContent />);
    await screen.findByText('staging', { selector: 'div' });
    await userEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    await waitFor(() => expect(synced).toHaveBeenCalledTimes(1));
    await waitFor(() =>
      expect(alertApi.getAlerts().map(a => a.message)).toContain(
        'Sync of staging requested: Git is fetched afresh',
      ),
    );
  });

  it('shows a prune waiting for an owner, who confirms it with a reason', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(
        `${ENTITY_API}/environments/:env/prune/confirm`,
        async ({ request }) => {
          bodies.push(await request.json());
          return HttpResponse.json({ confirmed: 'abc' }, { status: 202 });
        },
      ),
    );
    serveDelivery([
      deliveryStatus('staging', {
        pendingPrune: {
          objects: [
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              namespace: 'shop',
              name: 'a',
            },
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              namespace: 'shop',
              name: 'web',
            },
            {
              apiVersion: 'v1',
              kind: 'Service',
              namespace: 'shop',
              name: 'web',
            },
          ],
          hash: '0123456789abcdef',
          of: 4,
          since: '2026-12-01T10:00:00.000Z',
        },
      }),
    ]);
    await renderEntityPage(<DeliveryContent />);
    await screen.findByText('staging', { selector: 'div' });
    expect(
      within(rowOf('staging')).getByText(
        /3 of 4 objects left Git and are kept until an owner confirms/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(rowOf('staging')).getByRole('button', { name: 'Confirm prune' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        /Delete 3 of staging's 4 objects, which left Git: ConfigMap shop\/a, Deployment shop\/web, Service shop\/web/,
      ),
    ).toBeInTheDocument();
    const confirm = within(dialog).getByRole('button', {
      name: 'Confirm prune',
    });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox'),
      'web moved to shop-v2',
    );
    await userEvent.click(confirm);
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toEqual({
      hash: '0123456789abcdef',
      reason: 'web moved to shop-v2',
    });
  });

  it('suspends with a reason after confirmation, and resumes', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(
        `${ENTITY_API}/environments/:env/:action`,
        async ({ request, params }) => {
          bodies.push({
            action: params.action,
            env: params.env,
            body: await request.json(),
          });
          return HttpResponse.json({ suspended: params.action === 'suspend' });
        },
      ),
    );
    serveDelivery([
      deliveryStatus('staging'),
      deliveryStatus('production', { suspended: true }),
    ]);
    await renderEntityPage(<DeliveryContent />);
    await screen.findByText('staging', { selector: 'div' });
    await userEvent.click(
      within(rowOf('staging')).getByRole('button', { name: 'Suspend' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(/Stop reconciling staging/),
    ).toBeInTheDocument();
    const confirm = within(dialog).getByRole('button', { name: 'Suspend' });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox'),
      'freeze for the sale',
    );
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    await userEvent.click(
      within(rowOf('production')).getByRole('button', { name: 'Resume' }),
    );
    const resume = await screen.findByRole('dialog');
    await userEvent.click(
      within(resume).getByRole('button', { name: 'Resume' }),
    );
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies).toEqual([
      {
        action: 'suspend',
        env: 'staging',
        body: { reason: 'freeze for the sale' },
      },
      { action: 'resume', env: 'production', body: {} },
    ]);
  });

  it('promotes the previous environment into production, and says which commit it wrote', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(
        `${ENTITY_API}/environments/production/promote`,
        async ({ request }) => {
          bodies.push(await request.json());
          return HttpResponse.json(
            {
              from: 'staging',
              to: 'production',
              sourceRevision: 'a'.repeat(40),
              mode: 'commit',
              changed: true,
              branch: 'main',
              revision: '0123456789abcdef0123',
              changes: [
                {
                  file: 'clusters/production/checkout/kustomization.yaml',
                  name: 'shop/checkout',
                  from: 'shop/checkout:1.4.1',
                  to: 'shop/checkout:1.4.2',
                },
              ],
            },
            { status: 201 },
          );
        },
      ),
    );
    serveDelivery([deliveryStatus('staging'), deliveryStatus('production')]);
    await renderEntityPage(<DeliveryContent />);
    await screen.findByText('staging', { selector: 'div' });
    expect(
      within(rowOf('staging')).queryByRole('button', { name: /Promote/ }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      within(rowOf('production')).getByRole('button', {
        name: 'Promote from staging',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(/Write the images staging runs/),
    ).toBeInTheDocument();
    await userEvent.type(within(dialog).getByRole('textbox'), 'soaked a day');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote from staging' }),
    );
    expect(
      await screen.findByText(
        'Committed 0123456789ab to production: shop/checkout:1.4.1 → shop/checkout:1.4.2',
      ),
    ).toBeInTheDocument();
    expect(bodies).toEqual([{ reason: 'soaked a day' }]);
  });

  it('keeps an open confirmation, with what was typed in it, while the status refreshes', async () => {
    let message = 'checkout 1.4.2';
    server.use(
      http.get(`${ENTITY_API}/delivery`, () =>
        HttpResponse.json({
          items: ['staging', 'production'].map(environment =>
            deliveryStatus(environment, {
              commit: { ...deliveryStatus(environment).commit!, message },
            }),
          ),
        }),
      ),
    );
    const signals = testSignals();
    await renderEntityPage(<DeliveryContent />, { signals: signals.api });
    await screen.findByText('staging', { selector: 'div' });
    await userEvent.click(
      within(rowOf('production')).getByRole('button', {
        name: 'Promote from staging',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('textbox'), 'soaked a day');

    message = 'checkout 1.4.3';
    act(() =>
      signals.send('slipway:entity:component:default/checkout', {
        kind: 'delivery',
      }),
    );
    expect(await screen.findAllByText('checkout 1.4.3')).toHaveLength(2);
    expect(screen.getByRole('dialog')).toBe(dialog);
    expect(within(dialog).getByRole('textbox')).toHaveValue('soaked a day');
  });

  it('disables the actions, saying why, for someone who does not own the service', async () => {
    serveDelivery([deliveryStatus('staging'), deliveryStatus('production')]);
    await renderEntityPage(<DeliveryContent />, { permission: 'deny' });
    await screen.findByText('staging', { selector: 'div' });
    const production = within(rowOf('production'));
    await waitFor(() =>
      expect(
        production.getByRole('button', { name: 'Sync now' }),
      ).toBeDisabled(),
    );
    expect(production.getByRole('button', { name: 'Suspend' })).toBeDisabled();
    expect(
      production.getByRole('button', { name: 'Promote from staging' }),
    ).toBeDisabled();
    expect(production.getByRole('note')).toHaveTextContent(
      'You may not slipway.delivery.sync on component:default/checkout: by default only its owners (group:default/storefront-team) may.',
    );
  });
});
