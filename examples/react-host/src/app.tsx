import { qingshanSampleFiling } from '@jiefen/core/demo';
import { useState } from 'react';
import { IntakeForm } from './generated/widgets.js';

/**
 * A township's React app with the intake form inside. Attributes are typed props (`tenant`,
 * `backend`), complex data goes in as a property (`prefill`), and each `jf-…` event arrives as a
 * typed `on…` prop: `event.detail` is the event class's own detail type.
 */
export function App({ backend = 'local' }: { backend?: 'local' | 'rest' }) {
  const [submitted, setSubmitted] = useState<string | undefined>();
  const [received, setReceived] = useState<string | undefined>();
  // What a grid worker's app already knows about the resident (the description is theirs to type).
  const { description: _typed, ...prefill } = qingshanSampleFiling();
  return (
    <main>
      <h1>青山区 · 矛盾纠纷在线申请</h1>
      <IntakeForm
        tenant="qingshan"
        backend={backend}
        prefill={prefill}
        onCaseSubmitted={(event) => setSubmitted(event.detail.submissionId)}
        onCaseReceived={(event) => setReceived(event.detail.caseNumber)}
      />
      <section aria-live="polite" data-host-status>
        {submitted ? <p data-submitted={submitted}>React received jf-case-submitted: {submitted}</p> : null}
        {received ? <p data-received={received}>React received jf-case-received: {received}</p> : null}
      </section>
    </main>
  );
}
