package org.vitrine.devices.sim;

import java.nio.file.Path;

/** A conf problem, worded for the person editing the file: which file, which field, what is wrong. */
public final class ConfException extends Exception {

    private final Path file;
    private final String field;

    public ConfException(Path file, String field, String problem) {
        super(file + (field == null ? "" : ": " + field) + ": " + problem);
        this.file = file;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    /** The offending field as a path like {@code devices[2].zone}, or null for whole-file problems. */
    public String field() {
        return field;
    }
}
