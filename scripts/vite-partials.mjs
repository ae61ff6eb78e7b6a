// Vite plugin: the page's long explanations live in web/partials/*.html and
// are put into web/index.html where it says <!-- partial: name.html -->, when
// the page is built or served (before the formulas are typeset). A partial
// may not include another.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PARTIAL = /<!-- partial: ([\w-]+\.html) -->/g;

// `html` with every partial of `root`/partials in place.
export function expandPartials(html, root) {
  return html.replace(PARTIAL, (_, name) => readFileSync(join(root, 'partials', name), 'utf8').trimEnd());
}

export function partialsPlugin() {
  let root = '.';
  return {
    name: 'partials',
    configResolved: (config) => { root = config.root; },
    configureServer(server) {
      // A changed partial reloads the page, as a changed index.html does.
      server.watcher.add(join(root, 'partials'));
      server.watcher.on('change', (file) => {
        if (file.startsWith(join(root, 'partials'))) server.ws.send({ type: 'full-reload' });
      });
    },
    transformIndexHtml: { order: 'pre', handler: (html) => expandPartials(html, root) },
  };
}
