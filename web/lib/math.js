// The page's formulas are typeset by KaTeX when the page is built
// (scripts/vite-prerender-math.mjs): the browser gets finished HTML and only
// needs KaTeX's stylesheet and fonts, plus the classes that stand in for
// KaTeX's style attributes (which the Content-Security-Policy forbids).
import 'katex/dist/katex.min.css';
import 'virtual:prerendered-math.css';
