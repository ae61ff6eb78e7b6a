// The page's formulas are typeset by KaTeX when the page is built
// (scripts/vite-prerender-math.mjs): the browser gets finished HTML and only
// needs KaTeX's stylesheet and fonts, plus the classes that stand in for
// KaTeX's style attributes (which the Content-Security-Policy forbids).
import 'katex/dist/katex.min.css';
import 'virtual:prerendered-math.css';

// Each formula ships inside a <template> (parsed, but neither styled nor laid
// out) and is put in place after the page is ready to train, a few per task:
// laying out all of them at start-up held up the engine's worker and the
// Train button by a few hundred milliseconds on a cold start.
let revealing = null;
export function revealMath(perTask = 8) {
  if (revealing) return revealing;
  const pending = [...document.querySelectorAll('.tex > template')];
  revealing = new Promise((resolve) => {
    const batch = () => {
      for (const t of pending.splice(0, perTask)) t.replaceWith(t.content);
      if (pending.length) setTimeout(batch, 0);
      else resolve();
    };
    batch();
  });
  return revealing;
}
