import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  API,
  ENTITY_API,
  renderEntityPage,
} from '../../__testUtils__/renderEntityPage';
import { DoraCard } from './DoraCard';
import { DoraPage } from './DoraPage';

const figures = (environment: string, over: object = {}) => ({
  environment,
  windowDays: 30,
  releases: 12,
  deploymentsPerDay: 0.4,
  leadTimeSeconds: 5400,
  changeFailureRate: 0.25,
  timeToRestoreSeconds: 600,
  ...over,
});

describe('DORA figures', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows each environment’s four figures on the entity card', async () => {
    server.use(
      http.get(`${ENTITY_API}/dora`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('days')).toBe('30');
        return HttpResponse.json({
          items: [
            figures('staging', { deploymentsPerDay: 2.5 }),
            figures('production', {
              releases: 0,
              deploymentsPerDay: 0,
              leadTimeSeconds: null,
              changeFailureRate: null,
              timeToRestoreSeconds: null,
            }),
          ],
        });
      }),
    );
    await renderEntityPage(<DoraCard />);
    const staging = await screen.findByRole('region', {
      name: 'DORA figures in staging',
    });
    expect(staging).toHaveTextContent(
      'staging 12 releasesDeployment frequency2.5 / dayLead time for changes1.5 hChange failure rate25 %Time to restore10 min',
    );
    expect(
      screen.getByRole('region', { name: 'DORA figures in production' }),
    ).toHaveTextContent(
      'production 0 releasesDeployment frequencynoneLead time for changes—Change failure rate—Time to restore—',
    );
  });

  it('lists every service with its figures, and filters by team', async () => {
    server.use(
      http.get(`${API}/dora`, () =>
        HttpResponse.json({
          items: [
            {
              entityRef: 'component:default/checkout',
              service: 'checkout',
              owner: 'group:default/shop',
              ...figures('production'),
            },
            {
              entityRef: 'component:default/payments',
              service: 'payments',
              owner: 'group:default/payments',
              ...figures('production', { changeFailureRate: 0.5 }),
            },
          ],
        }),
      ),
    );
    await renderEntityPage(<DoraPage />);
    expect(await screen.findByText('checkout')).toBeInTheDocument();
    const payments = screen.getByText('payments').closest('tr')!;
    expect(payments).toHaveTextContent('50 %');
    expect(payments).toHaveTextContent('2.8 / week');
    await userEvent.click(screen.getByRole('button', { name: /^all$/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'group:default/shop' }),
    );
    expect(screen.queryByText('payments')).not.toBeInTheDocument();
    expect(
      within(screen.getByText('checkout').closest('tr')!).getByText('25 %'),
    ).toBeInTheDocument();
  });
});
