// Vite plugin: typesets the page's formulas with KaTeX when the page is built,
// so the browser gets finished HTML and none of KaTeX's JavaScript (about 75 KB
// gzipped, and time before the page is ready).
//
// Formulas are written as TeX in web/index.html: <div class="tex"> for display
// math, <span class="tex"> inline. KaTeX's HTML sets sizes and offsets in
// style attributes, which the page's Content-Security-Policy (style-src 'self')
// forbids; each distinct style becomes a class instead, defined in the CSS
// module `virtual:prerendered-math.css` that web/main.js imports. The rules
// carry !important so that they win over KaTeX's own stylesheet as the style
// attributes would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import katex from 'katex';
import { expandPartials } from './vite-partials.mjs';

const CSS_ID = 'virtual:prerendered-math.css';
const RESOLVED_CSS_ID = '\0' + CSS_ID;

const decode = (s) =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]);

// Moves every style="..." of `html` into a class named after the style's index in `styles`.
function stylesToClasses(html, styles) {
  return html.replace(/<([a-zA-Z][\w-]*)(\s[^>]*)?>/g, (tag, name, attrs = '') => {
    const style = /\sstyle="([^"]*)"/.exec(attrs);
    if (!style) return tag;
    const declarations = style[1].trim();
    if (!styles.has(declarations)) styles.set(declarations, `kx${styles.size}`);
    const cls = styles.get(declarations);
    let rest = attrs.replace(style[0], '');
    rest = /\sclass="/.test(rest) ? rest.replace(/\sclass="([^"]*)"/, (_, c) => ` class="${c} ${cls}"`) : `${rest} class="${cls}"`;
    return `<${name}${rest}>`;
  });
}

// Typesets every formula of `html`; returns the new HTML and the CSS its classes need.
export function prerenderMath(html) {
  const styles = new Map();
  const out = html.replace(/<(span|div) class="tex">([\s\S]*?)<\/\1>/g, (whole, tag, source) => {
    const tex = decode(source);
    let typeset;
    try {
      typeset = katex.renderToString(tex, { displayMode: tag === 'div', throwOnError: true, output: 'htmlAndMathml' });
    } catch (error) {
      throw new Error(`web/index.html: formula ${JSON.stringify(tex)} does not typeset: ${error.message}`);
    }
    return `<${tag} class="tex"><template>${stylesToClasses(typeset, styles)}</template></${tag}>`;
  });
  const css = [...styles].map(([declarations, cls]) => {
    const important = declarations.split(';').map((d) => d.trim()).filter(Boolean).map((d) => `${d} !important`).join(';');
    return `.${cls}{${important}}`;
  }).join('\n');
  return { html: out, css };
}

export function prerenderMathPlugin() {
  let css = null;
  let root = '.';
  return {
    name: 'prerender-math',
    configResolved: (config) => { root = config.root; },
    // 'pre': before Vite reads the page's scripts, so the CSS is known when main.js imports it.
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const result = prerenderMath(html);
        css = result.css;
        return result.html;
      },
    },
    resolveId: (id) => (id === CSS_ID ? RESOLVED_CSS_ID : null),
    load(id) {
      if (id !== RESOLVED_CSS_ID) return null;
      // (In case a tool loads the CSS before the page itself.)
      css ??= prerenderMath(expandPartials(readFileSync(join(root, 'index.html'), 'utf8'), root)).css;
      return css;
    },
  };
}
