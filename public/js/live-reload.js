// Development only: reload the page when the server says content, templates or styles changed.
(() => {
  const source = new EventSource(document.currentScript.dataset.endpoint);
  source.addEventListener('reload', () => window.location.reload());
})();
