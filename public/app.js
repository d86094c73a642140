// Small behaviours htmx does not cover. No inline scripts: the CSP allows only files from this origin.
const menuToggle = () => document.querySelector('.menu-toggle');

function setMenu(open) {
  const toggle = menuToggle();
  toggle?.closest('.topbar').classList.toggle('open', open);
  toggle?.setAttribute('aria-expanded', String(open));
}

document.addEventListener('click', (event) => {
  const opener = event.target.closest('[data-open-dialog]');
  if (opener) document.getElementById(opener.dataset.openDialog)?.showModal();
  const closer = event.target.closest('[data-close-dialog]');
  if (closer) closer.closest('dialog')?.close();
  // Tabs: mark the selected one when htmx loads its panel.
  const tab = event.target.closest('[role=tab]');
  if (tab)
    for (const t of tab.parentElement.querySelectorAll('[role=tab]'))
      t.setAttribute('aria-selected', String(t === tab));
  // A Copy button (a card's fingerprint): its target's text to the clipboard.
  const copier = event.target.closest('[data-copy]');
  if (copier) copyText(copier);
  // The phone-width menu button.
  if (event.target.closest('.menu-toggle')) setMenu(menuToggle().getAttribute('aria-expanded') !== 'true');
  // A tap outside an open Actions menu closes it (touch screens have no hover to leave).
  for (const menu of document.querySelectorAll('details.actions[open]')) {
    if (!menu.contains(event.target)) menu.open = false;
  }
});

// Where the clipboard is refused (no permission, not a secure page) the text is selected to copy by hand.
function copyText(button) {
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const selectIt = () => window.getSelection().selectAllChildren(source);
  if (!navigator.clipboard) return selectIt();
  navigator.clipboard.writeText(source.textContent.trim()).then(() => {
    button.textContent = 'Copied';
  }, selectIt);
}

// Esc closes the Actions menu holding the focus (or any open one) and the phone menu, and puts the
// focus back on what opened it.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  const menu = event.target.closest?.('details[open]') ?? document.querySelector('details.actions[open]');
  if (menu) {
    menu.open = false;
    menu.querySelector('summary').focus();
    return;
  }
  if (menuToggle()?.getAttribute('aria-expanded') === 'true') {
    setMenu(false);
    menuToggle().focus();
  }
});

// Inline edit on the profile: the focus moves into the form a pencil opens, and back to that pencil
// when the form closes (saved or cancelled). htmx replaces the whole block, so the new form and the
// new pencil are found as htmx initialises them.
let closingBlock = null;
document.addEventListener('htmx:before:request', (event) => {
  closingBlock = event.target.closest?.('.block.editing')?.id ?? closingBlock;
});
document.addEventListener('htmx:after:init', (event) => {
  const el = event.target;
  const block = el.closest?.('.block');
  if (!block) return;
  if (el.matches('form') && block.classList.contains('editing')) {
    (
      block.querySelector('[aria-invalid=true]') ?? block.querySelector('input:not([type=hidden]), select, textarea')
    )?.focus();
  } else if (el.matches('button.icon') && block.id === closingBlock) {
    closingBlock = null;
    el.focus();
  }
});

// A table wider than its card scrolls inside it: keyboard users must be able to reach and scroll it.
function markScrollingTables() {
  for (const box of document.querySelectorAll('.table-scroll')) {
    if (box.scrollWidth > box.clientWidth) box.setAttribute('tabindex', '0');
    else box.removeAttribute('tabindex');
  }
}
markScrollingTables();
window.addEventListener('resize', markScrollingTables);
document.addEventListener('htmx:after:settle', markScrollingTables);

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
  const cents = [...event.target.querySelectorAll('input[data-cents]:checked')].reduce(
    (s, i) => s + Number(i.dataset.cents),
    0,
  );
  const text = button.dataset.confirm.replace('{total}', `$${(cents / 100).toFixed(2)}`);
  if (!window.confirm(text)) event.preventDefault();
});

// The history's kind filter: the chosen group is marked, as the tabs are.
document.addEventListener('click', (event) => {
  const kind = event.target.closest('.history-filter a');
  if (kind)
    for (const a of kind.parentElement.querySelectorAll('a')) a.setAttribute('aria-current', String(a === kind));
});

// A call was logged: empty its form and close its dialog.
document.body.addEventListener('call-logged', () => {
  const form = document.getElementById('call-form');
  form?.reset();
  form?.closest('dialog')?.close();
});
