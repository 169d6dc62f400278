package org.vitrine.devices.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Command line and environment settings of the simulator. A command-line option wins over its
 * environment variable, which wins over the default.
 *
 * @param duration how long to run, or null for "until stopped"
 */
public record SimOptions(Path confDir, String mqttHost, int mqttPort, double speed, boolean once,
                         Duration duration, long seed, boolean help) {

    public static final String USAGE = """
            usage: java -jar vitrine-devices.jar [options]
              --conf DIR          store conf directory with store.yaml and shoppers.yaml
                                  (env VITRINE_CONF_DIR, default conf/)
              --speed FACTOR      play the store FACTOR times faster (env VITRINE_SIM_SPEED, default 1)
              --once              walk every demo shopper through the store once, then exit
              --duration SECONDS  stop after SECONDS
              --seed N            replay the same walks (default: a new seed per run, logged at start)
              --help              this text
            hub: env VITRINE_MQTT_HOST (default 127.0.0.1), VITRINE_MQTT_PORT (default 1883)""";

    static final double MAX_SPEED = 1000;

    /** A bad option or environment value; the message names it. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static SimOptions parse(String[] args, Map<String, String> env) throws UsageException {
        String conf = env.getOrDefault("VITRINE_CONF_DIR", "conf");
        String host = env.getOrDefault("VITRINE_MQTT_HOST", "127.0.0.1");
        int port = port("VITRINE_MQTT_PORT", env.getOrDefault("VITRINE_MQTT_PORT", "1883"));
        double speed = speed("VITRINE_SIM_SPEED", env.getOrDefault("VITRINE_SIM_SPEED", "1"));
        boolean once = false;
        boolean help = false;
        Duration duration = null;
        long seed = System.nanoTime() ^ System.currentTimeMillis();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--conf" -> conf = value(args, ++i, arg);
                case "--speed" -> speed = speed(arg, value(args, ++i, arg));
                case "--once" -> once = true;
                case "--duration" -> duration = duration(arg, value(args, ++i, arg));
                case "--seed" -> seed = seed(arg, value(args, ++i, arg));
                case "--help", "-h" -> help = true;
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (host.isBlank()) {
            throw new UsageException("VITRINE_MQTT_HOST: must not be empty");
        }
        return new SimOptions(Path.of(conf), host, port, speed, once, duration, seed, help);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + ": a value is required");
        }
        return args[i];
    }

    private static int port(String name, String text) throws UsageException {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(name + ": expected a port number 1-65535, got '" + text + "'");
    }

    private static double speed(String name, String text) throws UsageException {
        try {
            double speed = Double.parseDouble(text.trim());
            if (speed > 0 && speed <= MAX_SPEED) {
                return speed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(name + ": expected a speed factor > 0 and <= " + (int) MAX_SPEED + ", got '" + text + "'");
    }

    private static Duration duration(String name, String text) throws UsageException {
        try {
            long seconds = Long.parseLong(text.trim());
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(name + ": expected a whole number of seconds > 0, got '" + text + "'");
    }

    private static long seed(String name, String text) throws UsageException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": expected an integer, got '" + text + "'");
        }
    }
}
