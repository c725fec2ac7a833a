import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { deliveryStatus } from '../../__testUtils__/deliveryFixtures';
import {
  ENTITY_API,
  renderEntityPage,
} from '../../__testUtils__/renderEntityPage';
import { DeliveryContent } from './DeliveryContent';

const held = (id: number, version: string, by: string, reason: string) => ({
  id,
  service: 'checkout',
  environment: 'staging',
  revision: `${id}`.repeat(40),
  images: [`registry.example.com/shop/checkout:${version}`],
  message: `checkout ${version}`,
  author: 'Ada',
  committedAt: null,
  appliedAt: new Date().toISOString(),
  verdict: 'failed',
  runId: null,
  reason,
  settledAt: null,
  followUp: null,
  hold: { by, reason, at: new Date().toISOString() },
});

describe('Holds on the Delivery tab', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('says who held which version and why, and releases a hold with a reason', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.get(`${ENTITY_API}/delivery`, () =>
        HttpResponse.json({
          items: [
            deliveryStatus('staging', {
              holds: [
                held(
                  7,
                  '1.5.0',
                  'user:default/ada',
                  'latency regression',
                ) as any,
                held(
                  6,
                  '1.4.9',
                  'canary run r-6',
                  'rolled back: 2 failed checks',
                ) as any,
              ],
            }),
          ],
        }),
      ),
      http.post(
        `${ENTITY_API}/environments/staging/holds/7/release`,
        async ({ request }) => {
          bodies.push(await request.json());
          return HttpResponse.json({ released: 7 });
        },
      ),
    );
    await renderEntityPage(<DeliveryContent />);
    expect(
      await screen.findByText(
        'Held: checkout:1.5.0, rolled back by user:default/ada: latency regression. Image automation and promotion leave it out.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Held: checkout:1.4.9, its canary failed (rolled back: 2 failed checks). Image automation and promotion leave it out.',
      ),
    ).toBeInTheDocument();
    const [first] = screen.getAllByRole('button', { name: 'Release hold' });
    await userEvent.click(first);
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'Let image automation and promotion bring checkout:1.5.0 to staging again.',
      ),
    ).toBeInTheDocument();
    await userEvent.type(within(dialog).getByRole('textbox'), 'fixed the DB');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Release hold' }),
    );
    expect(
      await screen.findByText('Hold on checkout:1.5.0 released'),
    ).toBeInTheDocument();
    expect(bodies).toEqual([{ reason: 'fixed the DB' }]);
  });
});
