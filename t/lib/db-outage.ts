/**
 * A database outage a test can switch on and off, on the engine named by $TARGET. PostgreSQL and MariaDB are
 * reached through a loopback TCP proxy: during the outage it cuts every connection and refuses new ones, as a
 * server restart or a lost link does. SQLite is held under an exclusive lock by another connection: writers
 * wait out their busy timeout and fail, as they would on a locked or unreachable file.
 */
import net from 'node:net';
import Database from 'better-sqlite3';
import type { Config } from '../../src/config/types.js';

export interface Outage {
  /** The configuration to give the processes under test (through the proxy for PostgreSQL and MariaDB). */
  config: Config;
  begin(): Promise<void>;
  end(): Promise<void>;
  close(): Promise<void>;
}

export async function databaseOutage(config: Config): Promise<Outage> {
  if (config.DB.engine === 'SQLite') return sqliteOutage(config);
  const section = config.DB.engine === 'PostgreSQL' ? 'POSTGRESQL' : 'MYSQL';
  const upstream = { host: config[section].host ?? '127.0.0.1', port: config[section].port };
  const proxy = await startProxy(upstream);
  return {
    config: { ...config, [section]: { ...config[section], host: '127.0.0.1', port: proxy.port } },
    begin: async () => proxy.setDown(true),
    end: async () => proxy.setDown(false),
    close: () => proxy.close(),
  };
}

function sqliteOutage(config: Config): Outage {
  let holder: Database.Database | undefined;
  return {
    config,
    async begin() {
      holder = new Database(config.SQLITE.database_file!);
      holder.pragma('busy_timeout = 30000');
      holder.exec('BEGIN EXCLUSIVE');
    },
    async end() {
      holder?.exec('ROLLBACK');
      holder?.close();
      holder = undefined;
    },
    async close() {
      await this.end();
    },
  };
}

interface Proxy {
  port: number;
  setDown(down: boolean): void;
  close(): Promise<void>;
}

function startProxy(upstream: { host: string; port: number }): Promise<Proxy> {
  const open = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) return void client.destroy();
    const link = net.connect(upstream);
    for (const s of [client, link]) {
      open.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        open.delete(s);
        client.destroy();
        link.destroy();
      });
    }
    client.pipe(link);
    link.pipe(client);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        setDown(value) {
          down = value;
          if (value) for (const s of open) s.destroy();
        },
        close: () =>
          new Promise<void>((res) => {
            for (const s of open) s.destroy();
            server.close(() => res());
          }),
      }),
    ),
  );
}
