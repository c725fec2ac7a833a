import { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SlipwayClient, slipwayApiRef } from '../../api/SlipwayApi';
import { DeliveryContent } from './DeliveryContent';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

describe('DeliveryContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const render = (e: Entity) =>
    renderInTestApp(
      <EntityProvider entity={e}>
        <DeliveryContent />
      </EntityProvider>,
      {
        apis: [
          [
            slipwayApiRef,
            new SlipwayClient({
              discoveryApi: mockApis.discovery({
                baseUrl: 'http://backstage.test',
              }),
              fetchApi: { fetch: (input, init) => fetch(input, init) },
            }),
          ],
        ],
      },
    );

  it('shows a row per environment in promotion order', async () => {
    server.use(
      http.get(
        'http://backstage.test/api/slipway/entities/component/default/checkout/targets',
        () =>
          HttpResponse.json({
            items: [
              {
                environment: 'staging',
                cluster: 'local',
                repository: 'file:///config',
                branch: 'main',
                path: 'clusters/staging/checkout',
              },
              {
                environment: 'production',
                cluster: 'local',
                repository: 'file:///config',
                branch: 'main',
                path: 'clusters/production/checkout',
              },
            ],
          }),
      ),
    );
    await render(entity({ 'slipway.io/environments': 'staging,production' }));

    const rows = await screen.findAllByRole('row');
    const cells = rows.slice(1).map(r => r.textContent);
    expect(cells[0]).toContain('staging');
    expect(cells[0]).toContain('clusters/staging/checkout');
    expect(cells[1]).toContain('production');
  });

  it('says which annotation to add when it is missing', async () => {
    await render(entity());
    expect(
      await screen.findByText(/Add the annotation slipway\.io\/environments/),
    ).toBeInTheDocument();
  });

  it('shows the backend error, which names what is wrong', async () => {
    server.use(
      http.get('http://backstage.test/api/slipway/entities/*', () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'Annotation slipway.io/environments names qa, which app-config slipway.environments does not define',
            },
          },
          { status: 400 },
        ),
      ),
    );
    await render(entity({ 'slipway.io/environments': 'qa' }));
    expect(
      await screen.findByText(
        /names qa, which app-config slipway.environments does not define/,
      ),
    ).toBeInTheDocument();
  });
});
