package org.vitrine.devices.camera;

/**
 * OpenCV failures reach Java as RuntimeExceptions whose text is a C++ source path, a line number
 * and then the reason. Only the reason is worth showing to someone who installs a model.
 */
final class OpenCvErrors {

    private OpenCvErrors() {
    }

    static String reason(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int error = text.indexOf("error: ");
        if (error >= 0) {
            text = text.substring(error + "error: ".length());
        }
        int function = text.indexOf(" in function ");
        if (function > 0) {
            text = text.substring(0, function);
        }
        int newline = text.indexOf('\n');
        if (newline > 0) {
            text = text.substring(0, newline);
        }
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
