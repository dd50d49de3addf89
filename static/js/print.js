/* The printed documents' "Print" link (homeschool/print/base.html): a script file, not an inline
   onclick, so that the Content-Security-Policy needs no inline event handlers. */
document.querySelectorAll("[data-print]").forEach(function (link) {
    link.addEventListener("click", function (event) {
        event.preventDefault();
        window.print();
    });
});
