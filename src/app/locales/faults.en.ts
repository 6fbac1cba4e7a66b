// English texts of fault recovery (a lost WebGL context, a worker that died); spread into en.ts.

export const faultsEn = {
  'faults.restarted.resumed.error':
    'The model worker crashed ({message}). A new one was started and your training run was restored from its autosave at step {step}. It is paused: press Continue to go on.',
  'faults.restarted.resumed.unresponsive':
    'The model worker stopped answering ({message}). A new one was started and your training run was restored from its autosave at step {step}. It is paused: press Continue to go on.',
  'faults.restarted.nothingSaved.error':
    'The model worker crashed ({message}) before your training run had been autosaved. A new one was started with the shipped model.',
  'faults.restarted.nothingSaved.unresponsive':
    'The model worker stopped answering ({message}) before your training run had been autosaved. A new one was started with the shipped model.',
  'faults.restarted.shipped.error': 'The model worker crashed ({message}). A new one was started and the shipped model was loaded again.',
  'faults.restarted.shipped.unresponsive':
    'The model worker stopped answering ({message}). A new one was started and the shipped model was loaded again.',

  'faults.contextLost.training':
    'The graphics card stopped working for this page (the WebGL context was lost) at step {lost}. Training goes on with {backend} from step {step}, the last copy of the weights known to be good; nothing else was lost.',
  'faults.contextLost.model':
    'The graphics card stopped working for this page (the WebGL context was lost). The model now runs with {backend}; nothing was lost.',
  'faults.dismiss': 'OK',
} as const;
