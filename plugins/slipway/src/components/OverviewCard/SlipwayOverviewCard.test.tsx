import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { canaryItem } from '../../__testUtils__/canaryFixtures';
import {
  deliveryStatus,
  rolledBackServing,
} from '../../__testUtils__/deliveryFixtures';
import {
  ENTITY_API,
  renderEntityPage,
  serviceEntity,
} from '../../__testUtils__/renderEntityPage';
import { SlipwayOverviewCard } from './SlipwayOverviewCard';

describe('SlipwayOverviewCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows revision and health per environment, and the canary while it runs', async () => {
    server.use(
      http.get(`${ENTITY_API}/delivery`, () =>
        HttpResponse.json({
          items: [
            deliveryStatus('staging'),
            deliveryStatus('production', {
              lastAppliedRevision: '0123456789',
              lastAttemptedRevision: '0123456789',
            }),
          ],
        }),
      ),
      http.get(`${ENTITY_API}/canaries`, () =>
        HttpResponse.json({
          items: [
            canaryItem(25),
            // Set up, with no run yet: not shown.
            canaryItem(0, {
              environment: 'production',
              status: { phase: 'Initialized', canaryWeight: 0 },
            }),
          ],
        }),
      ),
    );
    await renderEntityPage(<SlipwayOverviewCard />);
    const staging = await screen.findByLabelText('Environment staging');
    expect(staging).toHaveTextContent('a1b2c3d');
    expect(within(staging).getByText('Healthy')).toBeInTheDocument();
    expect(
      await within(staging).findByText('canary checkout: Progressing at 25 %'),
    ).toBeInTheDocument();
    const production = screen.getByLabelText('Environment production');
    expect(production).toHaveTextContent('0123456');
    expect(production).not.toHaveTextContent('canary');
  });

  it('says when an environment is rolled back, with both versions', async () => {
    server.use(
      http.get(`${ENTITY_API}/delivery`, () =>
        HttpResponse.json({
          items: [deliveryStatus('staging', { serving: rolledBackServing() })],
        }),
      ),
      http.get(`${ENTITY_API}/canaries`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await renderEntityPage(<SlipwayOverviewCard />);
    const staging = await screen.findByLabelText('Environment staging');
    expect(within(staging).getByText('RolledBack')).toBeInTheDocument();
    expect(staging).toHaveTextContent(
      'Rolled back: Git has checkout:1.4.2, serving checkout:1.4.1',
    );
  });

  it('says which annotation to add when the component has none', async () => {
    await renderEntityPage(<SlipwayOverviewCard />, {
      entity: serviceEntity({}),
    });
    expect(
      screen.getByText(/Add the annotation slipway.io\/environments/),
    ).toBeInTheDocument();
  });

  it('says what failed when the backend cannot answer', async () => {
    server.use(
      http.get(`${ENTITY_API}/delivery`, () =>
        HttpResponse.json(
          { error: { message: 'catalog unavailable' } },
          { status: 500 },
        ),
      ),
      http.get(`${ENTITY_API}/canaries`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await renderEntityPage(<SlipwayOverviewCard />);
    expect(await screen.findByText(/catalog unavailable/)).toBeInTheDocument();
  });
});
