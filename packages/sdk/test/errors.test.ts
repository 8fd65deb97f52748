import { describe, expect, it, vi } from 'vitest';
import {
  errorFromResponse,
  formatSdkMessage,
  isJiefenConflictError,
  isJiefenError,
  isJiefenForbiddenError,
  isJiefenHttpError,
  isJiefenNotFoundError,
  isJiefenValidationError,
  isRetryable,
  JiefenNetworkError,
  JiefenTimeoutError,
  SDK_MESSAGES,
} from '../src/index.js';

describe('errors', () => {
  it('maps backend error answers onto typed errors with message keys', () => {
    const validation = errorFromResponse(422, {
      error: {
        code: 'validation_failed',
        message: '提交的内容有误',
        issues: [{ path: 'applicant.phone', key: 'validation.phone', params: {} }],
      },
    });
    expect(isJiefenValidationError(validation) && validation.issues[0]?.path).toBe('applicant.phone');
    expect(isJiefenHttpError(validation)).toBe(true);

    const conflict = errorFromResponse(409, {
      error: {
        code: 'transition_rejected',
        messageKey: 'workflow.not_allowed_now',
        allowedEvents: ['resident.withdraw'],
      },
    });
    expect(isJiefenConflictError(conflict) && conflict.allowedEvents).toEqual(['resident.withdraw']);
    expect(conflict.messageKey).toBe('workflow.not_allowed_now');
    expect(isRetryable(conflict)).toBe(false);

    const inFlight = errorFromResponse(409, { error: { code: 'request_in_flight' } });
    expect(isRetryable(inFlight)).toBe(true);
    expect(inFlight.messageKey).toBe('sdk.error.in_flight');

    expect(isJiefenNotFoundError(errorFromResponse(404, { error: { code: 'not_found' } }))).toBe(true);
    const unauthorized = errorFromResponse(401, undefined);
    expect(isJiefenForbiddenError(unauthorized) && unauthorized.messageKey).toBe('sdk.error.unauthorized');

    const limited = errorFromResponse(429, { error: { code: 'rate_limited' } }, 2000);
    expect(isRetryable(limited)).toBe(true);
    expect(isJiefenHttpError(limited) && limited.retryAfterMs).toBe(2000);
    expect(isRetryable(errorFromResponse(503, 'Service Unavailable'))).toBe(true);
    expect(isRetryable(errorFromResponse(400, {}))).toBe(false);
    expect(isRetryable(new JiefenNetworkError())).toBe(true);
    expect(isRetryable(new JiefenTimeoutError(100))).toBe(true);
  });

  it('recognises errors from another copy of the SDK, where instanceof fails', async () => {
    vi.resetModules();
    const other = (await import(
      /* @vite-ignore */ `../src/errors.js?copy=${Date.now()}`
    )) as typeof import('../src/errors.js');
    const foreign = new other.JiefenNotFoundError();
    const { JiefenNotFoundError } = await import('../src/index.js');
    expect(foreign instanceof JiefenNotFoundError).toBe(false);
    expect(isJiefenError(foreign)).toBe(true);
    expect(isJiefenNotFoundError(foreign)).toBe(true);
    expect(isJiefenError(new Error('plain'))).toBe(false);
    expect(isJiefenError({ kinds: ['http'], messageKey: 'x' })).toBe(false);
  });

  it('has every SDK message in all three locales, and renders core keys too', () => {
    for (const texts of Object.values(SDK_MESSAGES)) {
      expect(Object.keys(texts).sort()).toEqual(['en', 'zh-CN', 'zh-HK']);
    }
    expect(formatSdkMessage('sdk.outbox.received', { caseNumber: 'JF-20261126-7K3QX' }, 'en')).toBe(
      'Received. Your case number is JF-20261126-7K3QX',
    );
    expect(formatSdkMessage('validation.phone', {}, 'zh-HK')).toBe('請輸入有效的手機或電話號碼');
    expect(formatSdkMessage('sdk.error.not_found')).toBe('未找到该案件，请核对案件编号和查询码');
  });
});
