package org.vitrine.hub.auth;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A console user as stored in vitrine:users; {@code passwordHash} is a PBKDF2 PHC string, never sent out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Account(String username, String role, String passwordHash, Long createdAt) {

  /** The account as the API shows it: no hash. */
  public Account publicView() {
    return new Account(username, role, null, createdAt);
  }
}
