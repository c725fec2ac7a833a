import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { act, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { canaryItem } from '../../__testUtils__/canaryFixtures';
import {
  ENTITY_API,
  renderEntityPage,
  testSignals,
} from '../../__testUtils__/renderEntityPage';
import { CanaryContent, CANARY_POLL_MS } from './CanaryContent';

jest.setTimeout(20_000);

const CHANNEL = 'slipway:entity:component:default/checkout';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** How the tab stays current: told by signals when the app has them, polling when not. */
describe('CanaryContent live', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let reads = 0;
  let message = 'first answer';
  beforeEach(() => {
    reads = 0;
    message = 'first answer';
    server.use(
      http.get(`${ENTITY_API}/canaries`, () => {
        reads++;
        return HttpResponse.json({
          items: [
            canaryItem(0, {
              status: { ...canaryItem(0).status, message },
            }),
          ],
        });
      }),
    );
  });

  it('with signals: reads once, then only when the backend signals a change of its Canaries', async () => {
    const signals = testSignals();
    await renderEntityPage(<CanaryContent />, { signals: signals.api });
    expect(await screen.findByText(/first answer/)).toBeInTheDocument();
    expect(signals.channels()).toEqual([CHANNEL]);
    // Once more when the subscription has settled, for a change signalled before it did.
    await act(() => sleep(2_500));
    expect(reads).toBe(2);
    // A reconcile's signal is the Delivery tab's business, and there is no 2 s polling.
    act(() => signals.send(CHANNEL, { kind: 'delivery' }));
    await act(() => sleep(CANARY_POLL_MS + 500));
    expect(reads).toBe(2);

    message = 'after the signal';
    act(() => signals.send(CHANNEL, { kind: 'canary' }));
    expect(await screen.findByText(/after the signal/)).toBeInTheDocument();
    expect(reads).toBe(3);
  });

  it('without signals: polls', async () => {
    await renderEntityPage(<CanaryContent />);
    expect(await screen.findByText(/first answer/)).toBeInTheDocument();
    message = 'polled again';
    expect(
      await screen.findByText(/polled again/, undefined, {
        timeout: CANARY_POLL_MS + 2000,
      }),
    ).toBeInTheDocument();
    expect(reads).toBeGreaterThanOrEqual(2);
  });
});
