// Digits page: draw on the canvas (pointer events: mouse, touch, pen), or upload / snap a photo,
// and show what the model read, with probabilities, the 28x28 input and the nearest training digits.
// Online, the server reads (the full model); offline, the device does (device-reader.js, the network alone), and
// each result says which. Corrections made offline wait on the device and are sent once when the server is back.
// A module: strict, and run after the page is parsed.

const pad = document.getElementById("pad");
const ctx = pad.getContext("2d");
const statusLine = document.getElementById("status");
const answer = document.getElementById("answer");
const message = document.getElementById("message");
const digitsBox = document.getElementById("digits");
const timings = document.getElementById("timings");
const live = document.getElementById("live");
let drawing = false;
let dirty = false;
let last = null;
let debounce = 0;
let pending = null;
let lastPhoto = null; // the photo last read, to read again after a correction
let lastRead = "drawing"; // what the result shows: "drawing" or "photo"
let online = navigator.onLine; // whether the server answers: the full model, or the network on this device
let shownFrom = null; // where the shown result was read: "server" or "device"
const modeLine = document.getElementById("mode");
const sourceLine = document.getElementById("source");
const serverRead = document.getElementById("server-read");
const QUEUE = "digits.corrections";

function resetPad() {
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, pad.width, pad.height);
  dirty = false;
}

function point(event) {
  const rect = pad.getBoundingClientRect();
  return { x: (event.clientX - rect.left) * pad.width / rect.width, y: (event.clientY - rect.top) * pad.height / rect.height };
}

function stroke(from, to, pressure) {
  ctx.strokeStyle = "#fff";
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.lineWidth = 18 * (pressure > 0 ? 0.6 + pressure * 0.8 : 1);
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x, to.y);
  ctx.stroke();
  dirty = true;
}

pad.addEventListener("pointerdown", (event) => {
  event.preventDefault();
  pad.setPointerCapture(event.pointerId);
  drawing = true;
  last = point(event);
  stroke(last, last, event.pressure);
});
pad.addEventListener("pointermove", (event) => {
  if (!drawing) return;
  event.preventDefault();
  const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
  for (const e of events) {
    const p = point(e);
    stroke(last, p, e.pressure);
    last = p;
  }
  if (live.checked) schedule();
});
function endStroke() {
  if (!drawing) return;
  drawing = false;
  if (live.checked) schedule(0);
}
pad.addEventListener("pointerup", endStroke);
pad.addEventListener("pointercancel", endStroke);
pad.addEventListener("keydown", (event) => {
  if (event.key === "Delete" || event.key === "Backspace" || event.key === "Escape") { clearAll(); event.preventDefault(); }
  if (event.key === "Enter") { readDrawing(); event.preventDefault(); }
});

function clearAll() {
  resetPad();
  showResult(null);
}
document.getElementById("clear").addEventListener("click", clearAll);
document.getElementById("read-drawing").addEventListener("click", () => readDrawing());

function schedule(delay = 250) {
  clearTimeout(debounce);
  debounce = setTimeout(readDrawing, delay);
}

// What was drawn, as grey values: the whole pad, scaled down to a quarter of its side. The server crops to the
// ink, scales and centres it exactly as the library does; the page only draws what it gets back.
const SENT_SIDE = 112;
function drawingPixels() {
  const small = document.createElement("canvas");
  small.width = SENT_SIDE; small.height = SENT_SIDE;
  const s = small.getContext("2d");
  s.imageSmoothingEnabled = true;
  s.imageSmoothingQuality = "high";
  s.drawImage(pad, 0, 0, pad.width, pad.height, 0, 0, SENT_SIDE, SENT_SIDE);
  const data = s.getImageData(0, 0, SENT_SIDE, SENT_SIDE).data;
  const pixels = new Array(SENT_SIDE * SENT_SIDE);
  let ink = false;
  for (let i = 0; i < pixels.length; i++) {
    pixels[i] = data[i * 4];
    if (pixels[i] > 0) ink = true;
  }
  return ink ? { pixels, width: SENT_SIDE, height: SENT_SIDE } : null;
}

