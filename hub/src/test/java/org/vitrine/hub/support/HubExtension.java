package org.vitrine.hub.support;

import io.vertx.core.Vertx;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.vitrine.hub.config.HubConfig;

/**
 * One real hub per test class ({@link TestHub}: embedded redis-server, MQTT, HTTP and their TLS
 * ports on free loopback ports), started before the class's {@code @BeforeAll} methods and stopped
 * after its {@code @AfterAll} methods, on a Vert.x instance of its own.
 *
 * <p>The hub goes into every static {@code TestHub} field of the class, and into parameters of type
 * {@link TestHub} and {@link Vertx} (the hub's: what is published on it reaches the hub's
 * consumers) of the class's methods. The demo store by default:
 * <pre>{@code @ExtendWith(HubExtension.class)}</pre>
 * or, set up otherwise:
 * <pre>{@code @RegisterExtension
 * static final HubExtension HUB = new HubExtension().tweak(c -> c.limits.helloSeconds = 2);}</pre>
 */
public final class HubExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  /** Work that may throw, run with the hub's Vert.x before the hub starts. */
  @FunctionalInterface
  public interface Before {
    void run(Vertx vertx) throws Exception;
  }

  /** Work that may throw. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  /** Where the hub's conf comes from. */
  @FunctionalInterface
  public interface Conf {
    Path dir() throws Exception;
  }

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(HubExtension.class);

  private Conf conf = TestHub::demoConf;
  private final List<Before> before = new ArrayList<>();
  private final List<Consumer<HubConfig>> tweaks = new ArrayList<>();
  private final List<Step> after = new ArrayList<>();
  private boolean speakers;

  /** The demo store (conf/ of this repository), speakers off. */
  public HubExtension() {
  }

  /** Another conf folder (e.g. a copy of the demo's with other rules). */
  public HubExtension conf(Conf conf) {
    this.conf = conf;
    return this;
  }

  /** A change to the hub's settings, after the test defaults ({@link TestHub#start}). */
  public HubExtension tweak(Consumer<HubConfig> tweak) {
    tweaks.add(tweak);
    return this;
  }

  /** Something the hub needs running first (a member system), on the hub's Vert.x. */
  public HubExtension before(Before step) {
    before.add(step);
    return this;
  }

  /** Something to stop after the hub (what {@link #before} started). */
  public HubExtension after(Step step) {
    after.add(step);
    return this;
  }

  /** The store speakers on, with the real Vosk model ({@link TestHub#withSpeakers}). */
  public HubExtension speakers() {
    this.speakers = true;
    return this;
  }

  /** The hub of the running test class. */
  public static TestHub hubOf(ExtensionContext context) {
    TestHub hub = store(context).get(TestHub.class, TestHub.class);
    if (hub == null) {
      throw new IllegalStateException("no hub: the class is not extended with HubExtension");
    }
    return hub;
  }

  private static ExtensionContext.Store store(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getParent().isPresent() && c.getTestClass().isPresent() && c.getParent().get().getTestClass().isPresent()) {
      c = c.getParent().get(); // the outermost class's context: methods and nested classes share its hub
    }
    return c.getStore(NS);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (store(context).get(TestHub.class) != null) {
      return; // a nested class: the outer class's hub
    }
    Vertx vertx = Vertx.vertx();
    store(context).put(Vertx.class, vertx);
    for (Before b : before) {
      b.run(vertx);
    }
    Consumer<HubConfig> all = c -> {
      if (speakers) {
        c.voice.enabled = true;
        c.voice.model = TestHub.voskModel().toString();
      }
      tweaks.forEach(t -> t.accept(c));
    };
    TestHub hub = TestHub.start(vertx, conf.dir(), Files.createTempDirectory("vitrine-data").resolve("redis"), 30, all);
    store(context).put(TestHub.class, hub);
    if (speakers && !hub.hub.voiceAvailable()) {
      throw new AssertionError("voice pipeline did not load from " + TestHub.voskModel());
    }
    inject(context.getRequiredTestClass(), hub);
  }

  /** Static {@code TestHub} fields of the class (and its outer classes) get the hub. */
  private static void inject(Class<?> type, TestHub hub) throws IllegalAccessException {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      for (Field f : c.getDeclaredFields()) {
        if (f.getType() == TestHub.class && Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())) {
          f.setAccessible(true);
          f.set(null, hub);
        }
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (context.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
      return; // a nested class: the outer class stops the hub
    }
    ExtensionContext.Store store = store(context);
    TestHub hub = store.remove(TestHub.class, TestHub.class);
    Vertx vertx = store.remove(Vertx.class, Vertx.class);
    Exception failed = null;
    try {
      if (hub != null) {
        hub.close();
      }
    } finally {
      for (Step s : after) {
        try {
          s.run();
        } catch (Exception e) {
          failed = e;
        }
      }
      if (vertx != null) {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestHub.class || type == Vertx.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestHub.class ? hubOf(context) : store(context).get(Vertx.class, Vertx.class);
  }
}
