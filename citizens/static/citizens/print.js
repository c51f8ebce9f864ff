// «Imprimir esta constancia»: the browser's print dialog (also «Guardar como PDF»).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
