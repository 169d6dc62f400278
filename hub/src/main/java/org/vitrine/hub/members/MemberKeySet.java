package org.vitrine.hub.members;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.hub.config.HubConfig;

/**
 * The member system's public keys, as a Vert.x auth-jwt verifier: from its JWKS (a file or an
 * http(s) URL: loaded at start, every hour, and when a token names a key id the set lacks, at
 * most every {@value #UNKNOWN_KID_REFRESH_MILLIS} ms so forged key ids cannot make the hub hammer
 * the member system) or from one PEM public key. Only asymmetric signing keys are taken (RSA, EC,
 * OKP, for RS/PS/ES/EdDSA): a symmetric ("oct") key in the set is dropped, so no token can be
 * verified as HS256 with anything public. A set that cannot be read keeps the last good one (WARN).
 */
public final class MemberKeySet {

  private static final Logger LOG = LoggerFactory.getLogger(MemberKeySet.class);
  static final long REFRESH_MILLIS = 3_600_000;
  static final long UNKNOWN_KID_REFRESH_MILLIS = 30_000;
  /** A key set is a few keys: anything bigger is not one. */
  private static final int MAX_JWKS_BYTES = 256 * 1024;
  /** The algorithms a member token may be signed with: asymmetric only (no none, no HMAC). */
  public static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
      "ES256", "ES384", "ES512", "EdDSA");

  /** One loaded set: the verifier and the key ids it knows (null ids for keys without one). */
  record Loaded(JWTAuth verifier, Set<String> kids, int keys) {
  }

  private final Vertx vertx;
  private final HubConfig.Jwt config;
  private final HttpClientAgent http;
  private volatile Loaded current;
  private long timer = -1;
  private volatile long lastUnknownKidRefresh;

  public MemberKeySet(Vertx vertx, HubConfig.Jwt config) {
    this.vertx = vertx;
    this.config = config;
    this.http = config.jwks.matches("https?://.*")
        ? vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000).setIdleTimeout(15)) : null;
  }

  /** Loads the keys (never fails: without keys, member tokens are refused) and keeps them fresh. */
  public Future<Void> start() {
    if (!config.enabled()) {
      return Future.succeededFuture();
    }
    if (!config.jwks.isEmpty()) {
      timer = vertx.setPeriodic(REFRESH_MILLIS, id -> reload("hourly"));
    }
    return reload("start").mapEmpty();
  }

  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (http != null) {
      http.close();
    }
  }

  /** The verifier of the keys loaded now; null when there are none (every token is then refused). */
  Loaded current() {
    return current;
  }

  /**
   * A token named a key id the set lacks: the member system may have rotated its keys. Loads the
   * set again unless that was done for this reason less than 30 s ago; true if it did.
   */
  Future<Boolean> refreshForUnknownKid() {
    long now = System.currentTimeMillis();
    if (config.jwks.isEmpty() || now - lastUnknownKidRefresh < UNKNOWN_KID_REFRESH_MILLIS) {
      return Future.succeededFuture(false);
    }
    lastUnknownKidRefresh = now;
    return reload("unknown key id").map(true);
  }

  private Future<Boolean> reload(String why) {
    Future<List<JsonObject>> keys = !config.jwks.isEmpty() ? readJwks().map(MemberKeySet::usableKeys)
        : vertx.fileSystem().readFile(config.publicKeyFile).compose(pem -> vertx.executeBlocking(() -> pemKeys(pem.toString()), false));
    return keys.map(jwks -> {
      Loaded loaded = build(jwks);
      current = loaded;
      LOG.info("member keys loaded ({}): {} key(s), ids {}", why, loaded.keys(), loaded.kids());
      return true;
    }).recover(e -> {
      LOG.warn("member keys not loaded ({}) from {}: {}{}", why, source(), e.getMessage(),
          current == null ? ": member tokens are refused until they load" : ": the keys loaded before stay in use");
      return Future.succeededFuture(false);
    });
  }

  private String source() {
    return config.jwks.isEmpty() ? config.publicKeyFile : config.jwks;
  }

  private Future<JsonObject> readJwks() {
    Future<Buffer> body;
    if (http != null) {
      body = http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(config.jwks).setTimeout(10_000)
              .putHeader("accept", "application/json"))
          .compose(req -> req.send())
          .compose(resp -> resp.statusCode() == 200 ? resp.body()
              : Future.failedFuture("the key set URL answered HTTP " + resp.statusCode()));
    } else {
      body = vertx.fileSystem().readFile(config.jwks);
    }
    return body.compose(b -> b.length() > MAX_JWKS_BYTES ? Future.failedFuture("the key set is larger than 256 KiB")
        : Future.succeededFuture(new JsonObject(b)));
  }

  /** The keys of a JWKS a member token may be checked with: asymmetric, for signing, with an alg we accept. */
  static List<JsonObject> usableKeys(JsonObject jwks) {
    JsonArray all = jwks.getJsonArray("keys");
    if (all == null) {
      throw new IllegalArgumentException("not a JSON Web Key Set (no \"keys\" array)");
    }
    List<JsonObject> out = new ArrayList<>();
    for (Object o : all) {
      if (!(o instanceof JsonObject k)) {
        continue;
      }
      String kty = k.getString("kty", "");
      if (!Set.of("RSA", "EC", "OKP").contains(kty) || k.containsKey("d") || (k.containsKey("use") && !"sig".equals(k.getString("use")))) {
        continue; // symmetric, a private key by mistake, or an encryption key: never for verifying members
      }
      JsonObject key = k.copy();
      if (!key.containsKey("alg")) {
        key.put("alg", switch (kty) {
          case "RSA" -> "RS256";
          case "EC" -> switch (key.getString("crv", "")) {
            case "P-384" -> "ES384";
            case "P-521" -> "ES512";
            default -> "ES256";
          };
          default -> "EdDSA";
        });
      }
      if (ALGORITHMS.contains(key.getString("alg"))) {
        out.add(key);
      }
    }
    return out;
  }

  /** One PEM public key as the algorithms of its kind (an RSA key signs RS* and PS*, an EC key its curve's ES*). */
  static List<PubSecKeyOptions> pemKeyOptions(String pem) throws Exception {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64);
    List<String> algs;
    try {
      KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      algs = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    } catch (java.security.spec.InvalidKeySpecException notRsa) {
      ECPublicKey ec = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      algs = List.of(bits <= 256 ? "ES256" : bits <= 384 ? "ES384" : "ES512");
    }
    String normalised = "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    List<PubSecKeyOptions> out = new ArrayList<>();
    algs.forEach(a -> out.add(new PubSecKeyOptions().setAlgorithm(a).setBuffer(normalised)));
    return out;
  }

  private static List<JsonObject> pemKeys(String pem) throws Exception {
    List<JsonObject> marker = new ArrayList<>();
    for (PubSecKeyOptions o : pemKeyOptions(pem)) {
      marker.add(new JsonObject().put("pem", o.toJson()));
    }
    return marker;
  }

  private Loaded build(List<JsonObject> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no usable key (asymmetric signing keys with RS/PS/ES/EdDSA algorithms)");
    }
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions()
        .setIssuer(config.issuer).addAudience(config.audience).setLeeway(config.leewaySeconds));
    Set<String> kids = new TreeSet<>();
    for (JsonObject k : keys) {
      if (k.containsKey("pem")) {
        options.addPubSecKey(new PubSecKeyOptions(k.getJsonObject("pem")));
      } else {
        options.addJwk(k);
        if (k.getString("kid") != null) {
          kids.add(k.getString("kid"));
        }
      }
    }
    return new Loaded(JWTAuth.create(vertx, options), kids, keys.size());
  }
}
