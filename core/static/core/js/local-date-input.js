// Wagtail's date picker closes when its field loses focus only as part of the check that
// writes today's date over text it cannot read; core/dates.py turns that check off, so the
// picker is closed here instead, leaving what was typed alone.
document.addEventListener("focusout", (event) => {
  const field = event.target;
  if (window.jQuery && field instanceof HTMLInputElement && window.jQuery(field).data("xdsoft_datetimepicker")) {
    window.jQuery(field).datetimepicker("hide");
  }
});
