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

const HOUR = 60 * 60 * 1000;
const WAITING = 'feedface'.repeat(5);
const rowOf = (environment: string) =>
  screen.getByText(environment, { selector: 'div' }).closest('tr')!;

describe('Freezes on the Delivery tab', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows who froze an environment, until when and what waits, and breaks the glass for that revision', async () => {
    const until = new Date(Date.now() + 3 * HOUR).toISOString();
    const bodies: unknown[] = [];
    server.use(
      http.get(`${ENTITY_API}/delivery`, () =>
        HttpResponse.json({
          items: [
            deliveryStatus('staging'),
            deliveryStatus('production', {
              freeze: {
                kind: 'manual',
                reason: 'Black Friday',
                by: 'user:default/ada',
                since: new Date().toISOString(),
                until,
                waiting: {
                  revision: WAITING,
                  message: 'checkout 1.5.0',
                  author: 'Grace',
                },
              },
            }),
          ],
        }),
      ),
      http.post(
        `${ENTITY_API}/environments/production/break-glass`,
        async ({ request }) => {
          bodies.push(await request.json());
          return HttpResponse.json({ revision: WAITING }, { status: 202 });
        },
      ),
    );
    await renderEntityPage(<DeliveryContent />);
    expect(
      await screen.findByText(
        `production is frozen until ${new Date(
          until,
        ).toLocaleString()} by user:default/ada: Black Friday`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Waiting: feedfac "checkout 1.5.0" by Grace is applied when the freeze ends (or by Break glass). Drift is still corrected.',
      ),
    ).toBeInTheDocument();
    const production = within(rowOf('production'));
    expect(production.getByText('Frozen')).toBeInTheDocument();
    expect(
      production.getByRole('button', { name: 'Unfreeze' }),
    ).toBeInTheDocument();
    expect(
      within(rowOf('staging')).queryByRole('button', { name: 'Break glass' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      production.getByRole('button', { name: 'Break glass' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(/Only this revision: the freeze goes on/),
    ).toBeInTheDocument();
    await userEvent.type(within(dialog).getByRole('textbox'), 'INC-7 hotfix');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Break glass' }),
    );
    expect(
      await screen.findByText(
        'Break-glass: feedfac is applied to production on the next reconcile',
      ),
    ).toBeInTheDocument();
    expect(bodies).toEqual([{ revision: WAITING, reason: 'INC-7 hotfix' }]);
  });

  it('freezes an environment for the time chosen, with a reason', async () => {
    const bodies: Array<{ until: string; reason: string }> = [];
    server.use(
      http.get(`${ENTITY_API}/delivery`, () =>
        HttpResponse.json({ items: [deliveryStatus('staging')] }),
      ),
      http.post(
        `${ENTITY_API}/environments/staging/freeze`,
        async ({ request }) => {
          bodies.push((await request.json()) as any);
          return HttpResponse.json({}, { status: 201 });
        },
      ),
    );
    await renderEntityPage(<DeliveryContent />);
    await screen.findByText('staging', { selector: 'div' });
    await userEvent.click(
      within(rowOf('staging')).getByRole('button', { name: 'Freeze now' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('radio', { name: '24 hours' }),
    );
    await userEvent.type(within(dialog).getByRole('textbox'), 'release day');
    const pressed = Date.now();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Freeze now' }),
    );
    expect(
      await screen.findByText(/^staging frozen until /),
    ).toBeInTheDocument();
    expect(bodies).toHaveLength(1);
    expect(bodies[0].reason).toBe('release day');
    const hoursAhead = (Date.parse(bodies[0].until) - pressed) / HOUR;
    expect(hoursAhead).toBeGreaterThan(23.9);
    expect(hoursAhead).toBeLessThan(24.1);
  });
});
