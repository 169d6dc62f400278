package org.vitrine.hub.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.vitrine.hub.config.HubConfig;

/** What is refused before any key is looked at, and which keys of a key set are ever used. */
class MemberTokensTest {

  private static String token(JsonObject header) {
    Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
    return b.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + b.encodeToString("{\"sub\":\"anna\"}".getBytes(StandardCharsets.UTF_8)) + ".c2ln";
  }

  @Test
  void onlyAsymmetricAlgorithmsOfSignedTokensWithoutTheirOwnKeyPassTheShapeCheck() {
    assertThat(MemberTokens.header(token(new JsonObject().put("alg", "RS256").put("kid", "k1"))).getString("kid")).isEqualTo("k1");
    assertThat(MemberTokens.header(token(new JsonObject().put("alg", "ES256"))).getString("alg")).isEqualTo("ES256");
    for (String alg : new String[] {"none", "None", "HS256", "HS512", ""}) {
      assertThatThrownBy(() -> MemberTokens.header(token(new JsonObject().put("alg", alg)))).as(alg)
          .isInstanceOf(MemberTokens.Refused.class);
    }
    assertThatThrownBy(() -> MemberTokens.header(token(new JsonObject().put("alg", "RS256").put("jku", "https://evil.test/jwks"))))
        .hasMessageContaining("own key");
    assertThatThrownBy(() -> MemberTokens.header(token(new JsonObject().put("alg", "RS256")
        .put("jwk", new JsonObject().put("kty", "RSA"))))).hasMessageContaining("own key");
    String unsigned = token(new JsonObject().put("alg", "RS256"));
    assertThatThrownBy(() -> MemberTokens.header(unsigned.substring(0, unsigned.lastIndexOf('.') + 1))).hasMessageContaining("signed");
    assertThatThrownBy(() -> MemberTokens.header("a.b")).isInstanceOf(MemberTokens.Refused.class);
    assertThatThrownBy(() -> MemberTokens.header("x".repeat(9000) + ".a.b")).isInstanceOf(MemberTokens.Refused.class);
  }

  @Test
  void aKeySetGivesOnlyItsPublicSigningKeys() {
    JsonObject jwks = new JsonObject().put("keys", new JsonArray()
        .add(new JsonObject().put("kty", "RSA").put("kid", "rsa").put("n", "AQAB").put("e", "AQAB"))
        .add(new JsonObject().put("kty", "EC").put("kid", "ec").put("crv", "P-384").put("x", "AA").put("y", "AA"))
        .add(new JsonObject().put("kty", "oct").put("kid", "hmac").put("k", "c2VjcmV0"))
        .add(new JsonObject().put("kty", "RSA").put("kid", "enc").put("use", "enc").put("n", "AQAB").put("e", "AQAB"))
        .add(new JsonObject().put("kty", "RSA").put("kid", "private").put("d", "AQAB").put("n", "AQAB").put("e", "AQAB"))
        .add(new JsonObject().put("kty", "RSA").put("kid", "hs-labelled").put("alg", "HS256").put("n", "AQAB").put("e", "AQAB")));
    var usable = MemberKeySet.usableKeys(jwks);
    assertThat(usable).extracting(k -> k.getString("kid")).containsExactly("rsa", "ec");
    assertThat(usable).extracting(k -> k.getString("alg")).containsExactly("RS256", "ES384");
  }

  @Test
  void theMemberIdComesFromTheConfiguredClaimAndMustBeAnId() {
    HubConfig.Jwt conf = new HubConfig.Jwt();
    conf.memberClaim = "member_id";
    MemberTokens tokens = new MemberTokens(null, conf);
    assertThat(tokens.memberOf(new JsonObject().put("sub", "u-123").put("member_id", "Anna"))).isEqualTo("anna");
    assertThat(tokens.memberOf(new JsonObject().put("sub", "anna"))).isNull();
    assertThat(tokens.memberOf(new JsonObject().put("member_id", "../etc"))).isNull();
    assertThat(MemberTokens.hasScope(new JsonObject().put("scope", "a vitrine:members:erase"), "vitrine:members:erase")).isTrue();
    assertThat(MemberTokens.hasScope(new JsonObject().put("scope", new JsonArray().add("vitrine:members:erase")), "vitrine:members:erase")).isTrue();
    assertThat(MemberTokens.hasScope(new JsonObject().put("scope", "vitrine:members:erase-all"), "vitrine:members:erase")).isFalse();
    assertThat(MemberTokens.hasScope(new JsonObject(), "vitrine:members:erase")).isFalse();
  }
}
