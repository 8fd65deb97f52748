import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { type Clock, ManualClock, systemClock } from './clock.js';
import { resolveConfig, type ServerConfigInput } from './config.js';
import { type JiefenContext, ViewCache } from './context.js';
import { fixedHeaders, helmetHeaders, JSON_API_HEADERS, registerCors } from './http/headers.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { clientErrorHandler, frameworkErrors, registerRefusals } from './http/refusals.js';
import { WebhookStore } from './notifications/webhooks.js';
import { registerOpen311Routes } from './routes/open311/open311.js';
import { registerOperationRoutes } from './routes/operations.js';
import { registerEvidenceRoutes, registerPublicCaseRoutes } from './routes/public/cases.js';
import { registerPublicConsultationRoutes } from './routes/public/consultations.js';
import { registerPublicTenantRoutes, registerPublicUploadRoutes } from './routes/public/tenants.js';
import { closeEventStreams } from './routes/sse.js';
import { registerStaffAccountRoutes } from './routes/staff/accounts.js';
import { registerStaffAdminRoutes } from './routes/staff/admin.js';
import { registerStaffCaseRoutes } from './routes/staff/cases.js';
import { registerStaffConsultationRoutes } from './routes/staff/consultations.js';
import { registerStaticSites, type StaticSite } from './routes/static-sites.js';
import { Scheduler } from './scheduler/scheduler.js';
import { AccessCodeHasher, loadAccessCodeKeys } from './security/credentials.js';
import { ResidentGuessLimit } from './security/rate-limits.js';
import { CaseStore } from './storage/cases.js';
import { ChangeBus } from './storage/change-bus.js';
import { ConsultationStore } from './storage/consultations.js';
import { openStorage } from './storage/database.js';
import { IdempotencyStore } from './storage/idempotency.js';
import { RateLimitWindowStore } from './storage/rate-limit-windows.js';
import { StaffAccountStore } from './storage/staff-accounts.js';
import { StaffTokenStore } from './storage/staff-tokens.js';
import { TenantStore } from './storage/tenants.js';
import { UploadStore } from './storage/uploads.js';

export interface BuildOptions {
  /** Inject a clock; defaults to a ManualClock in test-clock mode, the system clock otherwise. */
  clock?: Clock;
  /** Where log lines go (tests capture them to prove no personal data is logged). */
  logStream?: NodeJS.WritableStream;
  /** Static directories served beside the API (the township portal and the widgets; see static-sites.ts). */
  staticSites?: readonly StaticSite[];
}

const ALLOWED_HEADERS = [
  'content-type',
  'accept-language',
  'authorization',
  'idempotency-key',
  'if-none-match',
  'last-event-id',
  'x-jiefen-access-code',
  'x-jiefen-tracking-token',
];
const EXPOSED_HEADERS = [
  'etag',
  'idempotent-replayed',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];

/**
 * Build the reference server: open (and migrate) the database, wire stores, scheduler and routes.
 * Returns the Fastify instance, not listening; call `listen({ port })` (tests use port 0).
 */
