import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readSlipwayEnvironments } from '../environments';
import { engineRbac, RBAC_BASE_DIR } from './engineRbac';

const USAGE = `Usage: yarn slipway-rbac --config app-config.yaml [--config more.yaml] [--service name ...] --out <dir>

Writes a kustomize overlay of deploy/rbac/base that gives the Slipway engine
write rights only in the namespaces slipway.environments allows. Namespace
patterns with {service} need the services' names (--service, repeated).`;

function argsOf(argv: string[]) {
  const out = { configs: [] as string[], services: [] as string[], dir: '' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--config') out.configs.push(value);
    else if (flag === '--service') out.services.push(value);
    else if (flag === '--out') out.dir = value;
    else throw new Error(`unknown argument ${flag}\n\n${USAGE}`);
    i++;
  }
  if (out.configs.length === 0 || !out.dir) {
    throw new Error(USAGE);
  }
  return out;
}

function main() {
  const args = argsOf(process.argv.slice(2));
  const config = ConfigReader.fromConfigs(
    args.configs.map(file => ({
      context: file,
      data: parse(fs.readFileSync(file, 'utf8')) ?? {},
    })),
  );
  const base = path.relative(path.resolve(args.dir), RBAC_BASE_DIR);
  const rbac = engineRbac(readSlipwayEnvironments(config), {
    base,
    services: args.services,
  });
  fs.mkdirSync(args.dir, { recursive: true });
  for (const [name, text] of Object.entries(rbac.files)) {
    fs.writeFileSync(path.join(args.dir, name), text);
  }
  console.log(
    `[slipway-rbac] ${args.dir}: slipway-engine-write bound in ${
      rbac.namespaces.join(', ') || 'no namespace'
    }`,
  );
  if (rbac.unresolved.length > 0) {
    console.log(
      `[slipway-rbac] not bound: ${rbac.unresolved.join(
        ', ',
      )} (name the services with --service)`,
    );
  }
  console.log(`[slipway-rbac] apply it with: kubectl apply -k ${args.dir}`);
}

try {
  main();
} catch (error) {
  console.error(`[slipway-rbac] ${(error as Error).message}`);
  process.exit(1);
}
