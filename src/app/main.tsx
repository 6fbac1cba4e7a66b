// Entry point of the page bundle. Nothing here (or anywhere under src/app, src/panels, src/viz)
// imports TF.js: the model lives in the worker.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { I18nProvider } from './i18n';
import './App.css';
import { prestartWorker } from './workerClient';

// The worker (and TF.js in it) loads while React renders the first screen.
prestartWorker();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