async function readDrawing() {
  if (!dirty) return;
  const drawn = drawingPixels();
  if (!drawn) { showResult(null); return; }
  if (pending) pending.abort();
  pending = new AbortController();
  lastRead = "drawing";
  if (!online) { await readDrawingOnDevice(drawn); return; }
  let response;
  try {
    response = await fetch("/api/recognize/pixels", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(drawn),
      signal: pending.signal,
    });
  } catch (error) {
    if (error.name === "AbortError") return;
    console.warn("the server cannot be reached:", error.message);
    setMode(false); // read it here
    await readDrawingOnDevice(drawn);
    return;
  }
  if (busy(response)) { await readDrawingOnDevice(drawn, BUSY); return; }
  await handle(response, null);
}

// A server that answers but is too busy to read now (503, 429): this device reads meanwhile, and says why.
const BUSY = "The server is busy just now, so this device read it.";
function busy(response) { return response.status === 503 || response.status === 429; }

// The device's reading (device-reader.js), shaped as the server's answer, marked as read on this device; `why`
// (when the server is busy) goes before its message.
function deviceAnswer(read, milliseconds, why) {
  const digits = read.digits.map(({ input, box, probabilities: p }) => {
    const best = p.indexOf(Math.max(...p));
    return { digit: p[best] >= 0.5 ? best : null, confidence: p[best], probabilities: p, input: Array.from(input), box, neighbors: [] };
  });
  const alone = "Read on this device by the network alone: the server's neighbours, its check for things that are not digits, and your taught examples are not used.";
  return {
    text: digits.map((d) => (d.digit === null ? "?" : d.digit)).join(""),
    from: "device",
    message: [why, read.problem ? `On this device: ${read.problem}.` : "", alone].filter(Boolean).join(" "),
    digits,
    timings: { "on this device": Math.round(milliseconds) },
  };
}

async function readDrawingOnDevice(drawn, why = "") {
  try {
    const started = performance.now();
    const device = await import("/device-reader.js");
    const read = await device.readDrawing(drawn.pixels, drawn.width, drawn.height);
    showResult(deviceAnswer(read, performance.now() - started, why));
  } catch (error) {
    showError(`This device could not read the drawing: ${error.message}`);
  }
}

async function readPhotoOnDevice(file, why = "") {
  try {
    const started = performance.now();
    const device = await import("/device-reader.js");
    const body = deviceAnswer(await device.readPhoto(file), performance.now() - started, why);
    showResult(body);
    showPhoto(body, file);
  } catch (error) {
    showError(`This device could not read the photo: ${error.message}`);
  }
}

async function readPhoto(file) {
  if (!file) return;
  lastPhoto = file;
  lastRead = "photo";
  const figure = document.getElementById("photo-figure");
  const photo = document.getElementById("photo");
  photo.src = URL.createObjectURL(file);
  figure.hidden = false;
  document.getElementById("photo-caption").textContent = `${file.name} (${(file.size / 1024).toFixed(0)} kB): reading…`;
  document.getElementById("boxes").replaceChildren();
  if (!online) { await readPhotoOnDevice(file); return; }
  const form = new FormData();
  form.append("image", file, file.name);
  let response;
  try {
    response = await fetch("/api/recognize?stages=true", { method: "POST", body: form });
  } catch (error) {
    console.warn("the server cannot be reached:", error.message);
    setMode(false);
    await readPhotoOnDevice(file);
    return;
  }
  if (busy(response)) { await readPhotoOnDevice(file, BUSY); return; }
  await handle(response, file);
}
document.getElementById("camera").addEventListener("change", (e) => readPhoto(e.target.files[0]));
document.getElementById("upload").addEventListener("change", (e) => readPhoto(e.target.files[0]));

async function handle(response, file) {
  let body;
  try { body = await response.json(); } catch { body = { error: `the server answered ${response.status}` }; }
  if (!response.ok) { showError(body.error || `error ${response.status}`); return; }
  body.from = "server";
  showResult(body);
  if (file) showPhoto(body, file);
}

function showError(text) {
  answer.textContent = "—";
  message.textContent = text;
  digitsBox.replaceChildren();
  timings.textContent = "";
}

