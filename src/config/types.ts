/**
 * The typed, frozen configuration read from zonemaster_backend.ini.
 * Section and key names are those of the reference backend_config.ini (interface facts);
 * keys marked "new" are additions of this implementation, documented in the README.
 */
export type DbEngine = 'SQLite' | 'PostgreSQL' | 'MySQL';

export interface ServerDbConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface Config {
  /** Absolute path of the file this config was read from. */
  readonly file: string;
  readonly DB: {
    engine: DbEngine;
    polling_interval: number;
    /** new: seconds a daemon or the db CLI waits for the database server to accept a connection. */
    connect_timeout: number;
    /** new: daemons apply pending migrations at start-up instead of refusing to start. */
    auto_migrate: boolean;
  };
  readonly MYSQL: Partial<ServerDbConfig> & { port: number };
  readonly POSTGRESQL: Partial<ServerDbConfig> & { port: number };
  /** database_file is absolute (a relative path is resolved against the config file's folder). */
  readonly SQLITE: { database_file?: string };
  readonly ZONEMASTER: {
    max_zonemaster_execution_time: number;
    number_of_processes_for_frontend_testing: number;
    number_of_processes_for_batch_testing: number;
    lock_on_queue: number;
    age_reuse_previous_test: number;
    /** new: root hints file used by the agent and the RPC lookups (absolute path). */
    root_hints: string;
    /** new: seconds an agent's claim on a test lasts unless renewed. */
    lease_time: number;
    /** new: seconds running tests may take to finish after SIGTERM before they are handed back. */
    shutdown_grace_time: number;
    /** new: store the DNS responses of every test, not only of crashed ones. */
    keep_recordings: boolean;
    /** new: answers of the servers above each tested zone are shared by the tests of one agent within their TTL. */
    shared_dns_cache: boolean;
    /** new: most answers the shared cache holds (least recently used dropped first). */
    shared_dns_cache_size: number;
    /** new: ceiling on queries per second from one agent to one name server address; 0 = no ceiling. */
    max_queries_per_second_per_server: number;
  };
  readonly RPCAPI: {
    enable_add_api_user: boolean;
    enable_add_batch_job: boolean;
    /** new: addresses whose X-Forwarded-For header is believed. */
    trusted_proxies: string[];
    /** new: largest accepted request body, e.g. "64mb". */
    max_request_size: string;
    /** new: a batch that would leave a user more waiting tests than this is refused (undefined: no limit). */
    max_waiting_tests_per_user?: number;
    /** new: most live event streams (GET /jobs/<id>/events) one daemon serves at once; 0 turns them off. */
    max_event_streams: number;
  };
  readonly LANGUAGE: { locale: string[] };
  /** lower-cased profile name -> absolute path of its JSON file ("default" has no file unless remapped). */
  readonly PUBLIC_PROFILES: Readonly<Record<string, string>>;
  readonly PRIVATE_PROFILES: Readonly<Record<string, string>>;
  /** new: schedules and webhooks (continuous monitoring). */
  readonly MONITORING: {
    /** schedule_* methods answer and agents start scheduled tests and send webhooks. */
    enable: boolean;
    /** smallest schedule interval accepted, in seconds. */
    min_interval: number;
    /** host names, addresses and CIDR blocks webhooks may reach besides public addresses (see README). */
    allowed_webhook_hosts: string[];
    /** seconds one webhook POST may take, connection included. */
    webhook_timeout: number;
    /** attempts per webhook delivery before it is given up. */
    webhook_max_attempts: number;
    /** seconds before the first retry; doubled for each later one, capped at an hour. */
    webhook_retry_delay: number;
  };
  readonly METRICS: {
    statsd_host?: string;
    statsd_port: number;
    /** new: HOST:PORT where the test agent serves Prometheus /metrics; unset = off. */
    agent_prometheus_listen?: string;
  };
}
