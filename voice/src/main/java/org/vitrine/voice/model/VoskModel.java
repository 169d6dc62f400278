package org.vitrine.voice.model;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded Vosk model, shared by every recognizer (Vosk models are read-only and thread-safe).
 * Loading takes about a second: call {@link #load} off the event loop.
 */
public final class VoskModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VoskModel.class);
  public static final float SAMPLE_RATE = 16_000f;

  private final Path dir;
  private final Model model;
  private final boolean runtimeGrammar;
  private final Function findWord;

  private VoskModel(Path dir, Model model, boolean runtimeGrammar, Function findWord) {
    this.dir = dir;
    this.model = model;
    this.runtimeGrammar = runtimeGrammar;
    this.findWord = findWord;
  }

  public static VoskModel load(Path dir) {
    ModelLayout.Checked checked = ModelLayout.check(dir);
    try {
      LibVosk.setLogLevel(LogLevel.WARNINGS);
    } catch (LinkageError e) {
      throw new ModelException("the Vosk native library could not be loaded (" + e + "); Vosk 0.3.45 ships "
          + "linux-x86-64, darwin and win32-x86-64 builds", e);
    }
    Model model;
    long start = System.nanoTime();
    try {
      model = new Model(checked.dir().toString());
    } catch (IOException e) {
      throw new ModelException("Vosk could not load the model at " + checked.dir() + " (Vosk says: " + e.getMessage()
          + "): the folder has the expected files but Vosk cannot read them, so a file is damaged or the "
          + "model was made for another Vosk/Kaldi version", e);
    }
    VoskModel loaded = new VoskModel(checked.dir(), model, checked.runtimeGrammar(), findWordFunction());
    loaded.smokeTest();
    LOG.info("Vosk model {} loaded in {} ms (run-time grammar: {})", checked.dir(),
        (System.nanoTime() - start) / 1_000_000, checked.runtimeGrammar());
    return loaded;
  }

  /**
   * vosk_model_find_word is in libvosk but not in the Java binding. It is looked up in the very
   * library instance the binding registered (same name and options), so no second copy is loaded.
   */
  private static Function findWordFunction() {
    try {
      NativeLibrary lib = NativeLibrary.getInstance("vosk",
          Collections.singletonMap(Library.OPTION_CLASSLOADER, LibVosk.class.getClassLoader()));
      return lib.getFunction("vosk_model_find_word");
    } catch (UnsatisfiedLinkError e) {
      LOG.warn("vosk_model_find_word not available ({}): grammar words are not checked against the vocabulary",
          e.getMessage());
      return null;
    }
  }

  /** A recognizer must come up and take audio, else the model is unusable whatever Vosk said on load. */
  private void smokeTest() {
    Recognizer r;
    try {
      r = new Recognizer(model, SAMPLE_RATE);
    } catch (IOException e) {
      model.close();
      throw new ModelException("Vosk loaded the model at " + dir + " but cannot build a recognizer from it (Vosk says: "
          + e.getMessage() + "): a graph/ file is probably damaged or truncated", e);
    }
    try (r) {
      byte[] silence = new byte[3200];
      r.acceptWaveForm(silence, silence.length);
      r.getFinalResult();
    }
  }

  public Path dir() {
    return dir;
  }

  /** False for models with a static HCLG graph: those ignore grammars, so only free-form works. */
  public boolean supportsRuntimeGrammar() {
    return runtimeGrammar;
  }

  /** Whether the model can recognise this word; unknown words in a grammar are silently dropped by Vosk. */
  public boolean knowsWord(String word) {
    if (findWord == null) {
      return true;
    }
    return findWord.invokeInt(new Object[] {model.getPointer(), word}) >= 0;
  }

  /** A free-form (large vocabulary) recognizer: slow to create (~70 ms), so keep it warm. */
  public Recognizer newFreeFormRecognizer() {
    try {
      return new Recognizer(model, SAMPLE_RATE);
    } catch (IOException e) {
      throw new ModelException("Vosk could not create a recognizer for " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A recognizer restricted to the phrases of a Vosk grammar (JSON array of strings). */
  public Recognizer newGrammarRecognizer(String grammarJson) {
    Recognizer r = new Recognizer(model, SAMPLE_RATE, grammarJson);
    if (r.getPointer() == null) {
      throw new ModelException("Vosk could not create a grammar recognizer for " + dir);
    }
    return r;
  }

  @Override
  public void close() {
    model.close();
  }
}
