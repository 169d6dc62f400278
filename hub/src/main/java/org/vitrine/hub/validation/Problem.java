package org.vitrine.hub.validation;

/**
 * One thing wrong with an entity: where ({@code field}, a path in it: "items[2].seconds", "" for
 * the entity as a whole) and what, for a person. Reported as a conf error ({@link #inFile}) or as a
 * REST problem ({@code web.ApiErrors.Problem}, same field and message).
 */
public record Problem(String field, String message) {

  /** The conf error line: "conf/store.yaml: screens[1].zone: unknown zone 'kafe' (known: …)". */
  public String inFile(Object file, String at) {
    return file + ": " + at + (field.isEmpty() ? "" : "." + field) + ": " + message;
  }

  /** The same problem one level down ("items[0]" + "content" → "items[0].content"). */
  public Problem under(String at) {
    return new Problem(field.isEmpty() ? at : at + "." + field, message);
  }
}
