package org.vitrine.hub.validation;

/**
 * Where an entity comes from. The rules are the same for both, but for what each source does
 * differently on purpose: a console device may leave its password out (one is generated), a
 * member's secret hash comes only from the loyalty export, a conf playlist is what a zone plays
 * from the first start (so it must have an item), conf html is one of inline html or a page.
 */
public enum Source {
  /** conf/*.yaml, checked whole at start and at each conf change. */
  CONF,
  /** The console's REST API, one entity per request. */
  CONSOLE
}
