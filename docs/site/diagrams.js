// Renders the Mermaid state diagrams of the docs site in the browser: every
// ```mermaid block of a page becomes an SVG. mermaid.min.js is copied next to
// this script by docs/buildSite.ts (the site needs no network).
(function () {
  const self = document.currentScript;
  function render() {
    const blocks = document.querySelectorAll('pre > code.mermaid, pre > code.language-mermaid');
    if (blocks.length === 0) return;
    const nodes = [];
    for (const code of blocks) {
      const div = document.createElement('div');
      div.className = 'mermaid';
      div.textContent = code.textContent;
      code.parentElement.replaceWith(div);
      nodes.push(div);
    }
    const script = document.createElement('script');
    script.src = new URL('mermaid.min.js', self.src).href;
    script.onload = function () {
      const dark = document.documentElement.dataset.theme === 'dark' ||
        (document.documentElement.dataset.theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
      window.mermaid.initialize({ startOnLoad: false, theme: dark ? 'dark' : 'default', securityLevel: 'strict' });
      window.mermaid.run({ nodes }).then(
        function () { document.documentElement.dataset.diagrams = 'rendered'; },
        function (e) { document.documentElement.dataset.diagrams = 'failed'; console.error(e); },
      );
    };
    document.head.appendChild(script);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render);
  else render();
})();
