package org.vitrine.hub.auth;

import java.util.Locale;

/** What a console user may do. Each role includes the ones below it: admin ⊃ editor ⊃ viewer. */
public enum Role {
  /** Reads everything, changes nothing. */
  VIEWER,
  /** Runs the store's content: content, media, playlists, rules, staff notices. */
  EDITOR,
  /** Everything, including the store's setup (zones, screens, devices), shoppers and users. */
  ADMIN;

  public boolean includes(Role needed) {
    return ordinal() >= needed.ordinal();
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code id}, or null. */
  public static Role of(String id) {
    if (id == null) {
      return null;
    }
    for (Role r : values()) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }
}
