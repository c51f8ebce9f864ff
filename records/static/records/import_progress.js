// While a spreadsheet is read or imported (a 10,000-row file takes a few seconds), the
// page says so and the button cannot be pressed twice. Works without it: the form posts.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("#content form[enctype='multipart/form-data'], #content form[action*='process_import']").forEach(function (form) {
    form.addEventListener("submit", function () {
      var status = document.getElementById("import-progress");
      if (status) {
        status.hidden = false;
        status.textContent = form.action.indexOf("process_import") >= 0
          ? "Importando las filas… Puede tardar unos segundos por cada 10.000 filas; no cierre esta página."
          : "Leyendo y revisando el archivo… Puede tardar unos segundos por cada 10.000 filas.";
      }
      form.querySelectorAll("[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    });
  });
});
