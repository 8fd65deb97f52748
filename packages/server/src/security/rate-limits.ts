import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ApiError } from '../errors.js';

type Limiter = (request: FastifyRequest) => Promise<{ isExceeded: boolean; ttlInSeconds: number; isAllowed: boolean }>;

declare module 'fastify' {
  interface FastifyInstance {
    createRateLimit(options: {
      max: number;
      timeWindow: number | string;
      keyGenerator: (request: FastifyRequest) => string;
    }): Limiter;
  }
}

/**
 * Fixed-window limits from @fastify/rate-limit's store, applied as plain hooks so one route can carry
 * several (per client and per case). In-memory per process: behind a load balancer each process
 * enforces its share, which still bounds guessing by a factor of the process count.
 */
export function limitHook(
  app: FastifyInstance,
  name: string,
  max: number,
  key: (request: FastifyRequest) => string,
): onRequestHookHandler {
  const limiter = app.createRateLimit({
    max,
    timeWindow: 60_000,
    keyGenerator: (request) => `${name}:${key(request)}`,
  });
  return async (request, reply) => {
    const result = await limiter(request);
    if (result.isExceeded) {
      reply.header('retry-after', String(result.ttlInSeconds));
      throw new ApiError('rate_limited', { headers: { 'retry-after': String(result.ttlInSeconds) } });
    }
  };
}

export function publicLimit(app: FastifyInstance): onRequestHookHandler {
  return limitHook(app, 'public', app.jiefen.config.rateLimit.publicPerMinute, (request) => request.ip);
}

/** Lookups: per client (guessing many numbers) and per case or consultation (guessing one code). */
export function lookupLimits(app: FastifyInstance, param: string): onRequestHookHandler[] {
  const { lookupPerClientPerMinute, lookupPerCasePerMinute } = app.jiefen.config.rateLimit;
  return [
    limitHook(app, 'lookup-client', lookupPerClientPerMinute, (request) => request.ip),
    limitHook(app, 'lookup-case', lookupPerCasePerMinute, (request) =>
      String((request.params as Record<string, string>)[param] ?? request.headers['x-jiefen-tracking-token'] ?? ''),
    ),
  ];
}
