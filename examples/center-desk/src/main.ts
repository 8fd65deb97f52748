// The desk's entry: registers its elements (guarded, like the widgets' `define` entries).
import { JfCenterDesk } from './center-desk.js';
import { JfDeskActionForm } from './forms/action-form.js';
import { JfDeskAdmin } from './screens/admin.js';
import { JfDeskCase } from './screens/case-page.js';
import { JfDeskConsultation, JfDeskConsultations } from './screens/consultations.js';
import { JfDeskQueue } from './screens/queue.js';

JfDeskActionForm.define('jf-desk-action-form');
JfDeskQueue.define('jf-desk-queue');
JfDeskCase.define('jf-desk-case');
JfDeskConsultations.define('jf-desk-consultations');
JfDeskConsultation.define('jf-desk-consultation');
JfDeskAdmin.define('jf-desk-admin');
JfCenterDesk.define('jf-center-desk');

declare global {
  interface HTMLElementTagNameMap {
    'jf-center-desk': JfCenterDesk;
    'jf-desk-action-form': JfDeskActionForm;
    'jf-desk-queue': JfDeskQueue;
    'jf-desk-case': JfDeskCase;
    'jf-desk-consultations': JfDeskConsultations;
    'jf-desk-consultation': JfDeskConsultation;
    'jf-desk-admin': JfDeskAdmin;
  }
}
