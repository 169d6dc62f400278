package org.vitrine.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.events.Addresses;
import org.vitrine.hub.redis.Keys;
import org.vitrine.hub.support.TestHub;

/**
 * The contracts in docs/contracts/ say what the code does: every event-bus address, every Redis
 * key and every WebSocket close code of the code is written there. (What a contract says beyond
 * names, the integration tests prove.)
 */
class DocsContractTest {

  /** A stand-in for a key's or address's variable part: what comes before it is the fixed prefix. */
  private static final String HOLE = "\u0000";

  private static String contract(String file) throws Exception {
    return Files.readString(TestHub.projectRoot().resolve(Path.of("docs", "contracts", file)));
  }

  /** Public static String constants of a class. */
  private static List<String> constants(Class<?> type) throws IllegalAccessException {
    List<String> out = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers()) && f.getType() == String.class) {
        out.add((String) f.get(null));
      }
    }
    return out;
  }

  /** The fixed part, up to the first variable one, of what each public static String method makes. */
  private static List<String> prefixes(Class<?> type, String root) throws Exception {
    List<String> out = new ArrayList<>();
    for (Method m : type.getDeclaredMethods()) {
      if (!Modifier.isStatic(m.getModifiers()) || !Modifier.isPublic(m.getModifiers()) || m.getReturnType() != String.class) {
        continue;
      }
      String made = null;
      // a key made from another key (the conf base of a hash, an MQTT session's queue) needs that key's prefix
      List<String> bases = new ArrayList<>(List.of("", root));
      for (String c : constants(type)) {
        if (c.endsWith(":") || c.endsWith(":*")) {
          bases.add(c.endsWith("*") ? c.substring(0, c.length() - 1) : c);
        }
      }
      for (String base : bases) {
        try {
          made = (String) m.invoke(null, args(m, base + HOLE));
          break;
        } catch (java.lang.reflect.InvocationTargetException e) {
          // not made from this kind of key: try the next
        }
      }
      assertThat(made).as("Keys.%s makes a key from some prefix", m.getName()).isNotNull();
      if (made.startsWith(root)) { // not a key (e.g. the erasure mark, a hash)
        out.add(made.contains(HOLE) ? made.substring(0, made.indexOf(HOLE)) : made.substring(0, made.lastIndexOf(':') + 1));
      }
    }
    return out;
  }

  private static Object[] args(Method m, String text) {
    Object[] args = new Object[m.getParameterCount()];
    for (int i = 0; i < args.length; i++) {
      args[i] = m.getParameterTypes()[i] == long.class ? 0L : text;
    }
    return args;
  }

  @Test
  void everyEventBusAddressIsInTheContract() throws Exception {
    String doc = contract("event-bus.md");
    List<String> addresses = new ArrayList<>(constants(Addresses.class));
    addresses.addAll(prefixes(Addresses.class, "vitrine."));
    assertThat(addresses).isNotEmpty();
    assertThat(addresses).allSatisfy(a -> assertThat(doc).as("event-bus.md names %s", a).contains("`" + a));
  }

  @Test
  void everyRedisKeyIsInTheContract() throws Exception {
    String doc = contract("redis-keys.md");
    List<String> keys = new ArrayList<>();
    for (String k : constants(Keys.class)) {
      keys.add(k.endsWith("*") ? k.substring(0, k.length() - 1) : k); // a SCAN pattern: its prefix
    }
    keys.addAll(prefixes(Keys.class, "vitrine:"));
    assertThat(keys).contains("vitrine:meta", "vitrine:cap:", "vitrine:conf-base:");
    assertThat(keys).allSatisfy(k -> assertThat(doc).as("redis-keys.md names %s", k).contains("`" + k));
  }

  /** Close codes are the sockets' short constants (4400, 4401, …); the sockets are package-private classes. */
  private static List<Integer> closeCodes(Class<?> socket) throws IllegalAccessException {
    List<Integer> out = new ArrayList<>();
    for (Field f : socket.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == short.class) {
        f.setAccessible(true);
        out.add((int) f.getShort(null));
      }
    }
    return out;
  }

  @Test
  void everyCloseCodeOfTheScreensSocketIsInItsContract() throws Exception {
    String doc = contract("websocket-screens.md");
    List<Integer> codes = closeCodes(Class.forName("org.vitrine.hub.screens.ScreenSession"));
    assertThat(codes).contains(4401, 4404);
    assertThat(codes).allSatisfy(c -> assertThat(doc).as("websocket-screens.md names close code %s", c).contains("**" + c + "**"));
  }

  @Test
  void everyCloseCodeOfTheSpeakerSocketIsInItsContract() throws Exception {
    String doc = contract("websocket-speaker.md");
    List<Integer> codes = closeCodes(Class.forName("org.vitrine.hub.voice.BrowserSpeakerSocket"));
    assertThat(codes).contains(4401, 4404);
    assertThat(codes).allSatisfy(c -> assertThat(doc).as("websocket-speaker.md names close code %s", c).contains("**" + c + "**"));
  }
}
