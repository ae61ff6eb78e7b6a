// The training worker: parses the data set, trains, and answers questions
// about the model, so that the page itself never blocks. Its requests are
// the actions below; it pushes 'progress' and 'stopped' messages (run.js).
import { serve, loadEngine } from './serve.js';
import { datasetActions } from './dataset.js';
import { runActions } from './run.js';
import { modelActions } from './model.js';
import { testActions } from './test-actions.js';
import { openedActions } from './opened.js';

serve({
  // Loads the module; the page's defaults are the library's, per algorithm.
  // threads: whether the threaded build runs (the page is cross-origin
  // isolated) and on how many threads a step can run at most.
  async init() {
    const mf = await loadEngine();
    return {
      defaults: { als: mf.defaultOptions('als'), sgd: mf.defaultOptions('sgd'), ials: mf.defaultOptions('ials') },
      threads: { available: mf.threadsAvailable, max: mf.maxThreads },
    };
  },
  ...datasetActions,
  ...runActions,
  ...modelActions,
  ...openedActions,
  ...testActions,
});
