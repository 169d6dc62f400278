package org.vitrine.hub.catalog;

/**
 * A signage screen; it shows what its stage decides. {@code role} is optional:
 * {@code order-board} marks the screen where voice orders of its zone appear (and only there).
 * {@code position} on the store map (optional) lets rules target the screen nearest a shopper.
 */
public record Screen(String id, String zone, String name, String role, Position position) {

  public static final String ORDER_BOARD = "order-board";
  public static final java.util.List<String> ROLES = java.util.List.of(ORDER_BOARD);

  public Screen(String id, String zone, String name, String role) {
    this(id, zone, name, role, null);
  }

  public boolean isOrderBoard() {
    return ORDER_BOARD.equals(role);
  }
}
