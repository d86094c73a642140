// Small behaviours htmx does not cover. No inline scripts: the CSP allows only files from this origin.
document.addEventListener('click', (event) => {
  const opener = event.target.closest('[data-open-dialog]');
  if (opener) document.getElementById(opener.dataset.openDialog)?.showModal();
  const closer = event.target.closest('[data-close-dialog]');
  if (closer) closer.closest('dialog')?.close();
  // Tabs: mark the selected one when htmx loads its panel.
  const tab = event.target.closest('[role=tab]');
  if (tab) tab.parentElement.querySelectorAll('[role=tab]').forEach((t) => t.setAttribute('aria-selected', String(t === tab)));
});

// A note was saved (the server says so with HX-Trigger): empty the form and close its dialog.
document.body.addEventListener('note-added', () => {
  const form = document.getElementById('note-form');
  form?.reset();
  form?.closest('dialog')?.close();
});

// Plain (non-htmx) buttons that move money ask first.
document.addEventListener('submit', (event) => {
  const button = event.submitter;
  if (button?.dataset.confirm && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
