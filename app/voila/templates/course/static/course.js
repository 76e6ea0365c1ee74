// Links between the course's pages open in the same tab. JupyterLab's output renderer,
// which Voila uses, gives every link target="_blank"; that suits outside links only.
(function () {
  function keepCourseLinksInTab() {
    document.querySelectorAll('a[target="_blank"]').forEach(function (link) {
      if (link.origin === window.location.origin && /\.ipynb$/.test(link.pathname)) {
        link.removeAttribute("target");
      }
    });
  }
  new MutationObserver(keepCourseLinksInTab).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["target", "href"],
  });
  document.addEventListener("DOMContentLoaded", keepCourseLinksInTab);
})();
