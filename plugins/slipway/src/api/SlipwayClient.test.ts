import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SlipwayClient, SlipwayRequestError } from './SlipwayClient';

const API = 'http://backstage.test/api/slipway';
const entity = { kind: 'Component', namespace: 'default', name: 'checkout' };

describe('SlipwayClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const client = () =>
    new SlipwayClient({
      discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
      fetchApi: { fetch: (input: any, init: any) => fetch(input, init) },
    });

  it('polls conditionally: a 304 gives back the very same object', async () => {
    const seen: Array<string | null> = [];
    server.use(
      http.get(
        `${API}/entities/component/default/checkout/canaries`,
        ({ request }) => {
          seen.push(request.headers.get('if-none-match'));
          if (request.headers.get('if-none-match') === 'W/"v1"') {
            return new HttpResponse(null, { status: 304 });
          }
          return HttpResponse.json(
            { items: [{ name: 'checkout' }] },
            { headers: { ETag: 'W/"v1"' } },
          );
        },
      ),
    );
    const c = client();
    const first = await c.getCanaries(entity);
    const second = await c.getCanaries(entity);
    expect(seen).toEqual([null, 'W/"v1"']);
    expect(second).toBe(first);
  });

  it("throws the backend's own message with the status", async () => {
    server.use(
      http.post(
        `${API}/entities/component/default/checkout/environments/production/sync`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotAllowedError',
                message: 'Not allowed to slipway.delivery.sync',
              },
            },
            { status: 403 },
          ),
      ),
    );
    const error = await client()
      .requestDeliveryAction({ entity, environment: 'production' }, 'sync')
      .catch(e => e);
    expect(error).toBeInstanceOf(SlipwayRequestError);
    expect(error).toMatchObject({
      status: 403,
      message: 'Not allowed to slipway.delivery.sync',
    });
  });
});
