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
  if (!button?.dataset.confirm) return;
  // "{total}": the sum of the checked charges in this form (refund from the order).
  const cents = [...event.target.querySelectorAll('input[data-cents]:checked')].reduce((s, i) => s + Number(i.dataset.cents), 0);
  const text = button.dataset.confirm.replace('{total}', `$${(cents / 100).toFixed(2)}`);
  if (!window.confirm(text)) event.preventDefault();
});