function showResult(body) {
  digitsBox.replaceChildren();
  shownFrom = body ? body.from : null;
  sourceLine.textContent = !body ? "" : body.from === "device" ? "Read on this device" : "Read by the server (full model)";
  sourceLine.className = `source ${body ? body.from : ""}`;
  offerServerRead();
  if (!body) { answer.textContent = "—"; message.textContent = ""; timings.textContent = ""; return; }
  answer.textContent = body.text || "?";
  message.textContent = body.message || "";
  for (const digit of body.digits) digitsBox.appendChild(renderDigit(digit));
  const t = body.timings || {};
  timings.textContent = Object.entries(t).map(([k, v]) => `${k} ${v} ms`).join(" · ");
  const stagesPanel = document.getElementById("stages-panel");
  const stages = document.getElementById("stages");
  stages.replaceChildren();
  stagesPanel.hidden = !(body.stages && body.stages.length);
  for (const stage of body.stages || []) {
    const figure = document.createElement("figure");
    const img = document.createElement("img");
    img.src = stage.png;
    img.alt = `stage: ${stage.name}`;
    const caption = document.createElement("figcaption");
    caption.textContent = stage.name;
    figure.append(img, caption);
    stages.appendChild(figure);
  }
}

function renderDigit(digit) {
  const node = document.getElementById("digit-template").content.firstElementChild.cloneNode(true);
  const best = digit.probabilities.indexOf(Math.max(...digit.probabilities));
  node.querySelector(".digit-title").textContent = digit.digit === null
    ? `Not sure (best guess ${best}, ${(digit.confidence * 100).toFixed(0)}%)`
    : `${digit.digit} — ${(digit.confidence * 100).toFixed(0)}% sure`;
  const input = node.querySelector("canvas.input");
  input.setAttribute("aria-label", `the 28 by 28 image the model read as ${best}`);
  const ictx = input.getContext("2d");
  const image = ictx.createImageData(28, 28);
  digit.input.forEach((v, i) => { image.data.set([v, v, v, 255], i * 4); });
  ictx.putImageData(image, 0, 0);
  const bars = node.querySelector(".bars");
  digit.probabilities.forEach((p, d) => {
    const row = document.createElement("div");
    row.className = "bar" + (d === best ? " top" : "");
    row.setAttribute("role", "listitem");
    row.setAttribute("aria-label", `${d}: ${(p * 100).toFixed(0)} percent`);
    const label = document.createElement("span");
    label.textContent = d;
    const track = document.createElement("div");
    track.className = "bar-track";
    const fill = document.createElement("div");
    fill.className = "bar-fill";
    fill.style.width = `${(p * 100).toFixed(1)}%`;
    track.appendChild(fill);
    const value = document.createElement("span");
    value.textContent = `${(p * 100).toFixed(0)}%`;
    row.append(label, track, value);
    bars.appendChild(row);
  });
  const correct = node.querySelector(".correct");
  for (let d = 0; d <= 9; d++) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = d;
    button.dataset.digit = d;
    button.setAttribute("aria-label", `It is ${d}`);
    button.addEventListener("click", () => teach(digit, d));
    correct.appendChild(button);
  }
  const list = node.querySelector(".neighbors");
  node.querySelector("h4").hidden = list.hidden = digit.neighbors.length === 0; // the device reads without neighbours
  for (const n of digit.neighbors) {
    const item = document.createElement("li");
    if (n.yours) item.className = "yours";
    const img = document.createElement("img");
    img.src = n.image;
    img.alt = n.yours ? `your example of ${n.label}` : `training digit ${n.label}`;
    item.append(img, document.createTextNode(`${n.label} · d=${n.distance.toFixed(2)}${n.yours ? " · yours" : ""}`));
    list.appendChild(item);
  }
  return node;
}

// A correction: the 28x28 input the server read, and the digit it really is, go to this browser's profile;
// then the same drawing or photo is read again, now with that example among the neighbours.
// Each correction carries a key of its own, so that one sent again (queued offline, or resent after a lost answer)
// is stored once.
async function teach(digit, really) {
  const correction = { key: newKey(), pixels: digit.input, digit: really, source: lastRead };
  if (!online) { queueCorrection(correction); return; }
  message.textContent = `Teaching: it is ${really}…`;
  let response;
  try {
    response = await sendCorrection(correction);
  } catch {
    setMode(false);
    queueCorrection(correction);
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) { message.textContent = body.error || `error ${response.status}`; return; }
  await loadExamples();
  await readAgain(correction.source);
  message.textContent = `Taught: that was a ${really} (${body.count} of your examples). ${message.textContent}`.trim();
}

