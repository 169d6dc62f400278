package org.vitrine.hub.rules;

/** The answer of a cap check: the play may go ahead, or which limit stops it. */
public enum CapVerdict {
  OK, CAPPED, COOLDOWN, RULE_CAP, UNKNOWN;

  public boolean ok() {
    return this == OK;
  }
}
