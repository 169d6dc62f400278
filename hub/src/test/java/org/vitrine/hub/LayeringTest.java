package org.vitrine.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub's layers, and the one place they are assigned (ARCHITECTURE.md, "Layers"). An import
 * may only go down:
 *
 * <ol>
 *   <li><b>model</b>: records, events, the catalog model, key names: what everyone shares;</li>
 *   <li><b>core</b>: pure logic, no I/O (rules and arbitration, presence tracking, face matching,
 *       conf merge and validation, back-off, parsers, certificates);</li>
 *   <li><b>effects</b>: stores (Redis), verticles with timers and the event bus, the director;</li>
 *   <li><b>adapters</b>: HTTP, WebSocket, MQTT, the REST APIs and their web helpers;</li>
 *   <li><b>wiring</b>: {@code Hub}, {@code Main}.</li>
 * </ol>
 *
 * A class is placed by its own name first ({@code catalog.Catalog}), then by its name's ending
 * ({@code *Store}: a feature's Redis store), then by its package ({@code rules.*}). A new class
 * that none of these places fails {@link #everyClassHasALayer()}: decide where it belongs here.
 */
class LayeringTest {

  private static final String ROOT = "org.vitrine.hub.";

  /** Layer → patterns, lowest layer first. */
  static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

  static {
    LAYERS.put("model", List.of(
        "events.*", "redis.Keys", "ops.Sha256", "presence.Whereabouts", "auth.Role", "auth.Account",
        "catalog.Catalog", "catalog.CatalogHolder", "catalog.ContentItem", "catalog.Device", "catalog.Ids", "catalog.Playlist",
        "catalog.Position", "catalog.Screen", "catalog.ShopperProfile", "catalog.StoreInfo", "catalog.Zone",
        "config.StoreConfig", "config.ConfigException", "rules.Rule", "rules.RuleBook", "rules.CapVerdict"));
    LAYERS.put("core", List.of(
        "rules.*", "validation.*", "config.*", "presence.PresenceTracker", "presence.PresenceView",
        "identity.FaceGallery", "identity.Vectors", "identity.TrackMemory", "identity.CheckinCandidates",
        "catalog.ConfMerge", "catalog.ProductList", "analytics.DwellBuckets", "analytics.Conversions", "analytics.Visits",
        "analytics.StatsKeys", "analytics.Table", "ops.Backoff", "ops.TokenBucket", "ops.RateLimit", "ops.AddressCounter",
        "ops.LogText", "ops.Counters", "ops.RequestBudget", "tls.CertificateAuthority", "tls.SubjectNames", "tls.Pem",
        "tls.X509Builder", "tls.HostNames", "tls.TlsMaterial", "mqtt.SightingParser", "mqtt.FrigateParser",
        "mqtt.DoubleTakeParser", "mqtt.ShelfEventParser", "mqtt.ForeignJson", "mqtt.Topics", "mqtt.SessionState",
        "mqtt.QueuedMessage", "mqtt.SessionBounds", "mqtt.AckOrder", "voice.ListeningGate", "voice.HermesSessions",
        "voice.Hermes", "screens.PlayMemory", "screens.PlaylistMessage", "members.PhcString", "checkin.Refusal",
        "checkin.QrCode", "commerce.Sgtin96", "commerce.ZebraTagEvents", "commerce.GatePassages", "commerce.PriceBook",
        "commerce.Basket", "commerce.Receipt", "commerce.Receipts", "commerce.Money", "commerce.PaymentProvider"));
    LAYERS.put("effects", List.of(
        "*Store", "director.*", "redis.*", "presence.*", "eventlog.*", "identity.*", "catalog.*", "analytics.*",
        "admin.RuleSets", "audit.AuditLog", "auth.Accounts", "checkin.CheckinRepository", "checkin.MemberProof",
        "pairing.Credentials", "pairing.Pairing", "live.LiveState", "members.MemberKeySet", "members.MemberSecrets",
        "members.MemberTokens", "voice.VoiceVerticle", "voice.SpeechSynthesis", "voice.AnswerScreens", "voice.OrderBoard",
        "screens.DaypartClock",
        "screens.ScreenReportRecorder", "tls.StoreCertificates", "tls.TlsSetup", "ops.EventLoopProbe", "ops.PrivateFile",
        "ops.ProtocolNoiseFilter", "ops.RejectionLog", "ops.Relay", "backup.*", "commerce.*"));
    LAYERS.put("adapters", List.of(
        "web.*", "admin.*", "auth.*", "audit.*", "checkin.*", "live.*", "members.*", "pairing.*", "mqtt.*", "screens.*",
        "voice.*", "ops.*", "tls.*", "analytics.AnalyticsApi", "commerce.CommerceApi"));
    LAYERS.put("wiring", List.of("Hub", "Main"));
  }

  private static JavaClasses hub;

  @BeforeAll
  static void importHub() {
    hub = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.vitrine.hub");
  }

  /** The class's name below org.vitrine.hub, of the outermost class for a nested one ("rules.Arbiter"). */
  static String nameOf(JavaClass c) {
    String name = c.getName();
    int nested = name.indexOf('$');
    return (nested < 0 ? name : name.substring(0, nested)).substring(ROOT.length());
  }

  /** The layer of a class: by its own name, then by its name's ending, then by its package; null when none. */
  static String layerOf(String name) {
    for (var e : LAYERS.entrySet()) {
      if (e.getValue().contains(name)) {
        return e.getKey();
      }
    }
    String simple = name.substring(name.lastIndexOf('.') + 1);
    for (var e : LAYERS.entrySet()) {
      for (String p : e.getValue()) {
        if (p.startsWith("*") && simple.endsWith(p.substring(1))) {
          return e.getKey();
        }
      }
    }
    String pkg = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
    for (var e : LAYERS.entrySet()) {
      for (String p : e.getValue()) {
        if (p.endsWith(".*") && p.substring(0, p.length() - 2).equals(pkg)) {
          return e.getKey();
        }
      }
    }
    return null;
  }

  private static DescribedPredicate<JavaClass> in(String layer) {
    return DescribedPredicate.describe("in layer " + layer,
        c -> c.getName().startsWith(ROOT) && layer.equals(layerOf(nameOf(c))));
  }

  @Test
  void everyClassHasALayer() {
    List<String> unplaced = new ArrayList<>();
    for (JavaClass c : hub) {
      if (c.getName().startsWith(ROOT) && layerOf(nameOf(c)) == null) {
        unplaced.add(nameOf(c));
      }
    }
    assertThat(unplaced).as("classes no layer pattern of LayeringTest places").isEmpty();
  }

  @Test
  void importsOnlyGoDownTheLayers() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("model").definedBy(in("model"))
        .layer("core").definedBy(in("core"))
        .layer("effects").definedBy(in("effects"))
        .layer("adapters").definedBy(in("adapters"))
        .layer("wiring").definedBy(in("wiring"))
        .whereLayer("wiring").mayNotBeAccessedByAnyLayer()
        .whereLayer("adapters").mayOnlyBeAccessedByLayers("wiring")
        .whereLayer("effects").mayOnlyBeAccessedByLayers("adapters", "wiring")
        .whereLayer("core").mayOnlyBeAccessedByLayers("effects", "adapters", "wiring")
        .check(hub);
  }

  /** The rules stay pure: Vert.x only for its futures (the arbiter's world may answer later), never the bus, a timer or Redis. */
  @Test
  void theRulesHaveNoIo() {
    noClasses().that().resideInAPackage("org.vitrine.hub.rules..")
        .should().dependOnClassesThat(DescribedPredicate.describe("Vert.x beyond io.vertx.core's futures, or Redis",
            c -> c.getPackageName().startsWith("io.vertx") && !(c.getPackageName().equals("io.vertx.core")
                && List.of("Future", "CompositeFuture", "Promise", "AsyncResult", "Handler", "Completable", "Expectation").contains(c.getSimpleName()))))
        .check(hub);
  }

  /** Model and core build no Redis commands: that is the stores' job (and their keys come from redis.Keys). */
  @Test
  void onlyStoresAndEffectsTalkToRedis() {
    classes().that(in("model").or(in("core")))
        .should().onlyDependOnClassesThat(DescribedPredicate.not(
            DescribedPredicate.describe("the Redis client", (JavaClass c) -> c.getPackageName().startsWith("io.vertx.redis"))))
        .check(hub);
  }
}