function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function sendCorrection(correction) {
  return fetch("/api/examples", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(correction),
  });
}

function queuedCorrections() {
  try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch { return []; }
}

function queueCorrection(correction) {
  const queue = queuedCorrections();
  queue.push(correction);
  localStorage.setItem(QUEUE, JSON.stringify(queue));
  message.textContent = `Kept on this device: it is ${correction.digit}. It goes to your profile when the server can be reached.`;
  showMode();
}

// Sends the queued corrections one by one, oldest first; each leaves the queue once the server has it (201, or 200
// for one it already had). A refusal other than "too many" drops it with its reason; anything else stops the round.
// The caller lists the examples afterwards.
let flushing = false;
async function sendQueuedCorrections() {
  if (flushing || !online) return;
  flushing = true;
  let sent = 0;
  const refused = [];
  try {
    for (;;) {
      const [next] = queuedCorrections();
      if (!next) break;
      let response;
      try { response = await sendCorrection(next); } catch { break; }
      if (response.status === 429 || response.status >= 500) break;
      if (response.ok) sent++;
      else refused.push((await response.json().catch(() => ({}))).error || `error ${response.status}`);
      localStorage.setItem(QUEUE, JSON.stringify(queuedCorrections().filter((c) => c.key !== next.key)));
    }
  } finally {
    flushing = false;
  }
  if (sent || refused.length) {
    message.textContent = [sent ? `${sent} correction(s) made offline were added to your profile.` : "", ...refused].join(" ").trim();
  }
  showMode();
}

// The mode line: online (the server's full model) or offline (the network on this device), and what waits.
function setMode(isOnline) {
  const cameBack = isOnline && !online;
  online = isOnline;
  showMode();
  if (cameBack) sendQueuedCorrections().then(loadExamples);
  if (!isOnline) { clearTimeout(healthTimer); healthTimer = setTimeout(checkHealth, 5000); }
}

function showMode() {
  const waiting = queuedCorrections().length;
  const queued = waiting ? ` ${waiting} correction(s) wait on this device.` : "";
  modeLine.className = `mode ${online ? "online" : "offline"}`;
  modeLine.textContent = online
    ? `Online: the server reads with the full model (neighbours with IDM and two networks), shows the nearest digits and learns from your corrections.${queued}`
    : `Offline: this device reads with its own network; corrections are kept here and sent when the server is back.${queued}`;
  offerServerRead();
}

// "Read it again with the server's full model": offered for what the device read, while the server answers.
function offerServerRead() { serverRead.hidden = !(shownFrom === "device" && online); }

// Reads the photo or drawing again (after a correction, or with the server's full model).
function readAgain(source = lastRead) {
  if (source === "photo" && lastPhoto) return readPhoto(lastPhoto);
  dirty = true;
  return readDrawing();
}

serverRead.addEventListener("click", () => readAgain());
window.addEventListener("offline", () => setMode(false));
window.addEventListener("online", () => checkHealth());

async function loadExamples() {
  const summary = document.getElementById("examples-summary");
  const list = document.getElementById("examples");
  let body;
  try {
    const response = await fetch("/api/examples");
    body = await response.json();
    if (!response.ok) { summary.textContent = body.error || `error ${response.status}`; return; }
  } catch {
    summary.textContent = "Your examples are kept by the server: they show here when it can be reached.";
    document.getElementById("export").hidden = true;
    return;
  }
  list.replaceChildren();
  document.getElementById("export").hidden = body.count === 0;
  if (body.count === 0) {
    summary.textContent = "None yet. When a digit is read wrong, press the digit it really is under it: it is kept in your profile (a cookie on this browser, no account) and counts at once.";
    return;
  }
  summary.textContent = `${body.count} of at most ${body.limit}: they stand beside MNIST's among the neighbours of everything you read.`;
  for (const example of body.examples) {
    const item = document.createElement("li");
    const img = document.createElement("img");
    img.src = example.image;
    img.alt = `your example of ${example.digit}`;
    const label = document.createElement("span");
    label.textContent = `${example.digit} · ${example.source}`;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Delete";
    remove.setAttribute("aria-label", `Delete your example ${example.id} of ${example.digit}`);
    remove.addEventListener("click", async () => {
      await fetch(`/api/examples/${example.id}`, { method: "DELETE" });
      await loadExamples();
    });
    item.append(img, label, remove);
    list.appendChild(item);
  }
}

