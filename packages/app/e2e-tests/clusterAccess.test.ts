import { expect, test } from '@playwright/test';
import {
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
} from '@kubernetes/client-node';
import { BACKEND, demo, guestToken } from './demo';

function cluster() {
  const kc = new KubeConfig();
  kc.loadFromFile(demo().kubeconfig);
  return kc;
}

/** What `kubectl auth can-i --as <service account>` asks the API server. */
async function serviceAccountCan(
  account: { namespace: string; name: string },
  verb: string,
  resource: string,
  namespace?: string,
) {
  const review = await cluster()
    .makeApiClient(AuthorizationV1Api)
    .createSubjectAccessReview({
      body: {
        spec: {
          user: `system:serviceaccount:${account.namespace}:${account.name}`,
          groups: [
            'system:serviceaccounts',
            `system:serviceaccounts:${account.namespace}`,
            'system:authenticated',
          ],
          resourceAttributes: { verb, resource, namespace },
        },
      },
    });
  return review.status?.allowed ?? false;
}

const ENGINE = { namespace: 'slipway-system', name: 'slipway-engine' };
const K8S_PLUGIN = { namespace: 'backstage', name: 'kubernetes-plugin-reader' };

test("the kubernetes plugin's proxy lets the guest neither write nor read Secrets", async ({
  request,
}) => {
  const token = await guestToken(request);
  const headers = {
    authorization: `Bearer ${token}`,
    'backstage-kubernetes-cluster': 'local',
  };
  const name = `guest-was-here-${Date.now().toString(36)}`;
  const write = await request.post(
    `${BACKEND}/api/kubernetes/proxy/api/v1/namespaces/kube-system/configmaps`,
    {
      headers: { ...headers, 'content-type': 'application/json' },
      data: { metadata: { name }, data: { a: 'b' } },
    },
  );
  expect(write.status()).toBe(403);
  const secrets = await request.get(
    `${BACKEND}/api/kubernetes/proxy/api/v1/secrets`,
    { headers },
  );
  expect(secrets.status()).toBe(403);
  const created = await cluster()
    .makeApiClient(CoreV1Api)
    .readNamespacedConfigMap({ name, namespace: 'kube-system' })
    .then(
      () => true,
      () => false,
    );
  expect(created).toBe(false);

  // Were a policy to let someone through, the plugin's own identity could not do either.
  expect(
    await serviceAccountCan(K8S_PLUGIN, 'create', 'configmaps', 'kube-system'),
  ).toBe(false);
  expect(await serviceAccountCan(K8S_PLUGIN, 'list', 'secrets')).toBe(false);
  expect(await serviceAccountCan(K8S_PLUGIN, 'list', 'pods')).toBe(true);
});

test("the engine writes Secrets only in the environments' namespaces", async () => {
  expect(await serviceAccountCan(ENGINE, 'create', 'secrets')).toBe(false);
  expect(
    await serviceAccountCan(ENGINE, 'create', 'secrets', 'kube-system'),
  ).toBe(false);
  for (const environment of ['staging', 'production']) {
    expect(
      await serviceAccountCan(ENGINE, 'create', 'secrets', environment),
    ).toBe(true);
  }
});
