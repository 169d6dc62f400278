package org.vitrine.voice.recognition;

import org.vitrine.voice.audio.Pcm;

/**
 * Our own end-of-utterance detector (Vosk's waits ~0.8 s of silence): an energy voice-activity
 * detector on 10 ms frames with an adaptive noise floor and a silence hangover.
 *
 * <p>The samples first go through a one-pole high-pass (≈130 Hz): hum, rumble and the low end of
 * shop noise carry little speech. A frame is voiced when its level is at least {@link #ABSOLUTE_MIN_DB}
 * and {@link #OVER_FLOOR_DB} above the noise floor. The floor follows quiet frames quickly down and
 * rises slowly (at most {@link #FLOOR_RISE_DB_PER_FRAME}, ten times slower during voiced frames), but
 * is never below the quietest frame of the last {@link #FLOOR_WINDOW_FRAMES} (600 ms): steady shop
 * noise becomes the floor, noise that starts abruptly does within 0.6 s, while speech, which has
 * quieter frames between its syllables, does not lift it. Speech starts after {@link #ONSET_FRAMES}
 * voiced frames in a row; once an utterance has had {@link #MIN_VOICED_FRAMES} voiced frames and
 * its loudest frame is {@link #SPEECH_PEAK_OVER_FLOOR_DB} above the floor (else it was a click or
 * a noise step, and is forgotten), a run of unvoiced frames as long as the hangover makes
 * {@link Signal#CANDIDATE}: the caller ends the utterance if what was heard so far is a complete
 * request, else it waits on; a run as long as the incomplete hangover makes {@link Signal#END}.
 * Pure arithmetic on the samples: deterministic, about 1 µs a frame, no Vosk.
 */
public final class Endpointer {

  public static final int FRAME_MILLIS = 10;
  public static final int FRAME_BYTES = Pcm.bytesFor(FRAME_MILLIS);
  /** Quieter than this (RMS ≈ 100 of 32768, -50 dBFS) is never speech. */
  static final double ABSOLUTE_MIN_DB = 40;
  /**
   * A voiced frame is this much louder than the noise floor (8 dB ≈ 2.5x RMS). Measured on the test
   * speech: 10 dB lost the weak "nd f" of "recommend for me" in the tests' pink noise (sox vol 0.03,
   * ≈ -44 dBFS; split the question); 8 dB after the high-pass splits none there. In -30 dBFS pink
   * noise the soft ends of words are under the noise ("recommend | for me" can split, a final "s"
   * can be lost: measured in SpeakerLatencyBench --noise-vol 0.15).
   */
  static final double OVER_FLOOR_DB = 8;
  /** The floor never goes below this (digital silence would make any click speech). */
  static final double FLOOR_MIN_DB = 30;
  /** Floor going down: this share of the gap per frame (fast: ~30 ms time constant). */
  static final double FLOOR_FALL = 0.3;
  /** Floor going up: 1% of the gap per frame but at most this much (5 dB/s; a tenth of it in voiced frames). */
  static final double FLOOR_RISE_DB_PER_FRAME = 0.05;
  /** The high-pass pole: y[n] = x[n] - x[n-1] + A y[n-1], cut-off ≈ 16000 (1 - A) / 2π ≈ 130 Hz. */
  static final double HIGH_PASS_POLE = 0.95;
  /**
   * The floor is also never below the quietest frame of the last this many frames (600 ms): noise
   * that starts abruptly (a door, a till, music) becomes the floor within 0.6 s instead of rising
   * 5 dB/s. Speech has quieter frames (between syllables, in pauses) within any 0.6 s, so it does
   * not lift the floor to itself.
   */
  static final int FLOOR_WINDOW_FRAMES = 60;
  /**
   * ... less this margin: steady white or pink noise stays within 5 dB of its quietest 10 ms frame,
   * so it is not voiced (floor + 8 dB), while the quiet tail of a word is not cut off.
   */
  static final double FLOOR_WINDOW_MARGIN_DB = 2;
  /**
   * An utterance is speech only when its loudest frame is this much above the floor at its end
   * (speech in shop noise: 20-35 dB; steady white/pink noise 3-5 dB above its own quietest frame,
   * brown noise up to ~12 dB): a noise step starts an utterance, but once the floor has followed
   * it, it ends as a blip without a signal.
   */
  static final double SPEECH_PEAK_OVER_FLOOR_DB = 16;
  static final int ONSET_FRAMES = 3;
  /** 80 ms of voiced frames before an utterance may end: a click or a knock is not a question. */
  static final int MIN_VOICED_FRAMES = 8;

