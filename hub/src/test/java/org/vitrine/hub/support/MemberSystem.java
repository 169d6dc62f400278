package org.vitrine.hub.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.vitrine.hub.config.HubConfig;

/**
 * A retailer's member system for tests, as a real HTTP server: it holds its own RSA key pairs,
 * serves their public half as a JWKS at {@code /.well-known/jwks.json} and issues member tokens
 * (what its shopping app carries) and service tokens (its back office calling the hub), signed with
 * java.security (RS256). It can also make the tokens an attacker would try.
 */
public final class MemberSystem implements AutoCloseable {

  public static final String AUDIENCE = "vitrine";

  private record Key(String kid, KeyPair pair) {
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final List<Key> keys = new ArrayList<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();

  private MemberSystem(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  public static MemberSystem start(Vertx vertx) throws Exception {
    MemberSystem[] self = new MemberSystem[1];
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/.well-known/jwks.json")) {
        self[0].jwksFetches.incrementAndGet();
        req.response().putHeader("content-type", "application/json").end(self[0].jwks().encode());
      } else {
        req.response().setStatusCode(404).end();
      }
    });
    MemberSystem ms = new MemberSystem(vertx, server);
    self[0] = ms;
    ms.keys.add(new Key("ms-key-1", rsa()));
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return ms;
  }

  /** Points a hub's configuration at this member system (key set URL, issuer, audience). */
  public void configure(HubConfig c) {
    c.members.jwt.jwks = jwksUrl();
    c.members.jwt.issuer = issuer();
    c.members.jwt.audience = AUDIENCE;
  }

  public String jwksUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/.well-known/jwks.json";
  }

  public String issuer() {
    return "https://members.tao-cafe.test";
  }

  /** How often the hub fetched the key set. */
  public int jwksFetches() {
    return jwksFetches.get();
  }

  /** A new signing key (new kid), served next to the old ones; new tokens are signed with it. */
  public synchronized String rotate() throws Exception {
    Key k = new Key("ms-key-" + (keys.size() + 1), rsa());
    keys.add(0, k);
    return k.kid();
  }

  public synchronized JsonObject jwks() {
    JsonArray out = new JsonArray();
    for (Key k : keys) {
      RSAPublicKey pub = (RSAPublicKey) k.pair().getPublic();
      out.add(new JsonObject().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", k.kid())
          .put("n", b64(unsigned(pub.getModulus()))).put("e", b64(unsigned(pub.getPublicExponent()))));
    }
    return new JsonObject().put("keys", out);
  }

  /** The current signing key's public half as PEM (for a hub configured with members.jwt.publicKeyFile). */
  public synchronized String publicKeyPem() {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(
        keys.get(0).pair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  }

  /** The claims of a member token: issuer, audience, member id as {@code sub}, 5 minutes. */
  public JsonObject memberClaims(String member) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("iss", issuer()).put("aud", AUDIENCE).put("sub", member).put("iat", now).put("exp", now + 300);
  }

  /** What the shopping app of a logged-in member carries. */
  public String memberToken(String member) {
    return sign(memberClaims(member));
  }

  /** The member system's back office: a service token with these scopes (space-separated). */
  public String serviceToken(String scope) {
    return sign(memberClaims("member-system-backoffice").put("scope", scope));
  }

  /** Any claims, signed RS256 with the current key. */
  public synchronized String sign(JsonObject claims) {
    Key k = keys.get(0);
    return rs256(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", k.kid()), claims, k.pair());
  }

  /** Signed with a key pair of the attacker's own, under the member system's key id. */
  public synchronized String forgedToken(String member) throws Exception {
    return rs256(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", keys.get(0).kid()), memberClaims(member), rsa());
  }

  /** {@code alg: none}, no signature. */
  public String unsignedToken(String member) {
    return b64(new JsonObject().put("alg", "none").put("typ", "JWT").encode()) + "." + b64(memberClaims(member).encode()) + ".";
  }

  /**
   * Algorithm confusion: HS256 with the member system's PUBLIC key (as PEM text and as the JWK's
   * modulus bytes) as the HMAC secret, which a verifier that trusts the token's alg would accept.
   */
  public synchronized List<String> hs256ConfusionTokens(String member) throws Exception {
    Key k = keys.get(0);
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(
        k.pair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    List<String> out = new ArrayList<>();
    for (byte[] secret : List.of(pem.getBytes(StandardCharsets.US_ASCII), k.pair().getPublic().getEncoded(),
        unsigned(((RSAPublicKey) k.pair().getPublic()).getModulus()))) {
      String input = b64(new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", k.kid()).encode()) + "."
          + b64(memberClaims(member).encode());
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      out.add(input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))));
    }
    return out;
  }

  private static String rs256(JsonObject header, JsonObject claims, KeyPair pair) {
    try {
      String input = b64(header.encode()) + "." + b64(claims.encode());
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(pair.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @Override
  public void close() {
    server.close().await();
  }
}
