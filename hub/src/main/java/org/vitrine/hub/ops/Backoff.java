package org.vitrine.hub.ops;

/**
 * How long a key (a user at an address, a member, an address) is held off after failures: the
 * first {@code free} failures cost nothing, then each further one blocks for {@code base}
 * doubling, up to {@code max}. A success forgets the failures; so does {@code forgetAfter} without
 * a failure. Pure: the counting lives in {@link org.vitrine.hub.redis.FailureGate}.
 */
public record Backoff(int free, long baseMillis, long maxMillis, long forgetAfterMillis) {

  public Backoff {
    if (free < 1 || baseMillis < 1 || maxMillis < baseMillis || forgetAfterMillis < maxMillis) {
      throw new IllegalArgumentException("backoff: free >= 1, 1 <= base <= max <= forgetAfter");
    }
  }

  /** Console logins of one user from one address: 10 free, then 1 s doubling to 15 min (ASVS 2.2.1). */
  public static final Backoff LOGIN = new Backoff(10, 1_000, 15 * 60_000, 24 * 3_600_000L);
  /** Every failed login from one address, whatever the user name (credential stuffing). */
  public static final Backoff LOGIN_ADDRESS = new Backoff(50, 1_000, 15 * 60_000, 24 * 3_600_000L);

  /**
   * Failed check-in proofs (member id + secret) for one member id, from anywhere: 5 free, then
   * 10 s doubling to 15 min, so a loyalty secret cannot be guessed online (about 100 tries a day
   * once blocked). A member's app token is not held up by it.
   */
  public static final Backoff CHECKIN_MEMBER = new Backoff(5, 10_000, 15 * 60_000, 24 * 3_600_000L);
  /** Every failed check-in proof from one address, whatever the member (trying many members). */
  public static final Backoff CHECKIN_ADDRESS = new Backoff(30, 1_000, 15 * 60_000, 24 * 3_600_000L);

  /** The block that the {@code failures}-th failure in a row starts (0 while still free). */
  public long blockMillis(long failures) {
    if (failures < free) {
      return 0;
    }
    long doublings = Math.min(failures - free, 40);
    return Math.min(maxMillis, baseMillis << doublings > 0 ? baseMillis << doublings : maxMillis);
  }
}