  /** What a frame meant. */
  public enum Signal {
    /** nothing new */
    NONE,
    /** silence as long as the hangover after speech: end here if the words so far are a complete request */
    CANDIDATE,
    /** silence as long as the incomplete hangover after speech: end here whatever was said */
    END
  }

  private final int endFrames;
  private final int incompleteEndFrames;
  private final byte[] frame = new byte[FRAME_BYTES];
  private int frameFill;
  private double floorDb = Double.NaN;
  /** The last {@link #FLOOR_WINDOW_FRAMES} frame levels (ring). */
  private final double[] recentDb = new double[FLOOR_WINDOW_FRAMES];
  private int recentCount;
  /** The loudest frame of the current utterance (since its onset). */
  private double peakDb;
  private int voicedRun;
  private boolean speaking;
  private boolean heardSpeech;
  private int voicedFrames;
  private int silentFrames;
  private long frames;
  private double hpLastIn;
  private double hpLastOut;
  private Signal last = Signal.NONE;

  /**
   * @param endSilenceMillis the hangover: silence after speech that ends a complete request
   * @param incompleteSilenceMillis silence that ends a request whose words are not complete yet
   *     (a pause in the middle of "show me ... red dresses"); at least endSilenceMillis
   */
  public Endpointer(int endSilenceMillis, int incompleteSilenceMillis) {
    if (endSilenceMillis < FRAME_MILLIS) {
      throw new IllegalArgumentException("end silence must be at least " + FRAME_MILLIS + " ms, got " + endSilenceMillis);
    }
    this.endFrames = Math.max(1, endSilenceMillis / FRAME_MILLIS);
    this.incompleteEndFrames = Math.max(endFrames, incompleteSilenceMillis / FRAME_MILLIS);
  }

  /**
   * Reads audio up to the first frame that raises a signal ({@link #signal()}), or all of it.
   *
   * @return how many bytes of pcm[off, off+len) were read: fewer than len when a signal stopped it
   */
  public int scan(byte[] pcm, int off, int len) {
    last = Signal.NONE;
    int read = 0;
    while (read < len) {
      int n = Math.min(FRAME_BYTES - frameFill, len - read);
      System.arraycopy(pcm, off + read, frame, frameFill, n);
      frameFill += n;
      read += n;
      if (frameFill == FRAME_BYTES) {
        frameFill = 0;
        last = onFrame(highPassRms());
        if (last != Signal.NONE) {
          break;
        }
      }
    }
    return read;
  }

  /** The signal of the last {@link #scan}. */
  public Signal signal() {
    return last;
  }

  private double highPassRms() {
    double sum = 0;
    for (int i = 0; i < FRAME_BYTES; i += 2) {
      double in = (short) ((frame[i] & 0xff) | (frame[i + 1] << 8));
      double out = in - hpLastIn + HIGH_PASS_POLE * hpLastOut;
      hpLastIn = in;
      hpLastOut = out;
      sum += out * out;
    }
    return Math.sqrt(sum / (FRAME_BYTES / 2));
  }

