// Binds django-import-export's «select all» checkbox without an inline handler (CSP).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
    toggle.addEventListener("change", function (event) {
      if (typeof onSelectToggleChange === "function") {
        onSelectToggleChange(event);
      }
    });
  });
});
