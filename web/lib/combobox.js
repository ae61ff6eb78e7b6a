// A small accessible autocomplete (ARIA 1.2 combobox with a listbox popup):
// type to filter, arrow keys to move, Enter to choose, Escape to close.
// Options are drawn with textContent: titles come from files.

let counter = 0;

function normalizeText(s) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export class Combobox {
  constructor(input, listbox, { onSelect, maxOptions = 8 }) {
    this.input = input;
    this.listbox = listbox;
    this.onSelect = onSelect;
    this.maxOptions = maxOptions;
    this.items = [];
    this.matches = [];
    this.active = -1;
    const id = listbox.id || `combobox-list-${++counter}`;
    listbox.id = id;
    listbox.setAttribute('role', 'listbox');
    listbox.hidden = true;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', id);
    input.setAttribute('autocomplete', 'off');
    // Leaving the box closes the list a little later (a click on an option
    // lands first); coming back or typing before then keeps it open.
    let closing = 0;
    input.addEventListener('input', () => {
      clearTimeout(closing);
      this.filter();
    });
    input.addEventListener('keydown', (e) => this.onKey(e));
    input.addEventListener('blur', () => { closing = setTimeout(() => this.close(), 150); });
    input.addEventListener('focus', () => {
      clearTimeout(closing);
      if (input.value) this.filter();
    });
  }

  // items: [{ id, title, count }], most popular first is best. Each gets a
  // `search` key (its folded title) at the first search, shared when boxes
  // share the list.
  setItems(items) {
    this.items = items;
    this.close();
  }

  filter() {
    const q = normalizeText(this.input.value.trim());
    if (!q) return this.close();
    const starts = [], contains = [];
    for (const it of this.items) {
      it.search ??= normalizeText(it.title);
      const at = it.search.indexOf(q);
      if (at === 0) starts.push(it);
      else if (at > 0) contains.push(it);
      if (starts.length >= this.maxOptions) break;
    }
    this.matches = starts.concat(contains).slice(0, this.maxOptions);
    this.active = this.matches.length ? 0 : -1;
    this.draw();
  }

  draw() {
    this.listbox.replaceChildren();
    if (!this.matches.length) {
      const none = document.createElement('li');
      none.className = 'none';
      none.textContent = 'no matching title';
      this.listbox.append(none);
    }
    this.matches.forEach((it, n) => {
      const li = document.createElement('li');
      li.id = `${this.listbox.id}-${n}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', n === this.active ? 'true' : 'false');
      li.textContent = it.title;
      if (it.count !== undefined) {
        const c = document.createElement('span');
        c.className = 'count';
        c.textContent = ` · ${it.count} ratings`;
        li.append(c);
      }
      li.addEventListener('mousedown', (e) => { e.preventDefault(); this.choose(n); });
      this.listbox.append(li);
    });
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `${this.listbox.id}-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  choose(n) {
    const it = this.matches[n];
    if (!it) return;
    this.input.value = it.title;
    this.close();
    this.onSelect(it);
  }

  onKey(e) {
    const open = !this.listbox.hidden;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) return this.filter();
      this.active = Math.min(this.matches.length - 1, this.active + 1);
      this.draw();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      this.active = Math.max(0, this.active - 1);
      this.draw();
    } else if (e.key === 'Enter') {
      if (open && this.active >= 0) {
        e.preventDefault();
        this.choose(this.active);
      }
    } else if (e.key === 'Escape') {
      this.close();
    }
  }
}
