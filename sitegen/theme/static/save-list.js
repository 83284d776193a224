// "Save for offline reading" on a reading list's page: asks the service
// worker to keep the list and its articles. Without a worker (or without
// JavaScript) the button stays hidden and nothing else changes.
const button = document.querySelector("[data-save-list]");
const status = document.querySelector("[data-save-status]");
if (button && status && "serviceWorker" in navigator) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const worker = (await navigator.serviceWorker.ready).active;
    const urls = [location.href.split("#")[0],
      ...[...document.querySelectorAll("[data-list-article]")]
        .map((item) => new URL(item.dataset.listArticle, location.href).href)];
    status.textContent = "Saving…";
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "kept") {
        status.textContent = event.data.count === event.data.of
          ? `Saved: this list and its ${event.data.of - 1} articles can be read offline.`
          : `Saved ${event.data.count} of ${event.data.of} pages; try again when online.`;
      }
    }, {once: true});
    worker.postMessage({type: "keep", urls});
  });
}