export async function buildServer(input: ServerConfigInput = {}, options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = resolveConfig(input);
  const loggerOptions: FastifyServerOptions['logger'] = {
    level: config.logLevel,
    // Requests are logged as method, URL and address only; credentials and bodies never are.
    redact: [
      'req.headers.authorization',
      'req.headers["x-jiefen-access-code"]',
      'req.headers["x-jiefen-tracking-token"]',
    ],
    ...(options.logStream ? { stream: options.logStream } : {}),
  };
  const app = Fastify({
    logger: loggerOptions,
    bodyLimit: config.limits.bodyBytes,
    trustProxy: config.trustProxy,
    forceCloseConnections: 'idle',
    // Refusals raised below the routes answer in the contract's shape too (see http/refusals.ts).
    http: { maxHeaderSize: config.limits.headerBytes, requireHostHeader: false },
    requestTimeout: config.limits.requestTimeoutMs,
    routerOptions: { maxParamLength: 100 },
    frameworkErrors: frameworkErrors(config.limits.drainBytes),
    clientErrorHandler,
    // Fastify's two request lines are replaced by our one (see the onResponse hook below).
    logController: new LogController({ disableRequestLogging: true }),
  });

  const accessCodeKeys = loadAccessCodeKeys(config.dataDir, config.accessCodeKey);
  const storage = await openStorage(config.database, (message) =>
    app.log.error({ message }, 'background checkpoint failed'),
  );
  const bus = new ChangeBus();
  if (storage.pool) await bus.listen(storage.pool);
  const clock = options.clock ?? (config.testClock ? new ManualClock() : systemClock);
  const cases = new CaseStore(storage, bus);
  const idempotency = new IdempotencyStore(storage, config.idempotency.retentionDays);
  const rateLimitWindows = new RateLimitWindowStore(storage);
  const staffAccounts = new StaffAccountStore(storage);
  const context: JiefenContext = {
    config,
    clock,
    storage,
    bus,
    tenants: new TenantStore(storage),
    cases,
    consultations: new ConsultationStore(storage, bus),
    staffAccounts,
    staffTokens: new StaffTokenStore(storage, staffAccounts),
    accessCodes: new AccessCodeHasher(accessCodeKeys.keys),
    idempotency,
    rateLimitWindows,
    residentGuesses: new ResidentGuessLimit({
      max: config.rateLimit.lookupPerCasePerMinute,
      store: config.rateLimit.store,
      windows: rateLimitWindows,
      clock,
    }),
    uploads: new UploadStore(storage),
    webhooks: new WebhookStore(storage),
    scheduler: new Scheduler({ storage, cases, idempotency, rateLimitWindows, clock, config, log: app.log }),
    routes: [],
    viewCache: new ViewCache(),
    log: app.log,
  };
  app.decorate('jiefen', context);
  if (accessCodeKeys.generated && storage.engine === 'postgres')
    app.log.warn(
      `generated a new access-code key in ${accessCodeKeys.source}: every server process on this database must use ` +
        'the same key (set JIEFEN_ACCESS_CODE_KEY), or access codes filed through one fail on the others',
    );
  for (const seed of config.seedTenants) await context.tenants.ensure(seed.config, seed.allowedOrigins, clock.now());

  // JSON API headers on everything; the reference page replaces them with helmet's HTML set.
  app.addHook('onRequest', fixedHeaders(JSON_API_HEADERS));
  // Before CORS: its tenant lookup must not see a URL the refusals hook turns away (NUL, no Host).
  registerRefusals(app, { drainBytes: config.limits.drainBytes });
  const docsHeaders = {
    ...(await helmetHeaders({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          // Everything the page loads is same-origin, so an upgrade adds nothing over HTTPS and would
          // only break the page on a plain-HTTP intranet host.
          upgradeInsecureRequests: null,
        },
      },
    })),
    // Public and identical for everyone, like the tenant config.
    'cache-control': 'public, max-age=300',
  };
  registerCors(app, context.tenants, {
    methods: ['GET', 'POST', 'PUT'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAgeSeconds: 600,
  });
  if (['trace', 'debug', 'info'].includes(config.logLevel)) {
    // One line per request, written when it ends: method, URL, status, time. Fastify's own request
    // logging (two lines with serialised request and response objects) is off; below info, no hook at all.
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info(
        { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
        'request',
      );
      done();
    });
  }

  registerJsonBodyParser(app);
  if (config.compression)
    // Before every route (and @fastify/static), whose replies its hook compresses. Answers only:
    // compressed request bodies are not inflated (a small body must not expand past the limits).
    // Event streams are hijacked replies and pass through untouched, so each event arrives at once.
    await app.register(compress, {
      global: true,
      globalDecompression: false,
      encodings: ['br', 'gzip'],
      threshold: 1024,
    });

  registerOperationRoutes(app, docsHeaders);
  registerPublicTenantRoutes(app);
  registerPublicCaseRoutes(app);
  registerPublicConsultationRoutes(app);
  // Multipart's hooks (two per request) run only in this scope, not on every lookup.
  await app.register(async (uploads) => {
    await uploads.register(multipart, {
      limits: {
        fileSize: config.limits.uploadBytes,
        files: config.limits.uploadFiles,
        fields: 10,
        fieldSize: 1024,
        parts: config.limits.uploadFiles + 10,
      },
    });
    registerPublicUploadRoutes(uploads);
    registerEvidenceRoutes(uploads);
  });
  registerStaffCaseRoutes(app);
  registerStaffConsultationRoutes(app);
  registerStaffAdminRoutes(app);
  registerStaffAccountRoutes(app);
  await registerOpen311Routes(app);
  await registerStaticSites(app, options.staticSites ?? []);

  app.addHook('onReady', async () => {
    if (config.scheduler.enabled) context.scheduler.start();
  });
  app.addHook('preClose', async () => {
    closeEventStreams(app);
    // Requests still in flight finish; their keep-alive connections then close at once instead of
    // idling for the keep-alive timeout and holding shutdown up.
    app.server.keepAliveTimeout = 1;
  });
  app.addHook('onClose', async () => {
    await context.scheduler.stop();
    await bus.close();
    // Rate-limit hits counted in the background reach the shared table before the pool closes.
    await rateLimitWindows.settled().catch(() => {});
    await storage.close();
  });
  return app;
}
