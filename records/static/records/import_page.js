// The import page, in Spanish whatever the browser's language, and honest while it works.
// Without this script the page still works: the browser's own file picker, a plain post.
document.addEventListener("DOMContentLoaded", function () {
  // The browser's file picker speaks the browser's language ("Choose File"): a label in
  // Spanish opens the same input, which stays in the page for keyboards and screen readers.
  document.querySelectorAll("#content input[type=file]").forEach(function (input) {
    if (!input.id) { return; }
    var picker = document.createElement("span");
    picker.className = "file-picker";
    var button = document.createElement("label");
    button.className = "button file-picker-button";
    button.htmlFor = input.id;
    button.textContent = "Elegir archivo…";
    var chosen = document.createElement("span");
    chosen.className = "file-picker-name";
    chosen.setAttribute("aria-live", "polite");
    chosen.textContent = "Ningún archivo elegido";
    input.classList.add("file-picker-input");
    input.parentNode.insertBefore(picker, input);
    picker.appendChild(input);
    picker.appendChild(button);
    picker.appendChild(chosen);
    input.addEventListener("change", function () {
      chosen.textContent = input.files && input.files.length ? input.files[0].name : "Ningún archivo elegido";
    });
  });

  // While a spreadsheet is read or imported (a 10,000-row file takes about a second, larger
  // ones longer), the page says so, counts the seconds and cannot be posted twice.
  document.querySelectorAll("#content form[enctype='multipart/form-data'], #content form[action*='process_import']").forEach(function (form) {
    form.addEventListener("submit", function () {
      var status = document.getElementById("import-progress");
      if (status) {
        var importing = form.action.indexOf("process_import") >= 0;
        var text = importing
          ? "Importando las filas; no cierre esta página."
          : "Leyendo y revisando el archivo.";
        status.hidden = false;
        status.textContent = "";
        var words = document.createElement("span");
        words.textContent = text;
        var bar = document.createElement("progress");  // no value: it moves without a percentage
        bar.setAttribute("aria-label", importing ? "Importación en curso" : "Revisión en curso");
        var clock = document.createElement("span");
        clock.className = "import-progress-time";
        status.appendChild(words);
        status.appendChild(bar);
        status.appendChild(clock);
        var started = Date.now();
        window.setInterval(function () {
          var seconds = Math.round((Date.now() - started) / 1000);
          clock.textContent = seconds + (seconds === 1 ? " segundo" : " segundos");
        }, 1000);
      }
      form.querySelectorAll("[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    });
  });
});
