import { availableParallelism } from 'node:os';

/**
 * Size libuv's thread pool before anything uses it (it is created on first use and reads
 * UV_THREADPOOL_SIZE then): scrypt for access codes runs there, off the event loop, and so do DNS
 * lookups for webhooks. One thread per core, at least Node's default 4, so hashing can use every core
 * and a burst of filings does not queue DNS behind it; more threads than cores would only add switching
 * to CPU-bound work. An operator's own setting wins. Import this module first.
 */
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism()));
