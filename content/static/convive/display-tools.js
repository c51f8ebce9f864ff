// gov.co accessibility tools (text size, contrast). Without JavaScript each one is a link:
// the server remembers the choice in a cookie and sends the visitor back to the address.
// With it, the choice applies in place: a half-typed form, a search or a PQRSD receipt
// (shown once, with a code that cannot be recovered) stays on the screen.
(function () {
  "use strict";
  var status;

  function announce(text) {
    if (!status) {
      status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = text;
  }

  // Applied in place from here on: links made to open another tab (on a receipt, for
  // browsers without JavaScript) no longer need to.
  document.querySelectorAll(".display-tools a[target]").forEach(function (link) {
    link.removeAttribute("target");
    link.querySelectorAll(".visually-hidden").forEach(function (note) { note.remove(); });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".display-tools a");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
      return;
    }
    event.preventDefault();
    var position = Array.prototype.indexOf.call(
      link.closest("ul").querySelectorAll("a"), link);
    fetch(link.href, {credentials: "same-origin",
                      headers: {"X-Requested-With": "display-tools"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        var classes = response.headers.get("X-Display-Classes") || "";
        return response.text().then(function (html) { return [classes, html]; });
      })
      .then(function (answer) {
        var root = document.documentElement;
        ["texto-grande", "texto-muy-grande", "contraste-alto"].forEach(function (name) {
          root.classList.remove(name);
        });
        answer[0].split(" ").filter(Boolean).forEach(function (name) {
          root.classList.add(name);
        });
        var holder = document.createElement("div");
        holder.innerHTML = answer[1];
        var tools = holder.querySelector(".display-tools");
        link.closest(".display-tools").replaceWith(tools);
        var links = tools.querySelectorAll("a");
        var next = links[Math.min(position, links.length - 1)];
        if (next) { next.focus(); }
        announce("Cambio aplicado: " + link.textContent + ".");
      })
      .catch(function () { window.location.href = link.href; });
  });
})();
