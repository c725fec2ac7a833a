import { pushImage } from '@slipway/local-cluster';
import fs from 'node:fs';
import path from 'node:path';
import { FRONTEND_URL } from './backstage';
import { demoRegistryRepository, EXAMPLE_SERVICES } from './exampleServices';

// `npm run demo:push-image -- <service> <tag>`: what CI does after a build,
// against the running demo's registry.
const usage = `usage: npm run demo:push-image -- <service> <tag>   e.g. payments 0.9.8
services with images in the demo's registry: ${EXAMPLE_SERVICES.filter(
  demoRegistryRepository,
)
  .map(s => s.name)
  .join(', ')}`;

async function main() {
  const [service, tag] = process.argv.slice(2);
  const example = EXAMPLE_SERVICES.find(s => s.name === service);
  if (!example || !tag) {
    throw new Error(usage);
  }
  const repository = demoRegistryRepository(example);
  if (!repository) {
    throw new Error(
      `${service}'s image ${example.image} is not in the demo's registry\n${usage}`,
    );
  }
  const demoDir = path.resolve(process.env.SLIPWAY_DEMO_DIR ?? '.demo');
  const readyFile = path.join(demoDir, 'ready.json');
  if (!fs.existsSync(readyFile)) {
    throw new Error(
      `no running demo in ${demoDir} (start it with npm run demo, or set SLIPWAY_DEMO_DIR)`,
    );
  }
  const { registry } = JSON.parse(fs.readFileSync(readyFile, 'utf8'));
  const digest = await pushImage({
    registryUrl: registry,
    repository,
    tag,
  });
  console.log(`Pushed ${example.image}:${tag} (${digest}).
Image automation checks the registry every 3 s: when staging's policy for ${service}
accepts the tag, it commits it to the config repository and the canary run starts:
  ${FRONTEND_URL}/catalog/default/component/${service}/canary`);
}

main().catch(error => {
  console.error(`[demo] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
