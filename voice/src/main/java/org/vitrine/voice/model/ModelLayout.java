package org.vitrine.voice.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks a Vosk model folder before Vosk sees it: Vosk only answers "Failed to create a model",
 * so the usual mistakes (wrong path, zip not unpacked, one folder too high, truncated files) are
 * named here instead.
 */
public final class ModelLayout {

  /** What the folder offers; a static HCLG graph cannot take a run-time grammar. */
  public record Checked(Path dir, boolean runtimeGrammar) {
  }

  private static final String LAYOUT = "a Vosk model folder holds am/final.mdl, conf/model.conf, conf/mfcc.conf "
      + "and graph/ (HCLr.fst + Gr.fst, or HCLG.fst)";

  private ModelLayout() {
  }

  public static Checked check(Path dir) {
    if (dir == null) {
      throw new ModelException("no Vosk model configured: set VITRINE_VOSK_MODEL to a model folder "
          + "(the build unpacks the English model to voice/target/vosk-model)");
    }
    Path abs = dir.toAbsolutePath().normalize();
    if (!Files.exists(abs)) {
      throw new ModelException("Vosk model not found at " + abs + ": the folder does not exist. Build the voice "
          + "module (mvn -pl voice package unpacks the English model to voice/target/vosk-model) or set "
          + "VITRINE_VOSK_MODEL to a Vosk model folder");
    }
    if (!Files.isDirectory(abs)) {
      String name = abs.getFileName().toString().toLowerCase();
      String hint = name.endsWith(".zip") || name.endsWith(".aar") || name.endsWith(".tar.gz")
          ? ": it is an archive, unpack it and point at the folder inside" : "";
      throw new ModelException("Vosk model at " + abs + " is a file, not a folder" + hint + " (" + LAYOUT + ")");
    }
    if (!Files.isReadable(abs)) {
      throw new ModelException("Vosk model folder " + abs + " is not readable by this user");
    }
    List<String> problems = new ArrayList<>();
    requireFile(abs, "am/final.mdl", problems);
    requireFile(abs, "conf/model.conf", problems);
    requireFile(abs, "conf/mfcc.conf", problems);
    boolean lookahead = isFile(abs.resolve("graph/HCLr.fst")) && isFile(abs.resolve("graph/Gr.fst"));
    boolean staticGraph = isFile(abs.resolve("graph/HCLG.fst"));
    if (!lookahead && !staticGraph) {
      problems.add("graph/ has neither HCLr.fst + Gr.fst nor HCLG.fst");
    }
    if (lookahead) {
      requireFile(abs, "graph/HCLr.fst", problems);
      requireFile(abs, "graph/Gr.fst", problems);
    } else if (staticGraph) {
      requireFile(abs, "graph/HCLG.fst", problems);
    }
    if (problems.isEmpty()) {
      // Vosk accepts some damaged files without a word and fails later, so look at the headers.
      for (String fst : List.of("graph/HCLr.fst", "graph/Gr.fst", "graph/HCLG.fst")) {
        requireHeader(abs, fst, FST_MAGIC, "an OpenFst file", problems);
      }
      for (String kaldi : List.of("am/final.mdl", "ivector/final.ie", "ivector/final.dubm", "ivector/final.mat")) {
        requireHeader(abs, kaldi, null, "a Kaldi file", problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new ModelException("Vosk model at " + abs + " is incomplete or damaged: " + String.join("; ", problems)
          + " (" + LAYOUT + ")" + nestedHint(abs));
    }
    return new Checked(abs, lookahead);
  }

  private static void requireFile(Path dir, String relative, List<String> problems) {
    Path file = dir.resolve(relative);
    if (!Files.exists(file)) {
      problems.add(relative + " is missing");
      return;
    }
    try {
      if (!Files.isRegularFile(file)) {
        problems.add(relative + " is not a file");
      } else if (Files.size(file) == 0) {
        problems.add(relative + " is empty (truncated download or copy?)");
      } else if (!Files.isReadable(file)) {
        problems.add(relative + " is not readable");
      }
    } catch (IOException e) {
      problems.add(relative + " cannot be read: " + e.getMessage());
    }
  }

  /** OpenFst's magic number, little-endian, at the start of every .fst file. */
  private static final byte[] FST_MAGIC = {(byte) 0xd6, (byte) 0xfd, (byte) 0xb2, 0x7e};

  /** Checks the first bytes of an optional file: the FST magic, or Kaldi's binary ("\0B") / text ("<") mark. */
  private static void requireHeader(Path dir, String relative, byte[] magic, String what, List<String> problems) {
    Path file = dir.resolve(relative);
    if (!Files.isRegularFile(file)) {
      return;
    }
    byte[] head = new byte[4];
    int n;
    try (var in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 4);
    } catch (IOException e) {
      problems.add(relative + " cannot be read: " + e.getMessage());
      return;
    }
    boolean ok = magic != null ? n == 4 && java.util.Arrays.equals(head, magic)
        : n >= 2 && (head[0] == 0 && head[1] == 'B' || head[0] == '<');
    if (!ok) {
      problems.add(relative + " is not " + what + " (damaged or not a model file)");
    }
  }

  private static boolean isFile(Path p) {
    return Files.isRegularFile(p);
  }

  /** Unzipping a model often leaves it one folder deeper than configured. */
  private static String nestedHint(Path dir) {
    try (Stream<Path> children = Files.list(dir)) {
      return children.filter(Files::isDirectory)
          .filter(c -> Files.isRegularFile(c.resolve("am/final.mdl")))
          .findFirst()
          .map(c -> "; did you mean " + c + "?")
          .orElse("");
    } catch (IOException e) {
      return "";
    }
  }
}
