// Two fixes to pages as Voila renders them:
// - links between the course's pages open in the same tab (JupyterLab's output renderer,
//   which Voila uses, gives every link target="_blank"; that suits outside links only);
// - the tab's title is the module's title from the manifest, not the notebook's file name.
(function () {
  var COURSE = "Systems Leadership";

  function keepCourseLinksInTab() {
    document.querySelectorAll('a[target="_blank"]').forEach(function (link) {
      if (link.origin === window.location.origin && /\.ipynb$/.test(link.pathname)) {
        link.removeAttribute("target");
      }
    });
  }

  function titleFromHeading() {
    var heading = document.querySelector("h1.sl-module-title");
    var title = heading ? heading.textContent.trim() + " · " + COURSE : COURSE;
    if (document.title !== title) {
      document.title = title;
    }
  }

  function tidy() {
    keepCourseLinksInTab();
    titleFromHeading();
  }

  new MutationObserver(tidy).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["target", "href"],
  });
  document.addEventListener("DOMContentLoaded", tidy);
})();
