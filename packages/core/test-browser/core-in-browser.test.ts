// The core is pure: the same statechart and schemas run unchanged in a real browser.

import {
  advanceCase,
  localizeIssues,
  openCase,
  persistCase,
  residentView,
  restoreCase,
  validateCaseFiling,
} from '@jiefen/core';
import { qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import { expect } from '@open-wc/testing';

describe('@jiefen/core in Chromium', () => {
  it('validates a filing and localizes its errors', () => {
    const bad = validateCaseFiling({ ...qingshanSampleFiling(), description: '短' }, qingshanTenant, '2026-11-26');
    expect(bad.success).to.equal(false);
    if (bad.success) return;
    expect(localizeIssues(bad.issues, 'zh-HK').description).to.equal('至少需要 10 個字');
  });

  it('runs a case from filing to registration and back through persistence', () => {
    const filing = validateCaseFiling(qingshanSampleFiling(), qingshanTenant, '2026-11-26');
    if (!filing.success) throw new Error('sample filing should be valid');
    const now = '2026-11-26T08:00:00.000Z';
    const opened = openCase({
      caseNumber: 'JF-20261126-BRWSR',
      tenantId: qingshanTenant.id,
      filing: filing.output,
      sla: qingshanTenant.sla,
      publicSecurityDepartmentId: qingshanTenant.publicSecurityDepartmentId,
      now,
    });
    const accepted = advanceCase(
      opened.snapshot,
      { type: 'intake.accept', firstLineMediation: false },
      { role: 'intake_officer' },
      now,
    );
    expect(accepted.ok).to.equal(true);
    if (!accepted.ok) return;
    const restored = restoreCase(JSON.parse(JSON.stringify(persistCase(accepted.snapshot))));
    const view = residentView(restored, [...opened.timeline, ...accepted.timeline]);
    expect(view.progress.stage).to.equal('risk_assessment');
    expect(view.timeline.map((e) => e.type)).to.deep.equal(['case.filed', 'intake.accept']);
  });
});