  private Signal onFrame(double rms) {
    frames++;
    double db = 20 * Math.log10(Math.max(rms, 1));
    if (Double.isNaN(floorDb)) {
      floorDb = Math.max(FLOOR_MIN_DB, db);
    }
    boolean voiced = db >= ABSOLUTE_MIN_DB && db >= floorDb + OVER_FLOOR_DB;
    // adapt the floor after classifying: down fast, up slowly ...
    if (db < floorDb) {
      floorDb = Math.max(FLOOR_MIN_DB, floorDb + FLOOR_FALL * (db - floorDb));
    } else {
      floorDb += Math.min(voiced ? FLOOR_RISE_DB_PER_FRAME / 10 : FLOOR_RISE_DB_PER_FRAME, 0.01 * (db - floorDb));
    }
    // ... but never below the quietest frame of the last 600 ms: a noise step becomes the floor
    recentDb[(int) (frames % FLOOR_WINDOW_FRAMES)] = db;
    recentCount = Math.min(recentCount + 1, FLOOR_WINDOW_FRAMES);
    if (recentCount == FLOOR_WINDOW_FRAMES) {
      double min = Double.MAX_VALUE;
      for (double d : recentDb) {
        min = Math.min(min, d);
      }
      floorDb = Math.max(floorDb, min - FLOOR_WINDOW_MARGIN_DB);
    }
    if (speaking) {
      peakDb = Math.max(peakDb, db);
    }
    if (voiced) {
      voicedRun++;
      if (!speaking && voicedRun >= ONSET_FRAMES) {
        speaking = true;
        voicedFrames += voicedRun;
        peakDb = db;
      } else if (speaking) {
        voicedFrames++;
      }
      silentFrames = 0;
      return Signal.NONE;
    }
    voicedRun = 0;
    if (!speaking) {
      return Signal.NONE;
    }
    silentFrames++;
    if (!heardSpeech && silentFrames >= endFrames) {
      if (voicedFrames >= MIN_VOICED_FRAMES && peakDb >= floorDb + SPEECH_PEAK_OVER_FLOOR_DB) {
        heardSpeech = true; // loud enough over the floor it ended on: speech, not a noise step
      } else {
        // a click, a knock or a noise step the floor has now followed: forget it (the recognizer keeps its audio)
        speaking = false;
        voicedFrames = 0;
        silentFrames = 0;
        return Signal.NONE;
      }
    }
    if (!heardSpeech) {
      return Signal.NONE;
    }
    if (silentFrames >= incompleteEndFrames) {
      return Signal.END;
    }
    return silentFrames == endFrames ? Signal.CANDIDATE : Signal.NONE;
  }

  /** The utterance was ended (by us, Vosk or the stream): start listening for the next one. Keeps the floor. */
  public void utteranceEnded() {
    speaking = false;
    heardSpeech = false;
    voicedRun = 0;
    voicedFrames = 0;
    silentFrames = 0;
  }

  /**
   * Whether the current utterance had speech at all (an onset, 80 ms voiced, its loudest frame
   * {@link #SPEECH_PEAK_OVER_FLOOR_DB} over the floor): if not, nothing to answer.
   */
  public boolean heardSpeech() {
    // confirmed at the hangover, or (the stream stopped mid-speech) loud enough over the floor so far
    return heardSpeech || speaking && voicedFrames >= MIN_VOICED_FRAMES && peakDb >= floorDb + SPEECH_PEAK_OVER_FLOOR_DB;
  }

  /** Silence since the last voiced frame, in ms. */
  public int silenceMillis() {
    return silentFrames * FRAME_MILLIS;
  }

  /** The current noise floor in dB (re one sample unit; 90 dB = full scale), for diagnosis. */
  public double floorDb() {
    return floorDb;
  }

  public long frames() {
    return frames;
  }

  public int endSilenceMillis() {
    return endFrames * FRAME_MILLIS;
  }

  public int incompleteSilenceMillis() {
    return incompleteEndFrames * FRAME_MILLIS;
  }
}
