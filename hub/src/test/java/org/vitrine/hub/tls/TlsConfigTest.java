package org.vitrine.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.config.HubConfig;
import org.vitrine.hub.redis.RedisConnections;
import org.vitrine.hub.support.TestHub;

/** The tls section of hub.yaml, its environment overrides and what a wrong value says. */
class TlsConfigTest {

  @Test
  void defaultsComeFromTheDemoHubYamlAndTheEnvironmentOverridesThem() throws Exception {
    HubConfig demo = HubConfig.load(Map.of("VITRINE_CONF_DIR", TestHub.demoConf().toString()));
    assertThat(demo.tls.httpsPort).isEqualTo(8443);
    assertThat(demo.tls.mqttsPort).isEqualTo(8883);
    assertThat(demo.tls.dir).isEqualTo("data/tls");
    assertThat(demo.tls.hostNames).isEmpty();
    assertThat(demo.tls.operatorCertificate()).isFalse();
    assertThat(demo.redis.caFile).isEmpty();

    Path cert = Files.createTempFile("cert", ".pem");
    HubConfig env = HubConfig.load(Map.of("VITRINE_CONF_DIR", TestHub.demoConf().toString(),
        "VITRINE_HTTPS_PORT", "-1", "VITRINE_MQTTS_PORT", "0", "VITRINE_TLS_DIR", "/var/lib/vitrine/tls",
        "VITRINE_TLS_HOSTS", "hub.store.lan, 192.168.1.20,,", "VITRINE_TLS_CERT", cert.toString(),
        "VITRINE_TLS_KEY", cert.toString(), "VITRINE_TLS_CA", cert.toString(),
        "VITRINE_REDIS_URL", "rediss://:secret@redis.store.lan:6380", "VITRINE_REDIS_CA", cert.toString()));
    assertThat(env.tls.httpsPort).isEqualTo(-1);
    assertThat(env.tls.mqttsPort).isZero();
    assertThat(env.tls.enabled()).isTrue();
    assertThat(env.tls.dir).isEqualTo("/var/lib/vitrine/tls");
    assertThat(env.tls.hostNames).containsExactly("hub.store.lan", "192.168.1.20");
    assertThat(env.tls.operatorCertificate()).isTrue();
    assertThat(env.tls.caFile).isEqualTo(cert.toString());
    assertThat(env.redis.caFile).isEqualTo(cert.toString());
  }

  @Test
  void mistakesAreNamedWithFileFieldAndWhatIsWrong() throws Exception {
    Path dir = Files.createTempDirectory("conf");
    Files.writeString(dir.resolve("hub.yaml"), """
        http: { port: 8080 }
        tls:
          httpsPort: 8080
          mqttsPort: -2
          certFile: /nowhere/cert.pem
          hostNames: [ "my hub", 300.1.1.1 ]
        redis:
          caFile: /nowhere/ca.pem
        """);
    assertThatThrownBy(() -> HubConfig.load(Map.of("VITRINE_CONF_DIR", dir.toString())))
        .hasMessageContaining("hub.yaml: tls.httpsPort: 8080 is already http.port")
        .hasMessageContaining("hub.yaml: tls.mqttsPort: -2 is not a TCP port (0-65535, or -1 = off)")
        .hasMessageContaining("hub.yaml: tls.keyFile: tls.certFile and tls.keyFile go together")
        .hasMessageContaining("hub.yaml: tls.certFile: no readable file '/nowhere/cert.pem'")
        .hasMessageContaining("hub.yaml: tls.hostNames: 'my hub' is neither a host name nor an IP address")
        .hasMessageContaining("hub.yaml: tls.hostNames: '300.1.1.1' is not an IP address")
        .hasMessageContaining("hub.yaml: redis.caFile: only for a rediss:// redis.url");
  }

  @Test
  void redisPasswordsNeverReachALogLine() {
    assertThat(RedisConnections.redact("redis://:s3cret@127.0.0.1:6379")).isEqualTo("redis://:***@127.0.0.1:6379");
    assertThat(RedisConnections.redact("rediss://hub:s3cret@redis.lan:6380/0")).isEqualTo("rediss://hub:***@redis.lan:6380/0");
    assertThat(RedisConnections.redact("redis://s3cret@redis.lan")).isEqualTo("redis://***@redis.lan");
    assertThat(RedisConnections.redact("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
  }
}