document.getElementById("import").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  const form = new FormData();
  form.append("file", file, file.name);
  const response = await fetch("/api/profile/import", { method: "POST", body: form });
  const body = await response.json().catch(() => ({}));
  document.getElementById("examples-summary").textContent = response.ok ? "" : (body.error || `error ${response.status}`);
  if (response.ok) await loadExamples();
  event.target.value = "";
});

function showPhoto(body, file) {
  const photo = document.getElementById("photo");
  const boxes = document.getElementById("boxes");
  const place = () => {
    boxes.replaceChildren();
    const scaleX = photo.clientWidth / photo.naturalWidth;
    const scaleY = photo.clientHeight / photo.naturalHeight;
    const outline = (rect, kind, label) => {
      const [x, y, w, h] = rect;
      const box = document.createElement("div");
      box.className = kind;
      box.style.left = `${x * scaleX}px`;
      box.style.top = `${y * scaleY}px`;
      box.style.width = `${w * scaleX}px`;
      box.style.height = `${h * scaleY}px`;
      if (label !== null) {
        const tag = document.createElement("span");
        tag.textContent = label;
        box.appendChild(tag);
      }
      boxes.appendChild(box);
    };
    // Lines and numbers are drawn only where they add something: a page, or a line of several numbers.
    const lines = body.lines || [];
    const layout = lines.length > 1 || lines.some(l => l.numbers.length > 1);
    if (layout) {
      for (const line of lines) {
        outline(line.box, "box line-box", null);
        for (const number of line.numbers) outline(number.box, "box number-box", number.text);
      }
    }
    for (const digit of body.digits) outline(digit.box, "box", layout ? null : (digit.digit === null ? "?" : digit.digit));
  };
  if (photo.complete && photo.naturalWidth) place(); else photo.onload = place;
  document.getElementById("photo-caption").textContent =
    `${file.name}: read "${(body.text || "nothing").replaceAll("\n", " / ")}"${body.digits.length ? `, ${body.digits.length} digit(s) found` : ""}`;
}

let healthTimer = 0;
async function checkHealth() {
  clearTimeout(healthTimer);
  try {
    const response = await fetch("/api/health");
    const health = await response.json();
    if (health.status === "ready") {
      // The model's whole description is long for a phone: the line says ready, its tooltip says which model.
      statusLine.textContent = health.trainingImages ? `Ready: ${health.trainingImages.toLocaleString("en")} training digits.` : "Ready.";
      statusLine.title = health.model || "";
      setMode(true);
      return;
    }
    if (health.status === "failed") { statusLine.textContent = "The model could not be loaded; see the server log."; return; }
  } catch (error) {
    // No answer: offline (or the server is down); the device reads meanwhile.
    console.warn("health check failed:", error.message);
    statusLine.textContent = "The server cannot be reached: reading on this device.";
    setMode(false);
  }
  healthTimer = setTimeout(checkHealth, online ? 1000 : 5000);
}

// The service worker keeps the app, its network and the runtime for offline use; the network is loaded ahead, so
// the first drawing read offline does not wait for it. Ahead, but once the service worker serves this page: then
// the runtime and the network come from its cache, and a first visit downloads them once, not twice.
function warmDevice() { import("/device-reader.js").then((device) => device.loadDeviceNetwork()).catch(() => {}); }
function warmWhenIdle() { if ("requestIdleCallback" in window) requestIdleCallback(warmDevice, { timeout: 3000 }); else setTimeout(warmDevice, 1000); }
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch((error) => { console.warn("no offline app:", error.message); warmWhenIdle(); });
  if (navigator.serviceWorker.controller) warmWhenIdle();
  else navigator.serviceWorker.addEventListener("controllerchange", warmWhenIdle, { once: true });
} else {
  warmWhenIdle();
}

resetPad();
showMode();
checkHealth();
loadExamples();
