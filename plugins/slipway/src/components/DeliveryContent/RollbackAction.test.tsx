import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Release } from '@slipway/backstage-plugin-slipway-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { deliveryStatus } from '../../__testUtils__/deliveryFixtures';
import {
  ENTITY_API,
  renderEntityPage,
} from '../../__testUtils__/renderEntityPage';
import { DeliveryContent } from './DeliveryContent';

const release = (
  id: number,
  version: string,
  verdict: Release['verdict'],
): Release => ({
  id,
  service: 'checkout',
  environment: 'staging',
  revision: `${id}${'0'.repeat(39)}`,
  images: [`registry.example.com/shop/checkout:${version}`],
  message: `checkout ${version}`,
  author: 'Ada Lovelace',
  committedAt: null,
  appliedAt: new Date(Date.now() - id * 60_000).toISOString(),
  verdict,
  runId: null,
  reason: null,
  settledAt: null,
  followUp: null,
});

const rowOf = (environment: string) =>
  screen.getByText(environment, { selector: 'div' }).closest('tr')!;

describe('Roll back on the Delivery tab', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists the earlier releases that served, shows the change to the service files, and writes it with a reason', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.get(`${ENTITY_API}/delivery`, () =>
        HttpResponse.json({ items: [deliveryStatus('staging')] }),
      ),
      http.get(`${ENTITY_API}/releases`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('environment')).toBe(
          'staging',
        );
        return HttpResponse.json({
          items: [
            release(4, '1.4.3', 'succeeded'),
            release(3, '1.4.2', 'failed'),
            release(2, '1.4.1', 'succeeded'),
            release(1, '1.4.0', 'released'),
          ],
        });
      }),
      http.get(`${ENTITY_API}/environments/staging/rollback/2`, () =>
        HttpResponse.json({
          release: release(2, '1.4.1', 'succeeded'),
          mode: 'commit',
          baseRevision: 'abcdef0123456789',
          files: [
            {
              path: 'clusters/staging/checkout/manifests.yaml',
              shown: true,
              before: 'kind: Deployment\nimage: shop/checkout:1.4.3\n',
              after: 'kind: Deployment\nimage: shop/checkout:1.4.1\n',
            },
            { path: 'clusters/staging/checkout/app.env', shown: false },
          ],
        }),
      ),
      http.post(
        `${ENTITY_API}/environments/staging/rollback`,
        async ({ request }) => {
          bodies.push(await request.json());
          return HttpResponse.json(
            {
              mode: 'commit',
              changed: true,
              branch: 'main',
              revision: 'fedcba9876543210fedc',
              toRevision: release(2, '1.4.1', 'succeeded').revision,
              files: ['clusters/staging/checkout/manifests.yaml'],
              analysisSkippedBy: ['shop/checkout'],
            },
            { status: 201 },
          );
        },
      ),
    );
    await renderEntityPage(<DeliveryContent />);
    await screen.findByText('staging', { selector: 'div' });
    await userEvent.click(
      within(rowOf('staging')).getByRole('button', { name: 'Roll back' }),
    );
    const dialog = await screen.findByRole('dialog');
    // Neither the current release nor the failed one.
    const choices = await within(dialog).findAllByRole('radio');
    expect(choices.map(c => c.closest('label')!.textContent)).toEqual([
      expect.stringMatching(
        /^checkout:1\.4\.1 · 2000000 checkout 1\.4\.1 · Ada Lovelace · .* · Succeeded$/,
      ),
      expect.stringMatching(
        /^checkout:1\.4\.0 · 1000000 checkout 1\.4\.0 .* · Released$/,
      ),
    ]);
    const confirm = within(dialog).getByRole('button', { name: 'Roll back' });
    expect(confirm).toBeDisabled();
    await userEvent.click(choices[0]);
    const change = await within(dialog).findByLabelText(
      'Change to clusters/staging/checkout/manifests.yaml',
    );
    expect(change).toHaveTextContent(
      '- image: shop/checkout:1.4.3+ image: shop/checkout:1.4.1',
    );
    expect(
      within(dialog).getByLabelText(
        'Change to clusters/staging/checkout/app.env',
      ),
    ).toHaveTextContent(/content is not shown/);
    await userEvent.type(
      within(dialog).getByRole('textbox'),
      'errors since 1.4.3',
    );
    // 1.4.1 passed its canary: its analysis may be skipped.
    await userEvent.click(
      within(dialog).getByRole('checkbox', {
        name: /^Skip the canary analysis: this release passed it in staging/,
      }),
    );
    await userEvent.click(confirm);
    expect(
      await screen.findByText(
        'Committed fedcba987654: staging rolls back to 2000000; its canary is promoted without analysis',
      ),
    ).toBeInTheDocument();
    expect(bodies).toEqual([
      { releaseId: 2, reason: 'errors since 1.4.3', skipAnalysis: true },
    ]);
  });
});
