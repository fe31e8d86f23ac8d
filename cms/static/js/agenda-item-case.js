/* Agenda items in the meeting editor: choosing a case fills the item's title and number.
   Fields the editor has already filled are left alone. Loaded by meetings/wagtail_hooks.py. */
(function () {
  "use strict";
  var script = document.currentScript;
  var summaryUrl = script && script.dataset.caseSummaryUrl;
  if (!summaryUrl) {
    return;
  }
  var casePattern = /^(agenda_items-\d+)-case$/;

  function fillIfEmpty(input, value) {
    if (!input || input.value.trim() || value === null || value === undefined || value === "") {
      return;
    }
    input.value = String(value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    var match = input && input.name && casePattern.exec(input.name);
    if (!match || !/^\d+$/.test(input.value)) {
      return;
    }
    var prefix = match[1];
    fetch(summaryUrl.replace("/0/", "/" + input.value + "/"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (summary) {
        if (!summary) {
          return;
        }
        var form = input.form || document;
        fillIfEmpty(form.querySelector('[name="' + prefix + '-title"]'), summary.title);
        fillIfEmpty(form.querySelector('[name="' + prefix + '-number"]'), summary.number);
      });
  });
})();
