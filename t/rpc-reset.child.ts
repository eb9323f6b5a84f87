/**
 * Run inside a network namespace whose `lo` also carries 10.99.0.1 (a non-loopback client address without any
 * outside traffic): `node --import tsx t/rpc-reset.child.ts CONFIG COUNT`. Starts the API on 10.99.0.1, sends
 * COUNT add_api_user requests that each reset their connection (SO_LINGER {1,0}) right after sending, then one
 * that waits for its answer, and prints {"created": users in the table, "answer": that last answer}.
 */
import net from 'node:net';
import { loadConfig } from '../src/config/index.js';
import { createKnex } from '../src/db/connection.js';
import { migrateLatest } from '../src/db/migrate.js';
import { createLogger } from '../src/log.js';
import { startRpcServer } from '../src/rpc/server.js';

const [configFile, count] = process.argv.slice(2);
const config = loadConfig(configFile!);
const knex = createKnex(config);
await migrateLatest(knex);
const server = await startRpcServer(config, {
  host: '10.99.0.1',
  port: 0,
  deps: { knex },
  logger: createLogger('rpcapi', { level: 'fatal' }),
});

function request(i: number): string {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: i,
    method: 'add_api_user',
    params: { username: `intruder${i}`, api_key: 'key' },
  });
  return `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
}

function sendAndReset(i: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '10.99.0.1', port: server.port }, () => {
      socket.write(request(i), () => {
        // vary the moment of the reset: at once, or after the request had a moment to be parsed
        if (i % 3 === 0) socket.resetAndDestroy();
        else setTimeout(() => socket.resetAndDestroy(), i % 3);
      });
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

for (let i = 0; i < Number(count); i += 50)
  await Promise.all(Array.from({ length: 50 }, (_, k) => sendAndReset(i + k)));
await new Promise((resolve) => setTimeout(resolve, 500));
const answer = await (
  await fetch(server.url, { method: 'POST', body: request(-1).split('\r\n\r\n')[1] })
).json();
const created = Number(((await knex('users').count({ n: '*' })) as Array<{ n: number }>)[0]!.n);
process.stdout.write(`${JSON.stringify({ created, answer })}\n`);
await server.close();
await knex.destroy();
