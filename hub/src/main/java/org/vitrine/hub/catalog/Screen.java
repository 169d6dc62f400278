package org.vitrine.hub.catalog;

/**
 * A signage screen; it shows what its zone's stage decides. {@code role} is optional:
 * {@code order-board} marks the screen where voice orders of its zone appear (and only there).
 */
public record Screen(String id, String zone, String name, String role) {

  public static final String ORDER_BOARD = "order-board";
  public static final java.util.List<String> ROLES = java.util.List.of(ORDER_BOARD);

  public boolean isOrderBoard() {
    return ORDER_BOARD.equals(role);
  }
}
