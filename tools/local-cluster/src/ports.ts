import net from 'node:net';

// Below Linux's default ephemeral range (32768-60999), so that the outgoing
// connections of the components themselves cannot take a port between the
// moment it is chosen and the moment its server binds it.
const RANGE_START = 20000;
const RANGE_END = 32700;

const taken = new Set<number>();

function canBind(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free loopback port outside the ephemeral range, not handed out before by this process. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port =
      RANGE_START + Math.floor(Math.random() * (RANGE_END - RANGE_START));
    if (!taken.has(port) && (await canBind(port))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(
    `no free loopback port between ${RANGE_START} and ${RANGE_END}`,
  );
}

/** True when something accepts connections on the loopback port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
