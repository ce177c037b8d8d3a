// The page's script: builds the plugin ID × version matrix from the JSON block above it and wires the filter,
// the groups and the details panel. Every string from the data is set as text (textContent), never as HTML.
// A module script: its names stay its own.
const data = JSON.parse(document.getElementById('page-data').textContent);
const started = performance.now();
const ui = { open: new Set(), filter: '', pinned: null, columns: [] };
const STATES = {
  linked: 'linked: propeller imports it',
  unknown: 'registered, linked unknown',
  unlinked: 'registered, not linked',
  flagged: 'flagged: example or test, not a plugin to run',
  absent: 'absent',
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const within = (list, index) => list.find((item) => item.first <= index && index <= item.last);
const shortTag = (tag) => tag.slice(tag.lastIndexOf('/') + 1);
const yesNo = (value) => (value === null ? 'unknown' : value ? 'yes' : 'no');
const listed = (values) => (values === null ? '(run time)' : values.join(', ') || '-');

/** A cell's colour: a span's linked answer is what its versions that know say (a tag no propeller pins cannot). */
function stateAt(row, index) {
  const span = within(row.spans, index);
  if (!span) return 'absent';
  if (span.flagged) return 'flagged';
  return span.linked === true ? 'linked' : span.linked === false ? 'unlinked' : 'unknown';
}

function linkedAt(row, index, span) {
  const here = { y: 'yes', n: 'no', '?': 'unknown' }[row.linked[index]] ?? 'unknown';
  if (here !== 'unknown' || span.linked === null) return here;
  return `unknown at this tag (no propeller pins it); ${yesNo(span.linked)} at the pinned tags of this registration`;
}

for (const row of data.rows) row.states = data.versions.map((_, index) => stateAt(row, index));

const registration = (span) => JSON.stringify([span.kind, span.taskTypes, span.flags, span.files]);

/** Whether a span begins with a different registration right after another (not a new repository or linked answer). */
function changedAt(row, span) {
  const before = span.first > 0 ? within(row.spans, span.first - 1) : undefined;
  return before !== undefined && before !== span && registration(before) !== registration(span);
}

/** The columns shown: one per version of an open group (or a group of one), one per closed group. */
function columns() {
  return data.groups.flatMap((group, g) => {
    const last = group.first + group.count - 1;
    if (group.count > 1 && !ui.open.has(g)) return [{ g, first: group.first, last, summary: true }];
    return Array.from({ length: group.count }, (_, i) => ({ g, first: group.first + i, last: group.first + i, summary: false }));
  });
}

/** The states of a column's versions as runs: [[state, count], …]. */
function runs(row, column) {
  const out = [];
  for (let index = column.first; index <= column.last; index += 1) {
    const state = row.states[index];
    const last = out.at(-1);
    if (last && last[0] === state) last[1] += 1;
    else out.push([state, 1]);
  }
  return out;
}

/** A column's cell: its state's colour; a closed group's cell is a strip of its versions' states, oldest left. */
function cell(row, column, r, c) {
  const td = el('td');
  td.dataset.r = r;
  td.dataset.c = c;
  const parts = runs(row, column);
  const classes = [column.summary ? 'sum' : 'one'];
  if (c > 0 && ui.columns[c - 1].g !== column.g) classes.push('gs');
  if (parts.length === 1) classes.push(parts[0][0]);
  else {
    const total = column.last - column.first + 1;
    let at = 0;
    const stops = parts.map(([state, count]) => {
      const stop = `var(--${state}) ${((at / total) * 100).toFixed(2)}% ${(((at + count) / total) * 100).toFixed(2)}%`;
      at += count;
      return stop;
    });
    td.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
  }
  const span = within(row.spans, column.first);
  if (!column.summary && span?.first === column.first && changedAt(row, span)) classes.push('sb');
  if (data.kind === 'diff' && span) td.textContent = `${span.kind}${span.flagged ? ` (${span.flags.join(', ')})` : ''}`;
  const rename = [...row.renamedTo, ...row.renamedFrom].find((r) => r.at >= column.first && r.at <= column.last);
  if (rename) {
    classes.push(row.renamedTo.includes(rename) ? 'rn-out' : 'rn-in');
    // In a closed group, the line stands where the new ID begins among the group's versions.
    if (column.summary)
      td.style.setProperty('--at', `${(((rename.at - column.first) / (column.last - column.first + 1)) * 100).toFixed(2)}%`);
  }
  td.className = classes.join(' ');
  return td;
}

/** Consecutive columns sharing a key, as [key, first column, count]. */
function spansOf(cols, key) {
  const out = [];
  cols.forEach((column, c) => {
    const k = key(column);
    const last = out.at(-1);
    if (last && last[0] === k) last[2] += 1;
    else out.push([k, c, 1]);
  });
  return out;
}

function groupHeader(g, count, first) {
  const group = data.groups[g];
  const th = el('th', `group${first > 0 ? ' gs' : ''}`);
  th.colSpan = count;
  th.title = `${group.label} (${group.repo}): ${group.count} version${group.count === 1 ? '' : 's'}`;
  if (group.count === 1) {
    th.append(el('span', 'label', data.kind === 'diff' ? group.label : shortTag(group.label)));
    return th;
  }
  const open = ui.open.has(g);
  const button = el('button', 'toggle', `${open ? '▾' : '▸'} ${shortTag(group.label)}`);
  button.type = 'button';
  button.dataset.g = g;
  button.setAttribute('aria-expanded', String(open));
  th.append(button);
  return th;
}

function versionHeader(column, c) {
  const group = data.groups[column.g];
  const th = el('th', `version${c > 0 && ui.columns[c - 1].g !== column.g ? ' gs' : ''}${column.summary ? ' sum' : ''}`);
  const text = column.summary ? `${group.count} versions` : shortTag(data.versions[column.first].tag);
  th.append(el('span', 'vtext', text));
  th.title = column.summary ? `${group.label}: click the group to show its versions` : data.versions[column.first].tag;
  return th;
}

function head() {
  const cols = ui.columns;
  const thead = el('thead');
  const repos = el('tr', 'repos');
  const corner = el('th', 'corner', 'plugin ID');
  // A diff's columns are named by their group row; the history's versions get a row of their own.
  const byVersion = data.kind !== 'diff';
  corner.rowSpan = byVersion ? 3 : 2;
  repos.append(corner);
  for (const [repo, first, count] of spansOf(cols, (column) => data.groups[column.g].repo)) {
    const th = el('th', `repo${first > 0 ? ' gs' : ''}`, repo);
    th.colSpan = count;
    repos.append(th);
  }
  const groups = el('tr', 'groups');
  for (const [g, first, count] of spansOf(cols, (column) => column.g)) groups.append(groupHeader(g, count, first));
  thead.append(repos, groups);
  if (!byVersion) return thead;
  const versions = el('tr', 'versions');
  versions.append(...cols.map(versionHeader));
  thead.append(versions);
  return thead;
}

function rowHeader(row) {
  const th = el('th', 'id');
  th.scope = 'row';
  if (row.renamedFrom.length > 0) th.classList.add('renamed');
  if (row.mark) th.append(el('span', `mark ${row.mark}`, row.mark));
  th.append(el('span', 'name', row.id));
  const notes = [
    ...row.renamedFrom.map((r) => `renamed from ${r.id} at ${data.versions[r.at].tag} (${r.basis})`),
    ...row.renamedTo.map((r) => `renamed to ${r.id} at ${data.versions[r.at].tag} (${r.basis})`),
  ];
  if (row.renamedFrom.length > 0) th.prepend(el('span', 'arrow', '↳'));
  if (row.renamedTo.length > 0) th.append(el('span', 'note', `→ ${row.renamedTo.map((r) => r.id).join(', ')}`));
  th.title = [row.id, ...notes].join('\n');
  return th;
}

function body() {
  const tbody = el('tbody');
  data.rows.forEach((row, r) => {
    const tr = el('tr');
    tr.dataset.r = r;
    tr.append(rowHeader(row));
    tr.append(...ui.columns.map((column, c) => cell(row, column, r, c)));
    tbody.append(tr);
  });
  return tbody;
}

const table = el('table', 'matrix');

function render() {
  ui.columns = columns();
  table.replaceChildren(head(), body());
  applyFilter();
  unpin();
  status();
}

// Details ---------------------------------------------------------------------------------------------------

/** A link to the file at the version's commit on GitHub, when the repository and commit look like ones. */
function sourceLink(version, at) {
  const colon = at.lastIndexOf(':');
  const file = at.slice(0, colon);
  const line = at.slice(colon + 1);
  const node = el('a', 'src', at);
  if (/^[\w.-]+\/[\w.-]+$/.test(version.repo) && /^[0-9a-f]{40}$/.test(version.commit ?? '') && /^\d+$/.test(line)) {
    const path = file.split('/').map(encodeURIComponent).join('/');
    node.href = `https://github.com/${version.repo}/blob/${version.commit}/${path}#L${line}`;
    node.target = '_blank';
    node.rel = 'noopener noreferrer';
    return node;
  }
  return el('code', 'src', at);
}

function renameNotes(row) {
  return [
    ...row.renamedFrom.map((r) => ['renamed from', `${r.id} at ${data.versions[r.at].tag} (${r.basis})`]),
    ...row.renamedTo.map((r) => ['renamed to', `${r.id} at ${data.versions[r.at].tag} (${r.basis})`]),
  ];
}

function versionDetails(row, index) {
  const version = data.versions[index];
  const state = row.states[index];
  const items = [
    ['version', `${version.tag} (${version.repo})`],
    ['state', STATES[state]],
  ];
  const span = within(row.spans, index);
  if (span) {
    const site = within(row.sites, index);
    items.push(
      ['kind', span.kind],
      ['task types', listed(span.taskTypes)],
      ['linked', linkedAt(row, index, span)],
      ['flags', span.flags.join(', ') || '-'],
      ['file', site ? site.at.map((at) => sourceLink(version, at)) : span.files.join(', ')],
    );
    if (data.kind === 'history') items.push(['same from', `${data.versions[span.first].tag} to ${data.versions[span.last].tag}`]);
  }
  return items;
}

function groupDetails(row, column) {
  const group = data.groups[column.g];
  const present = row.states.slice(column.first, column.last + 1).filter((state) => state !== 'absent').length;
  const items = [
    ['versions', `${group.label} (${group.repo}), ${group.count} versions`],
    ['registered', `in ${present} of ${group.count}`],
  ];
  for (const span of row.spans.filter((s) => s.last >= column.first && s.first <= column.last)) {
    const from = data.versions[Math.max(span.first, column.first)].tag;
    const to = data.versions[Math.min(span.last, column.last)].tag;
    const flags = span.flags.length > 0 ? `, flags ${span.flags.join(', ')}` : '';
    items.push([`${shortTag(from)} – ${shortTag(to)}`, `${span.kind}, task types ${listed(span.taskTypes)}${flags}`]);
  }
  const linked = new Set(row.spans.filter((s) => s.last >= column.first && s.first <= column.last).map((s) => yesNo(s.linked)));
  if (linked.size > 0) items.push(['linked', [...linked].join(', ')]);
  const lastPresent = [...row.states.keys()].filter((i) => i >= column.first && i <= column.last && row.states[i] !== 'absent').at(-1);
  const site = lastPresent === undefined ? undefined : within(row.sites, lastPresent);
  if (site)
    items.push([`file (${shortTag(data.versions[lastPresent].tag)})`, site.at.map((at) => sourceLink(data.versions[lastPresent], at))]);
  return items;
}

const details = el('aside', 'details');
details.id = 'details';
details.hidden = true;

/** The details of a cell, in a panel on the other side of the page from the pointer, so it never hides the cell. */
function showDetails(r, c, pointerX) {
  details.classList.toggle('left', pointerX > window.innerWidth / 2);
  const row = data.rows[r];
  const column = ui.columns[c];
  const items = [['ID', row.id], ...(column.summary ? groupDetails(row, column) : versionDetails(row, column.first)), ...renameNotes(row)];
  const list = el('dl');
  for (const [term, value] of items) {
    const dd = el('dd');
    if (Array.isArray(value)) for (const node of value) dd.append(node, ' ');
    else dd.textContent = value;
    list.append(el('dt', '', term), dd);
  }
  const hint = el('p', 'hint', ui.pinned ? 'pinned: click the cell again or press Esc to let go' : 'click a cell to pin its details');
  details.replaceChildren(list, hint);
  details.hidden = false;
}

function unpin() {
  for (const old of table.querySelectorAll('td.pinned')) old.classList.remove('pinned');
  ui.pinned = null;
}

function pin(td, pointerX) {
  const same = ui.pinned && ui.pinned.r === td.dataset.r && ui.pinned.c === td.dataset.c;
  unpin();
  if (!same) {
    ui.pinned = { r: td.dataset.r, c: td.dataset.c };
    td.classList.add('pinned');
  }
  showDetails(Number(td.dataset.r), Number(td.dataset.c), pointerX);
}

// Controls --------------------------------------------------------------------------------------------------

const filter = el('input', 'filter');
filter.type = 'search';
filter.placeholder = 'filter IDs…';
filter.setAttribute('aria-label', 'filter plugin IDs by substring');
const counts = el('span', 'counts');

function applyFilter() {
  const needle = ui.filter.toLowerCase();
  for (const tr of table.tBodies[0].rows) tr.hidden = !data.rows[Number(tr.dataset.r)].id.toLowerCase().includes(needle);
}

function status() {
  const shown = data.rows.filter((row) => row.id.toLowerCase().includes(ui.filter.toLowerCase())).length;
  counts.textContent = `${shown} of ${data.rows.length} IDs × ${ui.columns.length} columns (${data.versions.length} versions)`;
}

function button(text, action) {
  const node = el('button', 'action', text);
  node.type = 'button';
  node.addEventListener('click', action);
  return node;
}

function legend() {
  const box = el('div', 'legend');
  for (const [state, label] of Object.entries(STATES)) {
    const item = el('span', 'item');
    item.append(el('span', `swatch ${state}`), label);
    box.append(item);
  }
  const changed = el('span', 'item');
  changed.append(el('span', 'swatch linked sb'), 'registration changed (kind, task types, flags or file)');
  const renamed = el('span', 'item');
  renamed.append(el('span', 'swatch rename'), 'renamed: the rows are joined at the version of the rename');
  box.append(changed, renamed);
  return box;
}

function changesTable() {
  const section = el('section', 'changes');
  section.append(el('h2', '', data.changes.length === 0 ? 'No plugin ID changed' : 'Changes'));
  if (data.changes.length === 0) return section;
  const list = el('table', 'change-list');
  for (const [what, id, detail] of data.changes) {
    const tr = el('tr');
    const mark = el('td');
    mark.append(el('span', `mark ${what}`, what));
    tr.append(mark, el('td', 'cid', id), el('td', '', detail));
    list.append(tr);
  }
  section.append(list);
  return section;
}

function controls() {
  const bar = el('div', 'controls');
  bar.append(filter);
  if (data.groups.some((group) => group.count > 1)) {
    const expand = button('expand all', () => {
      for (const g of data.groups.keys()) ui.open.add(g);
      render();
    });
    const collapse = button('collapse all', () => {
      ui.open.clear();
      render();
    });
    expand.id = 'expand-all';
    collapse.id = 'collapse-all';
    bar.append(expand, collapse);
  }
  bar.append(counts);
  return bar;
}

function wire() {
  filter.addEventListener('input', () => {
    ui.filter = filter.value;
    applyFilter();
    status();
  });
  table.addEventListener('click', (event) => {
    const toggle = event.target.closest('button.toggle');
    if (toggle) {
      const g = Number(toggle.dataset.g);
      if (ui.open.has(g)) ui.open.delete(g);
      else ui.open.add(g);
      render();
      return;
    }
    const td = event.target.closest('td[data-c]');
    if (td) pin(td, event.clientX);
  });
  table.addEventListener('mouseover', (event) => {
    const td = event.target.closest('td[data-c]');
    if (td && !ui.pinned) showDetails(Number(td.dataset.r), Number(td.dataset.c), event.clientX);
  });
  table.addEventListener('mouseleave', () => {
    if (!ui.pinned) details.hidden = true;
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    unpin();
    details.hidden = true;
  });
}

const main = el('main');
main.append(controls(), legend());
if (data.kind === 'diff') main.append(changesTable());
const wrap = el('div', 'matrix-wrap');
wrap.append(table);
main.append(wrap, details);
document.body.classList.add(data.kind);
document.body.append(main);
render();
wire();
document.documentElement.dataset.renderMs = (performance.now() - started).toFixed(1);
