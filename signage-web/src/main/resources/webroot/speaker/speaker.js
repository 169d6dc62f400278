// Vitrine browser speaker: microphone → 16 kHz 16-bit mono PCM → WebSocket /ws/speaker → hub (Vosk, intents,
// screens); shows the transcript and the answer and plays the answer's WAV. Dependency-free.
// Protocol: docs/contracts/websocket-speaker.md. The page is a paired device: without a
// credential it shows a code an admin enters in the console (Setup → Speakers → Pair); the hub then
// sends it its token, kept in localStorage ("vitrine.speaker.credential"). /speaker/?speaker=<device>#token=<t>
// stores a token an admin issued (kiosks, tests).
(function () {
  'use strict';
  var RATE = 16000;
  var FRAME_SAMPLES = 1600;           // 100 ms a frame
  var params = new URLSearchParams(location.search);
  var CREDENTIAL = 'vitrine.speaker.credential';
  var credential = readCredential();
  var site = credential ? credential.speaker : '';
  var body = document.body;
  var $ = function (id) { return document.getElementById(id); };

  var ws = null, backoff = 500, closedForGood = false;
  var audioIn = null, capturing = false, playing = false;
  var out = new Int16Array(FRAME_SAMPLES), outFill = 0;
  var down = null;                    // downsampler state
  var heard = false, quietSince = 0, thinkingTimer = null, backTimer = null;
  var state = { state: 'connecting', connection: 'connecting', site: site, zone: null, transcript: null,
    answer: null, intent: null, error: null, spoken: null, framesSent: 0, inputRate: null };

  /** The token an admin put in the address (?speaker=<device>#token=...), else the one this browser kept. */
  function readCredential() {
    var m = /(?:^#|&)token=([A-Za-z0-9_-]{20,100})/.exec(location.hash || '');
    var speaker = (params.get('speaker') || '').trim();
    if (m && speaker) {
      saveCredential({ speaker: speaker, token: m[1] });
      try { history.replaceState(null, '', location.pathname + location.search); } catch (e) { /* keep it */ }
    }
    try { return JSON.parse(localStorage.getItem(CREDENTIAL)) || null; } catch (e) { return null; }
  }
  function saveCredential(c) {
    try { localStorage.setItem(CREDENTIAL, JSON.stringify(c)); } catch (e) { /* pairs again after a reload */ }
  }
  function forgetCredential() {
    try { localStorage.removeItem(CREDENTIAL); } catch (e) { /* ignore */ }
    credential = null;
  }

  function setState(s, text) {
    state.state = s;
    body.dataset.state = s;
    $('status').textContent = text;
  }
  function setConnection(c) { state.connection = c; body.dataset.connection = c; }
  function showError(code, message) {
    state.error = code;
    var e = $('error');
    e.textContent = message;
    e.hidden = false;
  }
  function clearError() { state.error = null; $('error').hidden = true; }

  // ------------------------------------------------------------------ socket
  function connect() {
    setConnection('connecting');
    setState('connecting', 'Connecting…');
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/speaker';
    ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = function () {
      if (credential) {
        ws.send(JSON.stringify({ type: 'hello', v: 1, speaker: credential.speaker, token: credential.token }));
      } else {
        ws.send(JSON.stringify({ type: 'pair', v: 1 }));
      }
    };
    ws.onmessage = function (ev) {
      if (typeof ev.data !== 'string') { play(ev.data); return; }
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      onMessage(msg);
    };
    ws.onclose = function (ev) {
      setConnection('closed');
      ws = null;
      if (ev.code === 1000 && ev.reason === 'paired') { backoff = 500; connect(); return; }
      if (ev.code === 4401 || ev.code === 4404) {
        // not (or no longer) paired, or paired to a speaker the store no longer has: pair again
        forgetCredential();
        backoff = 500;
        setTimeout(connect, 1000);
        return;
      }
      if (ev.code === 4400) {
        closedForGood = true;
        setState('error', 'Rejected');
        showError('rejected', ev.reason || 'closed');
        return;
      }
      setState('connecting', 'Reconnecting…');
      var wait = backoff * (1 + Math.random() * 0.25);
      backoff = Math.min(backoff * 2, 15000);
      setTimeout(connect, wait);
    };
  }

  function onMessage(msg) {
    switch (msg.type) {
      case 'pairing':
        setState('pairing', 'Pair this speaker');
        $('pairing-code').textContent = msg.code;
        $('pairing').hidden = false;
        body.dataset.pairingCode = msg.code;
        break;
      case 'paired':
        credential = { speaker: msg.speaker, token: msg.token };
        saveCredential(credential);
        $('pairing').hidden = true;
        body.dataset.pairingCode = '';
        break;
      case 'welcome':
        $('pairing').hidden = true;
        backoff = 500;
        setConnection('open');
        state.zone = msg.zone;
        $('site').textContent = 'speaker ' + msg.site + (msg.zone ? ' · zone ' + msg.zone : '');
        body.dataset.site = msg.site;
        if (msg.voice === false) { setState('error', 'Voice unavailable'); return; }
        clearError();
        startMic();
        break;
      case 'transcript':
        state.transcript = msg.text;
        $('transcript').textContent = msg.text || '(nothing understood)';
        setState('thinking', 'Thinking…');
        break;
      case 'answer':
        clearTimeout(thinkingTimer);
        state.answer = msg.text;
        state.intent = msg.intent || 'unknown';
        state.spoken = null;
        body.dataset.spoken = '';
        $('answer').textContent = msg.text;
        $('intent').textContent = msg.intent ? msg.intent.replace(/^vitrine:/, '') : '';
        setState('answer', 'Answer');
        // the WAV follows as a binary message; without one within 5 s the answer stays text only
        clearTimeout(backTimer);
        backTimer = setTimeout(function () {
          if (state.spoken === null) { state.spoken = false; body.dataset.spoken = 'no'; }
          if (!playing) { backToListening(); }
        }, 5000);
        break;
      case 'error':
        showError(msg.error, msg.message || msg.error);
        if (msg.error === 'voice-unavailable') { setState('error', 'Voice unavailable'); }
        break;
      default:
        break;
    }
  }

  function backToListening() {
    if (state.state === 'error' || !capturing) { return; }
    heard = false;
    setState('listening', 'Listening…');
  }

  // ------------------------------------------------------------------ speaking the answer
  var outCtx = null;
  function play(buf) {
    try {
      outCtx = outCtx || new (window.AudioContext || window.webkitAudioContext)();
      outCtx.decodeAudioData(buf.slice(0), function (decoded) {
        var src = outCtx.createBufferSource();
        src.buffer = decoded;
        src.connect(outCtx.destination);
        playing = true;
        state.spoken = true;
        body.dataset.spoken = 'yes';
        src.onended = function () { playing = false; clearTimeout(backTimer); backTimer = setTimeout(backToListening, 1500); };
        src.start();
      }, function () { state.spoken = false; body.dataset.spoken = 'no'; });
    } catch (e) {
      state.spoken = false;
      body.dataset.spoken = 'no';
    }
  }

  // ------------------------------------------------------------------ microphone
  function startMic() {
    if (capturing || audioIn) { backToListening(); return; }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      setState('error', 'No microphone');
      showError('no-microphone', 'This browser cannot capture audio here (it needs https or localhost).');
      return;
    }
    setState('connecting', 'Opening the microphone…');
    navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true,
      autoGainControl: true } }).then(function (stream) {
      var ctx;
      try { ctx = new (window.AudioContext || window.webkitAudioContext)({ sampleRate: RATE }); }
      catch (e) { ctx = new (window.AudioContext || window.webkitAudioContext)(); }
      audioIn = ctx;
      state.inputRate = ctx.sampleRate;
      down = { ratio: ctx.sampleRate / RATE, t: 0, sum: 0, n: 0 };
      var source = ctx.createMediaStreamSource(stream);
      var wire = function () {
        if (ctx.state === 'suspended') {
          var b = $('start');
          b.hidden = false;
          b.onclick = function () { ctx.resume().then(function () { b.hidden = true; listening(); }); };
          setState('connecting', 'Microphone paused by the browser');
        } else {
          listening();
        }
      };
      if (ctx.audioWorklet && window.AudioWorkletNode) {
        ctx.audioWorklet.addModule('speaker-worklet.js').then(function () {
          var node = new AudioWorkletNode(ctx, 'vitrine-capture');
          node.port.onmessage = function (e) { onSamples(e.data); };
          source.connect(node);
          wire();
        }, function () { scriptProcessor(ctx, source); wire(); });
      } else {
        scriptProcessor(ctx, source);
        wire();
      }
    }, function (e) {
      setState('error', 'No microphone');
      showError('no-microphone', 'The microphone is not available: ' + (e && e.name ? e.name + ' ' : '') + (e && e.message || ''));
    });
  }

  function scriptProcessor(ctx, source) {
    var node = ctx.createScriptProcessor(2048, 1, 1);
    node.onaudioprocess = function (e) { onSamples(e.inputBuffer.getChannelData(0)); };
    source.connect(node);
    node.connect(ctx.destination); // the output stays silent; Chrome only runs connected processors
  }

  function listening() {
    capturing = true;
    if (state.state !== 'answer' && state.state !== 'thinking') { setState('listening', 'Listening…'); }
  }

  // box-filter downsampling to 16 kHz, then 16-bit PCM frames of 100 ms
  function onSamples(input) {
    var peak = 0;
    for (var i = 0; i < input.length; i++) {
      var x = input[i];
      if (x > peak) { peak = x; } else if (-x > peak) { peak = -x; }
      down.sum += x; down.n++; down.t += 1;
      if (down.t >= down.ratio) {
        var v = playing ? 0 : down.sum / down.n;   // while the answer plays, the mic would hear it: send silence
        v = v < -1 ? -1 : v > 1 ? 1 : v;
        out[outFill++] = v < 0 ? v * 0x8000 : v * 0x7fff;
        down.sum = 0; down.n = 0; down.t -= down.ratio;
        if (outFill === FRAME_SAMPLES) { sendFrame(); }
      }
    }
    meter(playing ? 0 : peak);
  }

  function sendFrame() {
    if (ws && ws.readyState === 1 && state.connection === 'open') {
      ws.send(out.buffer.slice(0));
      state.framesSent++;
    }
    outFill = 0;
  }

  function meter(peak) {
    $('level').style.height = Math.min(100, Math.round(peak * 180)) + '%';
    var now = Date.now();
    if (peak > 0.06) {
      quietSince = 0;
      if (state.state === 'listening' || state.state === 'answer' && !playing) {
        heard = true;
        setState('hearing', 'Listening…');
      }
    } else if (heard && state.state === 'hearing') {
      if (!quietSince) { quietSince = now; }
      if (now - quietSince > 500) {          // the hub's Vosk ends the utterance on silence
        heard = false;
        setState('thinking', 'Thinking…');
        clearTimeout(thinkingTimer);
        thinkingTimer = setTimeout(function () { if (state.state === 'thinking') { backToListening(); } }, 8000);
      }
    }
  }

  window.vitrineSpeaker = { state: function () { return JSON.parse(JSON.stringify(state)); } };

  if (site) {
    $('site').textContent = 'speaker ' + site;
  }
  connect();
})();
