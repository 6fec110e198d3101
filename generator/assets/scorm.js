/* ciso-course in a SCORM package: the module's self-check reports to the LMS.
 *
 * Loaded only by the pages of a package made by `ciso-course export scorm`, before quiz.js, and
 * active only on the page the LMS launched (its address carries `ccq-sco=<module id>`) when an
 * LMS run-time is found: `API_1484_11` (SCORM 2004) or `API` (SCORM 1.2), searched for in the
 * parent windows and then the opener's, as the specifications describe. The launch also names
 * the package's version (`ccq-scorm=1.2` or `2004`), and only that run-time is looked for, so a
 * 1.2 package in an LMS that offers both reports through `API`; without it, 2004 is tried first.
 * It then offers quiz.js
 * `window.ccqLms`: `storage` (the learner's answers in cmi.suspend_data, so that a relaunch
 * resumes), `answered` (each checked answer as an interaction) and `finished` (score and
 * status). What each field receives is listed in the authoring guide, "Exports".
 * Without a run-time, or when the LMS refuses to start, nothing is defined and the quiz keeps
 * its answers in the browser as on the site. An LMS error is logged as a warning, never thrown.
 */
(() => {
  "use strict";
  if (window.ccqLms !== undefined) return;
  let sco = null;
  let wanted = null;
  try {
    const params = new URLSearchParams(window.location.search);
    sco = params.get("ccq-sco");
    wanted = params.get("ccq-scorm");
  } catch (e) { /* no usable address */ }
  if (!sco) return; // reached by a link, not launched by the LMS

  const MAX_TRIES = 500; // how far up the frames to look, as in ADL's sample code

  function search(start, name) {
    let win = start;
    try {
      for (let tries = 0; win && tries <= MAX_TRIES; tries++) {
        if (win[name]) return win[name];
        if (!win.parent || win.parent === win) break;
        win = win.parent;
      }
    } catch (e) { /* a window of another origin ends the search */ }
    return null;
  }

  function find() {
    const every = [["API_1484_11", "2004"], ["API", "1.2"]];
    const named = every.filter(([, version]) => version === wanted);
    for (const [name, version] of named.length ? named : every) {
      let api = search(window, name);
      try {
        if (!api && window.opener) api = search(window.opener, name);
      } catch (e) { /* an opener of another origin */ }
      if (api) return { api, v12: version === "1.2" };
    }
    return null;
  }

  const found = find();
  if (!found) return;
  const { api, v12 } = found;
  const M = v12
    ? { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", end: "LMSFinish", err: "LMSGetLastError", text: "LMSGetErrorString" }
    : { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", end: "Terminate", err: "GetLastError", text: "GetErrorString" };
  const F = v12
    ? { status: "cmi.core.lesson_status", score: "cmi.core.score.", time: "cmi.core.session_time", exit: "cmi.core.exit", response: "student_response", wrong: "wrong", when: "time" }
    : { status: "cmi.completion_status", score: "cmi.score.", time: "cmi.session_time", exit: "cmi.exit", response: "learner_response", wrong: "incorrect", when: "timestamp" };
  const SUSPEND_LIMIT = v12 ? 4096 : 64000; // characters the standard guarantees

  const warned = new Set();
  function warn(what) {
    let detail = "";
    try {
      const code = String(api[M.err]());
      detail = ` (error ${code}: ${String(api[M.text](code))})`;
    } catch (e) { /* the LMS cannot say why */ }
    if (warned.has(what)) return;
    warned.add(what);
    console.warn(`ciso-course: the LMS refused ${what}${detail}`);
  }

  function call(method, ...args) {
    try {
      return String(api[method](...args));
    } catch (e) {
      return "false";
    }
  }

  const get = (element) => {
    const value = call(M.get, element);
    const code = call(M.err);
    return code === "0" || code === "" ? value : "";
  };
  const set = (element, value) => {
    if (call(M.set, element, String(value)) === "true") return true;
    warn(`${element} = ${String(value).slice(0, 40)}`);
    return false;
  };
  const commit = () => call(M.commit, "") === "true" || (warn("Commit"), false);

  if (call(M.init, "") !== "true") {
    warn(M.init);
    return;
  }
  const started = Date.now();
  let open = true;
  let data = get("cmi.suspend_data");

  const status = get(F.status);
  if (v12 ? status === "not attempted" || status === "" : status !== "completed") set(F.status, "incomplete");

  /* ---------- formats ---------- */

  const pad = (n, width = 2) => String(n).padStart(width, "0");

  function sessionTime(ms) {
    const cs = Math.max(0, Math.round(ms / 10)); // hundredths of a second
    const h = Math.floor(cs / 360000);
    const m = Math.floor(cs / 6000) % 60;
    const s = (cs % 6000) / 100;
    if (v12) return `${pad(Math.min(h, 9999), h > 99 ? 4 : 2)}:${pad(m)}:${pad(s.toFixed(2), 5)}`;
    return `PT${h}H${m}M${s.toFixed(2)}S`;
  }

  function stamp() {
    const now = new Date();
    if (v12) return `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
    return now.toISOString().slice(0, 22) + "Z"; // SCORM 2004: a zone only after hundredths
  }

  /* Options by letter in the module file's order (a, b, ...); ordering items by id in 2004 and,
   * as 1.2 allows single characters only, by the letter of their right place. */
  const letter = (n) => (n >= 0 && n < 26 ? String.fromCharCode(97 + n) : null);

  function pattern(d, answer) {
    if (d.type === "true-false") {
      const truth = answer.length ? answer[0] === 0 : null; // option 0 is "True"
      if (truth === null) return "";
      return v12 ? (truth ? "t" : "f") : String(truth);
    }
    const ids = d.type === "ordering"
      ? answer.map((id) => (v12 ? letter(d.correct.indexOf(id)) : id))
      : answer.map(letter);
    if (ids.some((id) => id === null)) return null;
    return ids.join(v12 ? "," : "[,]");
  }

  const TYPES = { single: "choice", multiple: "choice", "true-false": "true-false", ordering: "sequencing" };

  /* ---------- what quiz.js tells ---------- */

  /* The right answer in the terms of `response`: option indexes, or item ids in order. */
  function rightAnswer(fs, type) {
    if (type === "ordering") {
      return Array.from(fs.querySelectorAll("li.ccq-item"))
        .sort((a, b) => a.dataset.ccqPosition - b.dataset.ccqPosition)
        .map((li) => li.dataset.ccqItem);
    }
    return Array.from(fs.querySelectorAll("li.ccq-option"))
      .filter((li) => li.dataset.ccqCorrect === "true")
      .map((li) => Number(li.querySelector("input").value));
  }

  /* d: the quiz id, the question's fieldset, its type, the answer, its score and points. */
  function answered(d) {
    if (!open || d.quiz !== sco) return;
    const n = Number(get("cmi.interactions._count")) || 0;
    const at = `cmi.interactions.${n}.`;
    d.correct = rightAnswer(d.fs, d.type);
    const response = pattern(d, d.response);
    const correct = pattern(d, d.correct);
    if (!set(at + "id", `${d.quiz}.${d.fs.dataset.ccqId}`) || !set(at + "type", TYPES[d.type])) return;
    set(at + F.when, stamp());
    set(at + "weighting", d.points);
    const prompt = d.fs.querySelector(".ccq-prompt");
    if (!v12 && prompt) set(at + "description", prompt.textContent.trim().replace(/\s+/g, " ").slice(0, 250));
    if (correct) set(at + "correct_responses.0.pattern", correct);
    if (response) set(at + F.response, response);
    set(at + "result", d.score >= d.points - 1e-9 ? "correct" : F.wrong);
    commit();
  }

  function finished(d) {
    if (!open || d.quiz !== sco) return;
    const best = Math.max(0, Math.min(100, d.best));
    set(F.score + "min", 0);
    set(F.score + "max", 100);
    set(F.score + "raw", best);
    if (v12) {
      set(F.status, d.passed ? "passed" : "failed");
    } else {
      set(F.score + "scaled", best / 100);
      set("cmi.success_status", d.passed ? "passed" : "failed");
      set(F.status, "completed");
    }
    commit();
  }

  const storage = {
    getItem: () => data || null,
    setItem(key, value) {
      if (!open || value.length > SUSPEND_LIMIT || !set("cmi.suspend_data", value)) {
        throw new Error("the LMS cannot keep the answers");
      }
      data = value;
    },
    removeItem() {
      data = "";
      if (open) set("cmi.suspend_data", "");
    },
  };

  /* ---------- leaving: session time, exit, commit, terminate (once) ---------- */

  function leave() {
    if (!open) return;
    open = false;
    set(F.time, sessionTime(Date.now() - started));
    set(F.exit, "suspend"); // the answers stay for the next launch
    commit();
    if (call(M.end, "") !== "true") warn(M.end);
  }
  window.addEventListener("pagehide", leave);
  window.addEventListener("beforeunload", leave);

  /* Links that leave the launched page open in a new window, and say so to assistive
   * technologies: navigating the LMS's frame away would end the session. */
  function newWindows() {
    const note = document.createElement("span");
    note.id = "ccq-new-window";
    note.hidden = true;
    note.textContent = "opens in a new window";
    document.body.append(note);
    for (const link of document.querySelectorAll("a[href]")) {
      if (link.target) continue;
      try {
        const url = new URL(link.href, window.location.href);
        if (url.origin === window.location.origin && url.pathname === window.location.pathname) continue;
      } catch (e) {
        continue;
      }
      link.target = "_blank";
      link.rel = "noopener";
      link.setAttribute("aria-describedby", `${link.getAttribute("aria-describedby") || ""} ${note.id}`.trim());
    }
  }

  /* A module without a self-check is complete once opened; in 2004 it is passed too, as it has
   * nothing to fail: the exit is always "suspend", so the LMS never satisfies its objective by
   * itself, and a module that lists it as a prerequisite would stay disabled. */
  function noQuiz() {
    if (document.querySelector(".ccq")) return;
    set(F.status, "completed");
    if (!v12) set("cmi.success_status", "passed");
    commit();
  }
  function ready() {
    newWindows();
    noQuiz();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();

  window.ccqLms = { storage, answered, finished, version: v12 ? "1.2" : "2004" };
})();
