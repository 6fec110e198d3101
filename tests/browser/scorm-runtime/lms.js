/* A test LMS: scorm-again's run-time for SCORM 1.2 or 2004 in the top window, the SCO in a frame.
 *
 * launch(version, href, saved): a fresh run-time (with `saved`, the data model an earlier session
 * left, as an LMS carries it into the next launch), then the SCO loaded in the frame.
 * launchWindow(version, href): the SCO in a new window instead, as LMSs offer.
 * launchBoth(version, href): both run-times at once (`API` and `API_1484_11`), as some LMSs
 * offer; `version` is the one `recorded()` reads.
 * launchSequenced(tree, activity, href): a SCORM 2004 run-time with sequencing (the activity
 * tree the test read from the package's manifest), the learner's choice of `activity`, then its
 * SCO in the frame; choose(id) is the learner's next choice, true when sequencing allows it.
 * leave(): the frame navigates away, as when the learner closes the SCO.
 * Every API call is recorded in `calls` with the API's version, its result and the error code
 * after it.
 */
(() => {
  "use strict";
  const METHODS = {
    "1.2": ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"],
    "2004": ["Initialize", "GetValue", "SetValue", "Commit", "Terminate"],
  };
  window.calls = [];
  window.api = null;

  function record(api, version) {
    const error = version === "1.2" ? "LMSGetLastError" : "GetLastError";
    for (const name of METHODS[version]) {
      const real = api[name].bind(api);
      api[name] = (...args) => {
        const result = real(...args);
        window.calls.push({ api: version, method: name, args: args.map(String), result: String(result), error: String(api[error]()) });
        return result;
      };
    }
  }

  function make(version, saved, sequencing) {
    const settings = { autocommit: false, lmsCommitUrl: false, logLevel: 4, ...(sequencing ? { sequencing } : {}) };
    const api = version === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
    if (saved) api.loadFromJSON(saved, "");
    record(api, version);
    return api;
  }

  function runtime(version, saved) {
    const api = make(version, saved);
    delete window.API;
    delete window.API_1484_11;
    window[version === "1.2" ? "API" : "API_1484_11"] = api;
    window.api = api;
    window.calls = [];
  }

  function load(href) {
    return new Promise((resolve) => {
      const frame = document.getElementById("sco");
      frame.onload = () => resolve();
      frame.src = href;
    });
  }

  window.launchSequenced = (tree, activity, href) => {
    const api = make("2004", null, { activityTree: tree });
    delete window.API;
    window.API_1484_11 = api;
    window.api = api;
    window.calls = [];
    window.choose = (id) => api.processNavigationRequest("choice", id);
    if (!window.choose(activity)) throw new Error(`sequencing refuses ${activity}`);
    return load(href);
  };

  window.launchBoth = (version, href) => {
    window.API = make("1.2");
    window.API_1484_11 = make("2004");
    window.api = version === "1.2" ? window.API : window.API_1484_11;
    window.calls = [];
    return load(href);
  };

  /* The SCO in a window of its own, which finds the run-time through its opener. */
  window.launchWindow = (version, href) => {
    runtime(version);
    window.open(href, "sco");
  };

  window.launch = (version, href, saved) => {
    runtime(version, saved);
    return load(href);
  };

  window.leave = () => new Promise((resolve) => {
    const frame = document.getElementById("sco");
    frame.onload = () => resolve();
    frame.src = "about:blank";
  });

  /* The data model as plain JSON. */
  window.recorded = () => JSON.parse(JSON.stringify(window.api.cmi));
})();
