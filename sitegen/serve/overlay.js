// Preview only: shows build errors over the page, hides them when fixed.
(function () {
  "use strict";
  var box = null;
  function show(errors) {
    if (!box) {
      box = document.createElement("div");
      box.id = "sitegen-build-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;" +
        "z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#7f1d1d;color:#fff;" +
        "font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 -4px 16px #0006";
      document.body.appendChild(box);
    }
    box.textContent = "The last build failed; this page is the last good one.\n\n" +
      errors.join("\n");
  }
  function hide() {
    if (box) { box.remove(); box = null; }
  }
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/__sitegen__/status");
    socket.onmessage = function (event) {
      var status = JSON.parse(event.data);
      if (status.ok) { hide(); } else { show(status.errors); }
    };
    socket.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();
