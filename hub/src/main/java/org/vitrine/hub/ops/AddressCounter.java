package org.vitrine.hub.ops;

import java.util.concurrent.ConcurrentHashMap;

/** How many of something (connections, waiting pages) each address holds now, up to a cap. */
public final class AddressCounter {

  private final int cap;
  private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

  public AddressCounter(int cap) {
    this.cap = cap;
  }

  /** One more for {@code address} if it holds fewer than the cap. */
  public boolean tryAcquire(String address) {
    boolean[] ok = new boolean[1];
    held.compute(address, (a, n) -> {
      int now = n == null ? 0 : n;
      ok[0] = now < cap;
      return ok[0] ? now + 1 : now;
    });
    return ok[0];
  }

  public void release(String address) {
    held.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  public int held(String address) {
    return held.getOrDefault(address, 0);
  }
}
