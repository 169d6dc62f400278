package org.vitrine.voice.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vitrine.voice.TestSupport;

/** A missing or broken model says which path and what is wrong (Vosk only says "Failed to create a model"). */
class ModelLayoutTest {

  private final Path real = TestSupport.model().dir();

  @Test
  void missingFolder() {
    Path nowhere = Path.of("/tmp/no-such-vosk-model");
    assertThatThrownBy(() -> VoskModel.load(nowhere))
        .isInstanceOf(ModelException.class)
        .hasMessage("Vosk model not found at /tmp/no-such-vosk-model: the folder does not exist. Build the voice module "
            + "(mvn -pl voice package unpacks the English model to voice/target/vosk-model) or set VITRINE_VOSK_MODEL "
            + "to a Vosk model folder");
    assertThatThrownBy(() -> ModelLayout.check(null)).hasMessageStartingWith("no Vosk model configured");
  }

  @Test
  void archiveInsteadOfFolder() throws IOException {
    Path zip = Files.writeString(TestSupport.tempDir("m").resolve("vosk-model-small-en-us-0.15.zip"), "PK");
    assertThatThrownBy(() -> VoskModel.load(zip))
        .hasMessageContaining(zip + " is a file, not a folder: it is an archive, unpack it and point at the folder inside");
  }

  @Test
  void folderOneLevelTooHighOrIncomplete() throws IOException {
    Path parent = TestSupport.tempDir("m");
    Path inner = copyOfRealModel(parent.resolve("vosk-model-en"));
    assertThatThrownBy(() -> VoskModel.load(parent))
        .hasMessageStartingWith("Vosk model at " + parent + " is incomplete or damaged: am/final.mdl is missing; "
            + "conf/model.conf is missing; conf/mfcc.conf is missing; graph/ has neither HCLr.fst + Gr.fst nor HCLG.fst")
        .hasMessageEndingWith("; did you mean " + inner + "?");
    Files.delete(inner.resolve("am/final.mdl"));
    replace(inner.resolve("conf/mfcc.conf"), new byte[0]);
    assertThatThrownBy(() -> VoskModel.load(inner))
        .hasMessageStartingWith("Vosk model at " + inner + " is incomplete or damaged: am/final.mdl is missing; "
            + "conf/mfcc.conf is empty (truncated download or copy?)");
  }

  @Test
  void damagedFilesAreCaughtBeforeOrByVosk() throws IOException {
    Path dir = copyOfRealModel(TestSupport.tempDir("m").resolve("broken"));
    byte[] junk = new byte[5000];
    new Random(3).nextBytes(junk);
    replace(dir.resolve("graph/HCLr.fst"), junk);
    assertThatThrownBy(() -> VoskModel.load(dir))
        .hasMessageContaining("graph/HCLr.fst is not an OpenFst file (damaged or not a model file)");

    Path truncated = copyOfRealModel(TestSupport.tempDir("m").resolve("truncated"));
    byte[] head = Files.readAllBytes(real.resolve("graph/HCLr.fst"));
    replace(truncated.resolve("graph/HCLr.fst"), java.util.Arrays.copyOf(head, 100_000));
    assertThatThrownBy(() -> VoskModel.load(truncated))
        .hasMessageStartingWith("Vosk loaded the model at " + truncated + " but cannot build a recognizer from it")
        .hasMessageContaining("a graph/ file is probably damaged or truncated");

    Path badAm = copyOfRealModel(TestSupport.tempDir("m").resolve("bad-am"));
    byte[] kaldiJunk = new byte[5000];
    new Random(4).nextBytes(kaldiJunk);
    kaldiJunk[0] = 0;
    kaldiJunk[1] = 'B';
    replace(badAm.resolve("am/final.mdl"), kaldiJunk);
    assertThatThrownBy(() -> VoskModel.load(badAm))
        .hasMessageStartingWith("Vosk could not load the model at " + badAm + " (Vosk says: Failed to create a model)");
  }

  @Test
  void theBuiltModelLoads() {
    assertThat(TestSupport.model().supportsRuntimeGrammar()).isTrue();
    assertThat(ModelLayout.check(real).runtimeGrammar()).isTrue();
  }

  /** Replaces a symlink by a real file: writing through the link would damage the real model. */
  private static void replace(Path link, byte[] content) throws IOException {
    assertThat(Files.isSymbolicLink(link)).as("%s is a link into the real model", link).isTrue();
    Files.delete(link);
    Files.write(link, content);
  }

  /** Symlinks the big files so each broken copy costs nothing; the file under test is replaced. */
  private Path copyOfRealModel(Path to) throws IOException {
    try (Stream<Path> files = Files.walk(real)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(real.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.createSymbolicLink(target, f);
        }
      }
    }
    return to;
  }
}
