// Live updates from /api/events (server-sent events) and the ways a new red alert makes
// itself noticed: the count in the tab's title, an announcement for screen readers, and
// (only when the user turned it on) a short beep.

const SOUND_KEY = 'telemed.sound';

const REOPEN_AFTER_MS = 5000;

export class Live {
  /** @param onClosed called when the server refused or ended the stream for good (e.g. the session ended) */
  constructor(onClosed) {
    this.source = null;
    this.handlers = { alert: [], reading: [], status: [] };
    this.connected = false;
    this.onClosed = onClosed;
    this.reopen = null;
  }

  start() {
    if (this.source) return;
    this.source = new EventSource('/api/events', { withCredentials: true });
    this.source.addEventListener('open', () => this.setConnected(true));
    this.source.addEventListener('error', () => {
      this.setConnected(false);
      // The browser retries a dropped stream itself, but not one answered with an error (401, 503).
      if (this.source?.readyState === EventSource.CLOSED) {
        this.source = null;
        this.reopen = setTimeout(() => {
          this.reopen = null;
          this.onClosed?.();
        }, REOPEN_AFTER_MS);
      }
    });
    for (const kind of ['alert', 'reading']) {
      this.source.addEventListener(kind, (e) => {
        let body;
        try {
          body = JSON.parse(e.data);
        } catch {
          return;
        }
        this.handlers[kind].forEach((f) => f(body));
      });
    }
  }

  stop() {
    clearTimeout(this.reopen);
    this.reopen = null;
    this.source?.close();
    this.source = null;
    this.setConnected(false);
  }

  setConnected(value) {
    this.connected = value;
    this.handlers.status.forEach((f) => f(value));
  }

  on(kind, f) {
    this.handlers[kind].push(f);
    return () => {
      this.handlers[kind] = this.handlers[kind].filter((g) => g !== f);
    };
  }
}

export function soundOn() {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

export function setSound(on) {
  try {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // Without storage the choice lasts for this page only.
  }
}

let audio = null;

/** Two short tones from WebAudio: no sound file to serve. */
export function beep() {
  if (!soundOn()) return;
  try {
    audio = audio ?? new AudioContext();
    const now = audio.currentTime;
    [0, 0.25].forEach((offset) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, now + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, now + offset + 0.18);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + offset);
      osc.stop(now + offset + 0.2);
    });
  } catch {
    // A browser without audio still shows the title badge and the announcement.
  }
}

/** Tells screen readers, through the page's aria-live region. */
export function announce(text) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A changed text node is what assistive technology announces; clear first so a repeat is read again.
  setTimeout(() => { region.textContent = text; }, 50);
}

/** "(2) Patienter – Telemed": the number of red alerts nobody has acknowledged yet. */
export function setTitle(page, unacknowledgedRed) {
  const base = page ? `${page} – Telemed` : 'Telemed';
  document.title = unacknowledgedRed > 0 ? `(${unacknowledgedRed}) ${base}` : base;
}
