import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Answer = number | 'hang';

/** A hook receiver: answers each path as told and keeps every call. */
export class HookServer {
  readonly calls: Array<{ path: string; body: any }> = [];
  readonly answers = new Map<string, Answer>();
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      this.calls.push({ path: req.url!, body: JSON.parse(body) });
      const answer = this.answers.get(req.url!) ?? 200;
      if (answer !== 'hang') {
        res.writeHead(answer).end(answer === 200 ? 'ok' : 'not yet');
      }
    });
  });
  url = '';

  async start() {
    await new Promise<void>(r => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${
      (this.server.address() as AddressInfo).port
    }`;
  }
  callsTo = (path: string) => this.calls.filter(c => c.path === path);
  stop() {
    this.server.closeAllConnections();
    return new Promise(r => this.server.close(r));
  }
}
