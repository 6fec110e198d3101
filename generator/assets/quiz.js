/* ciso-course quiz self-checks.
 *
 * Progressive enhancement of the quiz markup written by generator/render/quiz.py and of the
 * progress page. Content is only ever read from the page and inserted as text; nothing is
 * fetched; progress stays in this browser's localStorage. See the authoring guide, "Quizzes".
 */
(() => {
  "use strict";
  // Evaluated twice (a theme re-running scripts)? Subscribe once only.
  if (window.ccqQuizLoaded) return;
  window.ccqQuizLoaded = true;

  const VERSION = 1; // version of the stored record; another version is ignored
  const KEY = "ccq:" + siteRoot(); // one record per site, e.g. "ccq:/" or "ccq:/course/"
  const FIXED_SEED = "ccq"; // shuffle seed when nothing can be stored: still stable
  const EPS = 1e-9;

  /* The site's root path, from this script's own address (<root>/assets/ciso-course/quiz.js),
   * else from Material's configuration ("base" is relative to the page). */
  function siteRoot() {
    const script = document.currentScript;
    try {
      if (script && /\/assets\/ciso-course\/quiz\.js(?:[?#]|$)/.test(script.src)) {
        return new URL("../../", script.src).pathname;
      }
    } catch (e) { /* try the next source */ }
    try {
      const config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(config.base.replace(/\/?$/, "/"), location.href).pathname;
    } catch (e) {
      return "/";
    }
  }

  /* ---------- storage: every access guarded; falls back to memory ---------- */

  const isObject = (x) => !!x && typeof x === "object" && !Array.isArray(x);

  const store = (() => {
    let local = null;
    let memory = null;
    try {
      local = window.localStorage;
      local.getItem(KEY);
    } catch (e) {
      local = null; // disabled or refused
    }
    const empty = () => ({ v: VERSION, q: {}, m: {} });

    function load() {
      if (!local) return memory || (memory = empty());
      try {
        const data = JSON.parse(local.getItem(KEY));
        if (isObject(data) && data.v === VERSION && isObject(data.q) && isObject(data.m)) return data;
      } catch (e) { /* corrupted: start again */ }
      return empty();
    }

    function save(data) {
      if (local) {
        try {
          local.setItem(KEY, JSON.stringify(data));
          return true;
        } catch (e) {
          local = null; // full or refused: carry on in memory for this page
        }
      }
      memory = data;
      return false;
    }

    return {
      persistent: () => !!local,
      load,
      update(change) {
        const data = load();
        change(data);
        return save(data);
      },
      /* A random seed per learner, kept with the progress; fixed when it cannot be kept. */
      seed() {
        const data = load();
        if (typeof data.seed === "string") return data.seed;
        if (!local) return FIXED_SEED;
        let bytes = [Math.random() * 2 ** 32, Math.random() * 2 ** 32];
        try {
          bytes = crypto.getRandomValues(new Uint32Array(2));
        } catch (e) { /* Math.random is good enough to shuffle options */ }
        data.seed = Array.from(bytes, (n) => Math.floor(n).toString(36)).join("");
        if (!save(data)) data.seed = FIXED_SEED; // the memory fallback holds `data`
        return data.seed;
      },
      reset() {
        memory = null;
        try {
          if (local) local.removeItem(KEY);
        } catch (e) { /* nothing more to do */ }
      },
    };
  })();

  /* ---------- small helpers ---------- */

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function button(text, className, onClick) {
    const node = el("button", "ccq-btn" + (className ? " " + className : ""), text);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  const ICONS = { ok: "✓", bad: "✗", part: "◐", info: "ℹ" };

  /* A state shown by an icon and a word, never by colour alone. */
  function mark(kind, text) {
    const node = el("span", "ccq-mark ccq-" + kind);
    const icon = el("span", "ccq-icon", ICONS[kind]);
    icon.setAttribute("aria-hidden", "true");
    node.append(icon, " " + text);
    return node;
  }

  const num = (n) => String(Math.round(n * 100) / 100);
  const points = (n) => (n === 1 ? "point" : "points");
  const of = (score, total) => `${num(score)} of ${num(total)} ${points(total)}`;

  /* A seeded pseudo-random generator: FNV-1a hash of the text, then xorshift32. */
  function random(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    let x = h | 0 || 1;
    return () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 4294967296;
    };
  }

  const inOrder = (items) => items.every((li, i) => Number(li.dataset.ccqPosition) === i + 1);
  const input = (li) => li.querySelector("input");

  /* ---------- one question ---------- */

  function setupQuestion(quiz, fs, seed) {
    const list = fs.querySelector(".ccq-options, .ccq-items");
    if (!list) return null;
    const q = {
      quiz,
      fs,
      list,
      key: quiz.id + "/" + fs.dataset.ccqId,
      hash: fs.dataset.ccqHash || "",
      type: fs.dataset.ccqType,
      ordering: fs.dataset.ccqType === "ordering",
      points: Number(fs.dataset.ccqPoints) || 1,
      label: (fs.querySelector(".ccq-num") || fs).textContent.trim(),
      items: Array.from(list.children),
      answerBlock: fs.querySelector("details.ccq-answer"),
      checked: false,
      revealed: false,
      score: 0,
    };
    if (fs.dataset.ccqShuffle !== "false") shuffle(q, seed);
    q.start = Array.from(list.children);

    if (q.ordering) setupOrdering(q);
    else list.addEventListener("change", () => save(q));

    const bar = el("div", "ccq-actions");
    q.checkBtn = button("Check answer", "ccq-primary", () => check(q, "click"));
    q.solveBtn = button("Show solution", "", () => solve(q, "click"));
    q.retryBtn = button("Try again", "", () => {
      retry(q);
      forget(q);
      finish(quiz, false);
      focusFirst(q);
    });
    q.retryBtn.hidden = true;
    bar.append(q.checkBtn, q.solveBtn, q.retryBtn);
    q.verdict = el("p", "ccq-verdict");
    q.verdict.setAttribute("role", "status");
    const anchor = q.answerBlock || null;
    fs.insertBefore(bar, anchor);
    fs.insertBefore(q.verdict, anchor);
    return q;
  }

  function shuffle(q, seed) {
    const next = random(seed + "|" + q.key);
    const items = q.items.slice();
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    // An ordering question must not start solved.
    if (q.ordering && items.length > 1 && inOrder(items)) [items[0], items[1]] = [items[1], items[0]];
    q.list.append(...items);
  }

  function setupOrdering(q) {
    q.live = el("p", "ccq-sr");
    q.live.setAttribute("role", "status");
    q.list.after(q.live);
    q.names = new Map();
    for (const li of q.items) {
      const text = li.querySelector(".ccq-text") || li;
      const name = text.textContent.trim();
      q.names.set(li, name);
      const box = el("span", "ccq-move");
      for (const [step, icon, word] of [[-1, "↑", "up"], [1, "↓", "down"]]) {
        const b = button(icon, "ccq-step", () => move(q, li, step, b));
        b.setAttribute("aria-label", `Move ${word}: ${name}`);
        b.title = `Move ${word}`;
        box.append(b);
      }
      text.after(box);
    }
    markEnds(q);
  }

  function markEnds(q) {
    const rows = Array.from(q.list.children);
    rows.forEach((li, i) => {
      const [up, down] = li.querySelectorAll(".ccq-step");
      if (!up) return;
      up.setAttribute("aria-disabled", String(i === 0));
      down.setAttribute("aria-disabled", String(i === rows.length - 1));
    });
  }

  function move(q, li, step, btn) {
    if (q.checked || q.revealed) return;
    const other = step < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (other) {
      if (step < 0) other.before(li);
      else other.after(li);
      btn.focus(); // moving the node takes the focus away
      markEnds(q);
      save(q);
    }
    const rows = Array.from(q.list.children);
    const order = rows.map((row, i) => `${i + 1}. ${q.names.get(row)}`);
    const where = `${q.names.get(li)}: ${other ? "now" : "already"} ${rows.indexOf(li) + 1} of ${rows.length}.`;
    q.live.textContent = `${where} Order: ${order.join("; ")}.`;
  }

  function answer(q) {
    if (q.ordering) return Array.from(q.list.children, (li) => li.dataset.ccqItem);
    return q.items.filter((li) => input(li).checked).map((li) => Number(input(li).value));
  }

  function setAnswer(q, picked) {
    if (!Array.isArray(picked)) return;
    if (q.ordering) {
      const byId = new Map(q.items.map((li) => [li.dataset.ccqItem, li]));
      if (picked.length === byId.size && new Set(picked).size === byId.size && picked.every((id) => byId.has(id))) {
        q.list.append(...picked.map((id) => byId.get(id)));
        markEnds(q);
      }
    } else {
      for (const li of q.items) input(li).checked = picked.includes(Number(input(li).value));
    }
  }

  /* The scoring rules, as documented in the authoring guide. */
  function scoreOf(q) {
    if (q.ordering) return inOrder(Array.from(q.list.children)) ? q.points : 0;
    let right = 0;
    let wrong = 0;
    let correct = 0;
    for (const li of q.items) {
      const isCorrect = li.dataset.ccqCorrect === "true";
      if (isCorrect) correct++;
      if (input(li).checked) isCorrect ? right++ : wrong++;
    }
    if (q.type === "multiple" && q.quiz.partial) {
      return correct ? Math.max(0, ((right - wrong) * q.points) / correct) : 0;
    }
    return correct && right === correct && wrong === 0 ? q.points : 0;
  }

  function say(q, kind, text) {
    q.verdict.replaceChildren(...(kind ? [mark(kind, text)] : []));
  }

  function lock(q, locked) {
    q.fs.classList.toggle("ccq-done", locked);
    if (q.ordering) q.list.querySelectorAll(".ccq-move").forEach((box) => (box.hidden = locked));
    else q.items.forEach((li) => (input(li).disabled = locked));
    q.checkBtn.hidden = locked;
    q.solveBtn.hidden = q.revealed;
    q.retryBtn.hidden = !locked;
  }

  /* Marks and feedback on the options. `show`: 0 none, 1 the picked ones, 2 the right ones too. */
  function showMarks(q, show) {
    const solution = show === 2;
    Array.from(q.list.children).forEach((li, i) => {
      li.querySelectorAll(":scope > .ccq-mark").forEach((n) => n.remove());
      let kind = null;
      let text = "";
      if (!show) {
        // cleared
      } else if (q.ordering) {
        const place = Number(li.dataset.ccqPosition);
        kind = place === i + 1 ? "ok" : "bad";
        text = place === i + 1 ? "Right place" : solution ? `Belongs at step ${place}` : "Wrong place";
      } else {
        const isCorrect = li.dataset.ccqCorrect === "true";
        if (input(li).checked) {
          kind = isCorrect ? "ok" : "bad";
          text = isCorrect ? "Correct" : "Incorrect";
        } else if (solution && isCorrect) {
          kind = "ok";
          text = "Correct answer";
        }
      }
      li.classList.toggle("ccq-right", kind === "ok");
      li.classList.toggle("ccq-wrong", kind === "bad");
      const feedback = li.querySelector(".ccq-feedback");
      if (feedback) feedback.hidden = !kind;
      if (kind) {
        const after = li.querySelector(":scope > label, :scope > .ccq-move") || li.querySelector(".ccq-text");
        after.after(mark(kind, text));
      }
    });
  }

  function check(q, how) {
    const picked = answer(q);
    if (!picked.length && how === "click") {
      say(q, "info", "Choose an answer first.");
      return;
    }
    q.checked = true;
    q.score = scoreOf(q);
    lock(q, true);
    showMarks(q, 1);
    const verdict = !picked.length ? ["bad", "Not answered"]
      : q.score >= q.points - EPS ? ["ok", "Correct"]
      : q.score > EPS ? ["part", "Partly correct"]
      : ["bad", "Incorrect"];
    say(q, verdict[0], `${verdict[1]}. ${of(q.score, q.points)}.`);
    settle(q, how);
  }

  function solve(q, how) {
    if (!q.checked) {
      q.score = 0;
      say(q, "info", `Solution shown. ${of(0, q.points)}.`);
    }
    q.revealed = true;
    lock(q, true);
    showMarks(q, 2);
    settle(q, how);
  }

  /* After a check or a solution: open the explanation, keep the answer, move on. */
  function settle(q, how) {
    if (q.answerBlock) q.answerBlock.open = true;
    if (how === "restore") return;
    save(q);
    if (how === "click") {
      q.retryBtn.focus();
      finish(q.quiz, true);
    }
  }

  function retry(q) {
    q.checked = q.revealed = false;
    q.score = 0;
    if (q.ordering) q.list.append(...q.start);
    else q.items.forEach((li) => (input(li).checked = false));
    lock(q, false);
    showMarks(q, 0);
    if (q.ordering) {
      markEnds(q);
      q.live.textContent = "";
    }
    say(q, null);
    q.fs.querySelectorAll("details").forEach((d) => (d.open = false));
  }

  function focusFirst(q) {
    const target = q && q.fs.querySelector("input:not([disabled]), .ccq-step, .ccq-btn:not([hidden])");
    if (target) target.focus();
  }

  function save(q) {
    store.update((data) => {
      data.q[q.key] = { h: q.hash, a: answer(q), c: q.checked ? 1 : 0, r: q.revealed ? 1 : 0 };
    });
  }

  function forget(q) {
    store.update((data) => {
      delete data.q[q.key];
    });
  }

  /* ---------- one quiz ---------- */

  function setupQuiz(root) {
    root.setAttribute("data-ccq-ready", "");
    const quiz = {
      root,
      id: root.dataset.ccqQuiz || "quiz",
      pass: Number(root.dataset.ccqPass) || 0,
      partial: root.dataset.ccqScoring === "partial",
    };
    const seed = store.seed();
    quiz.qs = Array.from(root.querySelectorAll("fieldset.ccq-q"), (fs) => setupQuestion(quiz, fs, seed)).filter(Boolean);

    quiz.result = root.querySelector(".ccq-result");
    const bar = el("div", "ccq-actions ccq-quiz-actions");
    quiz.checkAll = button("Check all answers", "ccq-primary", () => {
      quiz.qs.forEach((q) => q.checked || q.revealed || check(q, "all"));
      finish(quiz, true);
      quiz.retry.focus();
    });
    quiz.retry = button("Retry quiz", "", () => {
      quiz.qs.forEach(retry);
      store.update((data) => quiz.qs.forEach((q) => delete data.q[q.key]));
      finish(quiz, false);
      quiz.result.textContent = "Answers cleared: the quiz starts again.";
      focusFirst(quiz.qs[0]);
    });
    bar.append(quiz.checkAll, quiz.retry);
    quiz.result.before(bar);

    if (!store.persistent()) {
      const note = el("p", "ccq-note", "This browser does not let the page keep your answers: they are lost when you leave.");
      root.prepend(note);
    }

    // Restore saved answers; an answer saved for another version of a question is dropped.
    const saved = store.load().q;
    let stale = false;
    for (const q of quiz.qs) {
      const rec = saved[q.key];
      if (!isObject(rec)) continue;
      if (rec.h !== q.hash) {
        stale = true;
        continue;
      }
      setAnswer(q, rec.a);
      if (rec.c) check(q, "restore");
      if (rec.r) solve(q, "restore");
    }
    if (stale) {
      store.update((data) => quiz.qs.forEach((q) => {
        if (isObject(data.q[q.key]) && data.q[q.key].h !== q.hash) delete data.q[q.key];
      }));
    }
    finish(quiz, false);
  }

  /* The quiz result once every question is checked or solved; `record` keeps the best score. */
  function finish(quiz, record) {
    const qs = quiz.qs;
    const done = qs.every((q) => q.checked || q.revealed);
    quiz.checkAll.hidden = done;
    quiz.retry.hidden = !qs.some((q) => q.checked || q.revealed);
    quiz.result.replaceChildren();
    if (!done) return;

    const total = qs.reduce((sum, q) => sum + q.points, 0);
    const score = qs.reduce((sum, q) => sum + q.score, 0);
    const exact = total ? (score * 100) / total : 0;
    const percent = Math.floor(exact + EPS);
    const passed = exact + EPS >= quiz.pass;

    const head = el("p", "ccq-score");
    head.append(
      mark(passed ? "ok" : "bad", passed ? "Passed." : "Not passed yet."),
      ` Score: ${of(score, total)} (${percent}%). Pass mark: ${quiz.pass}%.`,
    );
    const parts = [head];
    const revisit = qs.filter((q) => q.score < q.points - EPS);
    if (revisit.length) {
      parts.push(el("p", null, "Questions to revisit:"));
      const list = el("ul", "ccq-revisit");
      for (const q of revisit) {
        const link = el("a", null, q.label);
        link.href = "#" + q.fs.id;
        const li = el("li");
        li.append(link, ` (${of(q.score, q.points)})`);
        list.append(li);
      }
      parts.push(list);
    } else {
      parts.push(el("p", null, "Every answer is right."));
    }
    if (record) {
      store.update((data) => {
        const old = isObject(data.m[quiz.id]) && typeof data.m[quiz.id].best === "number" ? data.m[quiz.id] : null;
        data.m[quiz.id] = {
          best: Math.max(percent, old ? old.best : 0),
          pass: passed || !!(old && old.pass),
          total,
        };
      });
    }
    const best = store.load().m[quiz.id];
    if (isObject(best) && typeof best.best === "number" && best.best > percent) {
      parts.push(el("p", null, `Your best so far: ${best.best}%.`));
    }
    quiz.result.replaceChildren(...parts);
  }

  /* ---------- the progress page ---------- */

  function setupProgress(box) {
    box.setAttribute("data-ccq-ready", "");
    box.querySelectorAll(".ccq-nojs").forEach((note) => (note.hidden = true));
    const summary = box.querySelector(".ccq-progress-summary");
    const bar = el("div", "ccq-actions");
    bar.append(button("Reset all progress", "", () => {
      if (!window.confirm("Forget every answer and score kept in this browser for this course?")) return;
      store.reset();
      fill(box, summary, "All progress was reset. ");
    }));
    summary.after(bar);
    fill(box, summary, "");
  }

  function fill(box, summary, prefix) {
    const modules = store.load().m;
    const rows = box.querySelectorAll("tr[data-ccq-progress]");
    let passed = 0;
    let taken = 0;
    rows.forEach((tr) => {
      const rec = modules[tr.dataset.ccqProgress];
      const ok = isObject(rec) && typeof rec.best === "number";
      const best = tr.querySelector(".ccq-best");
      const state = tr.querySelector(".ccq-state");
      if (ok) {
        taken++;
        if (rec.pass) passed++;
      }
      if (best) best.textContent = ok ? `${rec.best}%` : "not taken";
      if (state) state.replaceChildren(ok ? mark(rec.pass ? "ok" : "bad", rec.pass ? "Passed" : "Not passed yet") : "not taken");
    });
    let text = `${prefix}Quizzes taken: ${taken} of ${rows.length}; passed: ${passed}.`;
    if (!store.persistent()) text += " This browser does not let the site keep your progress.";
    summary.textContent = text;
  }

  /* ---------- start: first load and every instant navigation ---------- */

  function init() {
    document.querySelectorAll(".ccq:not([data-ccq-ready])").forEach(setupQuiz);
    document.querySelectorAll(".ccq-progress:not([data-ccq-ready])").forEach(setupProgress);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
