// Added to pages by `pthv serve` only, never to a build: reloads the page as soon as the
// site has been rebuilt since the page was sent, so an editor sees a saved change, or
// the problems that stopped the build.
(() => {
  const shown = document.currentScript && document.currentScript.dataset.build;
  const builds = new EventSource("/__pthv/events");
  builds.addEventListener("build", (event) => {
    if (event.data !== shown) {
      builds.close();
      location.reload();
    }
  });
})();
