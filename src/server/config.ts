import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads the environment. Every variable is documented in `.env.example`;
 * an unknown value stops the start with a message that names the variable.
 */
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'harus true atau false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'harus URL postgres:// atau postgresql://')
    .optional(),
  BLANGKON_DEMO: booleanString.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  COOKIE_SECURE: booleanString.default(false),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  TRUST_PROXY: booleanString.default(false),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  BLANGKON_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'harus 64 digit heksadesimal (32 byte)')
    .optional(),
  OUTBOX_WORKER: booleanString.default(true),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  OUTBOX_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  ROUTING_DEADLINE_HOURS: z.coerce.number().min(0.001).max(720).default(24),
  SECRET_ROTATION_GRACE_HOURS: z.coerce.number().min(0).max(720).default(24),
  PARTNER_SIM: booleanString.optional(),
  PARTNER_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  BOUNDARIES_GEOJSON: z.string().min(1).optional(),
  CATALOG_INDEX: z.enum(['memory', 'database']).default('memory'),
  CATALOG_RESULT_CACHE: z.coerce.number().int().min(0).max(100_000).default(500),
  CATALOG_MAX_STALE_MS: z.coerce.number().int().min(0).max(1000).default(250),
  SERVER_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** GeoJSON of kabupaten/kota boundaries for the dashboard map (features carry the 33.xx code). */
  boundariesGeojson: string | undefined;
  /** memory: product-name search through the in-memory index; database: SQL only. */
  catalogIndex: 'memory' | 'database';
  /** First pages of searches kept until the catalogue changes (0: off). */
  catalogResultCache: number;
  /** A search may use the in-memory index as brought up to date this long ago (0: catch up before each). */
  catalogMaxStaleMs: number;
  /** Server processes sharing the port (node:cluster); more than one needs PostgreSQL. */
  serverProcesses: number;
  databaseUrl: string | undefined;
  demo: boolean;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  sessionTtlHours: number;
  cookieSecure: boolean;
  bodyLimitBytes: number;
  loginMaxFailures: number;
  loginWindowMinutes: number;
  trustProxy: boolean;
  shutdownGraceMs: number;
  /** AES-256 key for partner secrets at rest; when absent main.ts keeps one in DATA_DIR. */
  secretKeyHex: string | undefined;
  outboxWorker: boolean;
  outboxPollMs: number;
  outboxHttpTimeoutMs: number;
  routingDeadlineHours: number;
  secretRotationGraceHours: number;
  /** Run the reference partner for the demo partners (default: in demo mode). */
  partnerSim: boolean;
  partnerSimPort: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variables: string[],
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, as they do in most .env tooling.
  const cleaned = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((key) => {
      const value = env[key];
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0]),
      message: issue.message,
    }));
    const text = problems
      .map((p) => `${p.variable}=${JSON.stringify(cleaned[p.variable] ?? '')}: ${p.message}`)
      .join('; ');
    throw new ConfigError(
      problems.map((p) => p.variable),
      `Invalid configuration: ${text}`,
    );
  }
  const value = parsed.data;
  return {
    port: value.PORT,
    host: value.HOST,
    dataDir: path.resolve(value.DATA_DIR),
    databaseUrl: value.DATABASE_URL,
    // Demo mode is the default only for the embedded database (PUBLIC-API.md "Running").
    demo: value.BLANGKON_DEMO ?? value.DATABASE_URL === undefined,
    logLevel: value.LOG_LEVEL,
    sessionTtlHours: value.SESSION_TTL_HOURS,
    cookieSecure: value.COOKIE_SECURE,
    bodyLimitBytes: value.BODY_LIMIT_BYTES,
    loginMaxFailures: value.LOGIN_MAX_FAILURES,
    loginWindowMinutes: value.LOGIN_WINDOW_MINUTES,
    trustProxy: value.TRUST_PROXY,
    shutdownGraceMs: value.SHUTDOWN_GRACE_MS,
    secretKeyHex: value.BLANGKON_SECRET_KEY,
    outboxWorker: value.OUTBOX_WORKER,
    outboxPollMs: value.OUTBOX_POLL_MS,
    outboxHttpTimeoutMs: value.OUTBOX_HTTP_TIMEOUT_MS,
    routingDeadlineHours: value.ROUTING_DEADLINE_HOURS,
    secretRotationGraceHours: value.SECRET_ROTATION_GRACE_HOURS,
    partnerSim: value.PARTNER_SIM ?? value.BLANGKON_DEMO ?? value.DATABASE_URL === undefined,
    partnerSimPort: value.PARTNER_SIM_PORT,
    boundariesGeojson: value.BOUNDARIES_GEOJSON ? path.resolve(value.BOUNDARIES_GEOJSON) : undefined,
    catalogIndex: value.CATALOG_INDEX,
    catalogResultCache: value.CATALOG_RESULT_CACHE,
    catalogMaxStaleMs: value.CATALOG_MAX_STALE_MS,
    serverProcesses: value.SERVER_PROCESSES,
  };
}
