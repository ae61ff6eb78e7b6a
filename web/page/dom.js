// Small helpers every page module uses.

export const $ = (id) => document.getElementById(id);

// Shows a message in the error box `id`, or hides the box when there is none.
export function showError(id, message) {
  const box = $(id);
  box.textContent = message ?? '';
  box.hidden = !message;
}

export function setStatus(text) {
  $('engine-status').textContent = text;
}

// Resolves in a task of its own, after what the browser has queued.
export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

// A list of movies with a value each: titles from `titleOf(id)`, values from format(entry).
export function fillList(list, entries, titleOf, format) {
  list.replaceChildren();
  for (const entry of entries) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'title';
    name.textContent = titleOf(entry.id);
    const value = document.createElement('span');
    value.className = 'score';
    value.textContent = format(entry);
    li.append(name, value);
    list.append(li);
  }
}

// A list with one line of text in it (a message in place of results).
export function listMessage(list, text) {
  const li = document.createElement('li');
  li.textContent = text;
  list.replaceChildren(li);
}
