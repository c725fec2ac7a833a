import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Release } from '@slipway/backstage-plugin-slipway-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ENTITY_API,
  renderEntityPage,
} from '../../__testUtils__/renderEntityPage';
import { ReleasesContent } from './ReleasesContent';

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

const release = (
  id: number,
  environment: string,
  version: string,
  over: Partial<Release> = {},
): Release => ({
  id,
  service: 'checkout',
  environment,
  revision: `${id}a1b2c3d4e5f6`,
  images: [`registry.example.com/shop/checkout:${version}`],
  message: `checkout ${version}\n\nwith details`,
  author: 'Ada Lovelace',
  committedAt: minutesAgo(70),
  appliedAt: minutesAgo(60 - id),
  verdict: 'released',
  runId: null,
  reason: null,
  settledAt: null,
  followUp: null,
  ...over,
});

const rowWith = (text: RegExp) => screen.getByText(text).closest('tr')!;

describe('ReleasesContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('lists every release newest first with its version, commit, verdict and why, and filters by environment', async () => {
    server.use(
      http.get(`${ENTITY_API}/releases`, () =>
        HttpResponse.json({
          items: [
            release(3, 'production', '1.4.1', {
              verdict: 'succeeded',
              runId: 'r3',
              reason: 'promoted after 5 iterations',
              settledAt: minutesAgo(50),
            }),
            release(2, 'staging', '1.4.2', {
              verdict: 'failed',
              runId: 'r2',
              reason: 'rolled back: 2 failed checks (threshold 2)',
              settledAt: minutesAgo(55),
            }),
            release(1, 'staging', '1.4.1'),
          ],
        }),
      ),
    );
    await renderEntityPage(<ReleasesContent />);
    await screen.findByText(/^rolled back: 2 failed checks/);
    const failed = within(rowWith(/^rolled back: 2 failed checks/));
    expect(failed.getByText('checkout:1.4.2')).toBeInTheDocument();
    expect(failed.getByText('Failed')).toBeInTheDocument();
    expect(failed.getByText('staging')).toBeInTheDocument();
    expect(failed.getByText('2a1b2c3').parentElement).toHaveTextContent(
      /^2a1b2c3 checkout 1\.4\.2$/,
    );
    expect(
      failed.getByText(/Ada Lovelace · lead time 12 min 0 s/),
    ).toBeInTheDocument();
    expect(failed.getByText('judged in 3 min 0 s')).toBeInTheDocument();
    const rows = screen.getAllByRole('row').slice(1);
    expect(
      rows.map(
        r => within(r).queryByText(/^(staging|production)$/)?.textContent,
      ),
    ).toEqual(['production', 'staging', 'staging']);
    expect(within(rows[0]).getByText('Succeeded')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Released')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /all/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'production' }),
    );
    expect(screen.getAllByRole('row').slice(1)).toHaveLength(1);
    expect(screen.getByText('promoted after 5 iterations')).toBeInTheDocument();
  });

  it("opens a release's changes to the rendered objects, against the release before it", async () => {
    server.use(
      http.get(`${ENTITY_API}/releases`, () =>
        HttpResponse.json({
          items: [
            release(2, 'staging', '1.4.2'),
            release(1, 'staging', '1.4.1'),
          ],
        }),
      ),
      http.get(`${ENTITY_API}/environments/staging/releases/2/diff`, () =>
        HttpResponse.json({
          release: release(2, 'staging', '1.4.2'),
          previous: release(1, 'staging', '1.4.1'),
          objects: [
            {
              ref: {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                namespace: 'shop',
                name: 'checkout',
              },
              change: 'changed',
              fields: [
                {
                  path: 'spec.template.spec.containers[0].image',
                  before: 'registry.example.com/shop/checkout:1.4.1',
                  after: 'registry.example.com/shop/checkout:1.4.2',
                },
              ],
            },
            {
              ref: {
                apiVersion: 'v1',
                kind: 'Secret',
                namespace: 'shop',
                name: 'checkout-token',
              },
              change: 'removed',
              fields: [
                {
                  path: '',
                  before: { stringData: { TOKEN: '(masked 0123456789)' } },
                },
              ],
            },
          ],
        }),
      ),
    );
    await renderEntityPage(<ReleasesContent />);
    await screen.findByText('checkout:1.4.2');
    const [first] = within(rowWith(/^2a1b2c3/)).getAllByRole('button');
    await userEvent.click(first);
    const panel = await screen.findByLabelText('Changes of 2a1b2c3');
    expect(
      await within(panel).findByText('spec.template.spec.containers[0].image'),
    ).toBeInTheDocument();
    expect(panel).toHaveTextContent(
      /Against 1a1b2c3, the release before it in staging; Secret values masked\./,
    );
    expect(panel).toHaveTextContent(
      '"registry.example.com/shop/checkout:1.4.1" → "registry.example.com/shop/checkout:1.4.2"',
    );
    expect(panel).toHaveTextContent(/Secret .*checkout-token removed/);
  });

  it("shows a chart release's chart version change and its values changes", async () => {
    const chart = (version: string) => ({
      name: 'checkout',
      version,
      source: 'oci://registry.example.com/charts/checkout',
    });
    server.use(
      http.get(`${ENTITY_API}/releases`, () =>
        HttpResponse.json({ items: [release(2, 'staging', '1.4.2')] }),
      ),
      http.get(`${ENTITY_API}/environments/staging/releases/2/diff`, () =>
        HttpResponse.json({
          release: release(2, 'staging', '1.4.2'),
          previous: release(1, 'staging', '1.4.1'),
          objects: [],
          chart: {
            before: chart('2.0.0'),
            after: chart('2.1.0'),
            values: [
              { path: 'image.tag', before: '1.4.1', after: '1.4.2' },
              {
                path: 'database.password',
                before: '(masked 0123456789)',
                after: '(masked 9876543210)',
              },
            ],
          },
        }),
      ),
    );
    await renderEntityPage(<ReleasesContent />);
    await screen.findByText('checkout:1.4.2');
    const [first] = within(rowWith(/^2a1b2c3/)).getAllByRole('button');
    await userEvent.click(first);
    const values = await screen.findByLabelText('Chart values');
    expect(values).toHaveTextContent('Chart checkout 2.0.0 → checkout 2.1.0');
    expect(values).toHaveTextContent('image.tag: "1.4.1" → "1.4.2"');
    expect(values).toHaveTextContent(
      'database.password: "(masked 0123456789)" → "(masked 9876543210)"',
    );
  });

  it('says what appears here before the first release', async () => {
    server.use(
      http.get(`${ENTITY_API}/releases`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await renderEntityPage(<ReleasesContent />);
    expect(await screen.findByText(/^No release yet/)).toBeInTheDocument();
  });
});
