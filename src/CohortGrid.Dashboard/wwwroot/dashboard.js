// CohortGrid dashboard: live progress, inline validation, the slide viewer. Hand-written, no dependencies.
// Formatting repeats Pages/Shared/Format.cs (duration, percent, progress, state names): change both together.
(() => {
  'use strict';
  const POLL_MS = 1500;
  const LABELS = { WaitingForGpu: 'Waiting for GPU', CompletedWithErrors: 'Completed with errors' };
  const TONES = { Completed: 'ok', CompletedWithErrors: 'warn', WaitingForGpu: 'warn', Running: 'run', Failed: 'bad' };
  const isFinished = (s) => s === 'Completed' || s === 'CompletedWithErrors' || s === 'Cancelled';
  const pad = (n) => String(n).padStart(2, '0');

  function duration(seconds) {
    if (seconds == null || isNaN(seconds) || seconds < 0) return '—';
    const t = Math.round(seconds);
    if (t < 60) return `${t} s`;
    if (t < 3600) return `${Math.floor(t / 60)} min ${pad(t % 60)} s`;
    return `${Math.floor(t / 3600)} h ${pad(Math.floor((t % 3600) / 60))} min`;
  }
  const percent = (f) => (f >= 1 ? 100 : Math.floor(Math.min(1, Math.max(0, f)) * 100));
  // A cancelled cohort counts as done in the API; its bar shows the share of slides that finished.
  const shown = (c) => (c.state === 'Cancelled' && c.slidesTotal > 0 ? Math.min(0.999, (c.slidesCompleted + c.slidesFailed) / c.slidesTotal) : c.progress);
  const count = (n) => Number(n).toLocaleString('en-US');
  const utc = (iso) => new Date(iso).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';

  const field = (root, name) => root.querySelector(`[data-field="${name}"]`);
  function setText(root, name, text) {
    const el = field(root, name);
    if (el && el.textContent !== text) el.textContent = text;
  }
  function setState(root, state) {
    const el = field(root, 'state');
    if (!el) return;
    setText(root, 'state', LABELS[state] || state);
    el.className = `badge tone-${TONES[state] || 'idle'}`;
  }
  function setProgress(root, fraction) {
    const bar = field(root, 'progress');
    if (!bar) return;
    const p = percent(fraction);
    bar.setAttribute('aria-valuenow', String(p));
    bar.querySelector('.fill').style.width = `${p}%`;
    setText(root, 'percent', `${p}%`);
  }

  function toSignIn() {
    location.href = `/signin?ReturnUrl=${encodeURIComponent(location.pathname + location.search)}`;
  }
  async function getJson(url) {
    const r = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (r.status === 401) { toSignIn(); throw new Error('signed out'); }
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    return r.json();
  }

  // Calls fn every ms while the tab is visible, until it returns false.
  function poll(fn, ms) {
    const tick = async () => {
      if (!document.hidden) {
        try {
          if ((await fn()) === false) return;
        } catch (e) {
          console.warn(e);
        }
      }
      setTimeout(tick, ms);
    };
    setTimeout(tick, ms);
  }

  // Replaces a server-rendered section ([data-fragment] = its URL), keeping focus and open <details>.
  async function refreshFragment(el, query) {
    const r = await fetch(el.dataset.fragment + (query || ''), { credentials: 'same-origin', headers: { 'X-Requested-With': 'fetch' } });
    if (r.redirected) { toSignIn(); return; }
    if (!r.ok) return;
    const html = await r.text();
    const focused = el.contains(document.activeElement) ? document.activeElement.id : null;
    const open = [...el.querySelectorAll('details')].map((d) => d.open);
    el.innerHTML = html;
    el.querySelectorAll('details').forEach((d, i) => { if (open[i]) d.open = true; });
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    init(el);
  }

  // "/" : the cohort table.
  function cohortList(table) {
    const body = table.tBodies[0];
    const template = document.getElementById('cohort-row');
    const empty = document.querySelector('[data-empty]');
    poll(async () => {
      const list = await getJson(table.dataset.cohortList);
      const rows = new Map([...body.rows].map((r) => [r.dataset.cohort, r]));
      const running = [];
      let previous = null;
      for (const c of list) {
        let row = rows.get(c.id);
        if (!row) {
          row = template.content.firstElementChild.cloneNode(true);
          row.dataset.cohort = c.id;
          field(row, 'name').href = `/cohorts/${encodeURIComponent(c.id)}`;
          setText(row, 'id', c.id);
          const time = field(row, 'submitted');
          time.dateTime = c.submittedAt;
          time.textContent = utc(c.submittedAt);
          if (previous) previous.after(row); else body.prepend(row);
        }
        previous = row;
        setText(row, 'name', c.name || c.id);
        setState(row, c.state);
        setText(row, 'slides', `${c.slidesCompleted} done, ${c.slidesFailed} failed of ${c.slidesTotal}`);
        setProgress(row, shown(c));
        field(row, 'progress').setAttribute('aria-label', `Progress of ${c.name || c.id}`);
        row.dataset.finished = String(isFinished(c.state));
        if (isFinished(c.state)) {
          setText(row, 'elapsed', duration((Date.parse(c.completedAt || c.submittedAt) - Date.parse(c.submittedAt)) / 1000));
          setText(row, 'eta', '—');
        } else {
          running.push([row, c.id]);
        }
      }
      await Promise.all(running.map(async ([row, id]) => {
        const s = await getJson(`/api/cohorts/${encodeURIComponent(id)}`);
        setText(row, 'elapsed', duration(s.elapsedSeconds));
        setText(row, 'eta', s.isFinished ? '—' : duration(s.etaSeconds));
      }));
      table.hidden = list.length === 0;
      if (empty) empty.hidden = list.length > 0;
    }, POLL_MS);
  }

  // "/cohorts/{id}": status panel and slide table; result sections reload when slides complete.
  function cohortLive(panel) {
    if (panel.dataset.finished === 'true') return;
    let completed = panel.dataset.completed;
    let refreshed = 0;
    poll(async () => {
      const s = await getJson(panel.dataset.cohortLive);
      setState(panel, s.state);
      setText(panel, 'message', s.message || '');
      setProgress(panel, shown(s));
      setText(panel, 'slides', `${s.slidesCompleted} done, ${s.slidesFailed} failed, ${s.slidesRunning} running of ${s.slidesTotal}`);
      setText(panel, 'tiles', `${count(s.tilesDone)} of ${count(s.tilesTotal)}`);
      setText(panel, 'rate', `${s.tilesPerSecond.toFixed(1)} tiles/s`);
      setText(panel, 'elapsed', duration(s.elapsedSeconds));
      setText(panel, 'eta', s.isFinished ? '—' : duration(s.etaSeconds));
      const table = document.getElementById('slides');
      for (const slide of s.slides) {
        const row = table && table.querySelector(`tr[data-slide="${CSS.escape(slide.slideId)}"]`);
        if (!row) continue;
        setState(row, slide.state);
        setText(row, 'tiles', `${slide.tilesDone} / ${slide.tilesTotal}`);
        setText(row, 'attempts', String(slide.attempts));
        const error = field(row, 'error');
        const want = slide.errorReason ? `${slide.errorReason} ${slide.errorMessage || ''}`.trim() : '';
        if (error.textContent.replace(/\s+/g, ' ').trim() !== want) {
          error.replaceChildren();
          if (slide.errorReason) {
            const code = document.createElement('code');
            code.textContent = slide.errorReason;
            error.append(code, ` ${slide.errorMessage || ''}`);
          }
        }
      }
      // New thumbnails and files: at most every 5 s while running, and once at the end.
      if (s.isFinished || (String(s.slidesCompleted) !== completed && Date.now() - refreshed > 5000)) {
        completed = String(s.slidesCompleted);
        refreshed = Date.now();
        await refreshCohortSections();
      }
      if (s.isFinished) {
        panel.dataset.finished = 'true';
        document.querySelectorAll('[data-hide-when-finished]').forEach((e) => { e.hidden = true; });
        return false;
      }
      return true;
    }, POLL_MS);
  }

  async function refreshCohortSections() {
    const slide = document.getElementById('viewer-slide');
    const overlay = document.getElementById('viewer-overlay');
    const keep = slide ? `&slide=${encodeURIComponent(slide.value)}&overlay=${encodeURIComponent(overlay ? overlay.value : '')}` : '';
    const opacity = document.getElementById('viewer-opacity')?.value;
    const outline = document.getElementById('viewer-outline')?.checked;
    for (const el of document.querySelectorAll('[data-fragment]:not([data-refresh])')) {
      await refreshFragment(el, el.id === 'results' ? keep : '');
    }
    const o = document.getElementById('viewer-opacity');
    const c = document.getElementById('viewer-outline');
    if (o && opacity != null) o.value = opacity;
    if (c && outline != null) c.checked = outline;
    o?.dispatchEvent(new Event('change', { bubbles: true }));
  }

  // The slide viewer: thumbnail, heatmap over it, tissue outline drawn from the mask.
  function viewer(form) {
    const root = form.closest('section');
    const slide = form.querySelector('#viewer-slide');
    const overlay = form.querySelector('#viewer-overlay');
    const opacity = form.querySelector('#viewer-opacity');
    const outline = form.querySelector('#viewer-outline');
    const thumb = root.querySelector('[data-viewer-thumb]');
    const heat = root.querySelector('[data-viewer-overlay]');
    const canvas = root.querySelector('[data-viewer-outline]');
    const caption = root.querySelector('[data-viewer-caption]');
    function apply() {
      const option = slide.selectedOptions[0];
      const id = option.value;
      const maps = JSON.parse(option.dataset.maps || '{}');
      const key = overlay.value;
      const label = overlay.selectedOptions[0].textContent;
      if (thumb.getAttribute('src') !== option.dataset.thumbnail) thumb.src = option.dataset.thumbnail;
      thumb.alt = `Thumbnail of slide ${id} (patient ${option.dataset.patient})`;
      const url = key ? maps[key] : null;
      heat.hidden = !url;
      if (url) {
        if (heat.getAttribute('src') !== url) heat.src = url;
        heat.alt = overlay.selectedOptions[0].dataset.alt.replaceAll('{slide}', id);
      } else {
        heat.removeAttribute('src');
        heat.alt = '';
      }
      heat.style.opacity = String(opacity.value / 100);
      let text = `Slide ${id}. ${url ? `${label} heatmap over the thumbnail; each square is one tile.` : key ? `This slide has no ${label} heatmap.` : 'No heatmap shown.'}`;
      if (option.dataset.mask && outline.checked) {
        text += ' The outline marks the tissue the tiles were taken from.';
        drawOutline(canvas, option.dataset.mask, thumb);
      } else {
        canvas.hidden = true;
      }
      caption.textContent = text;
      const params = new URLSearchParams(location.search);
      params.set('slide', id);
      params.set('overlay', key);
      history.replaceState(null, '', `?${params}`);
    }
    form.addEventListener('change', apply);
    opacity.addEventListener('input', () => { heat.style.opacity = String(opacity.value / 100); });
    form.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
    apply();
  }

  // Marks tissue pixels of the mask (white = tissue) that touch background, about 2 screen pixels wide.
  function drawOutline(canvas, url, thumb) {
    const mask = new Image();
    mask.onload = () => {
      const w = mask.naturalWidth;
      const h = mask.naturalHeight;
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(mask, 0, 0);
      const src = ctx.getImageData(0, 0, w, h).data;
      const out = ctx.createImageData(w, h);
      const px = out.data;
      const tissue = (i) => src[i * 4] > 127;
      const half = Math.max(1, Math.round(w / Math.max(1, thumb.clientWidth || w)));
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const i = y * w + x;
          if (!tissue(i)) continue;
          const edge = x === 0 || y === 0 || x === w - 1 || y === h - 1 || !tissue(i - 1) || !tissue(i + 1) || !tissue(i - w) || !tissue(i + w);
          if (!edge) continue;
          for (let dy = -half; dy <= half; dy++) {
            for (let dx = -half; dx <= half; dx++) {
              const xx = x + dx;
              const yy = y + dy;
              if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
              const j = (yy * w + xx) * 4;
              px[j] = 0; px[j + 1] = 0; px[j + 2] = 0; px[j + 3] = 255;
            }
          }
        }
      }
      ctx.putImageData(out, 0, 0);
      canvas.hidden = false;
    };
    mask.src = url;
  }

  // "/submit": Validate shows the report without leaving the page, so the chosen files stay chosen.
  function submitForm(form) {
    form.addEventListener('submit', async (e) => {
      const button = e.submitter;
      if (!button || !button.hasAttribute('data-validate')) return;
      e.preventDefault();
      const slot = document.getElementById('report-slot');
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      try {
        const r = await fetch(button.formAction, { method: 'POST', body: new FormData(form), credentials: 'same-origin', headers: { 'X-Requested-With': 'fetch' } });
        if (r.redirected) { toSignIn(); return; }
        if (!r.ok) throw new Error(`HTTP ${r.status}; reload the page and try again`);
        slot.innerHTML = await r.text();
        document.getElementById('report')?.focus();
      } catch (err) {
        slot.innerHTML = '';
        const p = document.createElement('p');
        p.className = 'alert alert-bad';
        p.setAttribute('role', 'alert');
        p.textContent = `Could not validate: ${err.message}`;
        slot.append(p);
      } finally {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      }
    });
  }

  function init(root) {
    root.querySelectorAll('form[data-viewer]').forEach(viewer);
  }

  document.addEventListener('submit', (e) => {
    const message = e.target.dataset && e.target.dataset.confirm;
    if (message && !window.confirm(message)) e.preventDefault();
  });

  document.addEventListener('DOMContentLoaded', () => {
    document.querySelectorAll('[data-cohort-list]').forEach(cohortList);
    document.querySelectorAll('[data-cohort-live]').forEach(cohortLive);
    document.querySelectorAll('form[data-validate-inline]').forEach(submitForm);
    document.querySelectorAll('[data-fragment][data-refresh]').forEach((el) => {
      poll(() => refreshFragment(el), Number(el.dataset.refresh) || 3000);
    });
    init(document);
  });
})();
