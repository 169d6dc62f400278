package org.vitrine.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.support.TestHub;

class StoreConfigLoaderTest {

  @Test
  void theDemoStoreIsValid() {
    StoreConfig c = StoreConfigLoader.load(TestHub.demoConf());
    assertThat(c.zones()).extracting(z -> z.id()).containsExactly("entrance", "cafe", "apparel", "footwear", "checkout");
    assertThat(c.screens()).hasSize(7); // with the cafe order board
    assertThat(c.rules()).isNotEmpty();
    assertThat(c.hash()).hasSize(64);
  }

  private static Path confWith(String file, String text) throws IOException {
    Path dir = TestHub.copyOfDemoConf();
    Files.writeString(dir.resolve(file), text);
    return dir;
  }

  private static String problemsOf(Path dir) {
    try {
      StoreConfigLoader.load(dir);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("conf in " + dir + " was accepted");
  }

  @Test
  void aScreenInAnUnknownZoneNamesFileFieldAndValue() throws IOException {
    Path dir = TestHub.copyOfDemoConf();
    String store = Files.readString(dir.resolve("store.yaml")).replace("zone: cafe,     name: Cafe menu board", "zone: kafe, name: Cafe menu board");
    Files.writeString(dir.resolve("store.yaml"), store);
    assertThat(problemsOf(dir)).contains(dir.resolve("store.yaml") + ": screens[1].zone: unknown zone 'kafe' (known: entrance, cafe, apparel, footwear, checkout)");
  }

  @Test
  void everyProblemIsListedAtOnce() throws IOException {
    Path dir = confWith("rules.yaml", """
        rules:
          - id: r1
            when: { event: wave, zones: [moon] }
            then: { show: nothing, priority: 0, seconds: 10 }
          - id: r1
            when: { zones: [cafe] }
            if: { timeOfDay: { from: "25:00", to: "10:00" } }
            then: { show: welcome, priority: 5, seconds: 10 }
        """);
    String msg = problemsOf(dir);
    String f = dir.resolve("rules.yaml").toString();
    assertThat(msg)
        .contains(f + ": rules[0].when.event: must be one of enter, dwell, leave, touch, pickup, checkin, voice, got 'wave'")
        .contains(f + ": rules[0].when.zones[0]: unknown zone 'moon'")
        .contains(f + ": rules[0].then.show: unknown content 'nothing'")
        .contains(f + ": rules[0].then.priority: must be 1..1000 (0 is the playlist), got 0")
        .contains(f + ": rules[1].id: duplicate id 'r1'")
        .contains(f + ": rules[1].if.timeOfDay.from: expected HH:mm, got '25:00'");
  }

  @Test
  void aPickupRuleNamingAProductTheCatalogueLacksIsWarnedAboutNotRefused() throws IOException {
    // GIVEN a pickup rule naming a product conf/products.yaml does not have (renamed there since)
    Path dir = confWith("rules.yaml", """
        rules:
          - id: old-sku
            when: { event: pickup, zones: [footwear], products: [trail-runner-x, trail-runner] }
            then: { show: welcome, priority: 5, seconds: 10 }
        """);
    // THEN the store still loads (the speaker's catalogue must not stop it), with a warning naming it
    StoreConfig c = StoreConfigLoader.load(dir);
    assertThat(StoreConfigLoader.unknownProducts(c, dir)).containsExactly(
        "rules[0].when.products[1]: product 'trail-runner' is not in products.yaml: this rule only fires for shelves that report that id");
  }

  @Test
  void aTypoInAFieldNameIsAnErrorWithTheLine() throws IOException {
    Path dir = confWith("shoppers.yaml", "shoppers:\n  - id: anna\n    intrests: [running]\n");
    assertThat(problemsOf(dir)).contains("shoppers.yaml: shoppers[0].intrests: Unrecognized field \"intrests\"").contains("(line 3)");
  }

  @Test
  void brokenYamlAndMissingFilesAreNamed() throws IOException {
    assertThat(problemsOf(confWith("content.yaml", "content: [ { id: x, type: image\n"))).contains("content.yaml: not valid YAML");
    Path dir = TestHub.copyOfDemoConf();
    Files.delete(dir.resolve("store.yaml"));
    assertThat(problemsOf(dir)).contains(dir.resolve("store.yaml") + ": file not found");
  }

  @Test
  void contentNeedsWhatItsTypeNeeds() throws IOException {
    Path dir = confWith("content.yaml", """
        content:
          - { id: a, type: image }
          - { id: b, type: hologram }
          - { id: c, type: product-card }
          - { id: d, type: html, src: /x.html, html: "<p>" }
        playlists: []
        """);
    String msg = problemsOf(dir);
    assertThat(msg).contains("content[0].src: required for type image")
        .contains("content[1].type: must be one of [html, image, product-card, video], got 'hologram'")
        .contains("content[2].product.name: required for type product-card")
        .contains("content[3]: type html needs exactly one of src or html");
  }

  @Test
  void hubSettingsComeFromDefaultsThenFileThenEnvironment() throws IOException {
    Path dir = Files.createTempDirectory("hubconf");
    Files.writeString(dir.resolve("hub.yaml"), "http:\n  port: 9000\npresence:\n  silenceSeconds: 12\n");
    HubConfig c = HubConfig.load(Map.of("VITRINE_CONF_DIR", dir.toString(), "VITRINE_MQTT_PORT", "11883"));
    assertThat(c.http.port).isEqualTo(9000);
    assertThat(c.presence.silenceSeconds).isEqualTo(12);
    assertThat(c.mqtt.port).isEqualTo(11883);
    assertThat(c.mqtt.maxPayloadBytes).isEqualTo(65536);
    assertThat(c.embeddedRedis()).isTrue();
    assertThat(HubConfig.load(Map.of("VITRINE_CONF_DIR", dir.toString(), "VITRINE_REDIS_URL", "redis://10.0.0.5:6379")).embeddedRedis()).isFalse();
  }

  @Test
  void badHubSettingsAreNamed() throws IOException {
    Path dir = Files.createTempDirectory("hubconf");
    assertThatThrownBy(() -> HubConfig.load(Map.of("VITRINE_CONF_DIR", dir.toString(), "VITRINE_HTTP_PORT", "eighty")))
        .hasMessageContaining("environment variable VITRINE_HTTP_PORT: 'eighty' is not a whole number");
    Files.writeString(dir.resolve("hub.yaml"), "mqtt:\n  port: 70000\nredis:\n  url: localhost:6379\n");
    assertThatThrownBy(() -> HubConfig.load(Map.of("VITRINE_CONF_DIR", dir.toString())))
        .hasMessageContaining("hub.yaml: mqtt.port: 70000 is not a TCP port")
        .hasMessageContaining("hub.yaml: redis.url: must start with redis://");
  }

  @Test
  void memberTokenSettingsComeFromTheEnvironmentAndAKeySetNeedsAnIssuer() throws IOException {
    Path dir = Files.createTempDirectory("hubconf");
    HubConfig demo = HubConfig.load(Map.of("VITRINE_CONF_DIR", TestHub.demoConf().toString()));
    assertThat(demo.members.jwt.enabled()).isFalse();
    assertThat(demo.members.jwt.audience).isEqualTo("vitrine");
    assertThat(demo.members.jwt.memberClaim).isEqualTo("sub");
    HubConfig c = HubConfig.load(Map.of("VITRINE_CONF_DIR", dir.toString(), "VITRINE_MEMBER_JWKS", "https://members.example/jwks.json",
        "VITRINE_MEMBER_JWT_ISSUER", "https://members.example", "VITRINE_MEMBER_JWT_AUDIENCE", "tao-cafe",
        "VITRINE_MEMBER_JWT_CLAIM", "member_id", "VITRINE_CHECKIN_REQUESTS_PER_MINUTE", "120"));
    assertThat(c.members.jwt.enabled()).isTrue();
    assertThat(c.members.jwt.audience).isEqualTo("tao-cafe");
    assertThat(c.members.jwt.memberClaim).isEqualTo("member_id");
    assertThat(c.checkin.requestsPerMinute).isEqualTo(120);
    assertThatThrownBy(() -> HubConfig.load(Map.of("VITRINE_CONF_DIR", dir.toString(), "VITRINE_MEMBER_JWKS", "ftp://members.example/k")))
        .hasMessageContaining("members.jwt.jwks: must be a file path or an http(s) URL")
        .hasMessageContaining("members.jwt.issuer: required with a key set");
    Files.writeString(dir.resolve("hub.yaml"), "members:\n  jwt:\n    jwks: keys.json\n    publicKeyFile: key.pem\n"
        + "    issuer: https://m.example\n    leewaySeconds: 900\n");
    assertThatThrownBy(() -> HubConfig.load(Map.of("VITRINE_CONF_DIR", dir.toString())))
        .hasMessageContaining("members.jwt: give jwks or publicKeyFile, not both")
        .hasMessageContaining("members.jwt.leewaySeconds: must be 0..300, got 900");
  }

  @Test
  void voiceSettingsComeFromTheDemoHubYamlAndTheEnvironment() {
    HubConfig demo = HubConfig.load(Map.of("VITRINE_CONF_DIR", TestHub.demoConf().toString()));
    assertThat(demo.voice.enabled).isTrue();
    assertThat(demo.voice.model).isEqualTo("voice/target/vosk-model");
    assertThat(demo.voice.ttsCommand).isEqualTo("espeak-ng");
    HubConfig env = HubConfig.load(Map.of("VITRINE_CONF_DIR", TestHub.demoConf().toString(),
        "VITRINE_VOICE", "off", "VITRINE_VOSK_MODEL", "/srv/vosk-model-en-us-0.22", "VITRINE_TTS_COMMAND", ""));
    assertThat(env.voice.enabled).isFalse();
    assertThat(env.voice.model).isEqualTo("/srv/vosk-model-en-us-0.22");
    assertThat(env.voice.ttsCommand).isEmpty();
    assertThatThrownBy(() -> HubConfig.load(Map.of("VITRINE_CONF_DIR", TestHub.demoConf().toString(), "VITRINE_VOICE", "maybe")))
        .hasMessageContaining("VITRINE_VOICE: must be on or off, got 'maybe'");
    // the wake-word listening window: 8 s in the demo, the environment overrides, nonsense is refused
    assertThat(demo.voice.listenSeconds).isEqualTo(8);
    assertThat(HubConfig.load(Map.of("VITRINE_CONF_DIR", TestHub.demoConf().toString(), "VITRINE_VOICE_LISTEN_SECONDS", "15"))
        .voice.listenSeconds).isEqualTo(15);
    assertThatThrownBy(() -> HubConfig.load(Map.of("VITRINE_CONF_DIR", TestHub.demoConf().toString(), "VITRINE_VOICE_LISTEN_SECONDS", "0")))
        .hasMessageContaining("voice.listenSeconds: must be 1..120 s, got 0");
  }
}
