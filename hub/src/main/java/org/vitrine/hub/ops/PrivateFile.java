package org.vitrine.hub.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Files the hub writes for itself, replaced atomically (a crash never leaves half a key). A secret
 * (private key, Redis password) is mode 600 from its first byte: it is written to a temp file
 * created with that mode and moved into place, so it is never readable by others, not even briefly.
 */
public final class PrivateFile {

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private PrivateFile() {
  }

  /** Writes {@code text}; {@code secret} = owner only (600), else readable by all (644). Blocking. */
  public static void write(Path file, String text, boolean secret) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = POSIX
        ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      if (POSIX && !secret) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The secret kept in {@code file}, made by {@code make} and written (600) when there is none yet. Blocking. */
  public static String readOrCreate(Path file, Supplier<String> make) throws IOException {
    if (Files.exists(file)) {
      String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!kept.isEmpty()) {
        if (POSIX) {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------")); // in case it was copied around
        }
        return kept;
      }
    }
    String made = make.get();
    write(file, made + "\n", true);
    return made;
  }
}
