import os from 'node:os';
import path from 'node:path';

/** Where built tools and other downloads are kept between runs: $SLIPWAY_CACHE, as scripts/bootstrap.sh sets it. */
export const slipwayCacheDir = () =>
  process.env.SLIPWAY_CACHE ?? path.join(os.homedir(), '.cache', 'slipway');
