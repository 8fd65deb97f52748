import { availableParallelism } from 'node:os';

/**
 * Size libuv's thread pool before anything uses it (it is created on first use and reads
 * UV_THREADPOOL_SIZE then): DNS lookups for webhooks run there, and so does scrypt for the access
 * codes still stored under it until their next lookup rehashes them (new codes are HMACs, on the event
 * loop). One thread per core, at least Node's default 4, so a burst of legacy checks can use every core
 * and does not queue DNS behind it; more threads than cores would only add switching to CPU-bound work. An operator's own setting wins. Import this module first.
 */
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism()));
