export { type BuildOptions, buildServer } from './app.js';
export { type Clock, ManualClock, systemClock } from './clock.js';
export {
  DEFAULT_CONFIG,
  loadConfig,
  type RateLimitStore,
  resolveConfig,
  type ServerConfig,
  type ServerConfigInput,
} from './config.js';
export type { JiefenContext } from './context.js';
export { type DemoStaffAccount, demoStaffBanner, seedDemoStaff } from './demo-staff.js';
export { ApiError, type ErrorBody, type ErrorCode } from './errors.js';
export { signWebhook } from './notifications/webhooks.js';
export {
  PORTAL_CONTENT_SECURITY_POLICY,
  registerStaticSites,
  type StaticSite,
  staticSitesFromEnv,
} from './routes/static-sites.js';
export type { DatabaseConfig, Engine } from './storage/database.js';
export { canonicalJson, eventHash, verifyChain } from './storage/hash-chain.js';
export { STAFF_ROLES, type StaffPrincipal, type StaffRole } from './storage/staff-tokens.js';
