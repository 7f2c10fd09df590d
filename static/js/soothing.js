/* Self-soothing practised when calm: a paced-breathing timer.
 *
 * The pace (phases of in / hold / out, whole seconds) and the words come from
 * exercises/self_soothing.py (client_config, in #soothing-config); the phase at
 * any moment follows the same rule as breath_at there: the phases repeat in
 * order, counted from the start. A calm visual pacer: a circle that slowly
 * grows while breathing in, rests while holding and shrinks while breathing
 * out; with prefers-reduced-motion it does not move at all, and the words and
 * the count of seconds guide instead. Private: nothing is stored or sent.
 */
(() => {
  "use strict";
  const source = document.getElementById("soothing-config");
  if (!source) return;
  const config = JSON.parse(source.textContent);
  const form = document.getElementById("soothing-form");
  const stopButton = document.getElementById("soothing-stop");
  const startButton = document.getElementById("soothing-start");
  const pacer = document.getElementById("pacer");
  const circle = document.getElementById("pacer-circle");
  const word = document.getElementById("pacer-word");
  const count = document.getElementById("pacer-count");
  const left = document.getElementById("pacer-left");
  const done = document.getElementById("pacer-done");
  const still = window.matchMedia("(prefers-reduced-motion: reduce)");

  let run = null; // {pace, started, ends, timer, phaseIndex, breath}

  /** Which phase runs `elapsed` seconds after the start (self_soothing.breath_at). */
  function breathAt(pace, elapsed) {
    const cycle = pace.phases.reduce((sum, p) => sum + p.seconds, 0);
    const e = Math.max(0, elapsed);
    const breath = Math.floor(e / cycle);
    let into = e - breath * cycle;
    for (let i = 0; i < pace.phases.length; i += 1) {
      const step = pace.phases[i];
      if (into < step.seconds) return { index: i, phase: step.phase, secondsLeft: step.seconds - into, breath: breath + 1 };
      into -= step.seconds;
    }
    return { index: 0, phase: pace.phases[0].phase, secondsLeft: pace.phases[0].seconds, breath: breath + 2 };
  }

  const clock = (seconds) => {
    const s = Math.max(0, Math.ceil(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };

  function show(now) {
    const elapsed = (now - run.started) / 1000;
    if (now >= run.ends) {
      finish(true);
      return;
    }
    const at = breathAt(run.pace, elapsed);
    if (at.index !== run.phaseIndex || at.breath !== run.breath) {
      run.phaseIndex = at.index;
      run.breath = at.breath;
      word.textContent = config.words[at.phase] || at.phase;
      circle.dataset.phase = at.phase;
      // The circle eases over the whole phase (CSSOM, allowed by the CSP);
      // with reduced motion the stylesheet keeps it still.
      circle.style.transitionDuration = still.matches ? "0s" : `${at.secondsLeft}s`;
    }
    count.textContent = `${Math.ceil(at.secondsLeft)} · breath ${at.breath}`;
    left.textContent = `${clock((run.ends - now) / 1000)} left`;
    // Wake at the next whole second of the phase, never later than its end.
    const wait = Math.min(1000, Math.max(50, ((at.secondsLeft % 1) || 1) * 1000));
    run.timer = setTimeout(() => show(performance.now()), wait);
  }

  function start(paceId, minutes) {
    const pace = config.paces.find((p) => p.id === paceId) || config.paces[0];
    const m = Math.min(config.minutes.max, Math.max(config.minutes.min, minutes || config.minutes.default));
    const now = performance.now();
    run = { pace, started: now, ends: now + m * 60000, timer: null, phaseIndex: null, breath: null };
    pacer.hidden = false;
    stopButton.hidden = false;
    startButton.hidden = true;
    done.textContent = "";
    pacer.classList.toggle("still", still.matches);
    show(now);
    stopButton.focus();
  }

  function finish(completed) {
    if (!run) return;
    clearTimeout(run.timer);
    run = null;
    pacer.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
    delete circle.dataset.phase;
    done.textContent = completed
      ? "Well done. Notice how your body feels now."
      : "Stopped. Come back to it whenever you like.";
    startButton.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    start(data.get("pace"), Number(data.get("minutes")));
  });
  stopButton.addEventListener("click", () => finish(false));
  still.addEventListener("change", () => pacer.classList.toggle("still", still.matches));
})();
