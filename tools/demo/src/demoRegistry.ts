import { LocalRegistry, pushImage } from '@slipway/local-cluster';
import { publishDemoChart } from './demoChart';
import {
  DEMO_REGISTRY_HOST,
  demoRegistryRepository,
  EXAMPLE_SERVICES,
} from './exampleServices';

/**
 * Starts the demo's registry on its fixed port and pushes the version each
 * example service from it runs, so that image automation starts from what
 * the config repository says.
 */
export async function startDemoRegistry(
  /** helm, to publish the demo's chart; without it the chart service says what it misses. */
  helm?: string,
): Promise<LocalRegistry> {
  const port = Number(DEMO_REGISTRY_HOST.split(':')[1]);
  const registry = await LocalRegistry.start({ port }).catch(error => {
    throw new Error(
      `cannot start the demo's registry on ${DEMO_REGISTRY_HOST} (set SLIPWAY_DEMO_REGISTRY_PORT to use another port): ${error.message}`,
    );
  });
  for (const service of EXAMPLE_SERVICES) {
    const repository = demoRegistryRepository(service);
    if (repository) {
      await pushImage({
        registryUrl: registry.url,
        repository,
        tag: service.version,
      });
    }
  }
  if (helm) {
    await publishDemoChart(helm);
  }
  return registry;
}
