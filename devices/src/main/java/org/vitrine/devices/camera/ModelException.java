package org.vitrine.devices.camera;

/**
 * A face model that cannot be used, worded for the person installing it: which file, what is wrong,
 * what to do. Thrown instead of OpenCV's own exceptions, whose C++ stack text helps nobody here.
 */
public final class ModelException extends Exception {

    public ModelException(String message) {
        super(message);
    }
}
