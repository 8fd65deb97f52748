import { createRoot } from 'react-dom/client';
import { App } from './app.js';

const root = document.getElementById('app');
if (!root) throw new Error('react-host: the page has no #app element');
createRoot(root).render(<App />);
