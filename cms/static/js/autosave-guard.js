/*
 * Wagtail 8's autosave marks the form as saved when an autosave succeeds
 * (`w-autosave:success->w-unsaved#clear`), taking the form as it is at that moment. Text typed
 * while the autosave was on its way was not in it, yet no longer counted as unsaved: it was
 * neither saved again nor guarded when the editor left the page.
 *
 * This remembers what each autosave sent and, when one succeeds, compares it with the form:
 * if the editor has typed since, it asks for another autosave (`w-unsaved:add`, which the
 * edit form passes on to `w-autosave#save`). Fields the server updated in its answer, the
 * revision it overwrote and the CSRF token are left out of the comparison.
 */
(() => {
  const sent = new WeakMap();

  const snapshot = (formData, skip) => {
    const params = new URLSearchParams();
    for (const [name, value] of formData.entries()) {
      if (!skip.has(name)) {
        params.append(name, typeof value === 'string' ? value : `${value.name}:${value.size}`);
      }
    }
    return params.toString();
  };

  document.addEventListener('w-autosave:save', (event) => {
    if (event.target instanceof HTMLFormElement && event.detail && event.detail.formData) {
      sent.set(event.target, event.detail.formData);
    }
  });

  document.addEventListener('w-autosave:success', (event) => {
    const form = event.target;
    const formData = sent.get(form);
    if (!formData) return;
    sent.delete(form);
    const updates = (event.detail && event.detail.data && event.detail.data.field_updates) || {};
    const skip = new Set(['overwrite_revision_id', 'csrfmiddlewaretoken', ...Object.keys(updates)]);
    if (snapshot(formData, skip) !== snapshot(new FormData(form), skip)) {
      form.dispatchEvent(
        new CustomEvent('w-unsaved:add', {
          bubbles: true,
          cancelable: true,
          detail: { type: 'edits' },
        }),
      );
    }
  });
})();
