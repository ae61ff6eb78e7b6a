// Formulas are written as TeX in the page's own markup (class "tex": a <div>
// for display math, a <span> inline) and typeset by KaTeX, bundled from npm.
// katex.render builds DOM nodes itself, so a strict CSP holds.
import katex from 'katex';
import 'katex/dist/katex.min.css';

// Typesets a few formulas per task so that the page never stalls on them.
export async function renderMath(root, perTask = 3) {
  const nodes = [...root.querySelectorAll('.tex')];
  for (let n = 0; n < nodes.length; n++) {
    if (n > 0 && n % perTask === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    const node = nodes[n];
    const tex = node.textContent;
    try {
      katex.render(tex, node, { displayMode: node.tagName === 'DIV', throwOnError: true, output: 'htmlAndMathml' });
    } catch {
      node.textContent = tex;  // the TeX source stays readable
    }
  }
}
