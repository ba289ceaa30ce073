// Minutes logged per agency per day: table and chart from GET /api/v1/analytics/agency-daily-work.
const $ = (id) => document.getElementById(id);
const COLORS = ['#a4161a', '#1d4e89', '#2a9d8f', '#e9c46a', '#6d597a', '#f4a261', '#264653', '#8ab17d'];

function vnToday() {
  return new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
}
function addDays(d, n) {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400e3).toISOString().slice(0, 10);
}

async function api(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.error?.message?.vi ?? res.statusText), { status: res.status });
  return body;
}

function renderTable(rows) {
  const tbody = $('table').tBodies[0];
  tbody.replaceChildren(
    ...rows.map((r) => {
      const tr = document.createElement('tr');
      for (const [v, cls] of [
        [r.work_date],
        [r.agency_name || r.agency_id],
        [r.minutes.toLocaleString('vi-VN'), 'num'],
        [(r.minutes / 60).toLocaleString('vi-VN', { maximumFractionDigits: 1 }), 'num'],
        [r.entries.toLocaleString('vi-VN'), 'num'],
      ]) {
        const td = document.createElement('td');
        td.textContent = v;
        if (cls) td.className = cls;
        tr.append(td);
      }
      return tr;
    }),
  );
}

function renderChart(rows, from, to) {
  const svg = $('chart');
  const ns = 'http://www.w3.org/2000/svg';
  const days = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const agencies = [...new Map(rows.map((r) => [r.agency_id, r.agency_name || r.agency_id])).entries()];
  const byDay = new Map(days.map((d) => [d, new Map()]));
  for (const r of rows) byDay.get(r.work_date)?.set(r.agency_id, r.minutes);
  const totals = days.map((d) => [...byDay.get(d).values()].reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const W = 800,
    H = 300,
    L = 50,
    B = 30,
    T = 10;
  const bw = (W - L - 10) / days.length;
  const el = (name, attrs, text) => {
    const e = document.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const parts = [
    el('line', { x1: L, y1: H - B, x2: W - 10, y2: H - B, stroke: '#888' }),
    el('text', { x: 4, y: T + 10, 'font-size': 11 }, `${Math.round(max / 60)} giờ`),
  ];
  days.forEach((d, i) => {
    let y = H - B;
    agencies.forEach(([id, name], a) => {
      const m = byDay.get(d).get(id) ?? 0;
      if (!m) return;
      const h = (m / max) * (H - B - T);
      y -= h;
      const rect = el('rect', { x: L + i * bw + 2, y, width: Math.max(1, bw - 4), height: h, fill: COLORS[a % COLORS.length] });
      rect.append(el('title', {}, `${d} · ${name}: ${m} phút`));
      parts.push(rect);
    });
    if (days.length <= 31)
      parts.push(el('text', { x: L + i * bw + bw / 2, y: H - 12, 'font-size': 10, 'text-anchor': 'middle' }, d.slice(5)));
  });
  svg.replaceChildren(...parts);
  $('legend').replaceChildren(
    ...agencies.map(([, name], a) => {
      const s = document.createElement('span');
      const i = document.createElement('i');
      i.style.background = COLORS[a % COLORS.length];
      s.append(i, name);
      return s;
    }),
  );
}

async function load() {
  const from = $('from').value;
  const to = $('to').value;
  $('status').textContent = 'Đang tải… / Loading…';
  try {
    const rows = [];
    let token = '';
    do {
      const page = await api(
        `/api/v1/analytics/agency-daily-work?from_date=${from}&to_date=${to}&page_size=1000${token ? `&page_token=${encodeURIComponent(token)}` : ''}`,
      );
      rows.push(...page.rows);
      token = page.next_page_token;
    } while (token);
    renderTable(rows);
    renderChart(rows, from, to);
    $('status').textContent = rows.length ? `${rows.length} dòng / rows` : 'Chưa có dữ liệu / No data yet';
  } catch (err) {
    if (err.status === 401) {
      $('login').hidden = false;
      $('status').textContent = 'Vui lòng đăng nhập / Please sign in';
    } else $('status').textContent = err.message;
  }
}

async function init() {
  $('to').value = vnToday();
  $('from').value = addDays(vnToday(), -13);
  $('range').addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  let csrf = '';
  // Sign-out ends the gateway's session, then the identity provider's (its page sends the browser back).
  $('logout').addEventListener('click', async () => {
    const res = await fetch('/auth/logout', { method: 'POST', headers: { 'x-csrf-token': csrf } });
    const body = res.ok ? await res.json() : {};
    location.assign(body.logout_url || '/');
  });
  try {
    const me = await api('/api/me');
    csrf = me.csrf_token;
    $('user').textContent = me.name;
    $('logout').hidden = false;
    await load();
  } catch {
    $('login').hidden = false;
    $('status').textContent = 'Vui lòng đăng nhập / Please sign in';
  }
}

init();
