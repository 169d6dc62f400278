package org.vitrine.voice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store-speaker corpus (voice/src/test/resources/corpus/utterances.tsv, see its README): utterances
 * written independently of the grammar, labelled with intent and slots, split into dev (tuned on) and
 * test (held back: only its aggregate figures are ever looked at).
 */
public record Corpus(List<Row> rows) {

  /** The corpus file in the source tree, relative to the project root. */
  public static final String PATH = "voice/src/test/resources/corpus/utterances.tsv";

  /** One labelled utterance. context: none, order-pending or confirm-pending. */
  public record Row(String id, String split, String context, String text, String intent, Map<String, String> slots,
      String note) {

    public boolean isTest() {
      return "test".equals(split);
    }
  }

  public Corpus {
    rows = List.copyOf(rows);
  }

  public static Corpus read(Path tsv) {
    try {
      List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals("id\tsplit\tcontext\ttext\tintent\tslots\tnote")) {
        throw new IllegalArgumentException(tsv + ": not the corpus (header id split context text intent slots note)");
      }
      List<Row> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 7) {
          throw new IllegalArgumentException(tsv + ": row " + f[0] + " has " + f.length + " fields, not 7");
        }
        Map<String, String> slots = new LinkedHashMap<>();
        for (String kv : f[5].isEmpty() ? new String[0] : f[5].split(",")) {
          String[] p = kv.split("=", 2);
          slots.put(p[0], p[1]);
        }
        rows.add(new Row(f[0], f[1], f[2], f[3], f[4], slots, f[6]));
      }
      return new Corpus(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The corpus under a project root (or its voice/ folder, for runs from there). */
  public static Path locate(Path root) {
    for (Path p : List.of(root.resolve(PATH), root.resolve("..").resolve(PATH), root.resolve(PATH.substring(6)))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalArgumentException("corpus not found under " + root.toAbsolutePath() + " (" + PATH + ")");
  }

  public List<Row> split(String split) {
    return rows.stream().filter(r -> r.split().equals(split)).toList();
  }
}
